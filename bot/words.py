"""How text is cut into words, shared by every stage: folding, stop words and Snowball stems."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

SPELLING_MIN_LENGTH = 4  # shorter words are too ambiguous to correct a typo towards

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_TOKEN_OR_LETTER = re.compile(r"(?u)\b\w+\b")
_STRAIGHT_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

Lemmas = Mapping[str, str]  # an inflected form -> its dictionary form, where the stemmer leaves them apart ("ran" -> "run")
NO_LEMMAS: Lemmas = MappingProxyType({})

# Words that carry no topic in a question, beyond the usual English stop words.
EXTRA_STOPWORDS = frozenset(
    "one ones instead else also too either rather really actually anyway just please thing things kind sort "
    "way lot bit much many would could might may shall will can".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """bm25s's English stop words and a few more. Its stopwords.py is read on its own: importing the
    bm25s package would bring scipy onto the question path."""
    import importlib.util

    found = importlib.util.find_spec("bm25s")
    if found is None or found.origin is None:
        raise ImportError("bm25s is not installed")
    spec = importlib.util.spec_from_file_location("_bm25s_stopwords", Path(found.origin).parent / "stopwords.py")
    if spec is None or spec.loader is None:
        raise ImportError("bm25s has no stopwords.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOPWORDS_EN_PLUS) | EXTRA_STOPWORDS


def fold(text: str) -> str:
    """Lower-case with curly quotes straightened, so "Crohn’s" and "Crohn's" agree."""
    return text.lower().translate(_STRAIGHT_QUOTES)


def words(text: str) -> list[str]:
    """Content words of a text: lower-cased, stop words dropped, not stemmed."""
    stop = stopwords()
    return [w for w in _TOKEN.findall(fold(text).replace("'", " ")) if w not in stop]


def stems(ws: Iterable[str], lemmas: Lemmas) -> list[str]:
    """Snowball stems of the words, each in its dictionary form first where `lemmas` (the index's) gives one."""
    return _stemmer().stemWords([lemmas.get(w, w) for w in ws])


def terms(text: str, lemmas: Lemmas) -> list[str]:
    """Stemmed content words: what BM25 counts."""
    return stems(words(text), lemmas)


def all_words(text: str) -> list[str]:
    """Every word of a text, lower-cased, stop words kept."""
    return _TOKEN_OR_LETTER.findall(fold(text).replace("'", " "))


def stem_words(text: str, lemmas: Lemmas) -> tuple[str, ...]:
    """Stems of every word, stop words kept: for matching phrases such as "feel down"."""
    return tuple(stems(all_words(text), lemmas))


IRREGULAR_MIN_LENGTH = 3  # shorter forms are mostly abbreviations the dictionary reads as words ("ai" as "be")


def irregular_forms(document_words: Iterable[str]) -> dict[str, str]:
    """The lemmas of a corpus (build time): from simplemma's English dictionary, every inflected form whose stem is
    not its dictionary form's, for the dictionary forms of the documents' words. A question may use any form of a
    word the documents use in another ("I ran black", "built"; the documents say "run", "build"). Stop words stay
    out on either side: a content word never turns into one ("done" into "do")."""
    from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

    dictionary = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    stem, stop = _stemmer().stemWord, stopwords()

    def usable(form: str, lemma: str) -> bool:
        return (len(form) >= IRREGULAR_MIN_LENGTH and form.isalpha() and form.islower() and lemma.isalpha()
                and lemma.islower() and form not in stop and lemma not in stop)

    def lemma_stem(form: str, lemma: str | None) -> str | None:
        """The stem of a usable form's dictionary form, unless that stem is a stop word's."""
        found = stem(lemma) if lemma and usable(form, lemma) else None
        return None if found is None or is_stopword(found) else found

    lemma_stems = {lemma_stem(w, dictionary.get(w)) or stem(w) for w in document_words}
    return {form: lemma for form, lemma in dictionary.items()
            if (found := lemma_stem(form, lemma)) in lemma_stems and stem(form) != found}


@lru_cache(maxsize=1)
def _stopword_stems() -> frozenset[str]:
    return frozenset(stems(sorted(stopwords()), NO_LEMMAS)) | stopwords()


def is_stopword(stem: str) -> bool:
    """Whether a stem (from stem_words) is that of a stop word ("does" -> "doe")."""
    return stem in _stopword_stems()


def position_in(sorted_words: Sequence[str], word: str) -> int | None:
    """Where the word is in a sorted list of words (the build writes its vocabularies sorted), None if absent."""
    n = bisect_left(sorted_words, word)
    return n if n < len(sorted_words) and sorted_words[n] == word else None
