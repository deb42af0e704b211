"""What a search returns: the question's reading, its hits, and which reading was used."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ingest.chunking import Chunk
from .question import Concept, Query
from .ranking import Features


@dataclass(frozen=True)
class Reading:
    """What ranking needs of a parsed question, worked out once (Searcher.read, Searcher.readings)."""

    vector: np.ndarray  # the question in the documents' words (a follow-up after the question it leans on)
    as_asked: np.ndarray  # as asked, for taught questions; equal to vector unless some are taught and a synonym was rewritten
    focus: list[tuple[Concept, float, frozenset[str]]]  # its own focus: concept, weight, document words of like meaning


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # the fused ranking score
    confidence: float  # how likely the documents cover the question, judged from this hit (0..1)
    features: Features
    unit_scores: tuple[float, ...]  # how well each unit of the chunk matches: cosine + coverage
    taught: bool = False  # an owner taught a question like this one for this passage (corpus/alternates.csv)


@dataclass(frozen=True)
class SearchResult:
    query: Query  # the reading of the question that was used
    hits: tuple[Hit, ...]  # best first
    in_context: bool  # whether the question was read with an earlier question of the conversation
    neighbours: tuple[Chunk, ...]  # the best hit's run of chunks in its section, in document order
    unknown: tuple[str, ...] = ()  # the question's own specific words that the documents never use
    asked_part: bool = False  # the top hit's part was picked by what the question itself asks (Searcher.own_part)
    detail: Hit | None = None  # an FAQ hit's passage whose units the question's words match best (Searcher.own_part)

    def covered(self, threshold: float) -> bool:
        """Whether the best hit is confident enough to be given as the answer."""
        return bool(self.hits) and self.hits[0].confidence >= threshold
