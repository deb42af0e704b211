"""Cut a document's block stream into Chunks along its structure: FAQ entries, paragraphs, lists, tables, code."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from ..config import ChunkerSettings
from ..words import fold
from .blocks import Block, Link, asks
from .files import Document
from .links import links_in

ChunkKind = Literal["faq", "paragraph", "table", "list", "code"]
UnitRole = Literal["question", "sentence", "lead_in", "header", "row", "item", "code", "gap"]  # gap: only in an excerpt
KINDS: tuple[ChunkKind, ...] = get_args(ChunkKind)
PATH_SEPARATOR = " › "
MAX_LEAD_IN_CHARS = 300
DEFAULT_CHUNKER = ChunkerSettings()


@dataclass(frozen=True)
class Unit:
    """The smallest quotable piece of a chunk: a sentence, a table row, a list item, a code block."""

    role: UnitRole
    text: str
    cells: tuple[str, ...] = ()  # a table's header or row: its cells
    block: int = 0  # the block of the chunk it comes from: sentences of one block form one paragraph
    links: tuple[Link, ...] = ()  # the links the document makes on words of this unit

    def to_dict(self) -> dict:
        return {"role": self.role, "text": self.text, "block": self.block,
                **({"cells": list(self.cells)} if self.cells else {}),
                **({"links": [list(link) for link in self.links]} if self.links else {})}

    @classmethod
    def from_dict(cls, data: dict) -> Unit:
        links = tuple((str(text), str(href)) for text, href in data.get("links", ()))
        return cls(data["role"], data["text"], tuple(data.get("cells", ())), int(data.get("block", 0)), links)


@dataclass(frozen=True)
class Chunk:
    """A passage with its structure: the renderers and the search read `units`, never re-parse `text`."""

    id: str
    doc_id: str
    section: str  # the heading path, " › " between levels (the document's title when it has no heading)
    kind: ChunkKind
    text: str  # the units as plain text (render_units)
    units: tuple[Unit, ...]

    @property
    def heading(self) -> str:
        """The deepest heading of the section path."""
        return self.section.rsplit(PATH_SEPARATOR, 1)[-1]

    def to_dict(self) -> dict:
        return {"id": self.id, "doc_id": self.doc_id, "section": self.section, "kind": self.kind, "text": self.text,
                "units": [unit.to_dict() for unit in self.units]}

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        if data["kind"] not in KINDS:
            raise ValueError(f"unknown chunk kind {data['kind']!r}")
        units = tuple(Unit.from_dict(unit) for unit in data["units"])
        return cls(data["id"], data["doc_id"], data["section"], data["kind"], data["text"], units)


@lru_cache(maxsize=4096)
def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences of a paragraph, by sentencex (abbreviation- and number-aware); a sentence ends only where white
    space follows its stop, so "1.1.X" or "file.txt.Then" stays whole (sentencex cuts before a capital)."""
    from sentencex import segment

    sentences: list[str] = []
    for piece in segment("en", text):  # the pieces keep the white space after them: they join back to the text
        if sentences and not sentences[-1][-1:].isspace():
            sentences[-1] += piece
        else:
            sentences.append(piece)
    return tuple(s.strip() for s in sentences if s.strip())


def table_line(cells: Sequence[str]) -> str:
    return " | ".join(cells) + " |"


def render_units(units: Iterable[Unit]) -> str:
    """Units as plain text: a block's sentences as one paragraph, every other unit on lines of its own."""
    lines: list[str] = []
    previous: Unit | None = None
    for unit in units:
        if unit.role == "sentence" and previous is not None and previous.role == "sentence" and previous.block == unit.block:
            lines[-1] += " " + unit.text
        elif unit.role == "item":
            lines.append(f"- {unit.text}")
        else:
            lines.append(unit.text)
            if unit.role == "header":
                lines.append("|".join("---" for _ in unit.cells) + "|")
        previous = unit
    return "\n".join(lines)


def block_units(block: Block, number: int) -> list[Unit]:
    """The units of one block: sentences, items, header and rows, or the code; each with the links on its words."""
    if block.kind == "paragraph":
        sentences = split_sentences(block.text) or (block.text,)
        return [Unit("sentence", s, block=number, links=links_in(s, block.links)) for s in sentences]
    if block.kind == "list":
        return [Unit("item", item, block=number, links=links_in(item, block.links)) for item in block.items]
    if block.kind == "table":
        return [Unit("header" if n == 0 else "row", table_line(row), tuple(row), number, links_in(table_line(row), block.links))
                for n, row in enumerate(block.rows)]
    if block.kind == "code":
        return [Unit("code", block.text, block=number)]
    return [Unit("question" if block.kind == "question" else "lead_in", block.text, block=number,
                 links=links_in(block.text, block.links))]


def is_entry(block: Block) -> bool:
    """Whether a block opens an FAQ entry: a question block, or a heading that asks a question."""
    return block.kind == "question" or (block.kind == "heading" and asks(block.text))


@dataclass
class _Section:
    path: tuple[str, ...]
    kind: ChunkKind
    blocks: list[Block]
    lead_in: str = ""  # the sentence before a list or table that introduces it


def sections(document: Document) -> list[_Section]:
    """The document as runs of blocks under their heading path: FAQ entries whole, other blocks one by one."""
    runs: list[_Section] = []
    stack: list[tuple[int, str]] = []  # (level, heading) of the enclosing headings
    entry: _Section | None = None

    def heading_path() -> tuple[str, ...]:
        return tuple(text for _, text in stack if fold(text) != fold(document.title))

    entry_levels = _entry_levels(document.blocks)
    for block, after in zip(document.blocks, [*document.blocks[1:], None]):
        if block.kind in ("heading", "question"):
            # A question opens an entry below the current heading, or beside it at its own level if it has one.
            level = block.level if block.kind == "heading" or block.level else (stack[-1][0] + 1 if stack else 1)
            while stack and stack[-1][0] >= level:
                stack.pop()
            path = heading_path()
            if is_entry(block) or (block.kind == "heading" and level in entry_levels and _is_content(after)):
                entry = _Section((*path, block.text), "faq", [block])
                runs.append(entry)
            else:
                entry = None
            if block.kind == "heading":
                stack.append((level, block.text))
        elif entry is not None:
            entry.blocks.append(block)
        else:
            path = heading_path() or (document.title,)
            runs.append(_Section(path, "paragraph" if block.kind == "paragraph" else block.kind, [block]))  # type: ignore[arg-type]
    return [run for run in runs if run.kind != "faq" or len(run.blocks) > 1]


def _entry_levels(blocks: Sequence[Block]) -> set[int]:
    """Heading levels where the document's headings over text mostly ask: there a heading stating a problem over text
    opens an FAQ entry too ("I installed something globally, but I can't require() it")."""
    asked: Counter[int] = Counter()
    stated: Counter[int] = Counter()
    for block, after in zip(blocks, blocks[1:]):
        if block.kind == "heading" and _is_content(after):
            (asked if asks(block.text) else stated)[block.level] += 1
    return {level for level, count in asked.items() if count >= 3 and count >= 2 * stated[level]}


def _is_content(block: Block | None) -> bool:
    return block is not None and block.kind not in ("heading", "question")


def _with_lead_ins(runs: list[_Section]) -> list[_Section]:
    """A paragraph ending in ':' just before a list or table of the same section moves into it as its lead-in."""
    merged: list[_Section] = []
    for run in runs:
        previous = merged[-1] if merged else None
        if (run.kind in ("list", "table") and previous is not None and previous.kind == "paragraph"
                and previous.path == run.path and previous.blocks[-1].text.endswith(":")):
            lead = previous.blocks[-1].text
            if len(lead) > MAX_LEAD_IN_CHARS:
                sentences = split_sentences(lead)
                previous.blocks[-1] = Block("paragraph", " ".join(sentences[:-1]))
                lead = sentences[-1]
            else:
                merged.pop()
            run = _Section(run.path, run.kind, run.blocks, lead)
        merged.append(run)
    return merged


def _pieces(run: _Section, max_chars: int) -> list[tuple[Unit, ...]]:
    """The run's units, packed into pieces of at most max_chars; every piece repeats the run's head.

    The head is an FAQ entry's question, a list's or table's lead-in, and a table's header.
    A single unit longer than max_chars is kept whole.
    """
    units = [Unit("lead_in", run.lead_in, block=-1)] if run.lead_in else []
    for number, block in enumerate(run.blocks):
        if run.kind == "faq" and number == 0:
            units.append(Unit("question", block.text, links=links_in(block.text, block.links)))  # the entry's question
        else:
            units += block_units(block, number)
    size = 0
    while size < len(units) and units[size].role in ("question", "lead_in"):
        size += 1
    if size < len(units) and units[size].role == "header":
        size += 1
    head, body = units[:size], units[size:]
    if len(render_units(units)) <= max_chars or not body:
        return [tuple(units)]
    groups: list[list[Unit]] = []
    for unit in body:
        if groups and groups[-1][-1].block == unit.block:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    pieces: list[tuple[Unit, ...]] = []
    current: list[Unit] = []
    for group in groups:  # whole blocks while they fit; a block too long for any piece is split between its units
        if current and len(render_units([*head, *current, *group])) > max_chars:
            pieces.append((*head, *current))
            current = []
        for unit in group:
            if current and len(render_units([*head, *current, unit])) > max_chars:
                pieces.append((*head, *current))
                current = []
            current.append(unit)
    pieces.append((*head, *current))
    return pieces


def chunk_id(doc_id: str, section: str, text: str) -> str:
    """A passage's id, the same in every build while its document, section and text are: `faq.md#3f9a1c2e`."""
    digest = hashlib.sha256(f"{section}\n{text}".encode()).hexdigest()[:8]
    return f"{doc_id}#{digest}"


def chunk_document(document: Document, settings: ChunkerSettings = DEFAULT_CHUNKER) -> list[Chunk]:
    """Cut one document into chunks; every chunk carries the heading path of its section."""
    chunks: list[Chunk] = []
    for run in _with_lead_ins(sections(document)):
        for units in _pieces(run, settings.max_chars):
            if not render_units(units).strip():
                continue
            section, text = PATH_SEPARATOR.join(run.path), render_units(units)
            chunks.append(Chunk(chunk_id(document.id, section, text), document.id, section, run.kind, text, units))
    return chunks


def chunk_corpus(documents: list[Document], settings: ChunkerSettings = DEFAULT_CHUNKER) -> list[Chunk]:
    """Every document's chunks; a passage already indexed from an earlier file is indexed once."""
    seen: set[str] = set()
    kept = []
    for document in documents:
        for chunk in chunk_document(document, settings):
            key = " ".join(fold(chunk.text).split())
            if key not in seen:
                seen.add(key)
                kept.append(chunk)
    return kept
