"""A page's FAQ declared as schema.org JSON-LD: read when the page's own text does not show it (drawn by scripts),
never twice when it does."""

import json
from pathlib import Path

import pytest

from bot.ingest.blocks import UnreadableFile
from bot.ingest.html import read_html

from .test_quality import one_document_bot

ENTRIES = [
    {"@type": "Question", "name": "How do I reset my password?",
     "acceptedAnswer": {"@type": "Answer", "text": "<p>Open <b>Settings</b>, then choose Reset.</p>"
                        "<ul><li>Check your email</li><li>Click the link in it</li></ul>"}},
    {"@type": "Question", "name": "Shipping times",
     "acceptedAnswer": {"@type": "Answer", "text": "Two to five working days.\n\nExpress orders arrive the next day."}},
    {"@type": ["Question"], "name": "Do you ship abroad?",
     "acceptedAnswer": [{"@type": "Answer", "text": "Yes, to every country of the EU &amp; Norway."}]},
]


def help_centre(body: str, data: object = None, title: str = "Acme Help Centre") -> bytes:
    """A help-centre page as a browser saves it: the FAQ as JSON-LD in the head, the body whatever scripts left."""
    data = data if data is not None else {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Help"}, {"@type": "FAQPage", "mainEntity": ENTRIES}]}
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return f"<html><head><title>{title}</title>{script}</head><body>{body}</body></html>".encode()


def shown(blocks) -> list[tuple]:
    return [(b.kind, b.level, b.text or b.items) for b in blocks]


def test_an_faq_drawn_by_scripts_is_read_from_the_data_the_page_declares():
    title, blocks = read_html(Path("help.html"), help_centre('<div id="app"><noscript>Enable JavaScript.</noscript></div>'))
    assert title == "Acme Help Centre"
    assert shown(blocks) == [
        ("heading", 1, "Acme Help Centre"),
        ("question", 0, "How do I reset my password?"),
        ("paragraph", 0, "Open Settings, then choose Reset."),  # the answer's HTML read as HTML
        ("list", 0, ("Check your email", "Click the link in it")),
        ("heading", 2, "Shipping times"),  # a name that does not ask titles a section
        ("paragraph", 0, "Two to five working days."),
        ("paragraph", 0, "Express orders arrive the next day."),
        ("question", 0, "Do you ship abroad?"),
        ("paragraph", 0, "Yes, to every country of the EU & Norway.")]


def test_entries_the_page_shows_are_read_once_from_the_page_and_only_the_missing_ones_from_the_data():
    body = ("<h1>Help</h1><details><summary>How do I reset my password?</summary><p>Open Settings, then choose "
            "Reset.</p><ul><li>Check your email</li><li>Click the link in it</li></ul></details>"
            "<ul><li>Do you ship abroad? Yes, to every country of the EU &amp; Norway.</li></ul>")
    _, blocks = read_html(Path("help.html"), help_centre(body))
    texts = [b.text for b in blocks]
    assert texts.count("How do I reset my password?") == 1 and "Open Settings, then choose Reset." in texts
    assert "Do you ship abroad?" not in texts
    assert shown(blocks)[-4:] == [("heading", 1, "Acme Help Centre"), ("heading", 2, "Shipping times"),
                                  ("paragraph", 0, "Two to five working days."),
                                  ("paragraph", 0, "Express orders arrive the next day.")]


@pytest.mark.parametrize("script", ["{not json", json.dumps({"@type": "FAQPage", "mainEntity": "soon"}),
                                    json.dumps([{"@type": "Question", "name": "Why?"}]), "[" * 100_000])
def test_data_that_is_broken_or_declares_no_answer_adds_nothing(script):
    page = f'<html><head><script type="application/ld+json">{script}</script></head><body><p>Hello.</p></body></html>'
    assert shown(read_html(Path("help.html"), page.encode())[1]) == [("paragraph", 0, "Hello.")]
    with pytest.raises(UnreadableFile):
        read_html(Path("empty.html"), page.replace("<p>Hello.</p>", "").encode())


def test_a_declared_faq_answers_with_its_entry_as_the_source(tmp_path):
    bot, _ = one_document_bot(tmp_path, "help.html", help_centre("<div id='app'></div>"))
    answer = bot.answer("How do I reset my password?")
    assert answer.found and answer.answer.startswith("Open Settings, then choose Reset.")
    assert answer.sources[0].section.endswith("How do I reset my password?")


def test_questions_marked_up_as_microdata_title_their_entries_even_when_they_do_not_ask():
    def question(name: str, answer: str) -> str:
        return (f'<div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">{name}'
                f'<div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">'
                f'<div itemprop="text">{answer}</div></div></div>')

    body = ("<h1>FAQ</h1>" + question('<div itemprop="name">Shipping times</div>', "<p>Two to five days.</p>")
            + question('<h3 itemprop="name">Returns</h3>', "Within 30 days.")
            + question('<span itemprop="name">Can I pay later</span>', "Yes, with an invoice."))
    _, blocks = read_html(Path("faq.html"), f"<html><body>{body}</body></html>".encode())
    assert shown(blocks) == [
        ("heading", 1, "FAQ"), ("question", 0, "Shipping times"), ("paragraph", 0, "Two to five days."),
        ("heading", 3, "Returns"), ("paragraph", 0, "Within 30 days."),
        ("question", 0, "Can I pay later"), ("paragraph", 0, "Yes, with an invoice.")]


def test_a_question_the_page_shows_without_its_answer_gets_the_declared_answer():
    """The answer is hidden, or left for a script to fill; a question "Pay" is not taken as shown by "Payments"."""
    data = {"@type": "FAQPage", "mainEntity": [
        {"@type": "https://schema.org/Question", "name": ["How do I pay?"],
         "acceptedAnswer": {"@type": "Answer", "text": {"@value": "By card or by bank transfer."}}},
        {"@type": "schema:Question", "name": "Pay", "acceptedAnswer": {"text": "Monthly, in arrears."}}]}
    body = '<h2>Payments</h2><h3>How do I pay?</h3><div class="faq-answer" style="display:none"><p>By card.</p></div>'
    _, blocks = read_html(Path("help.html"), help_centre(body, data))
    assert shown(blocks)[-5:] == [
        ("heading", 1, "Acme Help Centre"), ("question", 0, "How do I pay?"),
        ("paragraph", 0, "By card or by bank transfer."), ("heading", 2, "Pay"), ("paragraph", 0, "Monthly, in arrears.")]


def test_microdata_in_a_table_row_or_a_sentence_stays_where_it_is():
    row = ('<table><tr><th>Topic</th><th>Answer</th></tr><tr itemscope itemtype="https://schema.org/Question">'
           '<td itemprop="name">Shipping</td><td>Two days.</td></tr></table>')
    sentence = ('<div itemscope itemtype="https://schema.org/Question"><span itemprop="author" itemscope>'
                '<span itemprop="name">Bob</span></span><p>Asked: <span itemprop="name">Can I return it?</span> '
                'Yes.</p></div>')
    _, blocks = read_html(Path("faq.html"), f"<html><body>{row}{sentence}</body></html>".encode())
    assert [(b.kind, b.text or b.rows) for b in blocks] == [
        ("table", (("Topic", "Answer"), ("Shipping", "Two days."))), ("paragraph", "Bob"),
        ("paragraph", "Asked: Can I return it? Yes.")]


def test_a_short_answer_or_one_shared_by_two_questions_is_not_taken_as_shown_by_words_elsewhere():
    data = {"@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": "Is there a free plan?", "acceptedAnswer": {"text": "Yes."}},
        {"@type": "Question", "name": "Do you offer refunds?", "acceptedAnswer": {"text": "Contact our support team."}},
        {"@type": "Question", "name": "Can I change plans?", "acceptedAnswer": {"text": "Contact our support team."}}]}
    body = "<h3>Do you offer refunds?</h3><p>Contact our support team.</p><p>Yes, we are open on Sundays.</p>"
    _, blocks = read_html(Path("help.html"), help_centre(body, data))
    assert shown(blocks)[3:] == [
        ("heading", 1, "Acme Help Centre"), ("question", 0, "Is there a free plan?"), ("paragraph", 0, "Yes."),
        ("question", 0, "Can I change plans?"), ("paragraph", 0, "Contact our support team.")]
