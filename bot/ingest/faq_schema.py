"""FAQ entries a page declares as schema.org data, the markup search engines read: JSON-LD `FAQPage` (on a page saved
from a help centre the answers are often drawn by scripts, so this data is the only copy of them in the file), and
microdata Questions, whose names title entries.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag

from ..words import fold
from .blocks import Block, asks
from .spreadsheet import HTML, answer_blocks

QUESTION_TYPE = re.compile(r"^https?://schema\.org/Question/?$", re.IGNORECASE)
HEADINGS = {f"h{n}" for n in range(1, 7)}
MAX_NODES = 100_000  # JSON objects and lists walked in one page's data


def declared_entries(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(question, answer) of each Question with an answer in the page's JSON-LD, in order, the answer HTML or plain
    text (entities written out); data that is no JSON, or no Question, gives none."""
    entries = []
    for script in soup.find_all("script"):
        if not (isinstance(script, Tag) and str(script.get("type", "")).strip().lower() == "application/ld+json"):
            continue
        try:
            data = json.loads(script.get_text())
        except (ValueError, RecursionError):
            continue
        for node in _nodes(data):
            answer = node.get("acceptedAnswer") or node.get("suggestedAnswer")
            answer = answer[0] if isinstance(answer, list) and answer else answer
            if _is_a("Question", node) and isinstance(answer, dict):
                question, text = _plain(node.get("name")), answer.get("text")
                if question and isinstance(text, str) and text.strip():
                    entries.append((question, text if HTML.search(text) else html.unescape(text)))
    return entries


def missing_entries(declared: list[tuple[str, str]], shown: list[Block], title: str) -> list[Block]:
    """The declared entries whose question the page's text does not show, as blocks, under a heading (the page's
    title) that ends the section above them."""
    texts = [text for block in shown for text in (block.text, *block.items, *(cell for row in block.rows for cell in row))]
    seen = fold(" ".join(" ".join(text.split()) for text in texts))
    missing = [(question, answer) for question, answer in declared if fold(question) not in seen]
    blocks = [Block("heading", title or "FAQ", level=1)] if missing else []
    for question, answer in missing:
        blocks += [Block("question", question) if asks(question) else Block("heading", question, level=2), *answer_blocks(answer)]
    return blocks


def mark_declared_questions(soup: BeautifulSoup) -> None:
    """A question the page marks up as schema.org microdata (itemprop="name" of an itemtype Question) made an entry's
    title, as a <dt> is, unless it is a heading already: "Shipping times" over its answer is an entry."""
    for question in soup.find_all(itemtype=QUESTION_TYPE):
        name = question.find(itemprop="name")
        if isinstance(name, Tag) and name.name not in HEADINGS:
            name.name = "dt"


def _nodes(data: object) -> Iterator[dict]:
    """Every JSON object in the data, depth first (`@graph`, `mainEntity` and any other nesting), at most MAX_NODES."""
    stack, walked = [data], 0
    while stack and walked < MAX_NODES:
        value = stack.pop()
        walked += 1
        if isinstance(value, dict):
            yield value
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def _is_a(kind: str, node: dict) -> bool:
    declared = node.get("@type")
    return declared == kind or (isinstance(declared, list) and kind in declared)


def _plain(text: object) -> str:
    """A name's text without markup or runs of white space."""
    if not isinstance(text, str):
        return ""
    return " ".join(BeautifulSoup(text, "html.parser").get_text(" ").split() if "<" in text else html.unescape(text).split())
