"""Choose the encoder: sentence-transformers to build the index, the light ONNX export to answer."""

from __future__ import annotations

from typing import Callable

from .config import Settings
from .embedding import Encoder
from .errors import ModelError
from .manifest import BUILD_COMMAND
from .onnx_encoder import MODEL_FILE, OnnxEncoder


def reference_encoder(settings: Settings) -> Encoder:
    """sentence-transformers: builds the index; answers only when the light path cannot."""
    from .embedding import SentenceTransformerEncoder

    return SentenceTransformerEncoder(settings.model)


def query_encoder(settings: Settings, manifest: dict, notify: Callable[[str], None]) -> Encoder:
    """The index's checked ONNX export (no torch import), else sentence-transformers with a notice.

    BOT_ENCODER=onnx refuses instead of falling back; BOT_ENCODER=sentence-transformers skips the export.
    """
    if settings.encoder == "sentence-transformers":
        return reference_encoder(settings)
    onnx = manifest.get("onnx") or {}
    path = settings.index_dir / MODEL_FILE
    if not onnx.get("passed"):
        reason = onnx.get("reason") or f"its check found a cosine of only {onnx.get('min_cosine')}"
        problem = f"the index has no checked ONNX model ({reason})"
    elif not path.is_file() or path.stat().st_size != onnx.get("bytes", path.stat().st_size):
        problem = f"{path} is missing or damaged; `{BUILD_COMMAND} --force` restores it"
    else:
        try:
            return OnnxEncoder(settings.index_dir, manifest["model"]["name"], manifest["model"]["dimension"])
        except Exception as exc:  # a broken export must not stop the bot: the reference still works
            problem = f"cannot use {path} ({exc.__class__.__name__})"
    if settings.encoder == "onnx":
        raise ModelError(f"BOT_ENCODER=onnx, but {problem}")
    notify(f"{problem}; using sentence-transformers, which starts slower")
    return reference_encoder(settings)
