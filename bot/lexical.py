"""Lexical search: BM25 (bm25s) over stemmed words, the counterpart of the dense vectors."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_TOKEN_OR_LETTER = re.compile(r"(?u)\b\w+\b")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


# Words that carry no topic in a question, beyond the usual English stop words.
EXTRA_STOPWORDS = frozenset(
    "one ones instead else also too either rather really actually anyway just please thing things kind sort "
    "way lot bit much many would could might may shall will can".split()
)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS) | EXTRA_STOPWORDS


_STRAIGHT_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def fold(text: str) -> str:
    """Lower-case with curly quotes straightened, so "Crohn’s" and "Crohn's" agree."""
    return text.lower().translate(_STRAIGHT_QUOTES)


def words(text: str) -> list[str]:
    """Content words of a text: lower-cased, stop words dropped, not stemmed."""
    stop = stopwords()
    return [w for w in _TOKEN.findall(fold(text).replace("'", " ")) if w not in stop]


def terms(text: str) -> list[str]:
    """Stemmed content words: what BM25 counts."""
    return _stemmer().stemWords(words(text))


def all_words(text: str) -> list[str]:
    """Every word of a text, lower-cased, stop words kept."""
    return _TOKEN_OR_LETTER.findall(fold(text).replace("'", " "))


def stem_words(text: str) -> tuple[str, ...]:
    """Stems of every word, stop words kept: for matching phrases such as "feel down"."""
    return tuple(_stemmer().stemWords(all_words(text)))


@lru_cache(maxsize=1)
def _stopword_stems() -> frozenset[str]:
    return frozenset(_stemmer().stemWords(sorted(stopwords()))) | stopwords()


def is_stopword(stem: str) -> bool:
    """Whether a stem (from stem_words) is that of a stop word ("does" -> "doe")."""
    return stem in _stopword_stems()


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
        self._bm25.index(tokenised, show_progress=False)
        self.size = len(texts)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the query; zeros where no term matches."""
        return self.scores_for_terms(terms(query))

    def scores_for_terms(self, query_terms: list[str]) -> np.ndarray:
        known = [t for t in query_terms if t in self.vocabulary]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
