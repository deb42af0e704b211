"""Whether lines of plain text make a title: a heading line, a first line standing apart from the text under it, a
question hanging over its answer (indented deeper, no blank line between)."""

from __future__ import annotations

import re

from .blocks import CLOSING, asks

LIST_ITEM = re.compile(r"^(?:[-*•➤►▪◦o]|\d{1,3}[.)]|[a-z][.)])\s+(?=\S)")
MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 16


def indent(line: str) -> int:
    """How far the line is indented."""
    return len(line) - len(line.lstrip())


def join(lines: list[str]) -> str:
    """Wrapped lines as one line of text."""
    return " ".join(" ".join(line.split()) for line in lines)


def is_heading_line(line: str) -> bool:
    """A short line without closing punctuation that is not a list item: a heading in running text."""
    return (len(line) <= MAX_HEADING_CHARS and len(line.split()) <= MAX_HEADING_WORDS and not line.startswith("(")
            and not line.rstrip(CLOSING + ")").endswith((".", "!", ":", ";", ",")) and any(ch.isalpha() for ch in line)
            and not LIST_ITEM.match(line) and line.count("|") < 2)


def stands_apart(first: str, rest: list[str]) -> bool:
    """Whether a short first line is a heading over the lines below, not the start of a wrapped paragraph.

    A wrapped paragraph fills its first line; a heading is much shorter than the text under it.
    """
    return rest[0].strip()[:1].isupper() and len(first) <= 0.6 * max(len(line.strip()) for line in rest)


def hanging_question(lines: list[str]) -> int:
    """How many of the group's first lines (one to three, at its indent) ask a question over lines indented deeper,
    ending where the next line's first word would still have fitted: a title, not a paragraph hanging from its
    first line. 0 when they do not."""
    deeper = next((n for n, line in enumerate(lines) if indent(line) > indent(lines[0])), 0)
    if not 1 <= deeper <= 3 or not lines[deeper].strip()[:1].isupper() or not asks(join(lines[:deeper])):
        return 0
    filled = len(lines[deeper - 1].rstrip()) + 1 + len(lines[deeper].split()[0]) > max(len(line.rstrip()) for line in lines)
    return 0 if filled or any(indent(line) != indent(lines[0]) for line in lines[:deeper]) else deeper
