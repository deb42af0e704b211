"""FAQ widgets in HTML: an accordion's toggles title its entries and the panels they open are read though the saved
page hides them; a menu, a dialog and a hidden template stay out."""

from pathlib import Path

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
  <button aria-expanded="false">Shipping times</button>
  <div aria-hidden="true"><p>Two to five working days.</p></div>
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


def test_a_disclosure_button_titles_the_panel_it_opens_named_or_next_to_it():
    assert read(DISCLOSURES) == [
        ("heading", "Help"), ("question", "Do you ship abroad?"), ("paragraph", "Yes, to every country of the EU."),
        ("question", "Shipping times"), ("paragraph", "Two to five working days.")]


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
