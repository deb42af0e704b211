"""Lexical search: BM25 (bm25s) over stemmed words, the counterpart of the dense vectors."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


def fold(text: str) -> str:
    """Lower-case with curly quotes straightened, so "Crohn’s" and "Crohn's" agree."""
    return text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def words(text: str) -> list[str]:
    """Content words of a text: lower-cased, stop words dropped, not stemmed."""
    stop = stopwords()
    return [w for w in _TOKEN.findall(fold(text).replace("'", " ")) if w not in stop]


def terms(text: str) -> list[str]:
    """Stemmed content words: what BM25 counts."""
    return _stemmer().stemWords(words(text))


class LexicalIndex:
    """BM25 over one text per chunk."""

    def __init__(self, texts: list[str]):
        import bm25s

        self.vocabulary: set[str] = set()
        tokenised = [terms(text) for text in texts]
        for document in tokenised:
            self.vocabulary.update(document)
        self._bm25 = bm25s.BM25()
        self._bm25.index(tokenised, show_progress=False)
        self.size = len(texts)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the query; zeros where no term matches."""
        query_terms = [t for t in terms(query) if t in self.vocabulary]
        if not query_terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(query_terms), dtype=np.float32)
