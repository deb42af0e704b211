"""Build, save and load index/: vectors, chunks and manifest, swapped in atomically."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from . import corpus as corpus_module
from .chunking import Chunk, chunk_corpus
from .config import Settings
from .embedding import Encoder
from .errors import IndexBusy, IndexDamaged, IndexMissing
from .keys import search_keys
from .manifest import (
    BUILD_COMMAND, CHUNKS, FORMAT_VERSION, MANIFEST, VECTORS, check, library_versions, read_manifest,
)

log = logging.getLogger(__name__)

LOCK_TIMEOUT_SECONDS = 600


@dataclass
class SearchIndex:
    """A loaded index: chunks, the text of every search key, and their vectors in FAISS."""

    chunks: list[Chunk]
    keys: list[list[str]]  # keys[c] are the search texts of chunks[c]; see keys.search_keys
    vectors: object  # faiss.Index over all keys, in order
    manifest: dict
    key_chunk: np.ndarray = field(init=False)  # row of the FAISS index -> chunk number
    key_unit: np.ndarray = field(init=False)  # row -> unit number in its chunk, -1 for the whole passage

    def __post_init__(self):
        sizes = [len(k) for k in self.keys]
        self.key_chunk = np.repeat(np.arange(len(self.chunks), dtype=np.int64), sizes)
        self.key_unit = np.concatenate([np.arange(n, dtype=np.int64) - 1 for n in sizes]) if sizes else np.zeros(0, np.int64)


@dataclass
class BuildReport:
    files: int
    chunks: int
    vectors: int
    seconds: float
    skipped: list[str]
    rebuilt: bool  # False when the index was already fresh and nothing was done


def lock_path(settings: Settings) -> Path:
    """Beside index/, not in it: the folder itself is swapped during a build."""
    return settings.index_dir.parent / f".{settings.index_dir.name}.lock"


def build(
    settings: Settings,
    encoder: Encoder,
    force: bool = False,
    progress: bool = False,
    wait: bool = True,
) -> BuildReport:
    """Embed the corpus and swap the new index into place; a no-op when fresh unless forced."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(settings)))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_SECONDS if wait else 0)
    except Timeout:
        raise IndexBusy(f"another build holds {lock_path(settings)}; try again when it ends") from None
    try:
        _restore_backup(settings.index_dir)
        return _build_locked(settings, encoder, force, progress)
    finally:
        lock.release()


def _build_locked(settings: Settings, encoder: Encoder, force: bool, progress: bool) -> BuildReport:
    started = time.perf_counter()
    corpus = corpus_module.load_corpus(settings.corpus_dir)
    status = check(settings, corpus.fingerprint)
    if status.fresh and not force:
        m = status.manifest
        return BuildReport(len(m["corpus"]), m["chunks"], m["vectors"], time.perf_counter() - started, corpus.warnings, False)
    chunks = chunk_corpus(corpus.documents, settings.chunker)
    keys = [search_keys(chunk) for chunk in chunks]
    flat_keys = [text for chunk_keys in keys for text in chunk_keys]
    vectors = encoder.encode(flat_keys, show_progress=progress and len(flat_keys) >= 256)
    manifest = {
        "format_version": FORMAT_VERSION,
        "model": {"name": encoder.name, "dimension": int(encoder.dimension)},
        "chunker": settings.chunker.to_dict(),
        "corpus": corpus.fingerprint,
        "skipped": corpus.warnings,
        "documents": {doc.id: doc.title for doc in corpus.documents},
        "chunks": len(chunks),
        "vectors": len(flat_keys),
        "index_type": "flat-ip",
        "min_confidence": settings.min_confidence,
        "ranking": settings.ranking.to_dict(),
        "calibration": settings.calibration.to_dict(),
        "versions": library_versions(),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    save(settings.index_dir, chunks, keys, vectors, manifest)
    seconds = time.perf_counter() - started
    return BuildReport(len(corpus.fingerprint), len(chunks), len(flat_keys), seconds, corpus.warnings, True)


def save(index_dir: Path, chunks: list[Chunk], keys: list[list[str]], vectors: np.ndarray, manifest: dict) -> None:
    """Write the three files into a temporary sibling folder, then swap it in for index_dir.

    A build killed at any moment leaves either the old folder or the new one in
    place (or, for the instant between two renames, the old one under a backup
    name that `recover_interrupted_swap` puts back).
    """
    import faiss

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.new-", dir=index_dir.parent))
    try:
        # Vectors are L2-normalised, so inner product is cosine similarity.
        flat = faiss.IndexFlatIP(int(manifest["model"]["dimension"]))
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(flat, str(staging / VECTORS))
        with open(staging / CHUNKS, "w", encoding="utf-8") as out:
            for chunk, chunk_keys in zip(chunks, keys):
                out.write(json.dumps({**chunk.to_dict(), "keys": chunk_keys}, ensure_ascii=False) + "\n")
        manifest = {**manifest, "files": {name: _file_digest(staging / name) for name in (VECTORS, CHUNKS)}}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for name in (VECTORS, CHUNKS, MANIFEST):
            _fsync(staging / name)
        _swap_into_place(staging, index_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_into_place(staging: Path, index_dir: Path) -> None:
    backup = index_dir.parent / f".{index_dir.name}.old"
    shutil.rmtree(backup, ignore_errors=True)
    if index_dir.exists():
        os.replace(index_dir, backup)
    os.replace(staging, index_dir)
    shutil.rmtree(backup, ignore_errors=True)


def _restore_backup(index_dir: Path) -> None:
    """Put the previous index back if a build died between its two renames (lock held)."""
    backup = index_dir.parent / f".{index_dir.name}.old"
    if backup.is_dir() and not (index_dir / MANIFEST).exists():
        if index_dir.exists():
            shutil.rmtree(index_dir)
        os.replace(backup, index_dir)
        log.warning("restored the previous index after an interrupted build")


def recover_interrupted_swap(settings: Settings) -> None:
    """Restore the backup of a killed build, unless a live build is mid-swap and holds the lock."""
    from filelock import FileLock, Timeout

    if (settings.index_dir / MANIFEST).exists():
        return
    try:
        with FileLock(str(lock_path(settings)), timeout=0):
            _restore_backup(settings.index_dir)
    except Timeout:
        time.sleep(0.5)  # a build is between its two renames, which take microseconds


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _file_digest(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "sha256": corpus_module.sha256_bytes(path.read_bytes())}


def load(settings: Settings) -> SearchIndex:
    """Read index/ back, checking that its files are whole and belong together."""
    import faiss

    index_dir = settings.index_dir
    recover_interrupted_swap(settings)
    try:
        manifest = read_manifest(index_dir)
    except FileNotFoundError:
        raise IndexMissing(f"no index in {index_dir}; run `{BUILD_COMMAND}`") from None
    damaged = f"run `{BUILD_COMMAND} --force`"
    for name in (VECTORS, CHUNKS):
        expected = manifest["files"].get(name, {})
        path = index_dir / name
        if not path.is_file() or _file_digest(path) != expected:
            raise IndexDamaged(f"{path} is missing or does not match the manifest; {damaged}")
    try:
        vectors = faiss.read_index(str(index_dir / VECTORS))
        records = [json.loads(line) for line in (index_dir / CHUNKS).read_text(encoding="utf-8").splitlines()]
        chunks = [Chunk.from_dict(record) for record in records]
        keys = [list(record["keys"]) for record in records]
    except (RuntimeError, ValueError, KeyError, TypeError) as exc:
        raise IndexDamaged(f"cannot read {index_dir} ({exc.__class__.__name__}); {damaged}") from None
    if len(chunks) != manifest["chunks"] or vectors.ntotal != manifest["vectors"] or sum(map(len, keys)) != vectors.ntotal:
        raise IndexDamaged(f"the files in {index_dir} do not belong together; {damaged}")
    if vectors.d != manifest["model"].get("dimension"):
        raise IndexDamaged(f"vectors of dimension {vectors.d}, manifest says {manifest['model'].get('dimension')}; {damaged}")
    return SearchIndex(chunks, keys, vectors, manifest)
