"""Suggested next questions: the documents' own FAQ questions and headings nearest to the passage just given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..ingest.chunking import Chunk
from ..words import fold

POOL_LIMIT = 256  # suggestions considered: all of them for a small corpus, the first ones of a large one


@dataclass(frozen=True)
class Suggestion:
    text: str  # what the button says and what is asked when it is clicked
    chunk_ids: frozenset[str]  # the passages it leads to


def _comparable(question: str) -> str:
    return fold(question).strip(" ?")


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


class Suggester:
    """Picks two or three questions related to an answer that the documents can answer."""

    def __init__(self, pool: list[Suggestion], vectors: np.ndarray, count: int = 3):
        self.pool = pool
        self.vectors = vectors  # one normalised row per suggestion
        self.count = count
        self._folded = [_comparable(s.text) for s in pool]

    def suggest(self, answered: Chunk | None, answered_vector: np.ndarray | None, asked: Sequence[str]) -> tuple[str, ...]:
        asked_folded = {_comparable(q) for q in asked}
        fresh = [
            n for n, s in enumerate(self.pool)
            if self._folded[n] not in asked_folded and (answered is None or answered.id not in s.chunk_ids)
        ]
        if answered_vector is not None and len(fresh):
            similarity = self.vectors[fresh] @ answered_vector
            fresh = [fresh[i] for i in np.argsort(-similarity, kind="stable")]
        return tuple(self.pool[n].text for n in fresh[: self.count])
