"""The pool of suggested questions, chosen at build: the documents' own FAQ questions, then their headings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..ingest.chunking import Chunk

POOL_LIMIT = 256  # suggestions considered: all of them for a small corpus, the first ones of a large one


@dataclass(frozen=True)
class Suggestion:
    text: str  # what the button says and what is asked when it is clicked
    chunk_ids: frozenset[str]  # the passages it leads to


def suggestion_pool(chunks: Sequence[Chunk], document_titles: set[str], limit: int = POOL_LIMIT) -> list[Suggestion]:
    """The documents' own FAQ questions, then their section headings, each once, at most `limit`."""
    entries: dict[str, set[str]] = {}
    sections: dict[str, set[str]] = {}
    for c in chunks:
        if c.kind == "faq" and c.units[0].role == "question":
            entries.setdefault(c.units[0].text, set()).add(c.id)
        elif c.heading not in document_titles:
            sections.setdefault(c.heading, set()).add(c.id)
    pool = [Suggestion(text, frozenset(ids)) for text, ids in entries.items()]
    pool += [Suggestion(heading, frozenset(ids)) for heading, ids in sections.items() if heading not in entries]
    return pool[:limit]
