"""Suggested next questions: the documents' own FAQ questions and headings nearest to the passage just given.

The pool of suggestions and their vectors are worked out at build (indexing/suggestions.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..indexing.suggestions import Suggestion
from ..ingest.chunking import Chunk
from ..words import fold


def _comparable(question: str) -> str:
    return fold(question).strip(" ?")


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
