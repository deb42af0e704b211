"""Text encoders: the reference (sentence-transformers) that builds, and the choice of the one that answers."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ..config import Settings
from ..errors import ModelError, rebuild_remedy
from .manifest import Manifest
from .models import resolve_model

log = logging.getLogger(__name__)


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str
    dimension: int

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray: ...


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
        self.dimension = int(self.model.get_embedding_dimension() or 0)
        self.max_length = int(self.model.max_seq_length or 256)

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


def reference_encoder(settings: Settings) -> Encoder:
    """sentence-transformers: builds the index; answers only when the light path cannot."""
    return SentenceTransformerEncoder(settings.model)


def query_encoder(settings: Settings, manifest: Manifest, notify: Callable[[str], None]) -> Encoder:
    """The index's checked ONNX export (no torch import), else sentence-transformers with a notice.

    BOT_ENCODER=onnx refuses instead of falling back; BOT_ENCODER=sentence-transformers skips the export.
    """
    from .. import ONE_BLAS_THREAD
    from .onnx import MODEL_FILE, OnnxEncoder
    from .store import ONE_THREAD_UP_TO

    if settings.encoder == "sentence-transformers":
        return reference_encoder(settings)
    onnx = manifest.onnx
    path = settings.index_dir / MODEL_FILE
    if not onnx.passed:
        reason = onnx.reason or f"its check found a cosine of only {onnx.min_cosine}"
        problem = f"the index has no checked ONNX model ({reason})"
    elif not path.is_file() or path.stat().st_size != onnx.bytes:
        problem = f"{path} is missing or damaged ({rebuild_remedy(force=True)} restores it)"
    else:
        try:
            # Spinning pays only while numpy's OpenBLAS and FAISS keep to one thread each (bot/__init__.py,
            # store.load, up to 100,000 vectors): a warm answer 8 -> 6 ms.
            spin = ONE_BLAS_THREAD and manifest.vectors <= ONE_THREAD_UP_TO
            return OnnxEncoder(settings.index_dir, manifest.model.name, manifest.model.dimension, optimized=onnx.optimized,
                               spin=spin)
        except Exception as exc:  # a broken export must not stop the bot: the reference still works
            problem = f"cannot use {path} ({exc.__class__.__name__})"
    if settings.encoder == "onnx":
        raise ModelError(f"BOT_ENCODER=onnx, but {problem}")
    notify(f"{problem}; using sentence-transformers, which starts slower")
    return reference_encoder(settings)
