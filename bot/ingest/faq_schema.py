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
STANDALONE = {"div", "span", "strong", "b", "em", "p", "button", "a", "label"}  # names made entry titles
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
            answer = _first(node.get("acceptedAnswer") or node.get("suggestedAnswer"))
            if _is_a("Question", node) and isinstance(answer, dict):
                question, text = _plain(_first(node.get("name"))), _first(answer.get("text"))
                if question and isinstance(text, str) and text.strip():
                    entries.append((question, text if HTML.search(text) else html.unescape(text)))
    return entries


def missing_entries(declared: list[tuple[str, str]], shown: list[Block], title: str) -> list[Block]:
    """The declared entries whose question or answer the page's text does not show, word for word (drawn by a
    script, or hidden), as blocks, under a heading (the page's title) that ends the section above them."""
    seen = _phrase(" ".join(text for block in shown for text in block.texts))
    blocks: list[Block] = []
    for question, answer in declared:
        said = answer_blocks(answer)
        if said and (_phrase(question) not in seen or _phrase(" ".join(text for b in said for text in b.texts)) not in seen):
            blocks += [Block("question", question) if asks(question) else Block("heading", question, level=2), *said]
    return [Block("heading", title, level=1), *blocks] if blocks else []


def mark_declared_questions(soup: BeautifulSoup) -> None:
    """A question the page marks up as schema.org microdata (itemprop="name" of an itemtype Question) made an entry's
    title, as a <dt> is, when it stands as a block of its own: a heading is one already, and a table's cell or a
    paragraph's words stay in their row or sentence. "Shipping times" over its answer is an entry."""
    for question in soup.find_all(itemtype=QUESTION_TYPE):
        name = next((tag for tag in question.find_all(itemprop="name")
                     if tag.find_parent(itemscope=True) is question), None)  # not a nested author's name
        if isinstance(name, Tag) and name.name in STANDALONE and not name.find_parent(["p", "td", "th", "li"]):
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


def _first(value: object) -> object:
    """A value given as a list (its first item) or as {"@value": ...} (the value)."""
    value = value[0] if isinstance(value, list) and value else value
    return value.get("@value") if isinstance(value, dict) and "@value" in value else value


def _is_a(kind: str, node: dict) -> bool:
    """Whether the node's @type is the kind, written plain, as a URL or with a prefix ("schema:Question")."""
    declared = node.get("@type")
    types = declared if isinstance(declared, list) else [declared]
    return any(isinstance(name, str) and re.split(r"[/:#]", name.rstrip("/"))[-1] == kind for name in types)


def _phrase(text: str) -> str:
    """The text's words, lower-case, one space apart, with a space at either end: " pay " is found as a whole word
    only."""
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def _plain(text: object) -> str:
    """A name's text without markup or runs of white space."""
    if not isinstance(text, str):
        return ""
    return " ".join(BeautifulSoup(text, "html.parser").get_text(" ").split() if "<" in text else html.unescape(text).split())
