"""Answers as safe Markdown for the chat: the bubble (excerpt drawn by its structure) and the other sources."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import quote

from ..answering.compose import Answer
from ..answering.excerpt import Excerpt
from ..ingest.blocks import Link
from ..ingest.chunking import Unit

_URL_SAFE = "!#$%&'*+,/:;=?@[]~"  # kept as they are in a link's target; anything else is percent-encoded
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")
_URL = re.compile(r"(?:https?://|ftp://|mailto:|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]", re.IGNORECASE)
CRISIS_FOLLOW_UP = "If you also have a question about the document, you can ask it here."


def _literal(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _code_span(text: str) -> str:
    """Text shown verbatim in a code span: nothing in it is a link or markup, and it is never altered."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"


def _plain(text: str) -> str:
    """Text shown literally, a URL in it shown whole as a code span (escaping it would let the autolinker corrupt it)."""
    parts, start = [], 0
    for match in _URL.finditer(text):
        parts += [_literal(text[start : match.start()]), _code_span(match.group(0))]
        start = match.end()
    return "".join([*parts, _literal(text[start:])])


def _link_spans(text: str, links: Sequence[Link]) -> list[tuple[int, int, str]]:
    """Where each link's text first appears, as (start, end, target): longer texts first, none overlapping
    another or a bare URL."""
    taken = [(match.start(), match.end()) for match in _URL.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    for shown, target in sorted(links, key=lambda link: -len(link[0])):
        start = text.find(shown)
        while start >= 0 and any(start < end and begin < start + len(shown) for begin, end in taken):
            start = text.find(shown, start + 1)
        if start >= 0:
            spans.append((start, start + len(shown), target))
            taken.append((start, start + len(shown)))
    return sorted(spans)


def escape_markdown(text: str, links: Sequence[Link] = ()) -> str:
    """Show text literally in Markdown: no HTML, emphasis or headings get through, and no link but `links`.

    `links` are links the document itself makes ((text, http(s) or mailto target), checked when
    it was read); they become Markdown links, their targets percent-encoded so none can break out.
    """
    parts, start = [], 0
    for begin, end, target in _link_spans(text, links):
        parts += [_plain(text[start:begin]), f"[{_literal(text[begin:end])}]({quote(target, safe=_URL_SAFE)})"]
        start = end
    return "".join([*parts, _plain(text[start:])])


def confidence_band(confidence: float, threshold: float) -> str:
    """The confidence in words, relative to the not-covered threshold."""
    if confidence >= threshold + 0.6 * (1 - threshold):
        return "strong match"
    if confidence >= threshold + 0.25 * (1 - threshold):
        return "good match"
    return "partial match"


def _bold_if(text: str, bold: bool) -> str:
    return f"**{text}**" if bold else text


def _code_block(code: str) -> str:
    """Code shown verbatim: fenced by more backticks than any run of them inside it."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{code}\n{fence}"


def excerpt_markdown(quoted: Excerpt) -> str:
    """The quoted units drawn by their structure, the best one in bold: paragraphs, lists, tables, code."""
    blocks: list[str] = []
    previous: Unit | None = None
    for unit in quoted.units:
        shown = _bold_if(escape_markdown(unit.text, unit.links), unit is quoted.highlight)
        continues = previous is not None and previous.role == unit.role and (
            previous.block == unit.block or quoted.kind == "paragraph")
        if unit.role == "sentence" and continues:
            blocks[-1] += " " + shown
        elif unit.role == "item":
            if continues:
                blocks[-1] += f"\n- {shown}"
            else:
                blocks.append(f"- {shown}")
        elif unit.role == "header":
            cells = [escape_markdown(c, unit.links) for c in unit.cells]
            blocks.append("| " + " | ".join(cells) + " |\n|" + "---|" * len(cells))
        elif unit.role == "row" and blocks:
            cells = [_bold_if(escape_markdown(c, unit.links), unit is quoted.highlight) for c in unit.cells]
            blocks[-1] += "\n| " + " | ".join(cells) + " |"
        elif unit.role == "code":
            blocks.append(_code_block(unit.text))
        else:
            blocks.append(shown)
        previous = unit
    return "\n\n".join(blocks)


def answer_markdown(answer: Answer, threshold: float) -> str:
    """The bubble: safety message first, then the passage with its best unit bold, its section and match."""
    parts = []
    if answer.safety:
        parts.append(f"**{escape_markdown(answer.safety)}**")
    if answer.notice:
        parts.append(f"*{escape_markdown(answer.notice)}*")
    if answer.found and answer.excerpt is not None:
        source = answer.sources[0]
        band = confidence_band(answer.confidence, threshold)
        parts.append(excerpt_markdown(answer.excerpt))
        parts.append(f"**Section:** {escape_markdown(source.section)} · *{escape_markdown(source.doc)}* · "
                     f"{band} ({answer.confidence:.0%})")
    elif answer.safety:
        parts.append(CRISIS_FOLLOW_UP)
    else:
        parts.append(escape_markdown(answer.answer))
        if answer.suggestions:
            parts.append("You could try one of the questions suggested below.")
    return "\n\n".join(parts)


def other_sources_markdown(answer: Answer) -> str:
    """The passages behind an answer after the first, each with its section; empty when there are none.

    Nothing is listed for a question the documents do not cover: no passage may look like its answer.
    """
    if not answer.found:
        return ""
    parts = []
    for source in answer.sources[1:]:
        quoted = "\n>\n".join(f"> {escape_markdown(line)}" for line in source.text.split("\n"))
        parts.append(f"**{escape_markdown(source.section)}** · *{escape_markdown(source.doc)}*\n\n{quoted}")
    return "\n\n".join(parts)
