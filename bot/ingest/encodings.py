"""An HTML page's (or a spreadsheet's) bytes as text: a BOM, else UTF-8, else its <meta> charset, else Windows-1252."""

from __future__ import annotations

import codecs
import re

from .blocks import UnreadableFile

CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def decode_html(data: bytes, what: str = "HTML") -> str:
    """The page's text: UTF-8 (or a UTF-16 BOM), else its declared charset, else Windows-1252, else Latin-1; `what`
    the file should be, for the message when it is binary (a spreadsheet exported by Excel is decoded the same way)."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise UnreadableFile(f"the file is binary, not {what}")
    else:
        for encoding in filter(None, ("utf-8-sig", _declared_charset(data), "cp1252")):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = data.decode("latin-1")
    if sum(ch < " " and ch not in "\t\n\r\f" for ch in text[:4096]) > len(text[:4096]) // 10:
        raise UnreadableFile(f"the file is binary, not {what}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _declared_charset(data: bytes) -> str:
    """The 8-bit charset a <meta> tag names, if Python knows it."""
    match = CHARSET.search(data[:4096])
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name if match else ""
    except (LookupError, UnicodeDecodeError):
        return ""
    return "" if name.startswith(("utf-16", "utf-32")) else name
