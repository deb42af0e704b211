"""Dense (FAISS) and lexical (BM25) search over the chunks, and their fusion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chunking import Chunk
from .embedding import Encoder
from .index import SearchIndex
from .lexical import LexicalIndex

RRF_K = 60  # reciprocal rank fusion constant (Cormack et al., 2009)
DENSE_CANDIDATES = 256  # key rows fetched from FAISS before grouping them by chunk


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused ranking score
    similarity: float  # best cosine similarity between the query and any key of the chunk
    unit: int  # unit of the chunk whose key matched best; -1 for the whole passage


class Retriever:
    def __init__(self, index: SearchIndex, encoder: Encoder):
        self.index = index
        self.encoder = encoder
        self.lexical = LexicalIndex([f"{c.section}\n{c.text}" for c in index.chunks])

    def dense(self, query_vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per chunk: the best cosine similarity over its keys and which key gave it."""
        n_chunks = len(self.index.chunks)
        best = np.full(n_chunks, -1.0, dtype=np.float32)
        best_unit = np.full(n_chunks, -1, dtype=np.int64)
        k = min(DENSE_CANDIDATES, self.index.vectors.ntotal)
        similarities, rows = self.index.vectors.search(query_vector.reshape(1, -1), k)
        # Rows come best first, so the first row seen for a chunk is its best key.
        for similarity, row in zip(similarities[0], rows[0]):
            if row < 0:
                continue
            chunk = self.index.key_chunk[row]
            if best[chunk] < similarity:
                best[chunk] = similarity
                best_unit[chunk] = self.index.key_unit[row]
        return best, best_unit

    def search(self, query: str, k: int = 5) -> list[Hit]:
        query_vector = self.encoder.encode([query])[0]
        similarity, unit = self.dense(query_vector)
        lexical = self.lexical.scores(query)
        fused = rrf([similarity, lexical])
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            Hit(self.index.chunks[i], float(fused[i]), float(max(similarity[i], 0.0)), int(unit[i]))
            for i in order
        ]


def ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each entry, best first; entries scoring 0 or less get no rank (inf)."""
    order = np.argsort(-scores, kind="stable")
    result = np.empty(len(scores), dtype=np.float64)
    result[order] = np.arange(1, len(scores) + 1)
    result[scores <= 0] = np.inf
    return result


def rrf(score_lists: list[np.ndarray], weights: list[float] | None = None) -> np.ndarray:
    """Reciprocal rank fusion: sum of weight / (RRF_K + rank) over the rankings."""
    weights = weights or [1.0] * len(score_lists)
    return sum(w / (RRF_K + ranks(s)) for w, s in zip(weights, score_lists))
