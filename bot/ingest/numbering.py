"""Numbered titles in plain text ("3.2.1 Why does ...?"): a contents list that repeats them, and where each goes."""

from __future__ import annotations

import re
from dataclasses import replace

from ..words import fold
from .blocks import Block

NUMBERED_HEADING = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)[.:)]?\s+(\S.*)$")
Title = tuple[str, str]  # a numbered title's number and words, folded


def numbered(match: re.Match[str] | None) -> Title | None:
    """A numbered title's number and words (folded), from the line's NUMBERED_HEADING match; None for no match."""
    return (match.group(1), " ".join(fold(match.group(2)).split())) if match else None


def in_contents(keys: list[Title | None], group_number: int, heads: dict[Title, int]) -> bool:
    """A table of contents: a group of at least two numbered titles (`keys`, None for other lines), most of them
    opening a later group (`heads`: the last group each title opens) under the same number, as a section's own."""
    titles = [key for key in keys if key]
    repeated = sum(heads.get(key, -1) > group_number for key in titles)
    return len(titles) >= 2 and len(titles) >= 0.6 * len(keys) and repeated >= len(titles) / 2


def bare(number: str) -> str:
    """The number without a trailing ".0": "3.0 Common problems" heads "3.1 ...", a ".0" is no level of its own."""
    return re.sub(r"(\.0)+$", "", number)


def depth(number: str) -> int:
    """How deep a number nests: "3.2.1" 2, "3" and "3.0" 0."""
    return bare(number).count(".")


def place_questions(blocks: list[Block]) -> list[Block]:
    """A numbered question goes right under the numbered heading whose number begins its own ("3.3.1" under "3.3
    Setup"), else beside it at its own level ("3.3 Why ...?" after "3.2 Compilation problems" ends that section);
    with no numbered heading open, under the heading above it (level 0), as a document's other questions do."""
    open_numbers: list[tuple[int, str]] = []  # (level, number) of the numbered headings open
    placed = []
    for block in blocks:
        title = NUMBERED_HEADING.match(block.text) if block.kind in ("heading", "question") else None
        if block.kind == "heading":
            while open_numbers and open_numbers[-1][0] >= block.level:
                open_numbers.pop()
            if title:
                open_numbers.append((block.level, bare(title.group(1))))
        elif block.kind == "question" and block.level:
            if not open_numbers:
                block = replace(block, level=0)
            elif title is not None and title.group(1).startswith(open_numbers[-1][1] + "."):
                block = replace(block, level=open_numbers[-1][0] + 1)
        placed.append(block)
    return placed
