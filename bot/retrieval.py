"""Dense (FAISS) and lexical (BM25) search over the chunks, and their fusion into one ranking.

Candidates come from both searches; each is then scored on five features:
  passage      cosine of the question and the whole passage (with its heading)
  unit         best cosine of the question and one sentence, row or item of it
  bm25         BM25 of the passage, divided by the best candidate's
  coverage     share of the question's concepts the passage holds, weighted by rarity (IDF)
  unit_coverage  the same for its best sentence, row or item
and ranked by a weighted sum whose weights (config.RankingSettings) were chosen on the
development set. Each hit also carries the question's `novelty`: the weighted share of its
concepts found nowhere in the documents, which the confidence uses.
Vectors are L2-normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .chunking import Chunk
from .config import RankingSettings
from .embedding import Encoder
from .index import SearchIndex
from .lexical import LexicalIndex, all_words, is_stopword, terms
from .query import Query, QueryParser

FEATURES = ("passage", "unit", "bm25", "coverage", "unit_coverage")
COMMON_ZIPF = 6.5  # words at least this frequent in English (Zipf scale) carry no topic
SPECIFICITY_SPAN = 3.0  # ... and words 3 Zipf points rarer are fully specific


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # the fused ranking score
    features: dict  # FEATURES -> value, and the question's novelty
    unit_scores: tuple[float, ...]  # how well each unit of the chunk matches: cosine + coverage


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k highest scores, best first, without sorting all of them."""
    if len(scores) > k:
        part = np.argpartition(-scores, k)[:k]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")


def specificity(words: tuple[str, ...]) -> float:
    """0 for everyday words ("get", Zipf 6.3) up to 1 for rare ones (Zipf 3.5 or less), by wordfreq."""
    from wordfreq import zipf_frequency

    if not words:
        return 1.0
    zipf = min(zipf_frequency(word, "en") for word in words)
    return min(max((COMMON_ZIPF - zipf) / SPECIFICITY_SPAN, 0.0), 1.0)


class Retriever:
    def __init__(self, index: SearchIndex, encoder: Encoder, ranking: RankingSettings,
                 synonym_groups: list = (), known_words: frozenset[str] = frozenset()):
        self.index = index
        self.encoder = encoder
        self.ranking = ranking
        passages = [f"{c.section}\n{c.text}" for c in index.chunks]
        self.lexical = LexicalIndex(passages)
        document_frequency = Counter(t for passage in passages for t in set(terms(passage)))
        n = len(passages)
        self.idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in document_frequency.items()}
        self.unseen_idf = math.log(1 + (n + 0.5) / 0.5)
        self.offsets = np.concatenate([[0], np.cumsum([len(k) for k in index.keys])])
        corpus_words = {w for passage in passages for w in all_words(passage)}
        self.parser = QueryParser(corpus_words, list(synonym_groups), known_words, self.commonness)
        self._stems: dict[int, tuple] = {}

    def concept_weight(self, concept) -> float:
        """How telling a concept is: the IDF of its commonest alternative's rarest stem.

        A concept the documents never mention weighs the IDF of an unseen word scaled by how
        specific the word is in everyday English: "zinc" counts fully, "make" hardly at all.
        """
        if not self.seen(concept):
            return self.unseen_idf * specificity(concept.words)
        return min(
            max(self.idf.get(s, self.unseen_idf) for s in alternative)
            for alternative in concept.alternatives
            if all(s in self.idf for s in alternative)
        )

    def commonness(self, phrase: tuple[str, ...]) -> float:
        """How common a stemmed phrase is in the documents: minus the IDF of its rarest content stem."""
        content = [s for s in phrase if s in self.idf or not is_stopword(s)]
        return -max((self.idf.get(s, self.unseen_idf) for s in content), default=self.unseen_idf)

    def seen(self, concept) -> bool:
        """Whether any alternative of the concept occurs in the documents at all."""
        return any(all(s in self.idf for s in alternative) for alternative in concept.alternatives)

    def _unit_stems(self, chunk_number: int) -> tuple[frozenset, tuple[frozenset, ...]]:
        """Stems of the whole passage and of each unit; worked out once per chunk, when first a candidate."""
        if chunk_number not in self._stems:
            keys = self.index.keys[chunk_number]
            self._stems[chunk_number] = (frozenset(terms(keys[0])), tuple(frozenset(terms(k)) for k in keys[1:]))
        return self._stems[chunk_number]

    def candidates(self, query_vectors: np.ndarray, lexical: np.ndarray) -> list[int]:
        """Chunks worth scoring: those of the best FAISS rows, then the best BM25 chunks."""
        k = min(self.ranking.dense_candidates, self.index.vectors.ntotal)
        _, rows = self.index.vectors.search(query_vectors, k)
        dense = dict.fromkeys(int(self.index.key_chunk[r]) for found in zip(*rows) for r in found if r >= 0)
        top_lexical = top_k(lexical, self.ranking.lexical_candidates)
        return list(dict.fromkeys([*dense, *(int(i) for i in top_lexical if lexical[i] > 0)]))

    def query_vectors(self, query: Query) -> np.ndarray:
        """The question's vectors: as asked and, if different, in the documents' words.

        A follow-up is embedded after the question it leans on, as it was asked.
        """
        texts = [query.search_text] + ([query.document_text] if query.document_text else [])
        if query.context_text:
            texts = [f"{query.context_text} {text}" for text in texts]
        return self.encoder.encode(texts)

    def search(self, question: str, k: int = 5, context: str = "") -> list[Hit]:
        """The k best chunks for the question (read together with `context`, an earlier question, if given)."""
        query = self.parser.parse(question, context)
        query_vectors = self.query_vectors(query)
        lexical = self.lexical.scores_for_terms(query.lexical_terms)
        chosen = self.candidates(query_vectors, lexical)
        best_lexical = max((lexical[c] for c in chosen), default=0.0) or 1.0
        weights = [(concept, concept.weight * self.concept_weight(concept)) for concept in query.concepts]
        total_weight = sum(w for _, w in weights) or 1.0
        novelty = sum(w for concept, w in weights if not self.seen(concept)) / total_weight
        hits = []
        for c in chosen:
            # reconstruct_batch, not reconstruct_n: on an IVF index the latter scans every list.
            vectors = self.index.vectors.reconstruct_batch(np.arange(self.offsets[c], self.offsets[c + 1], dtype=np.int64))
            cosines = (vectors @ query_vectors.T).max(axis=1)  # the better of the two wordings, key by key
            passage_stems, unit_stems = self._unit_stems(c)
            unit_coverage = [sum(w for concept, w in weights if concept.covered_by(stems)) / total_weight for stems in unit_stems]
            unit_scores = tuple(float(x) for x in cosines[1:] + np.asarray(unit_coverage))
            features = {
                "passage": float(cosines[0]),
                "unit": float(cosines[1:].max()) if len(cosines) > 1 else float(cosines[0]),
                "bm25": float(lexical[c] / best_lexical),
                "coverage": sum(w for concept, w in weights if concept.covered_by(passage_stems)) / total_weight,
                "unit_coverage": max(unit_coverage, default=0.0),
            }
            score = self.ranking.score(features)
            hits.append(Hit(self.index.chunks[c], score, {**features, "novelty": novelty}, unit_scores))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]
