"""Pure functions that cut a Document into Chunks along its own structure.

The documents are plain text: headings are short lines without a
full stop, FAQ questions end in `?` with the answer on the next line, tables are
`a | b |` rows under a header and a `---|---|` line, lists are `-` or `➤` lines
under a lead-in sentence. Markdown `#` headings and `|`-framed tables work too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from ..config import ChunkerSettings
from .files import Document

ChunkKind = Literal["faq", "paragraph", "table", "list"]
UnitRole = Literal["question", "sentence", "lead_in", "header", "row", "item"]
LineKind = Literal["heading", "question", "table_row", "table_separator", "list_item", "paragraph"]
KINDS: tuple[ChunkKind, ...] = get_args(ChunkKind)

_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
LIST_ITEM = re.compile(r"^(?:[-*•➤►▪◦]|\d{1,3}[.)])\s+")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_MAX_HEADING_CHARS = 120
_MAX_HEADING_WORDS = 16
_MAX_LEAD_IN_CHARS = 300
DEFAULT_CHUNKER = ChunkerSettings()


@dataclass(frozen=True)
class Unit:
    """The smallest quotable piece of a chunk: a sentence, a table row, a list item."""

    role: UnitRole
    text: str
    cells: tuple[str, ...] = ()  # a table's header or row: its cells

    def to_dict(self) -> dict:
        return {"role": self.role, "text": self.text, **({"cells": list(self.cells)} if self.cells else {})}

    @classmethod
    def from_dict(cls, data: dict) -> Unit:
        return cls(data["role"], data["text"], tuple(data.get("cells", ())))


@dataclass(frozen=True)
class Chunk:
    """A passage with its structure: the renderers and the search read `units`, never re-parse `text`."""

    id: str
    doc_id: str
    section: str
    kind: ChunkKind
    text: str  # lines joined by "\n": faq = question then answer; table/list = lead-in (optional) then rows/items
    units: tuple[Unit, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "doc_id": self.doc_id, "section": self.section, "kind": self.kind, "text": self.text,
                "units": [unit.to_dict() for unit in self.units]}

    @classmethod
    def from_text(cls, id: str, doc_id: str, section: str, kind: ChunkKind, text: str) -> Chunk:
        """A chunk whose units are read from its text by the chunker's conventions."""
        return cls(id, doc_id, section, kind, text, _units(kind, text))

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        if data["kind"] not in KINDS:
            raise ValueError(f"unknown chunk kind {data['kind']!r}")
        units = tuple(Unit.from_dict(unit) for unit in data["units"])
        return cls(data["id"], data["doc_id"], data["section"], data["kind"], data["text"], units)


@lru_cache(maxsize=4096)
def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences of a paragraph, by sentencex (abbreviation- and number-aware)."""
    from sentencex import segment

    return tuple(s.strip() for s in segment("en", text) if s.strip())


def classify(line: str) -> LineKind:
    """One of: heading, question, table_row, table_separator, list_item, paragraph."""
    if _MARKDOWN_HEADING.match(line):
        return "heading"
    if _TABLE_SEPARATOR.match(line):
        return "table_separator"
    if line.count("|") >= 2 and (line.endswith("|") or line.startswith("|")):
        return "table_row"
    if LIST_ITEM.match(line):
        return "list_item"
    if line.endswith("?") and len(line) <= 2 * _MAX_HEADING_CHARS and len(split_sentences(line)) == 1:
        return "question"
    if (
        len(line) <= _MAX_HEADING_CHARS
        and len(line.split()) <= _MAX_HEADING_WORDS
        and not line.endswith((".", "!", ":", ";", ","))
        and any(ch.isalpha() for ch in line)
    ):
        return "heading"
    return "paragraph"


def clean_heading(line: str) -> str:
    return _MARKDOWN_HEADING.sub("", line).strip().rstrip("#").strip()


def chunk_document(document: Document, settings: ChunkerSettings = DEFAULT_CHUNKER) -> list[Chunk]:
    """Cut one document into chunks; every chunk carries the heading of its section."""
    lines = [line.strip() for line in document.text.splitlines()]
    lines = [line for line in lines if line]
    kinds = [classify(line) for line in lines]
    blocks: list[tuple[str, ChunkKind, list[str]]] = []  # (section, kind, lines)
    section = document.title
    i = 0
    while i < len(lines):
        kind: LineKind = kinds[i]
        line = lines[i]
        if kind == "question":
            answer_end = i + 1
            while answer_end < len(lines) and kinds[answer_end] == "paragraph":
                answer_end += 1
            if answer_end - i == 2:  # one answer paragraph: an FAQ pair
                blocks.append((section, "faq", [line, lines[i + 1]]))
                i += 2
                continue
            kind = "heading"  # a question-shaped heading over several paragraphs, a list or a table
        if kind == "heading":
            section = clean_heading(line)
            i += 1
        elif kind in ("table_row", "table_separator", "list_item"):
            block_kind: ChunkKind = "list" if kind == "list_item" else "table"
            members = ("list_item",) if block_kind == "list" else ("table_row", "table_separator")
            end = i
            while end < len(lines) and kinds[end] in members:
                end += 1
            lead_in = _take_lead_in(blocks, section)
            blocks.append((section, block_kind, [*lead_in, *lines[i:end]]))
            i = end
        else:
            blocks.append((section, "paragraph", [line]))
            i += 1
    chunks: list[Chunk] = []
    for block_section, block_kind, block_lines in blocks:
        for text in _fit(block_kind, block_lines, settings.max_chars):
            chunks.append(Chunk.from_text(f"{document.id}#{len(chunks)}", document.id, block_section, block_kind, text))
    return chunks


def _take_lead_in(blocks: list, section: str) -> list[str]:
    """Move the paragraph just before a list or table (ending in ':') into it as its lead-in."""
    if not blocks:
        return []
    last_section, last_kind, last_lines = blocks[-1]
    if last_kind != "paragraph" or last_section != section or not last_lines[0].endswith(":"):
        return []
    paragraph = last_lines[0]
    if len(paragraph) <= _MAX_LEAD_IN_CHARS:
        blocks.pop()
        return [paragraph]
    sentences = split_sentences(paragraph)
    blocks[-1] = (last_section, last_kind, [" ".join(sentences[:-1])])
    return [sentences[-1]]


def _fit(kind: ChunkKind, lines: list[str], max_chars: int) -> list[str]:
    """The block's text, split into pieces of at most max_chars where it is longer.

    Paragraphs split between sentences; tables between rows, each piece with the
    header repeated; lists between items, each piece with the lead-in repeated.
    A single sentence, row or item longer than max_chars is kept whole.
    """
    text = "\n".join(lines)
    if len(text) <= max_chars:
        return [text]
    if kind in ("paragraph", "faq"):
        question = [lines[0]] if kind == "faq" else []
        units = split_sentences(lines[-1])
        return _pack(question, list(units), " ", max_chars)
    head, body = _split_head(kind, lines)
    return _pack(head, body, "\n", max_chars)


def _split_head(kind: ChunkKind, lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines every piece repeats (lead-in; table header and separator) and the rest."""
    if kind == "list":
        head = [lines[0]] if classify(lines[0]) != "list_item" else []
        return head, lines[len(head):]
    separator = next((n for n, line in enumerate(lines) if _TABLE_SEPARATOR.match(line)), None)
    if separator is None:
        first_row = next(n for n, line in enumerate(lines) if classify(line) == "table_row")
        return lines[: first_row + 1], lines[first_row + 1 :]
    return lines[: separator + 1], lines[separator + 1 :]


def _pack(head: list[str], units: list[str], joiner: str, max_chars: int) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    head_text = "\n".join(head)

    def render(members: list[str]) -> str:
        body = joiner.join(members)
        return f"{head_text}\n{body}" if head_text else body

    for unit in units:
        if current and len(render([*current, unit])) > max_chars:
            pieces.append(render(current))
            current = []
        current.append(unit)
    if current:
        pieces.append(render(current))
    return pieces


def chunk_corpus(documents: list[Document], settings: ChunkerSettings = DEFAULT_CHUNKER) -> list[Chunk]:
    return [chunk for document in documents for chunk in chunk_document(document, settings)]


def _units(kind: ChunkKind, text: str) -> tuple[Unit, ...]:
    """A piece's text as an ordered list of units, its structure made explicit."""
    lines = text.split("\n")
    if kind == "faq":
        return (Unit("question", lines[0]), *(Unit("sentence", s) for s in split_sentences(" ".join(lines[1:]))))
    if kind == "paragraph":
        return tuple(Unit("sentence", s) for s in split_sentences(text))
    units: list[Unit] = []
    seen_header = False
    for line in lines:
        line_kind = classify(line)
        if kind == "list" and line_kind == "list_item":
            units.append(Unit("item", line))
        elif kind == "table" and line_kind == "table_row":
            units.append(Unit("row" if seen_header else "header", line, table_cells(line)))
            seen_header = True
        elif line_kind != "table_separator":
            units.append(Unit("lead_in", line))
    return tuple(units)


def table_cells(row: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in row.strip().strip("|").split("|"))
