"""Search synonyms: groups of words and phrases a user can edit in corpus/synonyms.csv."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..ingest.files import SYNONYMS_FILE as FILE_NAME
from ..words import Lemmas, all_words, stem_words

log = logging.getLogger(__name__)

Phrase = tuple[str, ...]  # the stems of a word or phrase, stop words included


@dataclass(frozen=True)
class SynonymGroup:
    phrases: tuple[Phrase, ...]  # stemmed
    words: frozenset[str]  # every word as written (lower-cased), so typo correction can aim at them
    entries: tuple[str, ...] = ()  # each phrase as written in the file, in the order of `phrases`


def parse(text: str, lemmas: Lemmas) -> list[SynonymGroup]:
    """One group a line, comma-separated; '#' starts a comment line; groups of one are ignored. `lemmas`: the
    index's (words.Lemmas), so that phrases are stemmed as the documents and questions are."""
    groups = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        entries = [entry.strip() for entry in line.split(",") if entry.strip()]
        written: dict[tuple[str, ...], str] = {}
        for entry in entries:
            written.setdefault(stem_words(entry, lemmas), entry)
        written.pop((), None)
        if len(written) > 1:
            spelled = frozenset(w for e in entries for w in all_words(e))
            groups.append(SynonymGroup(tuple(written), spelled, tuple(written.values())))
    return groups


def load(corpus_dir: Path, lemmas: Lemmas) -> list[SynonymGroup]:
    path = corpus_dir / FILE_NAME
    if not path.is_file():
        return []
    try:
        return parse(path.read_text(encoding="utf-8"), lemmas)
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("ignored %s: %s", path, exc)
        return []


def occurrences(sequence: Phrase, phrase: Phrase) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(sequence) - n + 1) if sequence[i : i + n] == phrase]


def matches(groups: list[SynonymGroup], stems: Phrase) -> list[tuple[Phrase, SynonymGroup]]:
    """(phrase of the question, its group) for the groups the question mentions.

    Longest phrases win and matches do not overlap: in "low dose naltrexone" the
    phrase stands for the drug, not for a dose.
    """
    present = set(stems)
    spans = [
        (len(phrase), start, phrase, group)
        for group in groups
        for phrase in group.phrases
        if phrase and phrase[0] in present
        for start in occurrences(stems, phrase)
    ]
    taken: set[int] = set()
    found: list[tuple[Phrase, SynonymGroup]] = []
    groups_found: set[int] = set()
    for length, start, phrase, group in sorted(spans, key=lambda span: (-span[0], span[1])):
        positions = set(range(start, start + length))
        if positions & taken or id(group) in groups_found:
            continue
        taken |= positions
        groups_found.add(id(group))
        found.append((phrase, group))
    return found
