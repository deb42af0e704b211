"""Conversation: reading follow-up questions in their context, and suggesting next questions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chunking import Chunk, chunk_units
from .lexical import all_words, fold

# Words that point back to something said before ("how long do *they* last?").
# ("that" and "there" are left out: they mostly start clauses, "is there a link...", not point back.)
ANAPHORA = frozenset("it its they them their theirs this these those ones he she him her".split())
# Openings that continue the previous question ("and the one on multiple sclerosis?").
CONTINUATIONS = ("and ", "but ", "so ", "also ", "then ", "what about ", "how about ", "and?", "what else")
SHORT_QUESTION_CONCEPTS = 3  # at most this many concepts: may lean on the conversation
CONTEXT_TURNS = 2  # how many earlier questions a chain of follow-ups may reach back
POOL_LIMIT = 256  # suggestions considered: all of them for a small corpus, the first ones of a large one


def refers_back(question: str) -> bool:
    """Whether the question opens with a continuation or points back with a pronoun."""
    folded = fold(question).strip()
    return folded.startswith(CONTINUATIONS) or any(word in ANAPHORA for word in all_words(folded))


def context_of(history: list[str]) -> str:
    """The earlier question a follow-up leans on: the last one, with the one before if it leaned back too."""
    context = history[-1]
    for depth in range(2, CONTEXT_TURNS + 1):
        if len(history) >= depth and refers_back(history[-depth + 1]):
            context = f"{context} {history[-depth]}"
    return context


@dataclass(frozen=True)
class Suggestion:
    text: str  # what the button says and what is asked when it is clicked
    chunk_ids: frozenset[str]  # the passages it leads to


def _comparable(question: str) -> str:
    return fold(question).strip(" ?")


def suggestion_pool(chunks: list[Chunk], document_titles: set[str], limit: int = POOL_LIMIT) -> list[Suggestion]:
    """The documents' own FAQ questions, then their section headings, each once, at most `limit`."""
    faq = [
        Suggestion(chunk_units(c)[0].text, frozenset({c.id}))
        for c in chunks
        if c.kind == "faq"
    ]
    faq_sections = {c.section for c in chunks if c.kind == "faq"}
    sections: dict[str, set[str]] = {}
    for c in chunks:
        if c.section not in faq_sections and c.section not in document_titles:
            sections.setdefault(c.section, set()).add(c.id)
    return (faq + [Suggestion(heading, frozenset(ids)) for heading, ids in sections.items()])[:limit]


class Suggester:
    """Picks two or three questions related to an answer that the documents can answer."""

    def __init__(self, pool: list[Suggestion], vectors: np.ndarray, count: int = 3):
        self.pool = pool
        self.vectors = vectors  # one normalised row per suggestion
        self.count = count
        self._folded = [_comparable(s.text) for s in pool]

    def suggest(self, answered: Chunk | None, answered_vector: np.ndarray | None, asked: list[str]) -> list[str]:
        asked_folded = {_comparable(q) for q in asked}
        fresh = [
            n for n, s in enumerate(self.pool)
            if self._folded[n] not in asked_folded and (answered is None or answered.id not in s.chunk_ids)
        ]
        if answered_vector is not None and len(fresh):
            similarity = self.vectors[fresh] @ answered_vector
            fresh = [fresh[i] for i in np.argsort(-similarity, kind="stable")]
        return [self.pool[n].text for n in fresh[: self.count]]
