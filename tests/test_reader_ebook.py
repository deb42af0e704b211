"""The EPUB reader: chapters in the spine's order, each read as a page; the book's own table of contents, images and
broken books are not read."""

import io
import zipfile
from pathlib import Path

import pytest

from bot.ingest.blocks import UnreadableFile
from bot.ingest.ebook import read_ebook

from .test_quality import one_document_bot

CONTAINER = """<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"""
PACKAGE = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">staff-handbook</dc:identifier>
<dc:title>Staff handbook</dc:title><dc:language>en</dc:language></metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="leave" href="Text/leave%20days.xhtml" media-type="application/xhtml+xml"/>
<item id="intro" href="Text/intro.xhtml" media-type="application/xhtml+xml"/>
<item id="cover" href="Images/cover.png" media-type="image/png"/>
<item id="css" href="Styles/book.css" media-type="text/css"/></manifest>
<spine><itemref idref="nav"/><itemref idref="intro"/><itemref idref="leave"/><itemref idref="intro"/></spine></package>"""


ENCRYPTION = """<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod
Algorithm="http://www.idpf.org/2008/embedding"/><enc:CipherData><enc:CipherReference URI="OEBPS/{target}"/>
</enc:CipherData></enc:EncryptedData></encryption>"""


def chapter(body: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>x</title>'
            f'<link rel="stylesheet" href="../Styles/book.css"/></head><body>{body}</body></html>')


def handbook() -> bytes:
    """A small book as e-book tools write one: chapters in a folder of their own, named apart from their order, a
    navigation document listing them, a cover image and a style sheet; its spine names a chapter twice."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", PACKAGE)
        book.writestr("OEBPS/nav.xhtml", chapter('<nav epub:type="toc"><ol><li><a href="Text/intro.xhtml">Welcome</a>'
                                                 '</li><li><a href="Text/leave%20days.xhtml">Leave</a></li></ol></nav>'))
        book.writestr("OEBPS/Text/intro.xhtml", chapter("<h1>Welcome</h1><p>This handbook answers common questions.</p>"))
        book.writestr("OEBPS/Text/leave days.xhtml", chapter(
            "<h1>Leave</h1><h2>How many days of leave do I get?</h2><p>Twenty-five days a year, plus public holidays.</p>"))
        book.writestr("OEBPS/Images/cover.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
        book.writestr("OEBPS/Styles/book.css", "h1 { font-size: 2em }")
    return data.getvalue()


def test_chapters_read_in_the_spines_order_under_the_books_title():
    title, blocks = read_ebook(Path("handbook.epub"), handbook())
    assert title == "Staff handbook"
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Welcome"), ("paragraph", "This handbook answers common questions."), ("heading", "Leave"),
        ("heading", "How many days of leave do I get?"), ("paragraph", "Twenty-five days a year, plus public holidays.")]


def test_an_ebook_faq_answers_from_its_chapters(tmp_path):
    bot, _ = one_document_bot(tmp_path, "handbook.epub", handbook())
    answer = bot.answer("How many days of leave do I get?")
    assert answer.found and answer.answer.startswith("Twenty-five days a year")


def test_a_broken_book_is_unreadable_with_a_reason():
    with pytest.raises(UnreadableFile, match="not a zip file"):
        read_ebook(Path("book.epub"), b"not a book")
    without_container = io.BytesIO()
    with zipfile.ZipFile(without_container, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
    with pytest.raises(UnreadableFile, match="not an EPUB book"):
        read_ebook(Path("book.epub"), without_container.getvalue())
    images_only = io.BytesIO()
    with zipfile.ZipFile(images_only, "w") as book:
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", PACKAGE)
        book.writestr("OEBPS/Text/intro.xhtml", chapter('<img src="../Images/cover.png" alt=""/>'))
    with pytest.raises(UnreadableFile, match="holds no text"):
        read_ebook(Path("book.epub"), images_only.getvalue())
    for target, protected in (("Fonts/serif.otf", False), ("Text/intro.xhtml", True)):  # fonts are only obfuscated
        book_bytes = io.BytesIO(handbook())
        with zipfile.ZipFile(book_bytes, "a") as book:
            book.writestr("META-INF/encryption.xml", ENCRYPTION.format(target=target))
        if protected:
            with pytest.raises(UnreadableFile, match="encrypted .* DRM"):
                read_ebook(Path("bought.epub"), book_bytes.getvalue())
        else:
            assert read_ebook(Path("fonts.epub"), book_bytes.getvalue())[1]


def book_of(package: str, files: dict[str, str | bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", package)
        for name, text in files.items():
            book.writestr(name, text)
    return data.getvalue()


def test_an_epub2_contents_page_is_not_text_and_hrefs_resolve_as_urls():
    """EPUB 2 names its contents page in the guide; hrefs may carry a fragment or start from the book's root."""
    package = PACKAGE.replace('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
                              '<item id="toc" href="toc.xhtml" media-type="Application/XHTML+XML; charset=utf-8"/>')
    package = package.replace('href="Text/intro.xhtml"', 'href="/OEBPS/Text/intro.xhtml#top"').replace(
        '<itemref idref="nav"/>', '<itemref idref="toc"/>').replace(
        "</spine>", '</spine><guide><reference type="toc" title="Contents" href="toc.xhtml#start"/></guide>')
    files = {"OEBPS/toc.xhtml": chapter('<h1>Contents</h1><p><a href="Text/intro.xhtml">Welcome</a></p>'),
             "OEBPS/Text/intro.xhtml": chapter("<h1>Welcome</h1><p>This handbook answers common questions.</p>"),
             "OEBPS/Text/leave days.xhtml": chapter("<h1>Leave</h1><p>Twenty-five days a year.</p>")}
    _, blocks = read_ebook(Path("old.epub"), book_of(package, files))
    assert [b.text for b in blocks] == ["Welcome", "This handbook answers common questions.", "Leave",
                                        "Twenty-five days a year."]


def test_a_book_declaring_entities_or_whose_chapters_inflate_too_far_is_refused():
    bomb = PACKAGE.replace("<package", '<!DOCTYPE package [<!ENTITY a "' + "x" * 1000 + '">]><package', 1)
    with pytest.raises(UnreadableFile, match="declares XML entities"):
        read_ebook(Path("bomb.epub"), book_of(bomb, {}))
    with pytest.raises(UnreadableFile, match="not an EPUB book .*LookupError"):
        read_ebook(Path("odd.epub"), book_of(PACKAGE.replace('encoding="utf-8"', 'encoding="x-bogus"'), {}))
    big = "x" + "<p>Twenty-five days a year.</p>" * 500_000  # 15.5 MB of HTML that opens with no tag
    with pytest.raises(UnreadableFile, match="chapters inflate to over 15 MB"):
        read_ebook(Path("big.epub"), book_of(PACKAGE, {"OEBPS/Text/intro.xhtml": big}))
