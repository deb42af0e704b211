"""PowerPoint decks (.pptx) into blocks: python-pptx opens the deck, and each shown slide is written as HTML, which
the HTML reader reads.

A slide's title heads its text (a title that asks makes the slide an FAQ entry; the title slide's and section
headers' titles head the slides after them), its text boxes follow in reading order (top to bottom, then left to
right; a group's at its place), bulleted lines as a list, bold and linked runs as such, then its tables and its
speaker notes; a SmartArt diagram's text as a list nested as its points are. A contents slide, dates, footers and
slide numbers, pictures, charts and hidden slides are not text. Like a Word file, a deck is a zip: its size is
checked before it is opened.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from .archive import OLE_SIGNATURE, check_size
from .blocks import QUESTION_LABEL, Block, UnreadableFile, asks

# What a broken deck raises: a bad zip, a missing part, broken XML, values python-pptx cannot make sense of.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.LxmlError, EOFError, IndexError)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
HEADING_TITLES = {"CENTER_TITLE"}  # the title slide's title: the deck's heading (and a section header's, below)
TITLES = {"TITLE", "CENTER_TITLE", "VERTICAL_TITLE"}
NOT_TEXT = {"DATE", "FOOTER", "SLIDE_NUMBER", "HEADER", "SLIDE_IMAGE"}  # placeholders the master repeats
BULLETED = {"BODY", "OBJECT", "VERTICAL_BODY", "VERTICAL_OBJECT"}  # placeholders whose lines the master bullets
MIN_CONTENTS_TITLES, CONTENTS_SHARE = 4, 0.75  # a contents slide: this many other slides' titles, this share of it
SECTION_LAYOUTS = ("title", "secHead")  # the title slide's and section headers' layouts


def read_slides(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a PowerPoint deck."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    from .html import read_html

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_size(archive, "deck")
            has_properties = "docProps/core.xml" in archive.namelist()
        deck = Presentation(io.BytesIO(data))
        shown = [slide for slide in deck.slides if slide.element.get("show") not in ("0", "false")]
        shapes = [_in_reading_order(slide.shapes) for slide in shown]
        titles = [set(_titles(ordered)) for ordered in shapes]
        slides_titled = Counter(line for own in titles for line in own)
        slides = [_slide(slide, ordered, _contents(slide, ordered, own, slides_titled))
                  for slide, ordered, own in zip(shown, shapes, titles)]
        # Without a properties part python-pptx makes up a title ("PowerPoint Presentation"): the deck has none.
        title = " ".join(str(deck.core_properties.title or "").split()) if has_properties else ""
    except zipfile.BadZipFile:
        hint = " (an old .ppt, or a deck protected by a password: save it as .pptx)" if data.startswith(OLE_SIGNATURE) else ""
        raise UnreadableFile(f"not a PowerPoint deck (not a zip file){hint}") from None
    except RecursionError:
        raise UnreadableFile("nested too deeply to read") from None
    except (PackageNotFoundError, *BROKEN) as exc:
        raise UnreadableFile(f"not a PowerPoint deck ({type(exc).__name__}: {exc})") from None
    page = f"<html><head><title>{html.escape(title)}</title></head><body>{''.join(slides)}</body></html>"
    try:
        return read_html(path, page.encode("utf-8"))
    except UnreadableFile:
        raise UnreadableFile("the deck holds no text") from None


def _slide(slide, ordered: list, listed: frozenset[str]) -> str:
    """One slide as HTML: its title as a heading (h1 on the title slide and section headers, else h2), its other
    shapes (`ordered`: in reading order, see _in_reading_order), its speaker notes last; `listed`: the lines of a
    contents slide that list other slides, left out."""
    section = slide.slide_layout.element.get("type") in SECTION_LAYOUTS
    title, shapes = "", []
    for shape in ordered:
        kind = _placeholder(shape)
        if kind in TITLES and not title and shape.has_text_frame:
            level = 1 if section or kind in HEADING_TITLES else 2
            title = f"<h{level}>{html.escape(' '.join(shape.text_frame.text.split()))}</h{level}>"
        elif kind not in NOT_TEXT:
            shapes.append(shape)
    links = {key: str(rel.target_ref) for key, rel in slide.part.rels.items() if rel.is_external}
    parts = [title]
    for shape in shapes:
        if shape.has_text_frame:
            parts.append(_text_frame(shape.element.find(f"{P}txBody"), _placeholder(shape) in BULLETED, links, listed))
        elif shape.has_table:
            parts.append(_table(shape.table))
        elif (diagram := shape.element.find(f".//{DGM}relIds")) is not None:
            parts.append(_diagram(slide.part, diagram.get(f"{R}dm") or ""))
    if slide.has_notes_slide and (notes := slide.notes_slide.notes_placeholder) is not None:
        parts.append(_text_frame(notes.element.find(f"{P}txBody"), False, {}, frozenset()))
    return f"<section>{''.join(parts)}</section>"


def _diagram(part, data_id: str) -> str:
    """A SmartArt diagram's text as a list nested as its points are (a process's steps, a hierarchy's levels), from
    its data part: each point's text, and which point each hangs under, in which place."""
    related = part.rels.get(data_id)
    if related is None or related.is_external:
        return ""
    try:
        model = etree.fromstring(related.target_part.blob, XML_PARSER)
    except etree.LxmlError:  # a broken diagram costs its own text only
        return ""
    texts = {point.get("modelId") or "": " ".join(_plain(point).split())
             for point in model.iter(f"{DGM}pt") if point.get("type", "node") in ("node", "doc")}
    below: dict[str, list[tuple[int, str]]] = {}
    for link in model.iter(f"{DGM}cxn"):
        child, place = link.get("destId") or "", link.get("srcOrd") or ""
        if link.get("type", "parOf") == "parOf" and child in texts:
            below.setdefault(link.get("srcId") or "", []).append((_number(place), child))
    placed = {child for children in below.values() for _, child in children}
    return _list(_outline([key for key in texts if key not in placed], texts, below))


def _number(text: str) -> int:
    """A count or place written in an attribute; 0 for anything but ASCII digits."""
    return int(text) if text.isascii() and text.isdigit() else 0


def _outline(roots: list[str], texts: dict[str, str], below: dict[str, list[tuple[int, str]]]) -> list[tuple[int, str]]:
    """The points under the roots depth first, each with its depth (points without text add none) and its text;
    each point once, though a broken model links them in a circle."""
    items: list[tuple[int, str]] = []
    stack, seen = [(0, key) for key in reversed(roots)], set()
    while stack:
        depth, key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        if texts.get(key):
            items.append((depth, html.escape(texts[key])))
        stack += [(depth + bool(texts.get(key)), child) for _, child in sorted(below.get(key, []), reverse=True)]
    return items


def _contents(slide, ordered: list, own: set[str], slides_titled: Counter[str]) -> frozenset[str]:
    """The lines of a contents or agenda slide that list other slides (folded, see _folded), to leave out; none for
    another slide. A contents slide lists at least four titles of other slides (their own titles, or question
    lines they hold), three in four of its lines; a title slide or a section header is none. `own`: the slide's own
    titles; `slides_titled`: how many slides hold each title; `ordered`: its shapes in reading order."""
    if slide.slide_layout.element.get("type") in SECTION_LAYOUTS:
        return frozenset()
    lines = _body_lines(ordered)
    listed = [line for line in lines if slides_titled[line] - (line in own) > 0]  # titled on another slide
    return frozenset(listed) if len(listed) >= MIN_CONTENTS_TITLES and len(listed) >= CONTENTS_SHARE * len(lines) else frozenset()


def _titles(ordered: list) -> list[str]:
    """A slide's titles (of its shapes in reading order), folded: its own title, and the question lines it holds
    (labelled "Q:", or bold that ask)."""
    titles = []
    for shape in ordered:
        if shape.has_text_frame and _placeholder(shape) in TITLES:
            titles.append(shape.text_frame.text)
        elif shape.has_text_frame and _placeholder(shape) not in NOT_TEXT:
            titles += [_plain(p) for p in shape.element.iter(f"{A}p") if _question_line(p)]
    return [_folded(title) for title in titles]


def _body_lines(ordered: list) -> list[str]:
    """The lines of a slide's text boxes (of its shapes in reading order) other than its title, folded."""
    return [_folded(_plain(paragraph)) for shape in ordered
            if shape.has_text_frame and _placeholder(shape) not in TITLES | NOT_TEXT
            for paragraph in shape.element.iter(f"{A}p") if _plain(paragraph).strip()]


def _folded(line: str) -> str:
    """A line as lines are compared: without a "Q:" label, white space single, in any case."""
    return " ".join(QUESTION_LABEL.sub("", line.strip()).split()).casefold()


def _question_line(paragraph) -> bool:
    """Whether a paragraph asks as an entry's title: labelled "Q:", or bold and asking."""
    text = _plain(paragraph).strip()
    return bool(QUESTION_LABEL.match(text)) or (_bold(paragraph) and asks(text))


def _in_reading_order(shapes) -> list:
    """The shapes top to bottom, then left to right; a group's at the group's place, in their own order (they are
    placed in the group's own coordinates, not the slide's)."""
    from pptx.shapes.group import GroupShape

    found = []
    for shape in sorted(shapes, key=lambda s: (s.top or 0, s.left or 0)):
        found.extend(_in_reading_order(shape.shapes) if isinstance(shape, GroupShape) else [shape])
    return found


def _placeholder(shape) -> str:
    """The placeholder type's name ("TITLE", "BODY", ...), or "" for a shape of the slide's own."""
    return shape.placeholder_format.type.name if shape.is_placeholder and shape.placeholder_format.type else ""


def _text_frame(body, bulleted: bool, links: dict[str, str], listed: frozenset[str]) -> str:
    """A text frame's paragraphs as HTML: bulleted ones (the placeholder's default, or their own bullet) as list items
    nested by their level, the others as paragraphs; bold runs in <b>. A frame of questions and answers (a line
    labelled "Q:", or a bold line that asks) keeps only its own bullets, so its questions open entries. `links`: the
    slide's link targets by relationship id; `listed`: lines left out (see _contents)."""
    if body is None:
        return ""
    paragraphs = [p for p in body.iter(f"{A}p") if _plain(p).strip() and _folded(_plain(p)) not in listed]
    if any(_question_line(p) for p in paragraphs):
        bulleted = False
    parts: list[str] = []
    items: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        properties = paragraph.find(f"{A}pPr")
        own = properties is not None and (properties.find(f"{A}buChar") is not None
                                          or properties.find(f"{A}buAutoNum") is not None)
        none = properties is not None and properties.find(f"{A}buNone") is not None
        if own or (bulleted and not none):
            level = properties.get("lvl", "0") if properties is not None else "0"
            items.append((_number(level), _runs(paragraph, links)))
            continue
        parts += [_list(items), f"<p>{_runs(paragraph, links)}</p>"]
        items = []
    return "".join([*parts, _list(items)])


def _list(items: list[tuple[int, str]]) -> str:
    """Bulleted lines as a list, a line one level deeper than the one before it in a list inside that line's item."""
    out: list[str] = []
    depth = 0  # lists open
    for level, text in items:
        level = min(level, depth)  # a line two levels deeper than the one before is one deeper
        out.append("</li></ul>" * (depth - level - 1))
        depth = min(depth, level + 1)
        out.append("</li><li>" if depth == level + 1 else "<ul><li>")
        depth = level + 1
        out.append(text)
    return "".join([*out, "</li></ul>" * depth])


def _runs(paragraph, links: dict[str, str]) -> str:
    """A paragraph's runs, fields and line breaks as HTML, bold runs in <b>, linked ones in <a>."""
    out = []
    for child in paragraph:
        if child.tag == f"{A}br":
            out.append("<br>")
        elif child.tag in (f"{A}r", f"{A}fld"):
            text = html.escape(_plain(child))
            if _bold_run(child) and text.strip():
                text = f"<b>{text}</b>"
            link = child.find(f"{A}rPr/{A}hlinkClick")
            if link is not None and (target := links.get(link.get(f"{R}id") or "")):
                text = f'<a href="{html.escape(target)}">{text}</a>'
            out.append(text)
    return "".join(out)


def _plain(element) -> str:
    """The text of a paragraph or run (python-pptx's element classes repeat text in lxml's itertext)."""
    return "".join(t.text or "" for t in element.iter(f"{A}t"))


def _bold_run(run) -> bool:
    properties = run.find(f"{A}rPr")
    return properties is not None and properties.get("b") in ("1", "true")


def _bold(paragraph) -> bool:
    """Whether every run of the paragraph that holds text is bold: a title line."""
    runs = [run for run in paragraph if run.tag in (f"{A}r", f"{A}fld") and _plain(run).strip()]
    return bool(runs) and all(_bold_run(run) for run in runs)


def _table(table) -> str:
    """A table as HTML, a merged cell in its first place only."""
    rows = []
    for row in table.rows:
        cells = "".join(f"<td>{html.escape(cell.text)}</td>" for cell in row.cells if not cell.is_spanned)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table>{''.join(rows)}</table>"
