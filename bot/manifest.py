"""The index manifest: what an index was built from, and whether it still matches."""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import corpus
from .config import Settings
from .config import resolve_model
from .errors import IndexDamaged

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
VECTORS = "index.faiss"
CHUNKS = "chunks.jsonl"
BUILD_COMMAND = "python -m bot build"

_VERSIONED = ("bot", "faiss-cpu", "numpy", "sentence-transformers", "torch", "transformers", "sentencex")


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def read_manifest(index_dir: Path) -> dict:
    """The manifest, checked for its required fields; FileNotFoundError when there is none."""
    path = index_dir / MANIFEST
    if not path.exists():
        raise FileNotFoundError(path)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexDamaged(f"{path} is not readable JSON ({exc.__class__.__name__}); run `{BUILD_COMMAND} --force`") from None
    required = {"format_version", "model", "chunker", "corpus", "chunks", "vectors", "files"}
    if not isinstance(manifest, dict) or not required <= manifest.keys():
        raise IndexDamaged(f"{path} lacks required fields; run `{BUILD_COMMAND} --force`")
    return manifest


@dataclass
class IndexStatus:
    """Whether index/ is there and matches the corpus, model and chunker; and if not, why."""

    present: bool
    fresh: bool
    reasons: list[str] = field(default_factory=list)
    manifest: dict | None = None

    def describe(self) -> str:
        if self.fresh:
            m = self.manifest or {}
            return f"index is fresh: {m.get('chunks')} chunks from {len(m.get('corpus', {}))} file(s), built {m.get('built_at')}"
        state = "stale" if self.present else "missing"
        return f"index is {state}: " + "; ".join(self.reasons) + f". Run `{BUILD_COMMAND}`."


def check(settings: Settings, fingerprint: dict[str, str] | None = None) -> IndexStatus:
    """Compare the manifest with the corpus folder, the configured model and the chunker."""
    try:
        manifest = read_manifest(settings.index_dir)
    except FileNotFoundError:
        return IndexStatus(False, False, [f"no {MANIFEST} in {settings.index_dir}"])
    except IndexDamaged as exc:
        return IndexStatus(True, False, [str(exc)])
    reasons = damaged_files(settings.index_dir, manifest)
    if manifest["format_version"] != FORMAT_VERSION:
        reasons.append(f"format version {manifest['format_version']} is not {FORMAT_VERSION}")
    model_name, _ = resolve_model(settings.model)
    if manifest["model"].get("name") != model_name:
        reasons.append(f"built with model {manifest['model'].get('name')!r}, configured {model_name!r}")
    if manifest["chunker"] != settings.chunker.to_dict():
        reasons.append("chunker settings changed")
    reasons += corpus_changes(manifest["corpus"], fingerprint if fingerprint is not None else corpus.fingerprint(settings.corpus_dir))
    return IndexStatus(True, not reasons, reasons, manifest)


def damaged_files(index_dir: Path, manifest: dict) -> list[str]:
    """Files that are missing or whose size differs from the manifest (a cheap check; load hashes them)."""
    reasons = []
    for name in (VECTORS, CHUNKS):
        path = index_dir / name
        expected = manifest["files"].get(name, {}).get("bytes")
        if not path.is_file():
            reasons.append(f"{name} is missing")
        elif path.stat().st_size != expected:
            reasons.append(f"{name} is damaged (size differs from the manifest)")
    return reasons


def corpus_changes(indexed: dict[str, str], current: dict[str, str]) -> list[str]:
    added = sorted(current.keys() - indexed.keys())
    removed = sorted(indexed.keys() - current.keys())
    changed = sorted(name for name in current.keys() & indexed.keys() if current[name] != indexed[name])
    reasons = []
    for label, names in (("added", added), ("removed", removed), ("changed", changed)):
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            reasons.append(f"corpus files {label}: {shown}")
    return reasons
