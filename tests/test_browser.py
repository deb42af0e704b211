"""The chat page in real headless Chromium, against `python app.py`."""

import pytest

from .browser import SCREENSHOTS, chromium, running_app

pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture(scope="module")
def app_url(real_index_dir):
    with running_app(real_index_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(app_url)
    page.get_by_placeholder("Type your question").wait_for()
    yield page
    page.close()


def ask(page, question: str):
    page.get_by_placeholder("Type your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()


def test_the_page_shows_title_note_and_examples(page):
    assert page.get_by_role("heading", name="Ask the LDN document").is_visible()
    assert page.get_by_text("not medical advice").is_visible()
    assert page.get_by_role("button", name="Can LDN cause depression?").is_visible()


def test_asking_shows_the_faq_answer_and_its_source(page):
    ask(page, "can LDN cause depression")
    answer = page.locator(".message.bot, [data-testid='bot']").first
    answer.get_by_text("rarely causes depression").first.wait_for(timeout=30_000)
    text = answer.inner_text()
    assert "Low Dose Naltrexone (LDN) rarely causes depression." in text
    assert "Source: Frequently Asked Questions" in text
    assert page.locator("strong", has_text="rarely causes depression").count() >= 1  # the marked sentence
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat-desktop.png"))


def test_the_api_answers_as_chat(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    reply = client.predict("can LDN cause depression", api_name="/chat")
    assert reply.startswith("Low Dose Naltrexone (LDN) rarely causes depression.")
    assert "Source: Frequently Asked Questions" in reply
