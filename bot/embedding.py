"""The text encoder: the model resolved offline-first, and passage/query encoding."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from .config import resolve_model
from .errors import ModelError

log = logging.getLogger(__name__)


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Scale rows to unit length, so that inner product is cosine similarity."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 (or BOT_MODEL) through sentence-transformers, on the CPU."""

    def __init__(self, model_setting: str = "", batch_size: int = 64):
        self.name, self._source = resolve_model(model_setting)
        self.batch_size = batch_size
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download at run time
        try:
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(self._source, device="cpu")
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the model {self._source!r}: {exc}") from None
        self.dimension = int(self.model.get_embedding_dimension())
        self.max_length = int(self.model.max_seq_length)

    @property
    def path(self) -> Path | None:
        """The model's folder, when it is a local one."""
        path = Path(self._source)
        return path if path.is_dir() else None

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=show_progress,
        )
        return normalise(vectors)
