"""The block stream every reader produces and the chunker consumes: a document's structure, not its lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

BlockKind = Literal["heading", "question", "paragraph", "list", "table", "code"]
Link = tuple[str, str]  # a link the document makes: (the text shown, its http(s) or mailto target)


@dataclass(frozen=True)
class Block:
    """One structural piece of a document.

    heading    `text` with its `level` (1 = top); it opens a section
    question   `text` asks a question that the blocks after it answer (a `dt`, `summary`, `Q:` line or
               bold question line); it opens an FAQ entry one level below the current heading
    paragraph  `text`: prose, wrapped lines already joined with spaces
    list       `items`, in order; `text` is empty (a lead-in sentence is the paragraph before it)
    table      `rows` of cells, the first row the header
    code       `text` verbatim, newlines kept

    `links` are the document's links whose text the block shows.
    """

    kind: BlockKind
    text: str = ""
    level: int = 0
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text the block shows: its text, its items, its cells."""
        return (self.text, *self.items, *(cell for row in self.rows for cell in row))


CLOSING = " \"'”’"
FIRST_SENTENCE_ASKS = re.compile(r"^[^.!?]{3,}\?\s+\S")  # "Why spaces? I prefer tabs"
# "9. Where do I look for examples about:": a question word and its auxiliary, inverted as only a question puts them
ASKS_BEFORE_COLON = re.compile(r"^(?:[\dA-Za-z]{1,3}(?:\.\d+)*[.)]\s+)?(?:how|what|where|when|why|who)\s+"
                               r"(?:do|does|did|can|could|is|are|was|were|should|would|will|shall|may|might|must|have|has)\s",
                               re.IGNORECASE)


def asks(title: str) -> bool:
    """Whether a title asks a question: it ends with "?" (before closing quotes and a trailing remark in brackets),
    or its first sentence does, or it opens as a question does and ends with a colon over what it asks about."""
    title = title.rstrip(CLOSING)
    return (title.rstrip(")").endswith("?") or _before_remark(title).rstrip(CLOSING).endswith("?")
            or bool(FIRST_SENTENCE_ASKS.match(title)) or (title.endswith(":") and bool(ASKS_BEFORE_COLON.match(title))))


def _before_remark(title: str) -> str:
    """The title without a remark in brackets that ends it ("Why do the keys not work? (And other oddities.)")."""
    if not title.endswith(")"):
        return title
    opening = title.rfind("(")
    return title[:opening].rstrip() if opening >= 0 and ")" not in title[opening:-1] else title


# "Q: How do I pay?" / "Question 3. How do I pay?" opening a paragraph, and "A: By card." / "Answer: By card." after it.
QUESTION_LABEL = re.compile(r"^(?:Q|Question)\s*\d*\s*[:.)]\s+(?=\S)")
ANSWER_LABEL = re.compile(r"^(?:A|Answer)\s*[:.)]\s*")
LABELLED_PAIR = re.compile(r"^(?P<question>.+?\?)\s+(?:A|Answer)\s*[:.)]\s*(?P<answer>\S.*)$", re.DOTALL)


def labelled_entries(blocks: list[Block]) -> list[Block]:
    """Paragraphs, bold lines and headings labelled as questions and answers ("Q: ...", "A: ...", as FAQs in HTML or
    Word often write them) made entries: the question a question block (a heading stays a heading), without its
    label (a bold line's or heading's only when what follows the label asks); its answer (in the same paragraph after
    a line break too) a paragraph without its label. An "A." opens an answer only right after a question."""
    read: list[Block] = []
    asked = False  # the block read last was a question, or a heading labelled as one
    for block in blocks:
        label = QUESTION_LABEL.match(block.text) if block.kind in ("paragraph", "question", "heading") else None
        if label and block.kind != "paragraph" and not asks(block.text[label.end():]):
            label = None  # a title that only looks labelled: "Q: the letter", "Question 2: Describe the water cycle."
        if label:
            text = block.text[label.end():]
            pair = LABELLED_PAIR.match(text)
            question = pair["question"] if pair else text
            read.append(replace(block, text=question) if block.kind == "heading"
                        else Block("question", question, links=block.links))
            if pair:
                read.append(Block("paragraph", pair["answer"], links=block.links))
            asked = not pair
        elif block.kind == "paragraph" and asked and ANSWER_LABEL.match(block.text):
            read.append(Block("paragraph", ANSWER_LABEL.sub("", block.text), links=block.links))
            asked = False
        else:
            read.append(block)
            asked = block.kind == "question"
    return read


SUB_ITEM = "\x1f"  # marks where a nested list's item starts inside its parent item's text, until joined_item


def joined_item(text: str) -> str:
    """A list item with its nested list's items (each opened by SUB_ITEM) written out: "Windows: 10 and 11; Server
    2022", not "Windows 10 and 11 Server 2022"."""
    head, *subs = (" ".join(part.split()) for part in text.split(SUB_ITEM))
    written = head
    for sub in filter(None, subs):
        mark = "" if not written or written.endswith((":", ";", ".", "!", "?")) else (":" if written == head else ";")
        written = f"{written}{mark} {sub}".strip()
    return written


class UnreadableFile(Exception):
    """The file cannot be read as a document of its kind (empty, binary, not UTF-8, broken, over a limit)."""
