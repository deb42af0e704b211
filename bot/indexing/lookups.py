"""What answering looks up beside the passages' vectors, all worked out at build and read back as they are."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ingest.alternates import Alternate
from . import everyday
from .everyday import EverydayWords
from .lexical import Lexicon
from .manifest import (
    BM25,
    CENTRE,
    EVERYDAY,
    LEXICON,
    SUGGESTION_VECTORS,
    SUGGESTIONS,
    TAUGHT,
    TAUGHT_VECTORS,
    WORD_VECTORS,
    WORDS,
)
from .suggestions import Suggestion


@dataclass
class Lookups:
    words: list[str]  # the documents' vocabulary (see build.vocabulary), for matching a question's words by meaning
    word_vectors: np.ndarray  # one normalised row per word
    taught: list[Alternate]  # questions owners taught, each linked to a chunk of the index
    taught_vectors: np.ndarray  # one normalised row per taught question
    suggestions: list[Suggestion]  # questions to suggest (indexing/suggestions.py)
    suggestion_vectors: np.ndarray  # one normalised row per suggestion
    lexicon: Lexicon  # BM25 and the documents' words
    everyday: EverydayWords  # how specific an English word is, for the words the documents never use
    centre: np.ndarray  # the mean of the search keys' vectors (not normalised): the corpus's common direction

    def consistent(self, chunks: int) -> bool:
        """Whether every list has its vectors, and BM25 covers every passage."""
        return (len(self.words) == len(self.word_vectors) == len(self.lexicon.word_stems)
                and len(self.taught) == len(self.taught_vectors)
                and len(self.suggestions) == len(self.suggestion_vectors) and self.lexicon.bm25.size == chunks
                and self.centre.shape == self.word_vectors.shape[1:])

    def save(self, folder: Path) -> None:
        texts = {
            WORDS: self.words,
            TAUGHT: [[a.question, a.chunk_id] for a in self.taught],
            SUGGESTIONS: [[s.text, sorted(s.chunk_ids)] for s in self.suggestions],
        }
        for name, value in texts.items():
            (folder / name).write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        arrays = {WORD_VECTORS: self.word_vectors, TAUGHT_VECTORS: self.taught_vectors,
                  SUGGESTION_VECTORS: self.suggestion_vectors, CENTRE: self.centre}
        for name, array in arrays.items():
            with open(folder / name, "wb") as out:
                np.save(out, np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)
        self.lexicon.save(folder, LEXICON, BM25)
        everyday.write(folder / EVERYDAY)

    @classmethod
    def load(cls, folder: Path) -> Lookups:
        """Raises ValueError, KeyError, TypeError or OSError when a file is not what the build wrote."""

        def read(name: str):
            return json.loads((folder / name).read_text(encoding="utf-8"))

        def array(name: str) -> np.ndarray:  # mapped, not read: a large vocabulary's vectors take hundreds of MB
            return np.load(folder / name, mmap_mode="r", allow_pickle=False)

        return cls(
            words=read(WORDS), word_vectors=array(WORD_VECTORS),
            taught=[Alternate(str(q), str(c)) for q, c in read(TAUGHT)], taught_vectors=array(TAUGHT_VECTORS),
            suggestions=[Suggestion(str(text), frozenset(ids)) for text, ids in read(SUGGESTIONS)],
            suggestion_vectors=array(SUGGESTION_VECTORS),
            lexicon=Lexicon.load(folder, LEXICON, BM25),
            everyday=EverydayWords(folder / EVERYDAY),
            centre=np.load(folder / CENTRE, allow_pickle=False),
        )
