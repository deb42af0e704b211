"""FAQ widgets in HTML: an accordion's toggles title its entries and the panels they open are read though the saved
page hides them; a menu, a dialog and a hidden template stay out."""

from pathlib import Path

import pytest

from bot.ingest.html import read_html

from .test_quality import one_document_bot

BOOTSTRAP = """<div class="accordion" id="faq">
  <div class="accordion-item">
    <h2 class="accordion-header"><button class="accordion-button" type="button" data-bs-toggle="collapse"
        data-bs-target="#c1" aria-expanded="true" aria-controls="c1">How do I reset my password?</button></h2>
    <div id="c1" class="accordion-collapse collapse show" data-bs-parent="#faq">
      <div class="accordion-body">Use the <strong>Forgot password</strong> link on the sign-in page.</div></div>
  </div>
  <div class="accordion-item">
    <h2 class="accordion-header"><button class="accordion-button collapsed" type="button" data-bs-toggle="collapse"
        data-bs-target="#c2">Can I pay later?</button></h2>
    <div id="c2" class="accordion-collapse collapse" style="display: none"><div class="accordion-body">Yes, within
      thirty days of the invoice.</div></div>
  </div>
</div>"""

DISCLOSURES = """<div class="faq">
  <button aria-expanded="false" aria-controls="a1">Do you ship abroad?</button>
  <div id="a1" hidden><p>Yes, to every country of the EU.</p></div>
  <div class="faq-question"><button aria-expanded="false">How long does shipping take?</button></div>
  <div aria-hidden="true"><p>Two to five working days.</p></div>
  <button aria-expanded="false" aria-controls="a3">Returns</button>
  <div id="a3" style="display: none"><p>Within thirty days.</p></div>
</div>"""

CHROME = """<button aria-expanded="false" aria-controls="menu">Menu</button>
<ul id="menu" hidden><li><a href="/">Home</a></li><li><a href="/pricing">Pricing</a></li></ul>
<button aria-expanded="false" aria-controls="signup">Sign up</button>
<div id="signup" role="dialog" hidden><p>Enter your email for our newsletter.</p></div>
<template><p>Template text.</p></template><div hidden><p>A part hidden for good.</p></div>
<p>Welcome to the help pages.</p>"""

TABS = """<div role="tablist"><button role="tab" aria-controls="linux">Linux</button>
<button role="tab" id="win-tab">Windows</button></div>
<div role="tabpanel" id="linux"><p>Install it with apt.</p></div>
<div role="tabpanel" aria-labelledby="win-tab" hidden><p>Run the installer.</p></div>"""

EDITOR = """<p><strong>Can I cancel at any time?</strong><br>Yes, from the account page.</p>
<p><strong>Note:</strong><br>Prices include tax.</p>"""


def read(body: str) -> list[tuple[str, str]]:
    _, blocks = read_html(Path("faq.html"), f"<html><body><h1>Help</h1>{body}</body></html>".encode())
    return [(b.kind, b.text) for b in blocks]


def test_a_bootstrap_accordion_keeps_its_questions_and_its_closed_answers():
    assert read(BOOTSTRAP) == [
        ("heading", "Help"), ("heading", "How do I reset my password?"),
        ("paragraph", "Use the Forgot password link on the sign-in page."),
        ("heading", "Can I pay later?"), ("paragraph", "Yes, within thirty days of the invoice.")]


def test_a_disclosure_button_titles_the_panel_it_opens_by_name_or_if_it_asks_next_to_it():
    assert read(DISCLOSURES) == [
        ("heading", "Help"), ("question", "Do you ship abroad?"), ("paragraph", "Yes, to every country of the EU."),
        ("question", "How long does shipping take?"), ("paragraph", "Two to five working days."),
        ("question", "Returns"), ("paragraph", "Within thirty days.")]


def test_a_menu_a_dialog_a_template_and_a_part_hidden_for_good_stay_out():
    assert read(CHROME) == [("heading", "Help"), ("paragraph", "Welcome to the help pages.")]


def test_each_tab_panel_is_read_under_its_tabs_name():
    assert read(TABS) == [("heading", "Help"), ("question", "Linux"), ("paragraph", "Install it with apt."),
                          ("question", "Windows"), ("paragraph", "Run the installer.")]


def test_a_bold_question_over_a_line_break_opens_an_entry_and_a_bold_label_does_not():
    assert read(EDITOR) == [("heading", "Help"), ("question", "Can I cancel at any time?"),
                            ("paragraph", "Yes, from the account page."), ("paragraph", "Note: Prices include tax.")]


def test_an_answer_the_saved_page_hides_is_found(tmp_path):
    page = f"<html><head><title>Help</title></head><body>{BOOTSTRAP}{DISCLOSURES}</body></html>"
    bot, _ = one_document_bot(tmp_path, "faq.html", page)
    answer = bot.answer("Do you ship abroad?")
    assert answer.found and answer.answer.startswith("Yes, to every country of the EU.")


NOT_FAQ_TOGGLES = {
    "a toggle holding its own panel": (
        '<div class="uagb-faq-item" role="tab" aria-expanded="false"><div><span class="uagb-question">Is it free?</span>'
        '</div><div class="uagb-faq-content"><p>Yes, for everyone.</p></div></div>',
        [("paragraph", "Is it free?"), ("paragraph", "Yes, for everyone.")]),
    "a jQuery UI header, a heading and a tab at once": (
        '<h3 role="tab" id="t1" aria-controls="p1" aria-expanded="false">How do I pay?</h3>'
        '<div id="p1" role="tabpanel" aria-labelledby="t1" style="display:none"><p>By card.</p></div>',
        [("heading", "How do I pay?"), ("paragraph", "By card.")]),
    "read more": (
        '<p>We ship worldwide.<span id="m" hidden> Five days.</span> <button aria-expanded="false" aria-controls="m">'
        'Read more</button></p><p>Next paragraph.</p>',
        [("paragraph", "We ship worldwide. Five days."), ("paragraph", "Next paragraph.")]),
    "a search box, a language picker and a dropdown menu": (
        '<button aria-expanded="false" aria-controls="s">Search</button><div id="s" hidden><form><input name="q">'
        '<button>Go</button></form></div><button aria-expanded="false" aria-controls="l">Language</button>'
        '<div id="l" hidden><button>English</button><button>Deutsch</button></div>'
        '<button data-bs-toggle="dropdown" aria-expanded="false">Docs</button><ul class="dropdown-menu">'
        '<li><h6 class="dropdown-header">Version 2.1</h6></li><li><a href="/a">Guide</a></li></ul>'
        '<p>Welcome.</p>',
        [("paragraph", "Welcome.")]),
    "a search overlay": (
        '<button aria-expanded="false" aria-controls="s">Search</button><div id="s" hidden><form><input name="q">'
        '</form><p>Popular: pricing, refunds</p></div><p>Welcome.</p>',
        [("paragraph", "Welcome.")]),
    "a toggle naming the page that holds it": (
        '<div id="page"><button aria-expanded="false" aria-controls="page">Dark mode</button><p>Refunds take a week.</p>'
        '<div role="dialog" hidden><p>We use cookies.</p></div><div style="display:none"><p>{{ answer }}</p></div></div>',
        [("paragraph", "Refunds take a week.")]),
    "a sidebar that says whether it is open": (
        '<div class="site-sidebar" aria-expanded="true"><p>Popular articles</p><ul><li>One</li></ul></div>'
        '<p>Main text.</p>',
        [("paragraph", "Main text.")]),
    "a share button in a heading": (
        '<h2>Pricing <button aria-haspopup="menu">Share</button></h2><p>Plans start at five euros.</p>',
        [("heading", "Pricing"), ("paragraph", "Plans start at five euros.")]),
}


@pytest.mark.parametrize("name", sorted(NOT_FAQ_TOGGLES))
def test_toggles_that_open_no_answer_leave_the_page_as_it_reads_without_them(name):
    markup, expected = NOT_FAQ_TOGGLES[name]
    assert read(markup)[1:] == expected


OTHER_ACCORDIONS = {
    "Foundation": (
        '<ul class="accordion" data-accordion><li class="accordion-item" data-accordion-item><a href="#" '
        'class="accordion-title" aria-controls="p1" role="button" aria-expanded="false">How do I pay?</a><div '
        'class="accordion-content" role="region" aria-hidden="true" id="p1" style="display:none"><p>By card.</p></div>'
        '</li></ul>',
        [("question", "How do I pay?"), ("paragraph", "By card.")]),
    "a container saying whether its answer is open": (
        '<div class="faq-item" aria-expanded="false"><h3>How do I pay?</h3><div class="faq-a" hidden><p>By card.</p>'
        '</div></div>',
        [("heading", "How do I pay?"), ("paragraph", "By card.")]),
    "Docusaurus' collapsible details": (
        '<details class="details_lb9f"><summary>How do I pay?</summary><div style="display: none; overflow: hidden; '
        'height: 0px;"><div class="collapsibleContent"><p>By card.</p></div></div></details>',
        [("question", "How do I pay?"), ("paragraph", "By card.")]),
    "Docusaurus tabs, named by their order": (
        '<div class="tabs-container"><ul role="tablist"><li role="tab" aria-selected="true">Linux</li><li role="tab">'
        'Windows</li></ul><div><div role="tabpanel"><p>Install it with apt.</p></div><div role="tabpanel" hidden>'
        '<p>Run the installer.</p></div></div></div>',
        [("question", "Linux"), ("paragraph", "Install it with apt."), ("question", "Windows"),
         ("paragraph", "Run the installer.")]),
}


@pytest.mark.parametrize("name", sorted(OTHER_ACCORDIONS))
def test_other_accordions_and_tabs_read_as_titles_over_their_answers(name):
    markup, expected = OTHER_ACCORDIONS[name]
    assert read(markup)[1:] == expected
