"""Word documents (.docx) into blocks: mammoth writes their structure as HTML, which the HTML reader reads.

Headings come from Word's heading styles (the Title style, and the document's own styles based on a heading),
lists, tables and bold lines from the document's own markup; page headers and footers, comments and images are not
text of the document. A .docx file is a zip of XML parts: their inflated size is checked before anything is
parsed, and no file a document links to outside itself is ever opened.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError

from .archive import OLE_SIGNATURE, check_size
from .blocks import Block, UnreadableFile, asks

# What a broken part raises: a bad zip, a missing part, broken XML or an encoding Python does not know, a broken or
# unsupported compression, encryption.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, OSError, ExpatError, ElementTree.ParseError, zlib.error,
          NotImplementedError, RuntimeError, EOFError, LookupError)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Wrappers mammoth drops with the text inside them: a simple field (a link or cross-reference written as
# <w:fldSimple>), and right-to-left runs (<w:dir>, <w:bdo>). Their tags are taken away, their runs kept.
# No part of the pattern crosses a "<" (never in a tag: XML escapes it in attribute values), so each try ends at the
# next tag, and the search stays linear in the part's size.
TEXT_WRAPPER = re.compile(rb"""</?w:(?:fldSimple|dir|bdo)\b(?:"[^"<]*"|'[^'<]*'|[^'"<>])*>""")
BUILT_IN_HEADING = re.compile(r"^(?:heading [1-9]|title)$", re.IGNORECASE)  # mapped by mammoth, or by STYLE_MAP
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

    try:
        headings = _heading_styles(data)
        style_map = "\n".join([STYLE_MAP, *(f"p[style-name='{name}'] => h{level}:fresh" for name, level in headings.items())])
        result = mammoth.convert_to_html(io.BytesIO(_unwrapped(data)), style_map=style_map, external_file_access=False,
                                         convert_image=mammoth.images.img_element(lambda image: {}))
    except RecursionError:
        raise UnreadableFile("nested too deeply to read") from None
    except BROKEN as exc:
        raise UnreadableFile(f"not a Word document ({type(exc).__name__}: {exc})") from None
    try:
        title, blocks = read_html(path, f"<html><body>{_notes_inline(result.value)}</body></html>".encode())
    except UnreadableFile:
        raise UnreadableFile("the Word document holds no text") from None
    return title, _numbered_questions(blocks)


def _heading_styles(data: bytes) -> dict[str, int]:
    """The document's own paragraph styles that are headings, by name, with their level: those with an outline level,
    or based on a style that is one ("FAQ Question" based on "Heading 2"). First the file is checked: one that is no
    zip, or too big (archive.check_size), is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_size(archive, "Word document")
            names = archive.namelist()
            styles = ElementTree.fromstring(archive.read("word/styles.xml")) if "word/styles.xml" in names else None
    except zipfile.BadZipFile:
        hint = " (a password-protected Word file is no zip)" if data.startswith(OLE_SIGNATURE) else ""
        raise UnreadableFile(f"not a Word document (not a zip file){hint}") from None
    if styles is None:
        return {}
    found: dict[str, tuple[str, str, int | None]] = {}  # style id: name, the id it is based on, outline level
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}type") == "paragraph" and (style_id := style.get(f"{W}styleId")):
            name, based, outline = (style.find(f"{W}name"), style.find(f"{W}basedOn"), style.find(f"{W}pPr/{W}outlineLvl"))
            outline_level = outline.get(f"{W}val", "") if outline is not None else ""
            found[style_id] = (name.get(f"{W}val", "") if name is not None else "",
                               based.get(f"{W}val", "") if based is not None else "",
                               int(outline_level) + 1 if outline_level.isdigit() and int(outline_level) < 6 else None)

    def level_of(style_id: str, depth: int = 0) -> int | None:
        name, based, level = found.get(style_id, ("", "", None))
        if level or depth > 10:
            return level
        if match := re.fullmatch(r"heading ([1-6])", name, re.IGNORECASE):
            return int(match.group(1))
        return level_of(based, depth + 1) if based else None

    return {name: heading for style_id, (name, _, _) in found.items()
            if name and "'" not in name and not BUILT_IN_HEADING.match(name) and (heading := level_of(style_id))}


def _unwrapped(data: bytes) -> bytes:
    """The document with the text of TEXT_WRAPPER's elements kept, in every XML part of its text; unchanged (the
    same bytes) if no part has one."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {item: archive.read(item) for item in archive.infolist()}
    text_parts = {item for item, part in parts.items()
                  if item.filename.endswith(".xml") and TEXT_WRAPPER.search(part)}
    if not text_parts:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item, part in parts.items():
            archive.writestr(item, TEXT_WRAPPER.sub(b"", part) if item in text_parts else part)
    return out.getvalue()


def _numbered_questions(blocks: list[Block]) -> list[Block]:
    """A question Word numbers as a list of its own ("1. Can I pay later?" over its answer) is an entry's question."""
    return [Block("question", block.items[0]) if block.kind == "list" and len(block.items) == 1 and asks(block.items[0])
            and n + 1 < len(blocks) and blocks[n + 1].kind == "paragraph" else block for n, block in enumerate(blocks)]


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
