"""CSV files into blocks: an FAQ kept as a spreadsheet (a question column, an answer column, maybe a category) reads
as FAQ entries; any other table as a table.

The columns are told by their cells, not their names: the question column is the one whose cells mostly ask, a
category column holds a few short values that repeat, the other columns of words answer (numbers and dates do not).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .blocks import Block, UnreadableFile, asks
from .text import decode_text, title_from_name

ASKING_SHARE = 0.5  # of a column's cells that ask: the question column
CATEGORY_CHARS = 60  # a category's values are short
MAX_FIELD_CHARS = 1_000_000  # csv's own limit is 128 KB a cell
DELIMITERS = ",;\t|"


def read_csv(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a CSV file."""
    rows = _rows(decode_text(data), tabbed=path.suffix.lower() == ".tsv")
    if not rows:
        raise UnreadableFile("the CSV file holds no text")
    return title_from_name(path), _entries(rows) or [Block("table", rows=tuple(rows))]


def _rows(text: str, tabbed: bool) -> list[tuple[str, ...]]:
    """The rows that hold a letter or digit, cells stripped and as wide as the widest row. Cells are parted by tabs
    in a .tsv file, else by what csv's Sniffer finds (comma, semicolon, tab, bar), else by the one of those the first
    line uses most."""
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel_tab
    if not tabbed:
        try:
            dialect = csv.Sniffer().sniff(text[:8192], delimiters=DELIMITERS)
        except csv.Error:
            first = text.split("\n", 1)[0]
            dialect = type("Sniffed", (csv.excel,), {"delimiter": max(DELIMITERS, key=first.count)})
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        rows = [tuple(cell.strip() for cell in row) for row in csv.reader(text.splitlines(keepends=True), dialect)]
    except csv.Error as exc:
        raise UnreadableFile(f"broken CSV ({exc})") from None
    rows = [row for row in rows if any(ch.isalnum() for cell in row for ch in cell)]  # no row of bare separators
    width = max((len(row) for row in rows), default=0)
    return [row + ("",) * (width - len(row)) for row in rows]


def _entries(rows: list[tuple[str, ...]]) -> list[Block]:
    """FAQ entries, one a row, when a column asks; [] otherwise. The row's other worded cells answer, in the sheet's
    order (numbers, dates and ids are no text); a header row of short labels ("Question", "Answer") is left out; a
    category column's value heads the entries under it."""
    question = _question_column(rows)
    if question is None:
        return []
    if not asks(rows[0][question]) and max(map(len, rows[0])) <= CATEGORY_CHARS:
        rows = rows[1:]
    others = [n for n in range(len(rows[0])) if n != question and _worded(row[n] for row in rows)]
    category = _category_column(rows, others)
    answers = [n for n in others if n != category]
    if not answers:
        return []
    blocks: list[Block] = []
    heading = None
    for row in rows:
        if not row[question]:
            continue
        if category is not None and row[category] and row[category] != heading:
            heading = row[category]
            blocks.append(Block("heading", heading, level=1))
        blocks.append(Block("question", " ".join(row[question].split())))
        for n in answers:
            blocks += [Block("paragraph", " ".join(part.split())) for part in re.split(r"\n\s*\n", row[n]) if part.strip()]
    return blocks


def _question_column(rows: list[tuple[str, ...]]) -> int | None:
    """The column whose cells mostly ask, if any."""
    if not rows:
        return None
    shares = [sum(asks(row[n]) for row in rows) / len(rows) for n in range(len(rows[0]))]
    best = max(range(len(shares)), key=shares.__getitem__)
    return best if shares[best] >= ASKING_SHARE else None


def _category_column(rows: list[tuple[str, ...]], columns: list[int]) -> int | None:
    """A column of short values that repeat (at most half as many as the rows), which groups the entries."""
    for n in columns:
        values = [row[n] for row in rows if row[n]]
        if len(values) >= 4 and len(set(values)) <= len(values) / 2 and max(map(len, values)) <= CATEGORY_CHARS:
            return n
    return None


def _worded(cells) -> bool:
    """Whether a column's cells hold words (not only numbers, dates or codes like "A-12")."""
    return any(sum(ch.isalpha() for ch in cell) >= 3 for cell in cells)
