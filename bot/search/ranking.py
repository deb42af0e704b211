"""Ranking maths: the features of a candidate passage, their weighted score, and the confidence model.

  passage        cosine of the question and the whole passage (with its heading)
  unit           best cosine of the question and one sentence, row or item of it (not its FAQ question)
  question       cosine of the question and what the passage is about: its FAQ question, its best row or item,
                 else the whole passage (key_cosine)
  bm25           BM25 of the passage, divided by the best candidate's
  coverage       share of the question's concepts the passage holds, weighted by rarity (IDF)
  unit_coverage  the same for its best sentence, row or item
  novelty        weighted share of the question's concepts found nowhere in the documents
  focus          weighted share of the question's focus (its concepts that are not the corpus's general
                 subject) that the passage holds, literally, by a synonym or by a word of like meaning
  centred_question  question, measured from the corpus's centre (the mean of its search keys' vectors): what
                 every passage shares, the corpus's subject, counts for nothing, so a question about the
                 subject but not this entry ("does LDN affect fertility?") is not close to it
Vectors are L2-normalised, so inner product is cosine similarity. The ranking weighs the first six; the
confidence model all but bm25 and unit_coverage.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .. import ONE_BLAS_THREAD
from ..config import ConfidenceWeights, RankingWeights
from ..ingest.chunking import Chunk
from .question import Concept


@dataclass(frozen=True)
class Features:
    passage: float
    unit: float
    question: float
    bm25: float
    coverage: float
    unit_coverage: float
    novelty: float
    focus: float = 1.0
    centred_question: float = 0.0


@dataclass(frozen=True)
class Weighing:
    """The question's concepts with their weights: what share of them a text holds."""

    concepts: tuple[tuple[Concept, float], ...]
    total: float  # their weights' sum, never 0
    stems: frozenset[str]  # every stem of every concept
    _shares: dict[frozenset[str], float] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, concepts: list[tuple[Concept, float]]) -> Weighing:
        return cls(tuple(concepts), sum(w for _, w in concepts) or 1.0,
                   frozenset(s for concept, _ in concepts for s in concept.stems))

    def share(self, stems: frozenset[str]) -> float:
        """The weighted share of the concepts the stems hold; worked out once for each set of the question's stems
        held (most sentences hold the same few, or none)."""
        present = stems & self.stems
        if present not in self._shares:
            self._shares[present] = sum(w for concept, w in self.concepts if concept.covered_by(present)) / self.total
        return self._shares[present]


SPLIT_ROWS = 20_000  # a product with a matrix of more rows than this is worked out on every core
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
_POOL = ThreadPoolExecutor(CORES, thread_name_prefix="products")  # its threads start on first use


def products(vectors: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """vectors @ matrix.T. Where numpy's OpenBLAS keeps to one thread (bot/__init__.py), which suits the small
    products of a question, a large matrix (a big corpus's vocabulary: 100 ms on one core) is cut in one part a
    core; numpy lets go of the GIL while multiplying."""
    if len(matrix) <= SPLIT_ROWS or CORES == 1 or not ONE_BLAS_THREAD:
        return vectors @ matrix.T
    bounds = np.linspace(0, len(matrix), CORES + 1, dtype=int)
    parts = _POOL.map(lambda start, end: vectors @ matrix[start:end].T, bounds[:-1], bounds[1:])
    return np.hstack(list(parts))


def holds(concept: Concept, near: frozenset[str], stems: frozenset[str]) -> bool:
    """Whether a text's stems hold a focus concept: literally, by a synonym, or by a document word of like meaning."""
    return concept.covered_by(stems) or bool(near & stems)


RANKED = ("passage", "unit", "question", "bm25", "coverage", "unit_coverage")  # the features the ranking weighs


def centred(cosines: np.ndarray, key_centre: np.ndarray, query_centre: float, centre: np.ndarray) -> np.ndarray:
    """Cosines measured from the corpus's centre, (k - c).(q - c) / (|k - c| |q - c|), from the plain ones of unit
    vectors k and q and the products k.c (`key_centre`) and q.c (`query_centre`)."""
    c2 = float(centre @ centre)
    moved = (cosines - key_centre - query_centre + c2) / np.sqrt(
        np.maximum((1 - 2 * key_centre + c2) * (1 - 2 * query_centre + c2), 1e-12))
    return np.clip(moved, -1.0, 1.0)  # a key at the centre itself has no direction from it


def cosine_features(chunk: Chunk, cosines: np.ndarray, centred_cosines: np.ndarray) -> tuple[float, float, float, float]:
    """passage, unit, question and centred_question (see the module's docstring) from the cosines of the chunk's
    search keys, plain and measured from the corpus's centre."""
    asks = bool(chunk.units) and chunk.units[0].role == "question"
    answers = cosines[2:] if asks else cosines[1:]
    unit = float(answers.max()) if len(answers) else float(cosines[0])
    return float(cosines[0]), unit, key_cosine(chunk, cosines), key_cosine(chunk, centred_cosines)


def key_cosine(chunk: Chunk, cosines: np.ndarray) -> float:
    """The cosine with what the chunk is about (`cosines`: its search keys', passage first, then units): an FAQ
    entry's question, a table's or list's best row or item, a paragraph's whole text."""
    if chunk.units and chunk.units[0].role == "question":
        return float(cosines[1])
    rows = [n + 1 for n, u in enumerate(chunk.units) if u.role in ("row", "item")]
    return float(cosines[rows].max()) if rows else float(cosines[0])


def unit_scores(cosines: np.ndarray, coverage: list[float]) -> tuple[float, ...]:
    """Each unit's score: its cosine with the question (`cosines`: the chunk's search keys', passage first) plus
    the share of the question's concepts it holds."""
    return tuple((cosines[1:] + coverage).tolist())


def score(features: Features, weights: RankingWeights) -> float:
    """The ranking score: a weighted sum of the features (weights chosen by bench/tune.py)."""
    return sum(getattr(weights, name) * getattr(features, name) for name in RANKED)


def confidence(features: Features, weights: ConfidenceWeights) -> float:
    """How likely the documents cover the question, 0..1: sigmoid(weights . features + bias)."""
    z = (weights.bias + weights.passage * features.passage + weights.unit * features.unit
         + weights.question * features.question + weights.centred_question * features.centred_question
         + weights.coverage * features.coverage + weights.novelty * features.novelty + weights.focus * features.focus)
    return 1.0 / (1.0 + math.exp(-z))


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k highest scores, best first, without sorting all of them."""
    if len(scores) > k:
        part = np.argpartition(-scores, k)[:k]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")
