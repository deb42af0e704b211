"""A PDF's printed lines into blocks: headings by font size or numbering, paragraphs, lists and code; contents dropped."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .blocks import Block, BlockKind

GLYPHS = "•◦▪‣∙·●○■□"  # bullets that start a list item even in a monospaced font, unlike "-" and "*"
BULLET = re.compile(rf"^(?:[{GLYPHS}*–-]\s+|\d{{1,3}}(?:\.\d{{1,3}})*[.)]\s+|[a-z][.)]\s+)")
SYMBOL_BULLET = re.compile(rf"^[{GLYPHS}*–-]\s+")
CONTENTS_LINE = re.compile(r"(\.\s?){4,}\s*(\d+|[ivxlc]+)$", re.IGNORECASE)  # "Introduction . . . . 3"
NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s+[\"'“‘(]?[A-Z]")
NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?\s+")  # "2.1. " before a heading's words
ASKS = re.compile(r"\?[\s\"'”’)]*$")
SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*$")


@dataclass
class Line:
    """One printed line: its text, where it starts and the style most of its characters have."""

    text: str
    x: float
    y: float  # baseline, PDF units from the page bottom
    size: float
    bold: bool
    mono: bool
    page: int


def build_blocks(lines: list[Line]) -> list[Block]:
    """The blocks of the document's lines, furniture already gone."""
    lines = [line for line in lines if line.text.strip() and not CONTENTS_LINE.search(line.text.rstrip())]
    if not lines:
        return []
    styles = Counter((line.size, line.bold) for line in lines if not line.mono for _ in line.text)  # by characters
    body_size, body_bold = (styles.most_common(1) or [((lines[0].size, False), 0)])[0][0]
    heads = _font_headings(lines, body_size, body_bold) or _numbered_headings(lines)
    gaps = Counter(round(a.y - b.y) for a, b in zip(lines, lines[1:]) if a.page == b.page and 0 < a.y - b.y < 3 * body_size)
    normal_gap = gaps.most_common(1)[0][0] if gaps else 1.2 * body_size
    lengths = sorted(len(line.text.strip()) for line in lines if not line.mono)
    full = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80

    def breaks(prev: Line, line: Line, in_paragraph: bool) -> bool:  # whether `line` starts a new paragraph after `prev`
        short_end = bool(SENTENCE_END.search(prev.text)) and len(prev.text.strip()) < 0.8 * full
        if line.page != prev.page or line.y > prev.y:  # a new page or column: only a finished paragraph stops
            return short_end
        indented = in_paragraph and line.x > prev.x + line.size
        return prev.y - line.y > 1.4 * normal_gap or short_end or indented

    groups: list[tuple[BlockKind, int, list[list[Line]]]] = []  # kind, level, and the lines of each part (list items)
    end, prev = 0, None
    for i, line in enumerate(lines):
        if i in heads:
            end, level = heads[i]
            groups.append(("heading", level, [lines[i:end]]))
            prev = None
        if i < end:
            continue
        last = groups[-1][0] if prev is not None else None
        joins = prev is not None and last in ("paragraph", "list") and not breaks(prev, line, last == "paragraph")
        # a monospaced line in mid-sentence is inline code wrapped onto a line of its own, not a code block
        inline = joins and last == "paragraph" and prev is not None and not SENTENCE_END.search(prev.text)
        code = line.mono and not inline and line.text.strip()[:1] not in GLYPHS
        item = not code and BULLET.match(line.text.strip())
        if code and last == "code":
            groups[-1][2][0].append(line)
        elif item and last == "list":
            groups[-1][2].append([line])
        elif joins and not code and not item:
            groups[-1][2][-1].append(line)
        else:
            groups.append(("code" if code else "list" if item else "paragraph", 0, [[line]]))
        prev = line
    out = [Block("list", items=tuple(SYMBOL_BULLET.sub("", _join([ln.text for ln in part])) for part in parts)) if kind == "list"
           else Block("code", _code(parts[0])) if kind == "code" else Block(kind, _join([ln.text for ln in parts[0]]), level)
           for kind, level, parts in groups]
    return _tidy(out)


def _font_headings(lines: list[Line], body_size: float, body_bold: bool) -> dict[int, tuple[int, int]]:
    """Start line -> (end line, level) of runs of short lines in a larger or bold font; levels by size rank."""
    runs: list[list[int]] = []
    for i, line in enumerate(lines):
        larger = line.size >= 1.15 * body_size
        if line.mono or not (larger or (line.bold and not body_bold and line.size >= 0.95 * body_size)):
            continue
        last = lines[runs[-1][-1]] if runs else None
        # A line of the same style right below goes on the heading, unless it starts a heading of its own: it is
        # numbered, or the heading so far is an unnumbered question (FAQs list question headings back to back).
        opened_numbered = bool(runs) and bool(NUMBERED.match(lines[runs[-1][0]].text.strip()))
        if (last is not None and runs[-1][-1] == i - 1 and (last.size, last.bold) == (line.size, line.bold)
                and last.page == line.page and 0 < last.y - line.y <= 1.5 * line.size
                and not NUMBERED.match(line.text.strip()) and (opened_numbered or not last.text.endswith("?"))):
            runs[-1].append(i)
        elif not line.text.strip()[:1].islower():  # a bold line starting lower-case goes on a sentence
            runs.append([i])
    runs = [run for run in runs if len(run) <= 3 and sum(len(lines[i].text) for i in run) <= 300]
    styles = sorted({(round(lines[run[0]].size * 2) / 2, lines[run[0]].bold) for run in runs}, key=lambda s: (-s[0], not s[1]))
    return {run[0]: (run[-1] + 1, styles.index((round(lines[run[0]].size * 2) / 2, lines[run[0]].bold)) + 1) for run in runs}


def _numbered_headings(lines: list[Line]) -> dict[int, tuple[int, int]]:
    """Without font cues: "2.1 Foo" lines, and numbered questions of up to three lines; level = count of numbers."""
    heads: dict[int, tuple[int, int]] = {}
    end = 0
    for i, line in enumerate(lines):
        match = NUMBERED.match(line.text.strip())
        if not match or i < end:
            continue
        asks = next((j for j in range(i, min(i + 3, len(lines))) if lines[j].text.rstrip().endswith("?")
                     and not any(NUMBERED.match(ln.text.strip()) for ln in lines[i + 1 : j + 1])), None)
        if asks is not None or (len(line.text.strip()) <= 100 and not re.search(r"[.,;:]$", line.text.rstrip())):
            end = (i if asks is None else asks) + 1
            heads[i] = (end, match.group(1).count(".") + 1)
    return heads


def _tidy(blocks: list[Block]) -> list[Block]:
    """Drop contents entries (paragraphs and list items that name a heading); the deepest headings become
    questions if they ask one, or all of them if most do (an FAQ level)."""
    headings = [b.text for b in blocks if b.kind == "heading"]
    deepest = max((b.level for b in blocks if b.kind == "heading"), default=0)
    asks = [bool(ASKS.search(b.text)) for b in blocks if b.kind == "heading" and b.level == deepest]
    names_heading = _contents_entry(headings)
    kept: list[Block] = []
    for block in blocks:
        if block.kind == "list":
            block = Block("list", items=tuple(item for item in block.items if not names_heading(item)))
        elif block.kind == "heading" and block.level == deepest and (2 * sum(asks) > len(asks) or ASKS.search(block.text)):
            block = Block("question", block.text)
        if block.items if block.kind == "list" else block.kind != "paragraph" or not names_heading(block.text):
            kept.append(block)
    return kept


def _contents_entry(headings: list[str]):
    """A test of whether a line names one of the headings, as a table of contents does: the heading's words (its
    number aside), or
    its section number ("2.1.") with the same number of parts and, for a one-part number, half its words (contents
    pages drift from the headings they list: "2.1. FTP sites that carry it" for "2.1. Web sites that carry it")."""
    def key(text: str) -> str:  # the words without the section number: contents pages may be numbered apart
        return " ".join(NUMBER.sub("", text.strip()).lower().split())

    titles = {key(text) for text in headings}
    numbered: dict[str, set[str]] = {}
    for text in headings:
        if match := NUMBERED.match(text.strip()):
            numbered.setdefault(match.group(1), set()).update(re.findall(r"[a-z]{3,}", text.lower()))

    def names_heading(text: str) -> bool:
        if key(text) in titles:
            return True
        match = NUMBERED.match(text.strip())
        if not match or match.group(1) not in numbered:
            return False
        if "." in match.group(1):
            return True
        words = set(re.findall(r"[a-z]{3,}", text.lower()))
        return 2 * len(words & numbered[match.group(1)]) >= len(words)

    return names_heading


def _join(texts: list[str]) -> str:
    """Wrapped lines as one text; a line-end hyphen goes if the joined word is common or a half is no word (wordfreq)."""
    out = ""
    for text in (t.strip() for t in texts):
        broken = re.search(r"(?:^|\s)[(\[\"'“‘]?([A-Za-z]+)-$", out)
        following = re.match(r"[a-z]+", text)
        if broken and following:
            out = out[:-1] + text if _is_one_word(broken.group(1), following.group()) else out + text
        elif re.search(r"\w-$", out):  # "--smc-" + "check=all", "Jean-" + "Paul": a real hyphen, no space
            out += text
        else:
            out = f"{out} {text}" if out else text
    return out


@lru_cache(maxsize=4096)
def _is_one_word(head: str, tail: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(head + tail, "en") >= 2.5 or zipf_frequency(f"{head}-{tail}", "en") == 0


def _code(lines: list[Line]) -> str:
    """Code lines with their line breaks, indentation from their position, and blank lines from wide gaps."""
    left = min(line.x for line in lines)
    out: list[str] = []
    for prev, line in zip([None, *lines], lines):
        if prev is not None and prev.page == line.page and prev.y - line.y > 1.8 * line.size:
            out.append("")
        indent = "" if line.text.startswith(" ") else " " * round((line.x - left) / (0.6 * line.size))
        out.append(indent + line.text.rstrip())
    return "\n".join(out)

