"""Lexical search: BM25 (bm25s) over stemmed words, the counterpart of the dense vectors."""

from __future__ import annotations

import logging

import numpy as np

from ..words import terms


class LexicalIndex:
    """BM25 over one text per chunk."""

    def __init__(self, texts: list[str]):
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at INFO and up
        self.vocabulary: set[str] = set()
        tokenised = [terms(text) for text in texts]
        for document in tokenised:
            self.vocabulary.update(document)
        self._bm25 = bm25s.BM25()
        if self.vocabulary:  # bm25s cannot index a corpus without a single word
            self._bm25.index(tokenised, show_progress=False)
        self.size = len(texts)

    def scores_for_terms(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the stemmed query terms; zeros where none matches."""
        known = [t for t in query_terms if t in self.vocabulary]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
