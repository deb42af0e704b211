"""Render an Answer for people: plain text for the shell, safe Markdown for the chat."""

from __future__ import annotations

import html
import re

from .answer import Answer
from .chunking import classify, table_cells

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def confidence_band(confidence: float, threshold: float) -> str:
    """The confidence in words, relative to the not-covered threshold."""
    if confidence >= threshold + 0.6 * (1 - threshold):
        return "strong match"
    if confidence >= threshold + 0.25 * (1 - threshold):
        return "good match"
    return "partial match"


def _split_highlight(text: str, highlight: str) -> tuple[str, str, str]:
    at = text.find(highlight) if highlight else -1
    if at < 0:
        return text, "", ""
    return text[:at], highlight, text[at + len(highlight):]


def answer_as_text(answer: Answer, bold: bool = False) -> str:
    """The answer for a terminal: any safety message, the passage (best sentence in bold on a tty), its source."""
    lines = [answer.safety, ""] if answer.safety else []
    if answer.notice:
        lines += [f"({answer.notice})", ""]
    if not answer.found:
        lines += [answer.answer]
    else:
        before, best, after = _split_highlight(answer.answer, answer.highlight)
        if bold and best:
            best = f"\033[1m{best}\033[0m"
        source = answer.sources[0]
        lines += [before + best + after, "", f"Source: {source.section} ({source.doc}), confidence {answer.confidence:.2f}"]
    if answer.suggestions:
        lines += ["", "You could also ask:"] + [f"  - {s}" for s in answer.suggestions]
    return "\n".join(lines)


def escape_markdown(text: str) -> str:
    """Show text literally in Markdown: no HTML, links, emphasis or headings get through."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _markdown_table(lines: list[str], highlight: str) -> str:
    rows = [line for line in lines if classify(line) == "table_row"]
    out = []
    for number, row in enumerate(rows):
        cells = [escape_markdown(cell) for cell in table_cells(row)]
        if row == highlight and number > 0:
            cells = [f"**{cell}**" for cell in cells]
        out.append("| " + " | ".join(cells) + " |")
        if number == 0:
            out.append("|" + "---|" * len(cells))
    lead = [escape_markdown(line) for line in lines if classify(line) not in ("table_row", "table_separator")]
    return "\n\n".join([*lead, "\n".join(out)])


def passage_as_markdown(text: str, highlight: str = "") -> str:
    """A quoted passage with its best sentence in bold; tables as tables, lists as lists."""
    lines = text.split("\n")
    if any(classify(line) == "table_row" for line in lines):
        return _markdown_table(lines, highlight)
    rendered = []
    for line in lines:
        before, best, after = _split_highlight(line, highlight)
        marked = escape_markdown(before) + (f"**{escape_markdown(best)}**" if best else "") + escape_markdown(after)
        rendered.append(marked)
    return "\n\n".join(rendered)
