"""The corpus's own words for the page and the CLI: title, description, examples, disclaimer, advice.

Read from `bot.toml` in the corpus folder when it is there; whatever it leaves out comes from the
documents: the first document's title, and its FAQ questions as examples.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "bot.toml"
DEFAULT_DESCRIPTION = "Ask in plain words; every answer is quoted from the documents, with its source."
EXAMPLE_COUNT = 3


@dataclass(frozen=True)
class Profile:
    title: str
    description: str
    examples: tuple[str, ...]
    disclaimer: str = ""  # shown on the page and under every answer's source, e.g. "not medical advice"
    not_covered_advice: str = ""  # added when the documents do not answer, e.g. "ask your pharmacist"


def load_profile(corpus_dir: Path, titles: list[str], questions: list[str]) -> Profile:
    """The corpus's profile: bot.toml where it says something, else `titles[0]` and the first `questions`."""
    settings: dict = {}
    path = corpus_dir / FILE_NAME
    if path.is_file():
        try:
            settings = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            log.warning("ignored %s: %s", path, exc)

    def text(name: str, default: str) -> str:
        value = settings.get(name, default)
        return value.strip() if isinstance(value, str) and value.strip() else default

    examples = settings.get("examples")
    if not (isinstance(examples, list) and all(isinstance(e, str) and e.strip() for e in examples) and examples):
        examples = questions[:EXAMPLE_COUNT]
    return Profile(
        title=text("title", titles[0] if titles else "Ask the documents"),
        description=text("description", DEFAULT_DESCRIPTION),
        examples=tuple(e.strip() for e in examples),
        disclaimer=text("disclaimer", ""),
        not_covered_advice=text("not_covered_advice", ""),
    )
