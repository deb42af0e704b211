"""Turn the bytes of a .txt, .md, .html or .pdf file into a title and plain text.

The text keeps the structure the chunker understands: one paragraph a line,
headings on lines of their own, `- ` list items and `a | b |` table rows.
"""

from __future__ import annotations

import io
import re
from pathlib import Path


class UnreadableFile(Exception):
    """The file is empty, binary, not UTF-8 or a broken HTML/PDF file."""


def title_from_name(path: Path) -> str:
    words = re.sub(r"[-_]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if b"\x00" in data:
        raise UnreadableFile("the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 text (byte {exc.start})") from None


def read_plain(path: Path, data: bytes) -> tuple[str, str]:
    return title_from_name(path), decode_text(data)


def read_markdown(path: Path, data: bytes) -> tuple[str, str]:
    text = decode_text(data)
    first_heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return (first_heading.group(1) if first_heading else title_from_name(path)), text


def read_html(path: Path, data: bytes) -> tuple[str, str]:
    from bs4 import BeautifulSoup  # imported here: only needed when the corpus has HTML

    html = decode_text(data)
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        node.decompose()
    title_tag = soup.find("title") or soup.find("h1")
    title = title_tag.get_text(" ", strip=True) if title_tag else title_from_name(path)
    lines = list(_html_lines(soup.body or soup))
    if not any(lines):
        raise UnreadableFile("the HTML page holds no text")
    return title, "\n".join(lines)


_BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "dd", "dt", "figcaption"}


def _html_lines(root):
    """Yield the page's text a block at a time in the chunker's plain-text conventions."""
    for node in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "li", "table", *_BLOCKS]):
        if node.find_parent(["table", "li"]) is not None:
            continue  # rendered by its table or list item
        if node.name == "table":
            yield from _table_lines(node)
        elif node.name.startswith("h"):
            yield "# " + node.get_text(" ", strip=True)
        elif node.name == "li":
            yield "- " + node.get_text(" ", strip=True)
        elif not node.find(["h1", "h2", "h3", "h4", "h5", "h6", "li", "table", *_BLOCKS]):
            text = node.get_text(" ", strip=True)
            if text:
                yield text


def _table_lines(table):
    rows = [
        [cell.get_text(" ", strip=True).replace("|", "/") for cell in row.find_all(["th", "td"])]
        for row in table.find_all("tr")
    ]
    rows = [row for row in rows if any(row)]
    for number, row in enumerate(rows):
        yield " | ".join(row) + " |"
        if number == 0:
            yield "|".join("---" for _ in row) + "|"


def read_pdf(path: Path, data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader  # imported here: only needed when the corpus has PDFs
    from pypdf.errors import PdfReadError

    if not data.strip():
        raise UnreadableFile("the file is empty")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or title_from_name(path)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFile(f"broken PDF ({exc.__class__.__name__})") from None
    text = _reflow("\n".join(pages))
    if not text.strip():
        raise UnreadableFile("the PDF holds no extractable text")
    return str(title), text


def _reflow(text: str) -> str:
    """Join the hard-wrapped lines of PDF text back into paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if line.endswith((".", "?", "!", ":")):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


READERS = {
    ".txt": read_plain,
    ".md": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
}


def read(path: Path, data: bytes) -> tuple[str, str]:
    """(title, text) of a file, by its suffix."""
    return READERS[path.suffix.lower()](path, data)
