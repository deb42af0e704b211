"""HTML pages into blocks: the DOM's structure with site chrome, hidden parts and tables of contents dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bs4 import BeautifulSoup, CData, NavigableString, PageElement, ParserRejectedMarkup, Tag

from .accordions import unfold
from .blocks import SUB_ITEM, Block, Link, UnreadableFile, asks, joined_item, labelled_entries
from .chrome import dropped
from .encodings import decode_html
from .faq_schema import declared_entries, mark_declared_questions, missing_entries
from .links import safe_link, with_links
from .spans import span, spread
from .spreadsheet import faq_entries
from .stylesheet import mark_bold
from .text import title_from_name

START, END, TEXT = 0, 1, 2
BOLD, FRAGMENT, SECTIONED = 1, 2, 4  # text flags: inside b/strong, inside a link to #..., inside article/main/section
PARAGRAPH, QUESTION = 0, -1  # reading modes besides heading levels 1-6
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {*"address article blockquote body caption center dd details dialog div dl dt fieldset figcaption figure head".split(),
          *"header hgroup hr html legend li main ol p section summary table tbody td tfoot th thead tr ul".split(), *HEADINGS}
STRUCTURAL = set("dd dt dl ul ol li pre table details summary blockquote".split())  # end a heading's or question's text
LAYOUT_SIGNS = set("table pre dl dt details".split()) | set(HEADINGS)  # a list or table holding these is layout
PARAGRAPHS = set("p div ul ol blockquote".split())
ENDS_IN_QUESTION = re.compile(r"\?[\s\"'”’»)\]*_]*$")
MAX_BOLD_TITLE = 300  # a bold-only paragraph up to this long is an entry title
THIN_PAGE_BYTES, THIN_PAGE_CHARS = 20_000, 300  # an HTML file this big with less text than this is noted
SAVE_AFTER_LOADING = "a page its scripts draw holds its text once they have run: save it from the browser after it loads"

Event = tuple[int, object, int]


def read_html(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of an HTML page."""
    try:
        soup = BeautifulSoup(decode_html(data), "html.parser")
    except (ParserRejectedMarkup, AssertionError) as exc:
        raise UnreadableFile(f"broken HTML ({exc})") from None
    declared = declared_entries(soup)  # before reading: scripts are not text
    _entry_lists(soup)
    mark_declared_questions(soup)
    unfold(soup)
    mark_bold(soup)
    events = list(_events(soup))
    reader = _Reader(_layout(events))
    reader.run(iter(events))
    title = _collapse(tag.get_text()) if isinstance(tag := soup.find("title"), Tag) else ""
    first_h1 = next((b.text for b in reader.blocks if b.kind == "heading" and b.level == 1), "")
    title = title or first_h1 or title_from_name(path)
    blocks = labelled_entries(reader.blocks) + missing_entries(declared, reader.blocks, title)
    if not blocks:
        raise UnreadableFile("the HTML page holds no text" + (f" ({SAVE_AFTER_LOADING})" if len(data) >= THIN_PAGE_BYTES else ""))
    return title, with_links(blocks, _links(events))


def thin_page(data: bytes, blocks: list[Block]) -> str:
    """A note for an HTML file whose text is a sliver of its size (a page drawn by scripts, saved before they ran);
    empty otherwise."""
    chars = sum(len(text) for block in blocks for text in block.texts)
    if len(data) < THIN_PAGE_BYTES or chars >= THIN_PAGE_CHARS:
        return ""
    return f"only {chars} characters of text in {len(data) // 1000} KB of HTML ({SAVE_AFTER_LOADING})"


def _entry_lists(soup: BeautifulSoup) -> None:
    """Lists whose items are FAQ entries, an emphasised title over paragraphs ("<li><em>Why ...</em><p>...</p></li>"),
    made into entries: each title a question (as a <dt> is), the list and its items plain sections."""
    for listing in soup.find_all(["ol", "ul"]):
        items = listing.find_all("li", recursive=False)
        titles = [title for item in items if (title := _entry_title(item)) is not None]
        if len(items) >= 2 and len(titles) >= 0.8 * len(items):
            for title in titles:
                title.name = "dt"
            for item in items:
                item.name = "div"
            listing.name = "div"


def _entry_title(item: Tag) -> Tag | None:
    """The item's opening emphasis when paragraphs follow it: the title of an entry."""
    children = [child for child in item.contents if not (isinstance(child, NavigableString) and not child.strip())]
    first = children[0] if children else None
    if (isinstance(first, Tag) and first.name in ("em", "i", "b", "strong")
            and any(isinstance(child, Tag) and child.name in ("p", "div", "pre") for child in children[1:])):
        return first
    return None


def _links(events: Iterable[Event]) -> Iterator[Link]:
    """The page's links with safe targets, as (text, target), from the kept elements only."""
    anchor: Tag | None = None
    text: list[str] = []
    for kind, node, _ in events:
        if kind == START and isinstance(node, Tag) and node.name == "a" and node.get("href"):
            anchor, text = node, []
        elif kind == TEXT and anchor is not None and isinstance(node, str):
            text.append(node)
        elif kind == END and anchor is not None and node is anchor:
            link = safe_link("".join(text), str(anchor.get("href")))
            if link:
                yield link
            anchor = None


def _collapse(text: str) -> str:
    return " ".join(text.replace("\u200b", "").split())


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _events(root: Tag) -> Iterator[Event]:
    """START/END of each kept element and its TEXT in document order, walked with an explicit stack."""
    stack: list[tuple[PageElement, int, bool]] = [(root, 0, False)]
    while stack:
        node, flags, end = stack.pop()
        if end:
            yield END, node, flags
        elif isinstance(node, Tag):
            if dropped(node, bool(flags & SECTIONED)):
                continue
            name = node.name
            if name in ("b", "strong"):
                flags |= BOLD
            elif name == "a" and str(node.get("href") or "").strip().startswith("#"):
                flags |= FRAGMENT
            elif name in ("article", "main", "section"):
                flags |= SECTIONED
            yield START, node, flags
            stack.append((node, flags, True))
            stack.extend((child, flags, False) for child in reversed(node.contents))
        elif type(node) is NavigableString or isinstance(node, CData):
            yield TEXT, str(node), flags


def _layout(events: Iterable[Event]) -> set[int]:
    """Ids of the lists and tables to read as containers of blocks, not as one list or table."""
    layout: set[int] = set()
    open_: list[list] = []  # [element, has layout signs, rows, cells in this row, most cells in a row, blocks in cell]
    for kind, node, _ in events:
        if kind == START and isinstance(node, Tag):
            name = node.name
            if open_:
                top = open_[-1]
                top[1] = top[1] or name in LAYOUT_SIGNS
                if top[0].name == "table" and name == "tr":
                    top[2], top[3], top[4], top[5] = top[2] + 1, 0, max(top[3], top[4]), 0
                elif top[0].name == "table" and name in ("td", "th"):
                    top[3], top[5] = top[3] + 1, 0
                elif top[0].name == "table" and name in PARAGRAPHS:
                    top[5] += 1
                    top[1] = top[1] or top[5] > 1
            if name in ("ul", "ol", "table"):
                open_.append([node, False, 0, 0, 0, 0])
        elif kind == END and open_ and open_[-1][0] is node:
            element, signs, rows, cells, most, _ = open_.pop()
            if signs or (element.name == "table" and (max(cells, most) < 2 or rows < 2)):
                layout.add(id(element))
            if open_:
                open_[-1][1] = open_[-1][1] or signs
    return layout


class _Reader:
    """Turns the event stream into blocks; lists, tables and `pre` read their own events."""

    def __init__(self, layout: set[int]) -> None:
        self.layout = layout
        self.blocks: list[Block] = []
        self.pieces: list[tuple[str, int]] = []  # the text being gathered, with its flags
        self.mode = PARAGRAPH
        self.level = 0  # of the last h1-h6
        self.after_break = False
        self.open: list[tuple[Tag, int]] = []  # block elements entered, with the mode to go back to

    def run(self, events: Iterator[Event]) -> None:
        for kind, node, flags in events:
            if kind == TEXT and isinstance(node, str):
                self.pieces.append((node, flags))
                self.after_break = self.after_break and not node.strip()
            elif kind == END:
                if self.open and self.open[-1][0] is node:
                    self.flush()
                    self.mode = self.open.pop()[1]
            elif isinstance(node, Tag):
                self.start(node, flags, events)
        self.flush()

    def start(self, tag: Tag, flags: int, events: Iterator[Event]) -> None:
        name = tag.name
        if name == "br":
            if self.after_break and self.mode == PARAGRAPH:
                self.flush()
            else:
                self.pieces.append((" ", flags))
                self.after_break = True
        elif name == "pre" or (name in ("ul", "ol", "table") and id(tag) not in self.layout):
            self.flush()
            if name == "pre":
                self.code(tag, events)
            else:
                self.list_or_table(tag, events)
        elif name in BLOCKS or "-" in name:
            if self.mode != PARAGRAPH and name not in STRUCTURAL:
                return  # a <div> or <p> inside a heading, <dt> or <summary> is part of its text
            self.flush()
            self.open.append((tag, self.mode))
            self.mode = HEADINGS.get(name, QUESTION if name in ("dt", "summary") else PARAGRAPH)

    def flush(self) -> None:
        pieces, self.pieces, self.after_break = self.pieces, [], False
        text = _collapse("".join(piece for piece, _ in pieces))
        if not text:
            return
        if self.mode > 0:
            self.level = self.mode
            self.blocks.append(Block("heading", text, level=self.mode))
            return
        words = [flags for piece, flags in pieces if _has_word(piece)]
        bold = bool(words) and all(flags & BOLD for flags in words)
        asked = bool(ENDS_IN_QUESTION.search(text))
        # A bold line over text is an entry's title, asked or not; not a statement opening the answer to one asked.
        last = self.blocks[-1] if self.blocks else None
        answers = not asked and last is not None and last.kind in ("heading", "question") and asks(last.text)
        if self.mode == QUESTION or (bold and not answers and (asked or len(text) <= MAX_BOLD_TITLE)):
            self.blocks.append(Block("question", text))
        elif words and all(flags & FRAGMENT for flags in words):
            return  # only links within the page: a table of contents
        else:
            self.blocks.append(Block("paragraph", text))

    def code(self, pre: Tag, events: Iterator[Event]) -> None:
        parts = []
        for kind, node, _ in events:
            if kind == END and node is pre:
                break
            if kind == TEXT and isinstance(node, str):
                parts.append(node)
            elif kind == START and isinstance(node, Tag) and node.name == "br":
                parts.append("\n")
        text = "".join(parts).removeprefix("\n").removesuffix("\n")
        if text.strip():
            self.blocks.append(Block("code", text))

    def list_or_table(self, element: Tag, events: Iterator[Event]) -> None:
        """A list's items (a nested list joins its item) or a table's rows of cells; text outside them leads."""
        is_table = element.name == "table"
        entries: list[list[list[tuple[str, int]]]] = [[]] if is_table else []  # rows of cells, or items as one-cell rows
        spans: list[list[tuple[int, int]]] = [[]]  # a table's cells' (rowspan, colspan), row by row
        outside: list[tuple[str, int]] = []  # a caption, or stray text
        nested = 0
        for kind, node, flags in events:
            if kind == END and node is element:
                break
            name = node.name if isinstance(node, Tag) else ""
            if kind == TEXT and isinstance(node, str):
                (entries[-1][-1] if entries and entries[-1] else outside).append((node, flags))
            elif name in ("ul", "ol"):
                nested += 1 if kind == START else -1
            elif kind == START and ((name == "li" and not nested) or name == "tr"):
                entries.append([] if is_table else [[]])
                spans.append([])
            elif kind == START and is_table and name in ("td", "th"):
                entries[-1].append([])
                spans[-1].append((span(node, "rowspan"), span(node, "colspan")))
            elif kind == START and name == "caption":
                entries.append([])  # an empty row: the caption's text goes to `outside`
                spans.append([])
            elif kind == START and name == "li" and nested and entries and entries[-1]:
                entries[-1][-1].append((SUB_ITEM, flags))  # a nested list's item, written out by joined_item
            elif kind == START and (name in BLOCKS or name == "br") and entries and entries[-1]:
                entries[-1][-1].append((" ", flags))
        words = [flags for entry in [*entries, [outside]] for cell in entry for piece, flags in cell if _has_word(piece)]
        if words and all(flags & FRAGMENT for flags in words):
            return
        lead = _collapse("".join(piece for piece, _ in outside))
        if lead:
            self.blocks.append(Block("paragraph", lead))
        rows = [tuple(joined_item("".join(piece for piece, _ in cell).replace("\u200b", "")) for cell in entry)
                for entry in entries]
        if is_table and any(cell != (1, 1) for row in spans for cell in row):
            rows = spread(rows, spans)
        rows = [row for row in rows if any(row)]
        if is_table and rows:  # a table of questions beside their answers (no categories of its own) is FAQ entries
            faq = faq_entries(rows)
            self.blocks += faq if faq and not any(b.kind == "heading" for b in faq) else [Block("table", rows=tuple(rows))]
        elif rows:
            self.blocks.append(Block("list", items=tuple(row[0] for row in rows)))
