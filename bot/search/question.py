"""Understand a question before searching: fix typos, find its concepts and their synonyms."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..ingest.chunking import split_sentences
from ..words import SPELLING_MIN_LENGTH, Lemmas, all_words, fold, is_stopword, position_in, stem_words
from . import synonyms as synonyms_module
from .synonyms import SynonymGroup

TYPO_MIN_SIMILARITY = 80  # rapidfuzz ratio, 0..100
# British and American spellings of a word's ending ("colours", "organised", "centre", "catalogue", "licence"),
# before an inflection; and, British to American only, inside a word ("anaemia", "oestrogen").
SPELLINGS = (("our", "or"), ("ise", "ize"), ("isation", "ization"), ("yse", "yze"), ("tre", "ter"), ("ogue", "og"),
             ("ence", "ense"))
INSIDE = (("ae", "e"), ("oe", "e"))
INFLECTIONS = ("", "s", "d", "r", "rs", "ed", "ing", "ite", "ites", "able")
ENDINGS = tuple((old + inflection, new + inflection) for british, american in SPELLINGS  # both ways, inflected
                for old, new in ((british, american), (american, british)) for inflection in INFLECTIONS)
SPELLING_MIN_CHARS = 5  # "tour" and "hour" are no "tor" or "hor"
CONTEXT_WEIGHT = 0.5  # weight of an earlier question's concepts beside the follow-up's own


@dataclass(frozen=True)
class Concept:
    """One thing the question asks about: a word, or a synonym group it belongs to.

    A passage covers the concept when it holds every stem of one alternative.
    """

    alternatives: tuple[tuple[str, ...], ...]
    weight: float = 1.0  # less than 1 for concepts that come from the conversation, not the question
    words: tuple[str, ...] = ()  # as the question wrote them

    def covered_by(self, stems: frozenset[str] | set[str]) -> bool:
        return any(all(s in stems for s in alternative) for alternative in self.alternatives)

    @property
    def stems(self) -> set[str]:
        return {s for alternative in self.alternatives for s in alternative}


@dataclass(frozen=True)
class Query:
    search_text: str  # typos corrected: what the encoder embeds
    concepts: tuple[Concept, ...]
    context_text: str = ""  # the earlier question a follow-up leans on, typos corrected
    document_text: str = ""  # search_text in the documents' own words ("tummy" -> "gastrointestinal"), if different

    @property
    def lexical_terms(self) -> list[str]:
        """Every stem of every concept, synonyms included: what BM25 scores."""
        return sorted({s for concept in self.concepts for s in concept.stems})


def known_words_of(model_dir: Path | None) -> frozenset[str]:
    """Whole English words of the model's WordPiece vocabulary (vocab.txt or tokenizer.json): words that are not typos."""
    if model_dir is None:
        return frozenset()
    if (model_dir / "vocab.txt").is_file():
        words = (model_dir / "vocab.txt").read_text(encoding="utf-8").split()
    elif (model_dir / "tokenizer.json").is_file():
        words = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8")).get("model", {}).get("vocab", {})
    else:
        return frozenset()
    return frozenset(w for w in words if w.isalpha())


def asking_sentence(question: str) -> str | None:
    """The sentence that asks, when the question first tells its situation in sentences that do not ask:
    "lsof is slow on my Solaris 8 box. Is there a workaround?" -> "Is there a workaround?"."""
    *told, asking = split_sentences(question) or ("",)
    return asking if told and asking.endswith("?") and not any(s.endswith("?") for s in told) else None


def spelling_variants(word: str) -> list[str]:
    """The word in the other spelling, British or American (see SPELLINGS), each way it might be written."""
    if len(word) < SPELLING_MIN_CHARS:
        return []
    return [*(word[: -len(old)] + new for old, new in ENDINGS if word.endswith(old) and len(word) > len(old)),
            *(word.replace(old, new, 1) for old, new in INSIDE if old in word)]


class QueryParser:
    """Turns a question into a Query: typos corrected towards the documents' words, concepts with synonyms."""

    def __init__(self, corpus_words: Sequence[str], groups: list[SynonymGroup], lemmas: Lemmas,
                 known_words: Callable[[], frozenset[str]] = frozenset,
                 commonness: Callable[[tuple[str, ...]], float] = lambda phrase: 0.0,
                 everyday: Callable[[str], bool] = lambda word: False):
        """`corpus_words`: the passages' words fit to be a typo's target, sorted (as the build writes them);
        `known_words`: makes the dictionary's words, which are not typos; called only for a word of no passage
        that `everyday` (a common English word, looked up in a small table) does not know either; `lemmas`: the
        index's (words.Lemmas), so that a question's words are stemmed as the documents' are."""
        self.lemmas = lemmas
        self._corpus_words = corpus_words
        self._synonym_words = {w for group in groups for w in group.words if len(w) >= SPELLING_MIN_LENGTH and w.isalpha()}
        # Misspellings nearly always keep their first letter: searching only words that share it
        # keeps correction fast on a corpus with a large vocabulary. Grouped on first need.
        self._targets_by_initial: dict[str, list[str]] = {}
        self.groups = groups
        self._known_words = known_words
        self._known: frozenset[str] | None = None
        self._everyday = everyday
        self.commonness = commonness  # how often the documents use a stemmed phrase; picks their own wording

    def is_target(self, word: str) -> bool:
        """Whether the word is one a typo may be corrected to: a word of the passages or of a synonym group, or another
        form of a passage's word ("strove" where the documents say "strive")."""
        return word in self._synonym_words or word in self.lemmas or position_in(self._corpus_words, word) is not None

    def is_known(self, word: str) -> bool:
        """Whether the word is a common English word or in the model's dictionary (loaded on first need)."""
        if self._everyday(word):
            return True
        if self._known is None:
            self._known = self._known_words()
        return word in self._known

    def correct(self, text: str) -> str:
        """Replace words that are not in the documents by the documents' spelling of them ("colours" by "colors"),
        and words that are in no dictionary either by their nearest document word (a typo)."""
        corrections: dict[str, str] = {}
        for word in set(all_words(text)):
            if len(word) < SPELLING_MIN_LENGTH or not word.isalpha() or self.is_target(word):
                continue
            spelt = next((v for v in spelling_variants(word) if self.is_target(v) and not is_stopword(v)), None)
            if spelt:
                corrections[word] = spelt
                continue
            if self.is_known(word):
                continue
            from rapidfuzz import fuzz, process  # only for a question with an unknown word

            targets = self._targets_starting(word[0])
            best = process.extractOne(word, targets, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SIMILARITY)
            if best:
                corrections[word] = best[0]
        if not corrections:
            return text
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, corrections)) + r")\b", re.IGNORECASE)
        return pattern.sub(lambda m: corrections[fold(m.group(0))], text)

    def _targets_starting(self, initial: str) -> list[str]:
        found = self._targets_by_initial.get(initial)
        if found is None:
            words = self._corpus_words
            run = words[bisect_left(words, initial) : bisect_left(words, chr(ord(initial) + 1))]
            found = sorted({*run, *(w for w in self._synonym_words if w[0] == initial)})
            self._targets_by_initial[initial] = found
        return found

    def concepts(self, search_text: str, weight: float = 1.0) -> list[Concept]:
        words = all_words(search_text)
        stems = stem_words(search_text, self.lemmas)
        concepts: list[Concept] = []
        claimed: set[str] = set()
        for phrase, group in synonyms_module.matches(self.groups, stems):
            # Passages are indexed without stop words, so only all-content phrases can be looked for.
            alternatives = tuple(p for p in group.phrases if not any(is_stopword(s) for s in p))
            if alternatives:
                concepts.append(Concept(alternatives, weight, tuple(w for w, s in zip(words, stems) if s in phrase)))
                claimed.update(phrase)
        seen_stems: set[str] = set()
        for word, stem in zip(words, stems):
            if stem in claimed or stem in seen_stems or is_stopword(stem) or len(stem) < 2:
                continue
            seen_stems.add(stem)
            concepts.append(Concept(((stem,),), weight, (word,)))
        return concepts

    def in_document_words(self, search_text: str) -> str:
        """The question with each synonym it uses replaced by the one the documents use most.

        The encoder knows "LDN" and "low dose naltrexone" less well as the same thing than
        BM25 with synonyms does: the question is embedded in the documents' words.
        """
        words = all_words(search_text)
        stems = stem_words(search_text, self.lemmas)
        rewritten = search_text
        for phrase, group in synonyms_module.matches(self.groups, stems):
            best = max(range(len(group.phrases)), key=lambda n: self.commonness(group.phrases[n]))
            if group.phrases[best] == phrase or self.commonness(group.phrases[best]) <= self.commonness(phrase):
                continue
            start = synonyms_module.occurrences(stems, phrase)[0]
            said = r"\W+".join(map(re.escape, words[start : start + len(phrase)]))
            rewritten = re.sub(rf"\b{said}\b", group.entries[best], rewritten, count=1, flags=re.IGNORECASE)
        return rewritten if rewritten != search_text else ""

    def parse(self, text: str, context: str = "") -> Query:
        """The question's concepts, then those of its context (an earlier question) at CONTEXT_WEIGHT."""
        search_text = self.correct(text)
        concepts = self.concepts(search_text)
        context_text = self.correct(context) if context else ""
        if context_text:
            own = {c.alternatives for c in concepts}
            concepts += [c for c in self.concepts(context_text, CONTEXT_WEIGHT) if c.alternatives not in own]
        return Query(search_text, tuple(concepts), context_text, self.in_document_words(search_text))
