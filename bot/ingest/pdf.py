"""Read a PDF: each printed line with its position and style, within limits, page furniture dropped; see pdf_layout."""

from __future__ import annotations

import io
import math
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError

from .blocks import Block, UnreadableFile
from .pdf_layout import Line, build_blocks

BOLD_FONT = re.compile(r"bold|black|heavy|demi|cmbx", re.IGNORECASE)
MONO_FONT = re.compile(r"mono|courier|code|cmtt|consol", re.IGNORECASE)
WORD_GAP = 150  # a TJ shift of the pen this many thousandths of an em or more parts two words (kerning is less)
JUNK_TITLE = re.compile(r"^(microsoft \w+ - |untitled\b|document\d*$)|\.(docx?|pdf|tex|dvi|odt|rtf|txt|html?|pptx?)$", re.I)


@dataclass(frozen=True)
class PdfLimits:
    """How much of a PDF we read before refusing it."""

    max_pages: int = 2000
    max_seconds: float = 60.0
    max_decompressed_bytes: int = 25_000_000  # per stream, as pypdf inflates it


def read_pdf(path: Path, data: bytes, limits: PdfLimits = PdfLimits()) -> tuple[str, list[Block]]:
    """(title, blocks) of a PDF."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    try:
        meta_title, pages = _extract(data, limits)
        lines = [line for page in _drop_furniture(pages) for line in page]
        blocks = build_blocks(lines)
    except UnreadableFile:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files: AttributeError, NotImplementedError, RecursionError...
        inflates = isinstance(exc, LimitReachedError) and re.search(r"decompress|declared|length|size", str(exc), re.I)
        raise UnreadableFile(f"the PDF inflates past the {limits.max_decompressed_bytes:,} byte decompression limit" if inflates
                             else f"broken PDF ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if not blocks:
        raise UnreadableFile("the PDF holds no extractable text (a scan?)")
    if not re.search(r"[^\W\d_]", meta_title) or JUNK_TITLE.search(meta_title):  # no letter, or a file name
        meta_title = next((b.text for b in blocks if b.kind in ("heading", "question")), "")
    name = re.sub(r"[-_]+", " ", path.stem).strip() or path.name
    return meta_title or name[:1].upper() + name[1:], blocks


def _extract(data: bytes, limits: PdfLimits) -> tuple[str, list[list[Line]]]:
    """The metadata title and each page's lines, within the limits."""
    cap = limits.max_decompressed_bytes
    deadline = time.monotonic() + limits.max_seconds
    with apply_configuration(
        maximum_declared_stream_length=cap, array_based_stream_maximum_output_length=cap, zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap, run_length_maximum_output_length=cap, jbig2_maximum_output_length=cap,
        brotli_maximum_output_length=cap, image_maximum_buffer_size=cap,
    ):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("the PDF is encrypted")
        if len(reader.pages) > limits.max_pages:
            raise UnreadableFile(f"the PDF has {len(reader.pages)} pages, over the {limits.max_pages}-page limit")
        pages = []
        for number, page in enumerate(reader.pages):
            if time.monotonic() >= deadline:
                raise UnreadableFile(f"reading the PDF took over the {limits.max_seconds:g}-second limit")
            pages.append(_page_lines(page, number))
        title = reader.metadata.title if reader.metadata else None
    return " ".join(str(title or "").split()), pages


def _page_lines(page: Any, number: int) -> list[Line]:
    """A page's lines in pypdf's reading order, each with the position and style of its text pieces."""
    lines: list[Line] = []
    pieces: list[tuple[str, float, float, float, bool, bool]] = []
    styles: dict[int, tuple[Any, bool, bool]] = {}  # id -> (font, bold, mono); the font is kept so its id stays its own

    def flush() -> None:
        chars = [p for p in pieces for _ in p[0].strip()]  # a piece once per character it shows: styles by most
        if chars:
            size = Counter(round(p[3], 1) for p in chars).most_common(1)[0][0]
            bold, mono = (sum(bool(p[n]) for p in chars) >= 0.8 * len(chars) for n in (4, 5))
            lines.append(Line("".join(p[0] for p in pieces).rstrip(), chars[0][1], chars[0][2], size, bold, mono, number))
        pieces.clear()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        # The text's position and scale on the page: the text matrix times the current transformation matrix.
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if id(font) not in styles:  # pypdf hands over the same font object for every piece in that font
            styles[id(font)] = (font, *_font_style(font))
        _, bold, mono = styles[id(font)]
        for n, piece in enumerate(text.split("\n")):
            if n:
                flush()
            if piece:
                pieces.append((piece, x, y, font_size * math.hypot(c, d), bold, mono))

    page.extract_text(visitor_text=visit, visitor_operand_before=_mark_word_gaps)
    flush()
    return lines


def _mark_word_gaps(operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
    """A space shown where a TJ array moves the pen on between two words (WORD_GAP), as pypdf does itself only when
    it knows the font's space width: TeX's composite fonts have no space glyph, and pypdf then takes another glyph's
    width (pypdf issue #3978) and runs every word of a line together."""
    if operator != b"TJ" or not operands or not isinstance(operands[0], list):
        return
    shown = operands[0]
    gaps = [n for n in range(1, len(shown) - 1) if isinstance(shown[n], (int, float)) and shown[n] <= -WORD_GAP
            and all(isinstance(shown[m], (str, bytes)) for m in (n - 1, n + 1))]
    for n in reversed(gaps):
        shown.insert(n, " ")  # pypdf shows a str as it is, the way it adds its own spaces


def _font_style(font: Any) -> tuple[bool, bool]:
    """(bold, monospaced) by the font's name, weight, flags and glyph widths."""
    try:
        name = str(font.get("/BaseFont", ""))
        descriptor = font.get("/FontDescriptor") or {}  # pypdf's indirect objects pass .get and iteration on
        flags, weight = int(descriptor.get("/Flags", 0) or 0), float(descriptor.get("/FontWeight", 400) or 400)
        widths = [float(w) for w in font.get("/Widths") or [] if float(w) > 0]
    except Exception:  # no font, or a broken one: plain text
        return False, False
    bold = bool(BOLD_FONT.search(name)) or weight >= 600 or bool(flags & 1 << 18)
    return bold, bool(MONO_FONT.search(name)) or bool(flags & 1) or (len(widths) >= 4 and len(set(widths)) == 1)


def _drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without running headers and footers, numbers aside: lines that the top or bottom three lines of most
    pages repeat, and the top or bottom line when two pages repeat it (chapter headers, lone page numbers)."""
    def key(line: Line) -> tuple[str, int]:  # the size too: a title page's big title is not the running header
        return re.sub(r"\d+|^[ivxlc]+$", "#", " ".join(line.text.lower().split())), round(line.size)

    def edges(lines: list[Line], n: int) -> list[Line]:
        by_height = sorted(lines, key=lambda line: -line.y)
        return by_height[:n] + by_height[n:][-n:]

    zones, outers = [edges(page, 3) for page in pages], [edges(page, 1) for page in pages]
    in_zones = Counter(k for zone in zones for k in {key(line) for line in zone})
    in_outers = Counter(k for outer in outers for k in {key(line) for line in outer})
    most = max(2, len(pages) // 2 + 1)
    return [[ln for ln in page if not (ln in zone and in_zones[key(ln)] >= most or ln in outer and in_outers[key(ln)] >= 2)]
            for page, zone, outer in zip(pages, zones, outers)]
