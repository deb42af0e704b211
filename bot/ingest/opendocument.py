"""OpenDocument text (.odt: LibreOffice Writer's own format, and one Google Docs exports) into blocks: odfdo writes
it as Markdown (headings by outline level, lists, tables, bold), which the Markdown reader reads. Notes stand in
brackets where they are referred to, not listed after the last entry. Like a Word file, an .odt is a zip of XML
parts: its inflated size is checked first, and a part declaring XML entities (which no OpenDocument file needs) is
refused before anything is parsed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .archive import check_size, holds, xml_parts
from .blocks import Block, UnreadableFile

# What a broken document raises: a bad zip, a missing part, broken XML (lxml's errors are SyntaxErrors), odd values.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, SyntaxError,
          EOFError, RuntimeError, NotImplementedError)
# A count of repeated spaces, rows, columns or cells: "<text:s text:c='1000000000'/>" in a 1 KB file would be a GB.
REPEATS = re.compile(rb'(?:text:c|number-(?:rows|columns)-repeated)=["\']([0-9]{6,})["\']')
MAX_REPEATS = 100_000
# What odfdo writes as Markdown beyond the text: a fenced code block (a monospaced paragraph, its text as is), a code
# span (a monospaced run) and a character it escaped with a backslash.
VERBATIM = re.compile(r"(?P<fence>^```\n.*?\n```$)|(?P<span>(?<!\\)`[^`]*`)", re.S | re.M)
ODFDO_ESCAPE = re.compile(r"\\([#*_\-`~|])")
# The document's own backslashes stand as this character while odfdo writes its Markdown, whose escapes (and hard
# line breaks) are backslashes too: a code point of the last private-use plane, which no font draws.
BACKSLASH = "\U0010fffd"
# Not the document's text: tables of contents and indexes (lists of its own titles and page numbers), hidden sections.
NOT_TEXT = ("//text:table-of-content | //text:alphabetical-index | //text:illustration-index | //text:table-index"
            " | //text:object-index | //text:user-index | //text:bibliography | //text:section[@text:display='none']")


def read_odt(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of an OpenDocument text file."""
    import odfdo
    from odfdo import Note, Span
    from odfdo.container import SecurityError

    from .markdown import read_markdown

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_size(archive, "OpenDocument file")
            for _, part in xml_parts(archive):
                _check_part(part)
        document = odfdo.Document(io.BytesIO(data))
        for unread in document.body.get_elements(NOT_TEXT):
            if unread.parent is not None:
                unread.parent.delete(unread)
        _lift_headings(document)
        _lift_text_boxes(document)
        for note in document.body.get_elements("//text:note"):
            if isinstance(note, Note) and note.parent is not None:
                inline = Span(f" ({' '.join(note.note_body.split())})")
                inline.tail = note.tail  # the text after the note's mark
                note.parent.replace_element(note, inline)
        _mark_backslashes(document)
        markdown = document.to_markdown()
        title = _title(document)
    except zipfile.BadZipFile:
        raise UnreadableFile("not an OpenDocument file (not a zip file)") from None
    except SecurityError:  # odfdo's own check of a part's compression
        raise UnreadableFile("a part is compressed past what odfdo reads (a decompression bomb?)") from None
    except RecursionError:
        raise UnreadableFile("nested too deeply to read") from None
    except BROKEN as exc:
        raise UnreadableFile(f"not an OpenDocument text ({type(exc).__name__}: {exc})") from None
    if not isinstance(markdown, str) or not markdown.strip():
        raise UnreadableFile("the OpenDocument file holds no text")
    first_heading, blocks = read_markdown(path, _literal(markdown).encode("utf-8"))
    return title or first_heading, blocks


def _check_part(part: bytes) -> None:
    """Refuse a part that declares XML entities (no OpenDocument file does) or repeats a space, row or cell over
    MAX_REPEATS times."""
    if holds(part, "<!ENTITY"):
        raise UnreadableFile("an XML part declares entities (no OpenDocument file does)")
    if any(int(count) > MAX_REPEATS for count in REPEATS.findall(part)):
        raise UnreadableFile(f"a part repeats a space, row or cell over {MAX_REPEATS:,} times")


def _lift_headings(document) -> None:
    """Each heading LibreOffice keeps in a list (numbered headings, as a converted Word file has them) moved to just
    before the list, so it heads a section instead of being a list's item."""
    for heading in document.body.get_elements("//text:list-item/text:h"):
        outer = heading
        while outer.parent is not None and outer.parent.tag in ("text:list", "text:list-item"):
            outer = outer.parent
        holder = outer.parent
        if holder is not None and heading.parent is not None:
            position = holder.index(outer)
            heading.parent.delete(heading, keep_tail=False)
            holder.insert(heading, position=position)


def _lift_text_boxes(document) -> None:
    """Each text box's paragraphs (a call-out, a note drawn in a frame) moved to just after the paragraph the box is
    anchored in (after its list, for an item's), or in its place when it stands alone: odfdo writes them run into one
    line with that paragraph."""
    from odfdo.element import NEXT_SIBLING, PREV_SIBLING

    for frame in reversed(document.body.get_elements("//draw:frame[draw:text-box]")):
        box, anchor = frame.get_element("draw:text-box"), frame.parent
        while anchor is not None and anchor.tag not in ("text:p", "text:h"):
            anchor = anchor.parent
        while anchor is not None and anchor.parent is not None and anchor.parent.tag in ("text:list-item", "text:list"):
            anchor = anchor.parent  # after the whole list: inside it, each paragraph would be an item of its own
        if box is None or frame.parent is None:
            continue
        where, position = (anchor, NEXT_SIBLING) if anchor is not None and anchor.parent is not None else (frame, PREV_SIBLING)
        for child in box.children if position == PREV_SIBLING else reversed(box.children):
            box.delete(child, keep_tail=False)
            where.insert(child, xmlposition=position)
        frame.parent.delete(frame)


def _title(document) -> str:
    """The document's Title property; empty when it has none, or no metadata part (which the format allows)."""
    try:
        return " ".join(str(document.meta.title or "").split())
    except (ValueError, KeyError):
        return ""


def _mark_backslashes(document) -> None:
    """Each backslash of the document's text made BACKSLASH, told apart from the ones odfdo's Markdown adds."""
    for element in document.body.get_elements("descendant::*"):
        if "\\" in (element.text or ""):
            element.text = element.text.replace("\\", BACKSLASH)
        if "\\" in (element.tail or ""):
            element.tail = element.tail.replace("\\", BACKSLASH)


def _literal(markdown: str) -> str:
    """odfdo's Markdown read back as the document's characters: "<" and "&" escaped (they are text, "ssh <username>",
    never HTML or entities it meant), the document's backslashes escaped (odfdo's own escapes and line breaks kept);
    in a monospaced run odfdo's escapes undone (a code span shows them as written); a fenced code block as it is."""
    pieces, end = [], 0
    for match in VERBATIM.finditer(markdown):
        span = match["span"]
        code = ODFDO_ESCAPE.sub(r"\1", span) if span else match.group()
        pieces += [_text(markdown[end:match.start()]), code.replace(BACKSLASH, "\\")]
        end = match.end()
    return "".join([*pieces, _text(markdown[end:])])


def _text(markdown: str) -> str:
    return markdown.replace("&", "&amp;").replace("<", "&lt;").replace(BACKSLASH, "\\\\")
