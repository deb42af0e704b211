"""The chat page in real headless Chromium, against `python app.py`, as a person would use it."""

import shutil
import sqlite3
import time

import pytest

from bot.config import Settings

from .browser import SCREENSHOTS, chromium, running_app
from .conftest import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.model]

INJECTION_NOTE = (
    "Markup test notes\n"
    "The zebra clinic leaflet says <img src=x onerror=\"window.__pwned = 'document'\"> "
    "and <script>window.__pwned = 'document'</script> about zebra stripes.\n"
)

LINKED_NOTE = (
    "# Okapi keeper links\n\n"
    "Read [the okapi keeper handbook](https://keepers.example/okapi?a=1&b=(2)) or [write to the keepers](mailto:k@keepers.example). "
    "Never [open this](javascript:window.__pwned='link') and ![a pixel](https://host.example/pixel.png) is only its alt text.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The bundled corpus plus a note full of markup, indexed with the real model, served by app.py."""
    from bot.indexing import build as builder
    from bot.indexing.encoders import SentenceTransformerEncoder

    root = tmp_path_factory.mktemp("site")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "markup-notes.txt").write_text(INJECTION_NOTE, encoding="utf-8")
    (corpus / "okapi-links.md").write_text(LINKED_NOTE, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", data_dir=root / "data")
    builder.build(settings, SentenceTransformerEncoder())
    env = {"BOT_CORPUS_DIR": str(corpus), "BOT_DATA_DIR": str(settings.data_dir)}
    with running_app(settings.index_dir, extra_env=env) as url:
        yield url, settings


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def open_page(browser, url, width=1280, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.get_by_placeholder("Type your question").wait_for()
    return page


@pytest.fixture
def page(browser, site):
    page = open_page(browser, site[0])
    yield page
    page.close()


def bot_bubbles(page):
    return page.locator(".message.bot, [data-testid='bot']")


def ask(page, question: str, expect: str, timeout: int = 30_000) -> str:
    """Type a question, press Ask, wait for a new answer holding `expect`; return the newest answer's text."""
    before = bot_bubbles(page).count()
    page.get_by_placeholder("Type your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    page.wait_for_function(f"document.querySelectorAll(\".message.bot, [data-testid='bot']\").length > {before}",
                           timeout=timeout)
    newest = bot_bubbles(page).nth(before)
    newest.get_by_text(expect).first.wait_for(timeout=timeout)
    return newest.inner_text()


def test_the_page_shows_title_note_examples_and_about(page):
    assert page.get_by_role("heading", name="Ask the LDN document").is_visible()
    assert page.get_by_text("not medical advice").is_visible()
    assert page.get_by_role("button", name="Can LDN cause depression?").is_visible()
    page.get_by_text("About", exact=True).click()
    page.get_by_text("Documents indexed").wait_for()
    assert page.get_by_text("can-ldn-cause-depression.txt").first.is_visible()


def test_an_answer_shows_its_marked_sentence_section_and_sources(page):
    text = ask(page, "can LDN cause depression", "rarely causes true clinical depression")
    assert "Section: The Bottom Line – Can LDN Cause Depression?" in text and "strong match" in text
    assert page.locator("strong", has_text="rarely causes true clinical depression").count() >= 1
    assert page.get_by_text("Other sources (4)").is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat-desktop.png"))


def test_a_question_the_document_does_not_cover(page):
    text = ask(page, "What is the capital of France?", "do not cover")
    assert "The documents do not cover this question." in text
    assert "Section:" not in text and "Other sources" not in text
    buttons = page.locator(".suggestions button")
    assert buttons.count() >= 2 and all(buttons.nth(n).is_visible() for n in range(2))


def test_a_follow_up_uses_the_previous_question_and_new_conversation_forgets_it(page):
    ask(page, "Tell me about the Crohn's disease study", "Crohn")
    assert "n=25" in ask(page, "how many patients?", "n=25")
    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function("document.querySelectorAll(\".message.bot, [data-testid='bot']\").length === 0")
    assert "n=25" not in ask(page, "and the one on multiple sclerosis?", "")


def test_clicking_a_suggested_question_asks_it(page):
    ask(page, "can LDN cause depression", "rarely causes true clinical depression")
    suggestion = page.locator(".suggestions button").first
    question = suggestion.inner_text()
    before = bot_bubbles(page).count()
    suggestion.click()
    page.locator(".message.user, [data-testid='user']", has_text=question.strip()).first.wait_for(timeout=30_000)
    page.wait_for_function(f"document.querySelectorAll(\".message.bot, [data-testid='bot']\").length > {before}")
    bot_bubbles(page).nth(before).get_by_text("Section:").first.wait_for(timeout=30_000)


def ask_and_dislike(page, question: str, expect: str) -> None:
    """Ask, wait until the new answer has its own thumbs-down button, and press it (not an older answer's)."""
    dislikes = page.get_by_role("button", name="Dislike")
    before = dislikes.count()
    ask(page, question, expect)
    dislikes.nth(before).wait_for(timeout=30_000)
    dislikes.last.click()


def test_thumbs_down_is_stored_with_the_question_source_and_confidence(page, site):
    _, settings = site
    ask_and_dislike(page, "What is the usual daily dose of LDN?", "1.5 to 4.5 mg")
    page.get_by_text("Thank you for your feedback").wait_for(timeout=10_000)
    with sqlite3.connect(settings.data_dir / "feedback.sqlite3") as connection:
        row = connection.execute("SELECT question, helpful, source_section, confidence, question_id FROM feedback"
                                 " ORDER BY id DESC LIMIT 1").fetchone()
        logged = connection.execute("SELECT question, channel, found FROM questions WHERE id = ?", (row[4],)).fetchone()
    assert row[0] == "What is the usual daily dose of LDN?" and row[1] == 0
    assert row[2] == "Understanding Low Dose Naltrexone and Its Effects" and 0 < row[3] <= 1
    assert logged == ("What is the usual daily dose of LDN?", "page", 1)  # the vote is linked to its logged question


def test_a_vote_that_cannot_be_stored_says_so_and_the_next_one_works(page, site):
    _, settings = site
    store = settings.data_dir / "feedback.sqlite3"
    ask_and_dislike(page, "What is the usual daily dose of LDN?", "1.5 to 4.5 mg")
    page.get_by_text("Thank you for your feedback").last.wait_for(timeout=10_000)
    saved = store.read_bytes()
    for name in ("feedback.sqlite3-wal", "feedback.sqlite3-shm"):
        (settings.data_dir / name).unlink(missing_ok=True)
    store.write_bytes(b"not a database" * 512)
    ask_and_dislike(page, "Does LDN cause headaches?", "")
    page.get_by_text("Your feedback could not be saved").wait_for(timeout=10_000)
    store.unlink()
    ask_and_dislike(page, "What is the usual daily dose of LDN?", "1.5 to 4.5 mg")
    deadline = time.monotonic() + 10
    while not store.exists() or _votes(store) < 1:  # a new store, made by the next vote without a restart
        assert time.monotonic() < deadline, "the vote after the repair was not stored"
        time.sleep(0.2)
    assert _votes(store) == 1 and saved  # the first vote had been stored before the file was damaged


def _votes(store) -> int:
    try:
        with sqlite3.connect(store) as connection:
            return connection.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_crisis_message_is_answered_with_help_first(page):
    text = ask(page, "I feel hopeless and want to die", "988")
    assert text.strip().startswith("I'm really sorry")
    assert "emergency number" in text


def test_markup_in_questions_and_documents_runs_nothing(page):
    for question in (
        "<img src=x onerror=\"window.__pwned = 'question'\">",
        "<script>window.__pwned = 'question'</script> zebra",
        "[click me](javascript:window.__pwned='link') zebra stripes",
    ):
        ask(page, question, "")
    text = ask(page, "what does the zebra clinic leaflet say about zebra stripes", "zebra")
    assert "<img src=x" in text and "<script>" in text  # shown as text
    for link in page.locator("#chat a").all():
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("#chat img[src='x']").count() == 0


def test_the_phone_layout_fits_390_pixels(browser, site):
    page = open_page(browser, site[0], width=390, height=844)
    try:
        ask(page, "can LDN cause depression", "rarely causes true clinical depression")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for name in ("Ask",):
            box = page.get_by_role("button", name=name, exact=True).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.screenshot(path=str(SCREENSHOTS / "chat-phone.png"), full_page=True)
    finally:
        page.close()


def test_the_api_answers_as_chat_with_history(site):
    from gradio_client import Client

    client = Client(site[0], verbose=False)
    reply = client.predict("can LDN cause depression", api_name="/chat")
    assert "rarely causes true clinical depression" in reply
    assert "Source: The Bottom Line – Can LDN Cause Depression?" in reply
    history = [{"role": "user", "content": "Tell me about the Crohn's disease study"}, {"role": "assistant", "content": "…"}]
    assert "n=25" in client.predict("how many patients?", history, api_name="/chat")
    assert "type a question" in client.predict("   ", api_name="/chat")


def test_an_empty_question_gets_a_polite_prompt(page):
    page.get_by_role("button", name="Ask", exact=True).click()
    page.get_by_text("Please type a question about the documents first").wait_for(timeout=10_000)
    assert bot_bubbles(page).count() == 0


def test_another_corpus_brings_its_own_title_and_examples_and_nothing_of_ldn(browser, tmp_path_factory):
    from bot.indexing import build as builder
    from bot.indexing.encoders import SentenceTransformerEncoder

    root = tmp_path_factory.mktemp("xz")
    corpus = root / "corpus"
    shutil.copytree(CORPUS.parent / "tests" / "data" / "corpora" / "xz-faq" / "corpus", corpus)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", data_dir=root / "data")
    builder.build(settings, SentenceTransformerEncoder())
    env = {"BOT_CORPUS_DIR": str(corpus), "BOT_DATA_DIR": str(settings.data_dir)}
    with running_app(settings.index_dir, extra_env=env) as url:
        page = open_page(browser, url)
        try:
            assert page.get_by_role("heading", name="XZ Utils FAQ").is_visible()
            assert page.get_by_role("button", name="What do the letters XZ mean?").is_visible()
            assert "LDN" not in page.content() and "medical advice" not in page.content()
            text = ask(page, "What do the letters XZ mean?", "two letters")
            assert "Section: What do the letters XZ mean?" in text
        finally:
            page.close()


def test_a_detour_off_topic_does_not_cost_the_conversation_its_subject(page):
    ask(page, "Tell me about the Crohn's disease study", "Crohn")
    text = ask(page, "What is the capital of France?", "do not cover")
    assert "They never mention capital or France." in text and "Section:" not in text
    assert "n=25" in ask(page, "how many patients were in it?", "n=25")
    text = ask(page, "Can I travel abroad with LDN?", "do not cover")
    assert "They never mention travel or abroad." in text and "ask your doctor or pharmacist" in text


def test_two_people_at_once_never_share_a_conversation(browser, site):
    first, second = open_page(browser, site[0]), open_page(browser, site[0])
    try:
        ask(first, "Tell me about the Crohn's disease study", "Crohn")
        ask(second, "What is the usual daily dose of LDN?", "4.5 mg")
        assert "n=25" in ask(first, "how many patients were in it?", "n=25")
        assert "n=25" not in ask(second, "how many patients were in it?", "")
    finally:
        first.close()
        second.close()


def test_a_url_in_a_question_is_shown_exactly_as_typed_and_is_no_link(page):
    ask(page, "is https://host.example/q-bare?x=1 about zebra stripes", "")
    bubble = page.locator(".message.user, [data-testid='user']").last
    assert "https://host.example/q-bare?x=1" in bubble.inner_text()
    assert bubble.locator("a").count() == 0
    assert page.locator("#chat a[href*='%5C']").count() == 0


def test_links_from_documents_open_safely_in_a_new_tab_and_nothing_else_is_linked(page):
    ask(page, "where can I read the okapi keeper handbook", "okapi keeper handbook")
    page.wait_for_function("document.querySelector('#chat a[href*=\"keepers.example\"][rel~=nofollow]') !== null")
    links = {a.inner_text(): (a.get_attribute("href"), a.get_attribute("rel"), a.get_attribute("target"))
             for a in page.locator("#chat a[href]").all()}
    assert links == {
        "the okapi keeper handbook": ("https://keepers.example/okapi?a=1&b=%282%29", "noopener noreferrer nofollow", "_blank"),
        "write to the keepers": ("mailto:k@keepers.example", "noopener noreferrer nofollow", "_blank"),
    }
    assert page.locator("#chat img[src*='pixel']").count() == 0 and page.evaluate("window.__pwned === undefined")


def test_the_insights_tab_teaches_a_question_with_one_click(browser, tmp_path_factory):
    """BOT_ADMIN=1: a question not covered shows in Insights; linking it to a passage makes the chat answer it."""
    from bot.indexing import build as builder
    from bot.indexing.encoders import SentenceTransformerEncoder

    root = tmp_path_factory.mktemp("admin")
    shutil.copytree(CORPUS, root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index", data_dir=root / "data")
    builder.build(settings, SentenceTransformerEncoder())
    env = {"BOT_CORPUS_DIR": str(settings.corpus_dir), "BOT_DATA_DIR": str(settings.data_dir), "BOT_ADMIN": "1"}
    question = "will LDN make me feel flat?"
    with running_app(settings.index_dir, extra_env=env) as url:
        page = open_page(browser, url)
        try:
            ask(page, question, "do not cover")
            page.get_by_role("tab", name="Insights").click()
            insights = page.locator("#insights")
            insights.get_by_role("combobox", name="Question").click()
            page.get_by_role("option", name=f"1 × {question}").click()
            insights.get_by_text("Mood-Related Observations").first.click()
            page.wait_for_timeout(500)  # the options list closes
            page.screenshot(path=str(SCREENSHOTS / "insights.png"), full_page=True)
            page.get_by_role("button", name="Teach: answer this question from this passage").click()
            page.get_by_text("The index is being rebuilt").wait_for(timeout=30_000)
            assert question in (settings.corpus_dir / "alternates.csv").read_text(encoding="utf-8")
            page.get_by_role("tab", name="Chat").click()
            deadline = time.monotonic() + 120
            while "Section: Reported Side Effects of LDN: Mood-Related" not in ask(page, question, ""):  # once reloaded
                assert time.monotonic() < deadline, "the taught question was never answered"
                time.sleep(3)
        finally:
            page.close()


def test_the_insights_tab_is_not_there_without_admin(page):
    assert page.get_by_role("tab", name="Insights").count() == 0
