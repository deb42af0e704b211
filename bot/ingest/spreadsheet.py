"""CSV files into blocks: an FAQ kept as a spreadsheet or exported from a help desk reads as FAQ entries; any other
table as a table.

Columns are told by their header's label where it names one ("Question", "Title", "Answer", "Body", "Category"),
else by their cells: the question column is the one whose cells mostly ask, a category column holds short values in
runs, and the other columns of words answer, in the sheet's order. Flags, addresses, codes, numbers and dates are
not text. A row with no question goes on the entry above it, or heads a section when it only names one.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from .blocks import Block, UnreadableFile, asks
from .encodings import decode_html
from .text import title_from_name

DELIMITERS = ",;\t|"
SAMPLE_CHARS = 65_536  # of the file, to choose its delimiter
MAX_COLUMNS = 200  # cells past this column are joined into the last one
ASKING_SHARE = 0.5  # of a column's cells that ask: the question column
LABEL_CHARS = 40  # a header's labels are short
MIN_ANSWER_CHARS = 20  # a row's answer cells hold this much text on average in an FAQ (not "Open", "alice")
QUESTION_LABELS = re.compile(r"^(?:q|questions?|title|subject|frage|pregunta|domanda)$")
ANSWER_LABELS = re.compile(r"^(?:a|answers?|body|content|response|reply|solution|description|text|antwort|"
                           r"r[ée]ponse|respuesta|risposta)$")
CATEGORY_LABELS = re.compile(r"^(?:category|categories|section|topic|folder|group|kategorie|cat[ée]gorie)$")
HTML = re.compile(r"<(?:p|br|div|ul|ol|li|b|strong|em|i|a|h[1-6]|table|pre|code)\b[^>]*>", re.I)
NOT_TEXT = re.compile(r"^(?:true|false|[01tf]|[a-z]{2}(?:[-_][a-z]{2,4})?|https?://\S+|\S*\d\S*)$", re.I)


def read_csv(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a CSV (or, by its suffix, tab-separated) file."""
    rows = _rows(decode_html(data, "a spreadsheet"), tabbed=path.suffix.lower() == ".tsv")
    if not rows:
        raise UnreadableFile("the CSV file holds no text")
    return title_from_name(path), faq_entries(rows) or [Block("table", rows=tuple(rows))]


def _rows(text: str, tabbed: bool) -> list[tuple[str, ...]]:
    """The file's rows as a grid (see grid). A .tsv file's cells are parted by tabs, quotes being text; a .csv file's
    by the delimiter that gives its first records the steadiest width."""
    options = {"delimiter": "\t", "quoting": csv.QUOTE_NONE} if tabbed else {"delimiter": _delimiter(text)}
    try:
        return grid(csv.reader(io.StringIO(text, newline=""), csv.excel, **options))
    except csv.Error as exc:  # a cell over csv's 128 KB, a NUL
        raise UnreadableFile(f"broken CSV ({exc})") from None


def grid(rows: Iterable[Sequence[str]]) -> list[tuple[str, ...]]:
    """The rows that hold a letter or digit, cells stripped, trailing empty cells dropped, then as wide as the widest
    row (at most MAX_COLUMNS: cells past it are joined into the last)."""
    kept = [row for row in map(_trimmed, rows) if any(ch.isalnum() for cell in row for ch in cell)]
    width = max((len(row) for row in kept), default=0)
    return [row + ("",) * (width - len(row)) for row in kept]


def _trimmed(row: Sequence[str]) -> tuple[str, ...]:
    cells = [cell.strip() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        cells[MAX_COLUMNS - 1 :] = [" ".join(filter(None, cells[MAX_COLUMNS - 1 :]))]
    return tuple(cells)


def _delimiter(text: str) -> str:
    """The delimiter whose reading of the file's opening gives the most records of one width (two or more)."""
    sample = text[:SAMPLE_CHARS]

    def steadiness(delimiter: str) -> int:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)][:-1] or [0]
        except csv.Error:
            return 0
        width, count = Counter(widths).most_common(1)[0]
        return count if width >= 2 else 0

    return max(DELIMITERS, key=steadiness)  # the first of equals: the comma


def faq_entries(rows: list[tuple[str, ...]]) -> list[Block]:
    """FAQ entries, one a row, when a column asks (or its label says it holds the questions) and the others answer
    with text; [] otherwise. A spreadsheet's rows, or a document's table laid out as questions beside answers (its
    rows made as wide as the widest)."""
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + ("",) * (width - len(row)) for row in rows]
    labels = [_label(cell) for cell in rows[0]]
    header = _is_header(rows, labels)
    body = rows[1:] if header else rows
    if not body:
        return []
    labelled = {role: n for n, label in enumerate(labels) if header
                for role, pattern in (("question", QUESTION_LABELS), ("answer", ANSWER_LABELS),
                                      ("category", CATEGORY_LABELS)) if pattern.match(label)}
    question = labelled.get("question", _question_column(body))
    if question is None:
        return []
    others = [n for n in range(len(body[0])) if n != question and _text_column(body, n)]
    category = labelled.get("category", _category_column(body, [n for n in others if n != labelled.get("answer")]))
    answers = [n for n in others if n != category]
    if "answer" in labelled:  # the labelled answer first, then any other column of prose
        answers = [labelled["answer"], *(n for n in answers if n != labelled["answer"] and _prose(body, n))]
    if not answers or (sum(len(row[n]) for row in body for n in answers) / len(body) < MIN_ANSWER_CHARS
                       and "answer" not in labelled):
        return []
    return _blocks(body, question, answers, category)


def _blocks(rows: list[tuple[str, ...]], question: int, answers: list[int], category: int | None) -> list[Block]:
    blocks: list[Block] = []
    heading = None
    for row in rows:
        if category is not None and row[category] and row[category] != heading:
            heading = row[category]
            blocks.append(Block("heading", heading, level=1))
        said = [block for n in answers for block in answer_blocks(row[n])]
        asked = " ".join(row[question].split())
        if asked and not said and not asks(asked):
            blocks.append(Block("heading", asked, level=1 if category is None else 2))  # a row naming a section
        elif asked:
            blocks += [Block("question", asked), *said]
        elif blocks:
            blocks += said  # no question: the answer above goes on
    return blocks


def answer_blocks(cell: str) -> list[Block]:
    """The blocks an answer cell shows: its HTML read as a page is (help desks export answers as HTML), else its
    paragraphs (parted by blank lines)."""
    if HTML.search(cell):
        from .html import read_html

        try:
            return read_html(Path("cell.html"), cell.encode("utf-8"))[1]
        except UnreadableFile:
            return []
    return [Block("paragraph", " ".join(part.split())) for part in re.split(r"\n\s*\n", cell) if part.strip()]


def _label(cell: str) -> str:
    return " ".join(cell.lower().split()).rstrip(":?")


def _is_header(rows: list[tuple[str, ...]], labels: list[str]) -> bool:
    """Whether the first row labels the columns: its cells are short, and one names a role or stands over longer
    text (a label over what it labels, not a row of data)."""
    first = rows[0]
    if len(rows) < 2 or any(len(cell) > LABEL_CHARS for cell in first):
        return False
    named = any(p.match(label) for label in labels for p in (QUESTION_LABELS, ANSWER_LABELS, CATEGORY_LABELS))
    below = [sum(len(row[n]) for row in rows[1:]) / (len(rows) - 1) for n in range(len(first))]
    return named or any(first[n] and below[n] > 2 * len(first[n]) for n in range(len(first)))


def _question_column(rows: list[tuple[str, ...]]) -> int | None:
    """The column whose cells mostly ask, if any."""
    shares = [sum(asks(" ".join(row[n].split())) for row in rows) / len(rows) for n in range(len(rows[0]))]
    best = max(range(len(shares)), key=shares.__getitem__)
    return best if shares[best] >= ASKING_SHARE else None


def _text_column(rows: list[tuple[str, ...]], column: int) -> bool:
    """Whether a column holds words, not flags, language codes, addresses, numbers, dates or ids."""
    return any(cell and not NOT_TEXT.match(cell) for row in rows if (cell := row[column]))


def _prose(rows: list[tuple[str, ...]], column: int) -> bool:
    """Whether a column holds sentences (longer than a label on average), not tags or names."""
    return sum(len(row[column]) for row in rows) > LABEL_CHARS * len(rows)


def _category_column(rows: list[tuple[str, ...]], columns: list[int]) -> int | None:
    """A column of short values that repeat in runs (a new value starts each run), which groups the entries."""
    for n in columns:
        values = [row[n] for row in rows if row[n]]
        runs = 1 + sum(a != b for a, b in zip(values, values[1:]))
        if (len(values) >= 4 and len(set(values)) <= len(values) / 2 and runs == len(set(values))
                and max(map(len, values)) <= LABEL_CHARS):
            return n
    return None
