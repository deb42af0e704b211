"""Pages exported by editors: bold set by the page's own stylesheet (Google Docs) reads as bold, so question lines
title their entries; a link an export wrapped in a redirect keeps its target; a page a browser saved as one file
(.mhtml) reads as the page."""

from email import encoders
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from pathlib import Path

import pytest

from bot.ingest.blocks import UnreadableFile
from bot.ingest.html import read_html
from bot.ingest.links import safe_link
from bot.ingest.mhtml import read_mhtml

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


@pytest.mark.parametrize("style", ["a" * 200_000, "{" * 200_000, "}" * 200_000, ".c4 {font-weight:700" * 20_000,
                                   ".a{font-weight:" + "(" * 500 + "}"])
def test_a_stylesheet_of_any_shape_is_read_in_one_pass(style):
    page = f"<html><head><style>{style}</style></head><body><p><span class='c4'>Hello.</span></p></body></html>"
    assert [b.text for b in read_html(Path("styled.html"), page.encode())[1]] == ["Hello."]


def test_a_redirect_to_an_unsafe_target_is_no_link():
    assert safe_link("click", "https://www.google.com/url?q=javascript:alert(1)") is None
    assert safe_link("search", "https://www.google.com/search?q=faq") == ("search", "https://www.google.com/search?q=faq")


def saved_single_file(html: bytes, css: str, charset: str | None = None, location: str = "") -> bytes:
    """A page as a browser saves it as one file (Chrome's "Webpage, Single File"): a MIME message of the page (quoted-
    printable, no charset named unless given), its stylesheet and an image, each its own part."""
    archive = MIMEMultipart("related", type="text/html")
    archive["Subject"] = "Staff FAQ"
    page = MIMENonMultipart("text", "html", **({"charset": charset} if charset else {}))
    page.set_payload(html)
    encoders.encode_quopri(page)
    if location:
        page["Content-Location"] = location
    style = MIMENonMultipart("text", "css")
    style.set_payload(css)
    archive.attach(page)
    archive.attach(style)
    archive.attach(MIMEApplication(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "png"))
    return archive.as_bytes()


def test_a_page_saved_as_one_file_reads_as_the_page_with_its_stylesheet():
    """Chromium's own single-file save: the stylesheet in a part of its own makes the question lines bold, and the
    contents' links, saved with the page's address before their "#", are still known as in-page."""
    saved = Path(__file__).parent / "data" / "saved-pages" / "library-help.mhtml"
    title, blocks = read_mhtml(saved, saved.read_bytes())
    assert title == "Aide – Bibliothèque"
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Questions fréquentes"), ("question", "Combien de livres puis-je emprunter ?"),
        ("paragraph", "Jusqu'à dix documents à la fois, pour trois semaines."),
        ("question", "Que se passe-t-il en cas de retard ?"), ("paragraph", "Une pénalité de 0,20 € par jour et par document.")]
    assert blocks[2].links == (("dix documents", "https://library.example/regles.html"),)


def test_a_saved_page_in_a_charset_its_part_names_and_its_stylesheet_part_read_as_the_page():
    head, body = GOOGLE_DOCS.split("<body", 1)
    css = head.split(">", 2)[2].split("</style>")[0]  # the stylesheet, saved as a part of its own
    page = ("<html><head><meta charset='utf-8'><title>Staff FAQ</title></head><body" + body).encode()
    title, blocks = read_mhtml(Path("staff-faq.mhtml"), saved_single_file(page, css))
    assert title == "Staff FAQ"
    assert [(b.kind, b.text) for b in blocks] == [(b.kind, b.text) for b in read_html(Path("faq.html"), GOOGLE_DOCS.encode())[1]]
    latin = "<html><body><h2>Où est le café ?</h2><p>Au rez-de-chaussée.</p></body></html>"
    _, blocks = read_mhtml(Path("cafe.mht"), saved_single_file(latin.encode("cp1252"), "", charset="windows-1252"))
    assert [b.text for b in blocks] == ["Où est le café ?", "Au rez-de-chaussée."]


def test_a_saved_pages_own_charset_fragment_and_stylesheet_text_do_not_change_what_it_says():
    """A page in its own charset (named by its <meta> only, as browsers save it) after a long stylesheet; a page saved
    at one of its anchors, whose contents still link to the page; a stylesheet holding "</style>"."""
    page = ("<html><head><meta charset='windows-1251'><title>Справка</title></head><body>"
            "<ul><li><a href='https://help.example/pay.html#card'>Как оплатить?</a></li></ul>"
            "<h2 id='card'>Как оплатить?</h2><p>Картой или наличными.</p></body></html>").encode("cp1251")
    css = ".a { color: red }\n" * 400 + '.b::after { content: "</style><p>Injected</p>" }'
    title, blocks = read_mhtml(Path("pay.mhtml"), saved_single_file(page, css, location="https://help.example/pay.html#card"))
    assert title == "Справка"
    assert [(b.kind, b.text) for b in blocks] == [("heading", "Как оплатить?"), ("paragraph", "Картой или наличными.")]


def test_a_single_file_archive_without_a_page_is_unreadable():
    with pytest.raises(UnreadableFile, match="no web page"):
        read_mhtml(Path("empty.mhtml"), b"MIME-Version: 1.0\nContent-Type: text/plain\n\nnothing here\n")
    with pytest.raises(UnreadableFile, match="no web page"):
        read_mhtml(Path("binary.mhtml"), bytes(range(256)) * 10)
    nested = b"MIME-Version: 1.0\n" + b"".join(b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (n, n)
                                                 for n in range(3000))
    with pytest.raises(UnreadableFile, match="Content-Type header over"):  # the email package is quadratic there
        read_mhtml(Path("long.mhtml"), b'MIME-Version: 1.0\nContent-Type: text/html; charset="' + b"a;" * 50_000 + b'"\n\nx')
    with pytest.raises(UnreadableFile, match="nested too deeply"):
        read_mhtml(Path("nested.mhtml"), nested + b"Content-Type: text/html\n\n<p>Hello</p>\n")
