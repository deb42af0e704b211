"""One reader per format, chosen by the file's suffix: bytes in, a title and a block stream out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .blocks import Block

Reader = Callable[[Path, bytes], tuple[str, list[Block]]]


HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _reader(suffix: str) -> Reader:
    """The reader for a suffix, imported only when the corpus has such a file."""
    if suffix in HTML_SUFFIXES:
        from .html import read_html

        return read_html
    if suffix in (".mhtml", ".mht"):
        from .mhtml import read_mhtml

        return read_mhtml
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf
    if suffix in (".md", ".markdown"):
        from .markdown import read_markdown

        return read_markdown
    if suffix in (".csv", ".tsv"):
        from .spreadsheet import read_csv

        return read_csv
    if suffix in (".xlsx", ".xlsm"):
        from .workbook import read_workbook

        return read_workbook
    if suffix == ".odt":
        from .opendocument import read_odt

        return read_odt
    if suffix == ".epub":
        from .ebook import read_ebook

        return read_ebook
    if suffix == ".pptx":
        from .slides import read_slides

        return read_slides
    if suffix == ".docx":
        from .word import read_word

        return read_word
    if suffix in (".rst", ".rest"):
        from .restructured import read_restructured

        return read_restructured
    from .text import read_text

    return read_text


SUFFIXES = (".txt", ".md", ".markdown", ".rst", ".rest", *HTML_SUFFIXES, ".mhtml", ".mht", ".pdf", ".docx", ".odt", ".pptx",
            ".epub", ".csv", ".tsv", ".xlsx", ".xlsm")


def read(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a file, by its suffix."""
    return _reader(path.suffix.lower())(path, data)
