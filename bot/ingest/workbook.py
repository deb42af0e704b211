"""Excel workbooks (.xlsx, .xlsm) into blocks: each visible sheet read as a CSV file is (spreadsheet.py), an FAQ sheet
as FAQ entries, any other as a table; a workbook of several sheets gives each its sheet's name as a heading.

openpyxl reads the cells' values (a formula's as Excel last worked it out), shown in their number format
(cell_format.py); macros, charts, images, comments and hidden sheets are not text. A cell merged over several rows
is read in each of them (a category beside its entries), one merged over columns in the first.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet

from .archive import check_size, holds, xml_parts
from .blocks import Block, UnreadableFile
from .cell_format import cell_text
from .spreadsheet import faq_entries, grid
from .text import title_from_name

MAX_CELLS = 1_000_000  # of a sheet's grid, empty cells included (an FAQ of 2,000 rows by 10 columns has 20,000)
# What a broken workbook raises: a bad zip, a missing part, broken XML (ElementTree's and lxml's errors are
# SyntaxErrors), values openpyxl cannot make sense of.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError, EOFError, IndexError)


def read_workbook(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of an Excel workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_size(archive, "workbook")
            _check_merged(archive)
        with warnings.catch_warnings():  # "no default style", "extension not supported": nothing the reader needs
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False, keep_vba=False)
    except zipfile.BadZipFile:
        raise UnreadableFile("not an Excel workbook (not a zip file)") from None
    except BROKEN as exc:
        raise UnreadableFile(f"not an Excel workbook ({type(exc).__name__}: {exc})") from None
    sheets = [(sheet.title, rows) for sheet in book.worksheets if sheet.sheet_state == "visible"
              if (rows := _rows(sheet))]
    if not sheets:
        raise UnreadableFile("the workbook holds no text")
    blocks: list[Block] = []
    for name, rows in sheets:
        if len(sheets) > 1:
            blocks.append(Block("heading", name, level=1))
        blocks.extend(faq_entries(rows) or [Block("table", rows=tuple(rows))])
    return (book.properties.title or "").strip() or title_from_name(path), blocks


def _check_merged(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts merge more than MAX_CELLS cells: openpyxl makes an object of each merged cell
    as it loads (one range "A1:XFD1048576" in a 5 KB file would be 17 billion). Every XML part that names a merge is
    read, wherever it lies, by an XML parser (quotes and character references as any XML reader takes them)."""
    merged = 0
    for _, part in xml_parts(archive):
        if holds(part, "mergeCell"):
            for _, element in ElementTree.iterparse(io.BytesIO(part)):
                if element.tag.rpartition("}")[2] == "mergeCell":
                    merged += _cells(str(element.get("ref") or ""))
                element.clear()
    if merged > MAX_CELLS:
        raise UnreadableFile(f"the workbook merges {merged:,} cells; at most {MAX_CELLS:,} are read")


def _cells(reference: str) -> int:
    """How many cells a range ("B2:D9") covers; 1 for one cell, 0 for none it can make sense of."""
    try:
        first, _, last = reference.partition(":")
        (first_column, first_row), (last_column, last_row) = (coordinate_from_string(cell) for cell in (first, last or first))
    except (ValueError, TypeError):
        return 0
    columns = abs(column_index_from_string(last_column) - column_index_from_string(first_column)) + 1
    return columns * (abs(last_row - first_row) + 1)


def _rows(sheet: Worksheet) -> list[tuple[str, ...]]:
    """The sheet's cells as a grid of text (spreadsheet.grid), a cell merged over rows read in each of them (a
    category beside its entries; merged over columns, in the first only). A sheet whose cells span more than
    MAX_CELLS (one stray value in its last row and column) is refused: its grid is read cell by cell."""
    if sheet.max_row * sheet.max_column > MAX_CELLS:
        raise UnreadableFile(f"sheet {sheet.title!r} spans {sheet.max_row:,} rows by {sheet.max_column:,} columns; "
                             f"at most {MAX_CELLS:,} cells are read")
    cells = [[cell_text(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:
        column = merged.min_col - 1
        value = cells[merged.min_row - 1][column]
        for row in range(merged.min_row, min(merged.max_row, len(cells))):
            cells[row][column] = value
    return grid(cells)
