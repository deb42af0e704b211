"""Questions owners taught (corpus/alternates.csv): a question that means the same as one finds its passage."""

from __future__ import annotations

import numpy as np

from ..config import SAME_QUESTION_COSINE
from ..indexing.store import SearchIndex


class TaughtQuestions:
    def __init__(self, index: SearchIndex, position: dict[str, int]):
        self.vectors = index.lookups.taught_vectors
        self.chunk_numbers = [position[taught.chunk_id] for taught in index.lookups.taught]

    def matches(self, query_vectors: np.ndarray) -> dict[int, float]:
        """Chunk number -> cosine of its closest taught question to the better of the question's wordings (rows),
        for questions at least SAME_QUESTION_COSINE close."""
        if not len(self.vectors):
            return {}
        cosines = (self.vectors @ query_vectors.T).max(axis=1)
        found: dict[int, float] = {}
        for number, cosine in zip(self.chunk_numbers, cosines):
            if cosine >= SAME_QUESTION_COSINE:
                found[number] = max(found.get(number, 0.0), float(cosine))
        return found
