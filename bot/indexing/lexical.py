"""Lexical search: BM25 over stemmed words, the counterpart of the dense vectors.

The build scores every (term, passage) pair with bm25s and saves its sparse matrix; answering
loads the three arrays and adds up the query terms' columns with numpy, so neither bm25s nor
scipy is imported on the question path and nothing is recomputed at load.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ingest.chunking import Chunk
from ..words import SPELLING_MIN_LENGTH, Lemmas, all_words, irregular_forms, stem_words, terms, words


def passage_text(chunk: Chunk) -> str:
    """What BM25 reads of a passage: its heading path and its text."""
    return f"{chunk.section}\n{chunk.text}"


@dataclass
class LexicalIndex:
    """BM25 scores by term: the passages holding term t are indices[indptr[t]:indptr[t+1]], scored data[...]."""

    terms: list[str]  # term id -> stemmed term
    data: np.ndarray  # float32 BM25 score of a term in a passage
    indices: np.ndarray  # passage numbers
    indptr: np.ndarray  # per term, where its passages start
    size: int  # passages

    def __post_init__(self) -> None:
        self.term_ids = dict(zip(self.terms, range(len(self.terms))))  # zip: a third quicker than a comprehension
        self.term_ids.pop("", None)

    @classmethod
    def build(cls, texts: list[str], lemmas: Lemmas) -> LexicalIndex:
        """Score every passage's stemmed words with bm25s (build time only)."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at INFO and up
        tokenised = [terms(text, lemmas) for text in texts]
        if not any(tokenised):  # bm25s cannot index a corpus without a single word
            return cls([], np.zeros(0, np.float32), np.zeros(0, np.int32), np.zeros(1, np.int64), len(texts))
        model = bm25s.BM25()
        model.index(tokenised, show_progress=False)
        scores = model.scores
        columns = len(scores["indptr"]) - 1  # bm25s's vocabulary may end with an empty token that has no column
        by_id = [""] * columns
        for term, number in model.vocab_dict.items():
            if number < columns:
                by_id[number] = term
        return cls(by_id, np.asarray(scores["data"], np.float32),
                   np.asarray(scores["indices"], np.int32), np.asarray(scores["indptr"], np.int64), len(texts))

    def save(self, path: Path) -> None:
        with open(path, "wb") as out:
            np.savez(out, data=self.data, indices=self.indices, indptr=self.indptr, size=np.int64(self.size))

    @classmethod
    def load(cls, path: Path, term_list: list[str]) -> LexicalIndex:
        with np.load(path, allow_pickle=False) as arrays:
            index = cls(term_list, arrays["data"], arrays["indices"], arrays["indptr"], int(arrays["size"]))
        if len(index.indptr) != len(term_list) + 1 or len(index.data) != len(index.indices):
            raise ValueError("the BM25 arrays do not match their terms")
        return index

    def scores_for_terms(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every passage for the stemmed query terms (each counted once); zeros where none matches."""
        scores = np.zeros(self.size, dtype=np.float32)
        for term in dict.fromkeys(query_terms):
            number = self.term_ids.get(term)
            if number is not None and term:
                start, end = self.indptr[number], self.indptr[number + 1]
                scores[self.indices[start:end]] += self.data[start:end]  # a passage appears once per term
        return scores


class TermWeights:
    """The IDF of every term of the passages, looked up like a dict: `term in idf`, `idf.get(term, default)`."""

    def __init__(self, index: LexicalIndex):
        self._ids = index.term_ids
        self.frequency = np.diff(index.indptr)  # in how many passages each term occurs
        self.passages = index.size
        self._values = np.log(1 + (self.passages - self.frequency + 0.5) / (self.frequency + 0.5))
        self.unseen = math.log(1 + (self.passages + 0.5) / 0.5)  # the IDF of a term no passage holds

    def __contains__(self, term: object) -> bool:
        return term in self._ids

    def get(self, term: str, default: float) -> float:
        number = self._ids.get(term)
        return default if number is None else float(self._values[number])

    def in_share(self, share: float, terms: list[str]) -> frozenset[str]:
        """The terms that occur in at least this share of the passages."""
        return frozenset(terms[n] for n in np.flatnonzero(self.frequency >= share * self.passages) if terms[n])


@dataclass
class Lexicon:
    """The documents' words as answering needs them, worked out at build: BM25, the words as written, stems."""

    bm25: LexicalIndex
    corpus_words: list[str]  # the passages' alphabetic words of SPELLING_MIN_LENGTH letters or more: typos' targets
    word_stems: list[str]  # the stem of each vocabulary word (index.words), in its order
    lemmas: dict[str, str]  # inflected forms of the documents' words that their stems would not match (words.Lemmas)

    @classmethod
    def build(cls, passages: list[str], vocabulary: list[str]) -> Lexicon:
        corpus_words = sorted({w for passage in passages for w in all_words(passage)
                               if len(w) >= SPELLING_MIN_LENGTH and w.isalpha()})
        lemmas = irregular_forms({w for passage in passages for w in words(passage)})
        return cls(LexicalIndex.build(passages, lemmas), corpus_words,
                   [stem_words(word, lemmas)[0] for word in vocabulary], lemmas)

    def save(self, folder: Path, terms_file: str, bm25_file: str) -> None:
        record = {"terms": self.bm25.terms, "corpus_words": self.corpus_words, "word_stems": self.word_stems,
                  "lemmas": self.lemmas}
        (folder / terms_file).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        self.bm25.save(folder / bm25_file)

    @classmethod
    def load(cls, folder: Path, terms_file: str, bm25_file: str) -> Lexicon:
        record = json.loads((folder / terms_file).read_text(encoding="utf-8"))
        return cls(LexicalIndex.load(folder / bm25_file, record["terms"]), record["corpus_words"], record["word_stems"],
                   record["lemmas"])
