"""Word documents (.docx) into blocks: mammoth writes their structure as HTML, which the HTML reader reads.

Headings come from Word's heading styles (and the Title style), lists, tables and bold lines from the
document's own markup; page headers and footers, comments and images are not text of the document.
A .docx file is a zip of XML parts: their inflated size is checked before anything is parsed, and no
file a document links to outside itself is ever opened.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from xml.parsers.expat import ExpatError

from .blocks import Block, UnreadableFile

MAX_INFLATED_BYTES = 15_000_000  # all parts of one document inflated (a 300-page manual's text holds a few MB)
MAX_PARTS = 5_000  # a document has a few dozen; images add one each
# Word's Title is the document's heading; its preformatted styles (and pandoc's "Source Code") are code, a run of
# such paragraphs one block.
# What a broken part raises: a bad zip, a missing part, broken XML, a broken or unsupported compression, encryption.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, OSError, ExpatError, zlib.error, NotImplementedError, RuntimeError,
          EOFError)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # an old .doc, or a .docx encrypted with a password
STYLE_MAP = "\n".join([
    "p[style-name='Title'] => h1:fresh",
    "p[style-name='Subtitle'] => p:fresh",
    *(f"p[style-name='{style}'] => pre:separator('\\n')" for style in ("Source Code", "HTML Preformatted", "Plain Text", "Code")),
])


def read_word(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a .docx file."""
    import mammoth

    from .html import read_html

    _check_size(data)
    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, external_file_access=False,
                                         convert_image=mammoth.images.img_element(lambda image: {}))
    except RecursionError:
        raise UnreadableFile("nested too deeply to read") from None
    except BROKEN as exc:
        raise UnreadableFile(f"not a Word document ({type(exc).__name__}: {exc})") from None
    try:
        return read_html(path, f"<html><body>{_notes_inline(result.value)}</body></html>".encode())
    except UnreadableFile:
        raise UnreadableFile("the Word document holds no text") from None


def _check_size(data: bytes) -> None:
    """Refuse a file that is no zip, has more than MAX_PARTS parts or inflates past MAX_INFLATED_BYTES (a
    decompression bomb): zipfile never inflates a part past the size its header declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        hint = " (a password-protected Word file is no zip)" if data.startswith(OLE_SIGNATURE) else ""
        raise UnreadableFile(f"not a Word document (not a zip file){hint}") from None
    if len(parts) > MAX_PARTS:
        raise UnreadableFile(f"the Word document has over {MAX_PARTS} parts")
    if sum(part.file_size for part in parts) > MAX_INFLATED_BYTES:
        raise UnreadableFile(f"the Word document inflates to over {MAX_INFLATED_BYTES // 1_000_000} MB")


def _notes_inline(html: str) -> str:
    """Footnotes and endnotes in brackets where they are referred to, not listed after the last entry (where they
    would read as its answer)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for note in soup.select('li[id^="footnote-"], li[id^="endnote-"]'):
        for back_link in note.select('a[href^="#"]'):
            back_link.decompose()
        text = " ".join(note.get_text(" ").split())
        reference = soup.find(id=str(note["id"]).replace("note-", "note-ref-", 1))
        if reference is not None:
            (reference.parent if reference.parent and reference.parent.name == "sup" else reference).replace_with(
                f" ({text})" if text else "")
        note.decompose()
    for emptied in soup.find_all("ol"):
        if not emptied.find("li"):
            emptied.decompose()
    return str(soup)
