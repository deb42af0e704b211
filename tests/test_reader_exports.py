"""Pages exported by editors: bold set by the page's own stylesheet (Google Docs) reads as bold, so question lines
title their entries; a link an export wrapped in a redirect keeps its target."""

from pathlib import Path

import pytest

from bot.ingest.html import read_html
from bot.ingest.links import safe_link

GOOGLE_DOCS = """<html><head><style type="text/css">@import url(https://themes.example/fonts.css);ol{margin:0}
.c4{color:#000000;font-weight:700;font-size:11pt}.c1{color:#000000;font-weight:400}.c2{padding-top:0pt}
.c7,.c8 {font-weight: bold !important}</style></head><body class="doc-content">
<p class="c2"><span class="c4">How do I book a holiday?</span></p>
<p class="c2"><span class="c1">Ask your manager in the </span><span class="c1"><a class="c9"
 href="https://www.google.com/url?q=https://hr.example/portal&amp;sa=D&amp;source=editors">HR portal</a></span><span
 class="c1">, two weeks ahead.</span></p>
<p class="c2"><span class="c8">Where is the parking?</span></p><p class="c2"><span class="c1">Behind building B.</span></p>
<p class="c2"><span class="c1">Bring your </span><span class="c4">badge</span><span class="c1">.</span></p>
</body></html>"""


def test_a_google_docs_export_reads_its_bold_question_lines_as_entries_and_its_links_unwrapped():
    _, blocks = read_html(Path("staff-faq.html"), GOOGLE_DOCS.encode())
    assert [(b.kind, b.text) for b in blocks] == [
        ("question", "How do I book a holiday?"), ("paragraph", "Ask your manager in the HR portal, two weeks ahead."),
        ("question", "Where is the parking?"), ("paragraph", "Behind building B."), ("paragraph", "Bring your badge.")]
    assert blocks[1].links == (("HR portal", "https://hr.example/portal"),)


@pytest.mark.parametrize("style", ["a" * 200_000, "{" * 200_000, "}" * 200_000, ".c4 {font-weight:700" * 20_000])
def test_a_stylesheet_of_any_shape_is_read_in_one_pass(style):
    page = f"<html><head><style>{style}</style></head><body><p><span class='c4'>Hello.</span></p></body></html>"
    assert [b.text for b in read_html(Path("styled.html"), page.encode())[1]] == ["Hello."]


def test_a_redirect_to_an_unsafe_target_is_no_link():
    assert safe_link("click", "https://www.google.com/url?q=javascript:alert(1)") is None
    assert safe_link("search", "https://www.google.com/search?q=faq") == ("search", "https://www.google.com/search?q=faq")
