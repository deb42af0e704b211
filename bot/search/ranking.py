"""Ranking maths: the features of a candidate passage, their weighted score, and the confidence model.

  passage        cosine of the question and the whole passage (with its heading)
  unit           best cosine of the question and one sentence, row or item of it (not its FAQ question)
  question       cosine of the question and the passage's FAQ question, 0 when it answers none
  bm25           BM25 of the passage, divided by the best candidate's
  coverage       share of the question's concepts the passage holds, weighted by rarity (IDF)
  unit_coverage  the same for its best sentence, row or item
  novelty        weighted share of the question's concepts found nowhere in the documents
  focus          weighted share of the question's focus (its concepts that are not the corpus's general
                 subject) that the passage holds, literally, by a synonym or by a word of like meaning
Vectors are L2-normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..config import ConfidenceWeights, RankingWeights
from ..ingest.chunking import Chunk

COMMON_ZIPF = 6.5  # words at least this frequent in English (Zipf scale) carry no topic
SPECIFICITY_SPAN = 3.0  # ... and words 3 Zipf points rarer are fully specific


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


RANKED = ("passage", "unit", "question", "bm25", "coverage", "unit_coverage")  # the features the ranking weighs


def key_cosine(chunk: Chunk, cosines: np.ndarray) -> float:
    """The cosine with what the chunk is about (`cosines`: its search keys', passage first, then units): an FAQ
    entry's question, a table's or list's best row or item, a paragraph's whole text."""
    if chunk.units and chunk.units[0].role == "question":
        return float(cosines[1])
    rows = [n + 1 for n, u in enumerate(chunk.units) if u.role in ("row", "item")]
    return float(cosines[rows].max()) if rows else float(cosines[0])


def score(features: Features, weights: RankingWeights) -> float:
    """The ranking score: a weighted sum of the features (weights chosen by bench/tune.py)."""
    return sum(getattr(weights, name) * getattr(features, name) for name in RANKED)


def confidence(features: Features, weights: ConfidenceWeights) -> float:
    """How likely the documents cover the question, 0..1: sigmoid(weights . features + bias)."""
    z = (weights.bias + weights.passage * features.passage + weights.unit * features.unit
         + weights.question * features.question
         + weights.coverage * features.coverage + weights.novelty * features.novelty + weights.focus * features.focus)
    return 1.0 / (1.0 + math.exp(-z))


def specificity(words: tuple[str, ...]) -> float:
    """0 for everyday words ("get", Zipf 6.3) up to 1 for rare ones (Zipf 3.5 or less), by wordfreq."""
    from wordfreq import zipf_frequency

    if not words:
        return 1.0
    zipf = min(zipf_frequency(word, "en") for word in words)
    return min(max((COMMON_ZIPF - zipf) / SPECIFICITY_SPAN, 0.0), 1.0)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k highest scores, best first, without sorting all of them."""
    if len(scores) > k:
        part = np.argpartition(-scores, k)[:k]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")
