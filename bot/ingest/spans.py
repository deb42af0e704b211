"""A table's cells that span rows or columns (rowspan, colspan) laid out so that each row reads whole."""

from __future__ import annotations

from bs4 import Tag

MAX_SPAN = 100  # rows or columns one cell may span


def span(cell: object, attribute: str) -> int:
    """A cell's rowspan or colspan: 1 unless it says a whole number up to MAX_SPAN."""
    value = str(cell.get(attribute) or "1").strip() if isinstance(cell, Tag) else "1"
    return min(int(value), MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def spread(rows: list[tuple[str, ...]], spans: list[list[tuple[int, int]]]) -> list[tuple[str, ...]]:
    """The table's rows with a cell spanning rows repeated in each (a merged "8 EUR" under two plans), so each row
    reads whole; a cell spanning columns fills the first and leaves the others empty, so the columns stay in line."""
    laid_out: list[tuple[str, ...]] = []
    above: dict[int, tuple[str, int]] = {}  # column: (text, rows it still spans) of cells spanning down from above
    for row, row_spans in zip(rows, spans):
        cells: list[str] = []
        for text, (down, across) in zip(row, row_spans):
            _fill_from_above(cells, above)
            for column in range(across):
                if down > 1:
                    above[len(cells)] = (text if column == 0 else "", down - 1)
                cells.append(text if column == 0 else "")
        _fill_from_above(cells, above)
        laid_out.append(tuple(cells))
    return laid_out


def _fill_from_above(cells: list[str], above: dict[int, tuple[str, int]]) -> None:
    """The row's next cells taken by cells spanning down from rows above."""
    while len(cells) in above:
        text, left = above.pop(len(cells))
        if left > 1:
            above[len(cells)] = (text, left - 1)
        cells.append(text)
