"""How specific a word is in everyday English, from wordfreq's Zipf scale, without wordfreq on the question path.

Importing wordfreq and reading its English list takes 0.3 s, as long as the rest of a one-off answer; the build
writes the ~15,000 words common enough to matter with their Zipf frequency (220 KB), read at the first question
with a word the documents never use. Words not listed are rarer than RARE_ZIPF, which makes them fully specific;
a word with digits, accents or other signs follows wordfreq's own rules, so it still asks wordfreq.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

COMMON_ZIPF = 6.5  # words at least this frequent in English (Zipf scale) carry no topic
SPECIFICITY_SPAN = 3.0  # ... and words 3 Zipf points rarer are fully specific
RARE_ZIPF = COMMON_ZIPF - SPECIFICITY_SPAN


def write(path: Path) -> None:
    """The plain (ASCII letters only) English words above RARE_ZIPF, with their Zipf frequency, as JSON."""
    from wordfreq import get_frequency_dict

    table = {word: round(math.log10(frequency) + 9, 2) for word, frequency in get_frequency_dict("en").items()
             if _plain(word) and math.log10(frequency) + 9 > RARE_ZIPF}
    path.write_text(json.dumps(table, separators=(",", ":"), sort_keys=True), encoding="utf-8")


def _plain(word: str) -> bool:
    """ASCII letters only: the words the table lists, or leaves out as rarer than RARE_ZIPF."""
    return word.isascii() and word.isalpha()


class EverydayWords:
    """The table `write` made, read when first needed."""

    def __init__(self, path: Path):
        self.path = path
        self._zipf: dict[str, float] | None = None

    def listed(self, word: str) -> bool:
        """Whether the word is a common English word (above RARE_ZIPF)."""
        return _plain(word) and self.zipf(word) > RARE_ZIPF

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency as wordfreq gives it; for an unlisted plain word, RARE_ZIPF (it is at most that)."""
        word = word.lower()
        if not _plain(word):  # digits, accents, apostrophes: wordfreq's own rules apply
            from wordfreq import zipf_frequency

            return zipf_frequency(word, "en")
        if self._zipf is None:
            self._zipf = json.loads(self.path.read_text(encoding="utf-8"))
        return self._zipf.get(word, RARE_ZIPF)

    def specificity(self, words: tuple[str, ...]) -> float:
        """0 for everyday words ("get", Zipf 6.3) up to 1 for rare ones (Zipf 3.5 or less), by the rarest word."""
        if not words:
            return 1.0
        zipf = min(self.zipf(word) for word in words)
        return min(max((COMMON_ZIPF - zipf) / SPECIFICITY_SPAN, 0.0), 1.0)
