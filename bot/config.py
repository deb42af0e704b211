"""Settings: one frozen dataclass, read from BOT_* environment variables, and the tuned weights it carries."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal, get_args

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EncoderChoice = Literal["auto", "onnx", "sentence-transformers"]

# Confidence below which an answer is reported as "not covered".
# Chosen on the development set with bench/tune.py; see the README.
DEFAULT_MIN_CONFIDENCE = 0.50
# Two questions this similar (cosine of their embeddings) are taken as one question asked two ways: a taught
# question's paraphrase finds its passage, and `bot review` groups them. Among 1,610 pairs of different questions
# of the development sets (article and four FAQs), 0.3 % reach it (5 pairs); 2.4 % reach 0.7.
SAME_QUESTION_COSINE = 0.8


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {value!r}") from None


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from None


def _env_encoder(name: str, default: EncoderChoice) -> EncoderChoice:
    value = os.environ.get(name, "").strip().lower() or default
    choices = get_args(EncoderChoice)
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value  # type: ignore[return-value]  # checked against the Literal's values just above


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1 or 0, got {value!r}")


@dataclass(frozen=True)
class ChunkerSettings:
    """How documents are cut; recorded in the manifest so a change forces a rebuild."""

    max_chars: int = 1000
    version: int = 1

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RankingWeights:
    """Weights of the ranking features (search/ranking.py) and candidate counts.

    Chosen on the development set with bench/tune.py; recorded in the index manifest.
    """

    passage: float = 3.0
    unit: float = 0.5
    question: float = 0.0
    bm25: float = 0.5
    coverage: float = 1.0
    unit_coverage: float = 0.5
    dense_candidates: int = 32  # key rows fetched from FAISS
    lexical_candidates: int = 8  # chunks taken from BM25

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ConfidenceWeights:
    """A logistic model of "the documents cover this question" (search/ranking.py), fitted with bench/tune.py."""

    passage: float = 1.83
    unit: float = 1.2
    question: float = 1.2
    centred_question: float = 1.33
    coverage: float = 1.03
    novelty: float = -1.93
    focus: float = 1.42
    bias: float = -2.36

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be told from outside, with defaults that work in a fresh clone."""

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    data_dir: Path = PROJECT_ROOT / "data"
    model: str = ""  # hub name or local path; empty means the packaged all-MiniLM-L6-v2
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    auto_build: bool = True  # build a missing or stale index on load instead of refusing
    encoder: EncoderChoice = "auto"  # query encoder: the index's checked ONNX export if any, or one way only
    max_question_chars: int = 2000
    use_synonyms: bool = True  # read corpus/synonyms.csv
    log_questions: bool = True  # keep the question log (records/store.py)
    database_url: str = ""  # postgresql://... for a shared store; empty: SQLite in data_dir
    admin: bool = False  # show the Insights tab in the page
    chunker: ChunkerSettings = field(default_factory=ChunkerSettings)
    ranking: RankingWeights = field(default_factory=RankingWeights)
    calibration: ConfidenceWeights = field(default_factory=ConfidenceWeights)

    @classmethod
    def from_env(cls) -> Settings:
        base = cls()
        return cls(
            corpus_dir=_env_path("BOT_CORPUS_DIR", base.corpus_dir),
            index_dir=_env_path("BOT_INDEX_DIR", base.index_dir),
            data_dir=_env_path("BOT_DATA_DIR", base.data_dir),
            model=os.environ.get("BOT_MODEL", "").strip(),
            min_confidence=_env_float("BOT_MIN_CONFIDENCE", base.min_confidence),
            auto_build=_env_bool("BOT_AUTO_BUILD", base.auto_build),
            encoder=_env_encoder("BOT_ENCODER", base.encoder),
            max_question_chars=_env_int("BOT_MAX_QUESTION_CHARS", base.max_question_chars),
            use_synonyms=_env_bool("BOT_SYNONYMS", base.use_synonyms),
            log_questions=_env_bool("BOT_LOG_QUESTIONS", base.log_questions),
            database_url=os.environ.get("BOT_DATABASE_URL", "").strip(),
            admin=_env_bool("BOT_ADMIN", base.admin),
        )

    def with_changes(self, **changes) -> Settings:
        return replace(self, **changes)
