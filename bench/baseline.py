"""The plain way to compare against: a recursive character splitter, the same model, FAISS, the top chunk as the answer.

What a LangChain tutorial builds: each file's text as a simple extractor gives it (HTML: BeautifulSoup's text, PDF:
pypdf's, Word: python-docx's paragraphs and table cells, Excel: openpyxl's cell values row by row, OpenDocument:
odfdo's text, PowerPoint: python-pptx's text frames, table cells and notes, a saved page: its HTML part's text, EPUB:
its pages' text in name order, other formats their raw text), cut by LangChain's RecursiveCharacterTextSplitter,
embedded with all-MiniLM-L6-v2, searched with exact inner product. It never says "not covered".
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

SETTINGS = ((500, 50), (1000, 200))
SUFFIXES = (".txt", ".md", ".rst", ".rest", ".csv", ".tsv", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".pdf", ".docx",
            ".odt", ".pptx", ".epub", ".xlsx", ".xlsm")  # as the bot


def plain_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        from bs4 import BeautifulSoup

        return BeautifulSoup(data, "html.parser").get_text("\n")
    if path.suffix.lower() in (".mhtml", ".mht"):
        import email
        from bs4 import BeautifulSoup

        page = next(p for p in email.message_from_bytes(data).walk() if p.get_content_type() == "text/html")
        return BeautifulSoup(page.get_payload(decode=True), "html.parser").get_text("\n")
    if path.suffix.lower() == ".epub":
        import zipfile

        from bs4 import BeautifulSoup

        with zipfile.ZipFile(io.BytesIO(data)) as book:
            pages = [book.read(name) for name in sorted(book.namelist()) if name.endswith((".xhtml", ".html", ".htm"))]
        return "\n".join(BeautifulSoup(page, "html.parser").get_text("\n") for page in pages)
    if path.suffix.lower() == ".pptx":
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        texts = []
        for slide in deck.slides:
            texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
            texts += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
            if slide.has_notes_slide:
                texts.append(slide.notes_slide.notes_text_frame.text)
        return "\n".join(texts)
    if path.suffix.lower() == ".docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([*(paragraph.text for paragraph in document.paragraphs), *cells])
    if path.suffix.lower() == ".odt":
        import odfdo

        return odfdo.Document(io.BytesIO(data)).get_formatted_text()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return "\n".join("\t".join("" if value is None else str(value) for value in row)
                         for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", "replace")


class SplitterBaseline:
    """Answers like the plain pipeline over one corpus folder."""

    def __init__(self, corpus_dir: Path, encoder, chunk_size: int, overlap: int):
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap)
        files = sorted(p for p in corpus_dir.rglob("*") if p.suffix.lower() in SUFFIXES)
        self.chunks = [chunk for path in files for chunk in splitter.split_text(plain_text(path))]
        self.encoder = encoder
        self.index = faiss.IndexFlatIP(encoder.dimension)
        self.index.add(np.ascontiguousarray(encoder.encode(self.chunks), dtype=np.float32))

    def answer(self, question: str, history: list[str]) -> dict:
        _, rows = self.index.search(self.encoder.encode([question]), 5)
        sources = [{"text": self.chunks[r]} for r in rows[0] if r >= 0]
        return {"found": True, "confidence": 1.0, "answer": sources[0]["text"], "sources": sources}
