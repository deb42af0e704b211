"""Word documents (.docx) into blocks: mammoth writes their structure as HTML, which the HTML reader reads.

Headings come from Word's heading styles (and the Title style), lists, tables and bold lines from the
document's own markup; page headers and footers, comments and images are not text of the document.
A .docx file is a zip of XML parts: their inflated size is checked before anything is parsed, and no
file a document links to outside itself is ever opened.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.parsers.expat import ExpatError

from .blocks import Block, UnreadableFile

MAX_XML_BYTES = 50_000_000  # inflated XML parts of one document (a 500-page manual holds a few MB)
# Word's Title is the document's heading; its preformatted styles (and pandoc's "Source Code") are code, a run of
# such paragraphs one block.
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
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ExpatError) as exc:  # broken parts, a missing one
        raise UnreadableFile(f"not a Word document ({exc})") from None
    try:
        return read_html(path, f"<html><body>{result.value}</body></html>".encode())
    except UnreadableFile:
        raise UnreadableFile("the Word document holds no text") from None


def _check_size(data: bytes) -> None:
    """Refuse a file that is no zip, or whose XML parts inflate past MAX_XML_BYTES (a decompression bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist() if info.filename.endswith((".xml", ".rels")))
    except zipfile.BadZipFile:
        raise UnreadableFile("not a Word document (not a zip file)") from None
    if inflated > MAX_XML_BYTES:
        raise UnreadableFile(f"the Word document's text inflates to over {MAX_XML_BYTES // 1_000_000} MB")
