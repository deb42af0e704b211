"""Answers as plain text for a terminal: any safety message, the passage (best unit in bold on a tty), its source."""

from __future__ import annotations

import re
import sys

from ..answering.compose import Answer
from ..answering.excerpt import Excerpt
from ..ingest.chunking import Unit, render_units

BOLD, PLAIN = "\033[1m", "\033[0m"
CODE_INDENT = "    "
# Escape sequences (colours, window titles) and other control characters a document may hold: never printed.
_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from the documents made safe for a terminal: escape sequences and control characters removed."""
    return _ESCAPES.sub("", text)


def excerpt_text(quoted: Excerpt, bold: bool) -> str:
    """The excerpt as it reads in a terminal: code indented, the best unit in bold when `bold`."""
    if quoted.kind == "paragraph" or not any(u.role == "code" for u in quoted.units):
        text = quoted.text
    else:
        parts: list[str] = []
        prose: list[Unit] = []
        for unit in quoted.units:
            if unit.role != "code":
                prose.append(unit)
                continue
            if prose:
                parts.append(render_units(prose))
                prose = []
            parts.append("\n".join(CODE_INDENT + line for line in unit.text.split("\n")))
        parts += [render_units(prose)] if prose else []
        text = "\n".join(parts)
    text = printable(text)
    if not bold:
        return text
    before, best, after = text.partition(printable(quoted.highlight.text))
    return before + (f"{BOLD}{best}{PLAIN}" if best else "") + after


def answer_as_text(answer: Answer, bold: bool = False) -> str:
    lines = [answer.safety, ""] if answer.safety else []
    if answer.notice:
        lines += [f"({answer.notice})", ""]
    if not answer.found or answer.excerpt is None:
        lines += [printable(answer.answer)]
    else:
        source = answer.sources[0]
        lines += [excerpt_text(answer.excerpt, bold), "",
                  printable(f"Source: {source.section} ({source.doc}), confidence {answer.confidence:.2f}")]
    if answer.suggestions:
        lines += ["", "You could also ask:"] + [f"  - {printable(s)}" for s in answer.suggestions]
    return "\n".join(lines)


def note(message: str) -> None:
    """A notice for the person at the terminal (a build starting, a fallback), on standard error."""
    print(f"note: {message}", file=sys.stderr)
