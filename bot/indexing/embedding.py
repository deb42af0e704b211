"""Which encoder embeds a build's new texts: the checked ONNX export when there is one, else the reference.

The export embeds about 1.5 times as fast as sentence-transformers on two cores and needs no
torch; it is only used once it has reproduced the reference on the probe texts (cosine at
least onnx.MIN_PROBE_COSINE). A build whose previous index holds a checked export of the same
model never loads torch at all.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import onnx
from .encoders import Encoder, SentenceTransformerEncoder
from .manifest import Manifest, ModelInfo, OnnxCheck
from .models import resolve_model

log = logging.getLogger(__name__)

EXPORT_FILES = (onnx.MODEL_FILE, onnx.WEIGHTS_FILE, onnx.TOKENIZER_FILE)
EncoderSource = Encoder | Callable[[], Encoder]


@dataclass(frozen=True)
class BuildEncoder:
    encoder: Encoder  # what embeds the texts the previous index does not hold
    model: ModelInfo  # the model the vectors belong to
    onnx: OnnxCheck  # the light query model's check, recorded in the manifest
    export_folder: Path | None  # where the checked export's files are, to go into the new index

    @property
    def label(self) -> str:
        return "ONNX export" if isinstance(self.encoder, onnx.OnnxEncoder) else self.encoder.name

    def install(self, folder: Path) -> OnnxCheck:
        """Put the checked export into the new index's folder (hard links where the filesystem allows)."""
        if self.export_folder is None:
            return self.onnx
        for name in EXPORT_FILES:
            _link_or_copy(self.export_folder / name, folder / name)
        return self.onnx


def build_encoder(model_setting: str, source: EncoderSource, previous: Manifest | None, previous_dir: Path,
                  scratch: Path, probes: list[str]) -> BuildEncoder:
    """The previous index's checked export if it is of the configured model; else a new export of the
    reference model, checked on `probes`; else the reference (or the encoder given, e.g. a test's)."""
    given = source if isinstance(source, Encoder) else None
    if given is not None and not isinstance(given, SentenceTransformerEncoder):
        return _reference_only(given)
    name = given.name if given is not None else resolve_model(model_setting)[0]
    if (previous is not None and previous.onnx.passed and previous.model.name == name
            and previous.onnx.export_version == onnx.EXPORT_VERSION
            and all((previous_dir / file).is_file() for file in EXPORT_FILES)):
        try:
            encoder = onnx.OnnxEncoder(previous_dir, name, previous.model.dimension, optimized=previous.onnx.optimized)
            return BuildEncoder(encoder, previous.model, previous.onnx, previous_dir)
        except Exception as exc:  # a damaged export is made again
            log.warning("cannot reuse the previous ONNX export (%s); exporting it again", exc.__class__.__name__)
    reference = source if isinstance(source, Encoder) else source()
    if not isinstance(reference, SentenceTransformerEncoder):
        return _reference_only(reference)
    info = ModelInfo(reference.name, int(reference.dimension))
    try:
        onnx.export(reference, scratch)
        result = onnx.check(reference, scratch, probes)
    except Exception as exc:  # any failure of the optional export leaves the reference path in use
        log.warning("could not export the model to ONNX (%s); answers will use sentence-transformers", exc)
        return BuildEncoder(reference, info, OnnxCheck(passed=False, reason=f"export failed: {exc.__class__.__name__}"), None)
    if not result.passed:
        log.warning("the ONNX export failed its check (min cosine %s); answers will use sentence-transformers", result.min_cosine)
        return BuildEncoder(reference, info, result, None)
    return BuildEncoder(onnx.OnnxEncoder(scratch, reference.name, reference.dimension), info, result, scratch)


def _reference_only(encoder: Encoder) -> BuildEncoder:
    """An encoder that cannot be exported (not sentence-transformers): it embeds, and answers too."""
    reason = f"{encoder.name} is not a sentence-transformers model"
    return BuildEncoder(encoder, ModelInfo(encoder.name, int(encoder.dimension)), OnnxCheck(passed=False, reason=reason), None)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the filesystem allows (the 90 MB weights are never rewritten in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy(source, target)
