"""Save and load index/: vectors, chunks and manifest, swapped in atomically."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import IndexDamaged, IndexMissing, rebuild_remedy
from ..ingest.chunking import Chunk
from .lookups import Lookups
from .manifest import (
    CHUNKS,
    INDEX_FILES,
    MANIFEST,
    VECTORS,
    FileDigest,
    Manifest,
    OnnxCheck,
    read_manifest,
    write_manifest,
)

log = logging.getLogger(__name__)

APPROXIMATE_ABOVE = 200_000  # vectors (about 60,000 chunks); above this the index is IVF, not exact
IVF_PROBES = 32  # lists searched per query


@dataclass
class SearchIndex:
    """A loaded index: chunks, the text of every search key, and their vectors in FAISS."""

    chunks: list[Chunk]
    keys: list[list[str]]  # keys[c] are the search texts of chunks[c]; see keys.search_keys
    vectors: Any  # faiss.Index over all keys, in order
    manifest: Manifest
    lookups: Lookups  # vocabulary, BM25, taught questions and suggestions, as the build worked them out
    key_chunk: np.ndarray = field(init=False)  # row of the FAISS index -> chunk number
    key_unit: np.ndarray = field(init=False)  # row -> unit number in its chunk, -1 for the whole passage

    def __post_init__(self):
        sizes = [len(k) for k in self.keys]
        self.key_chunk = np.repeat(np.arange(len(self.chunks), dtype=np.int64), sizes)
        self.key_unit = np.concatenate([np.arange(n, dtype=np.int64) - 1 for n in sizes]) if sizes else np.zeros(0, np.int64)


def lock_path(settings: Settings) -> Path:
    """Beside index/, not in it: the folder itself is swapped during a build."""
    return settings.index_dir.parent / f".{settings.index_dir.name}.lock"


def vector_index(vectors: np.ndarray, dimension: int):
    """Exact inner-product search up to APPROXIMATE_ABOVE vectors; above, an inverted file (IVF-Flat).

    Vectors are L2-normalised, so inner product is cosine similarity. IVF scans the
    IVF_PROBES lists nearest the query exactly; bench/ measures its recall@10 against
    exact search (0.99 at 330,000 vectors), where HNSW lost near-duplicate passages.
    """
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index: Any
    if len(vectors) <= APPROXIMATE_ABOVE:
        index = faiss.IndexFlatIP(dimension)
    else:
        lists = ivf_lists(len(vectors))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), 64 * lists), replace=False)
        index.train(vectors[np.sort(sample)])
    index.add(vectors)
    return index


def ivf_lists(vector_count: int) -> int:
    """2·sqrt(n) lists, each trained on at least 39 vectors (FAISS's minimum for a stable centroid)."""
    return max(1, min(4096, int(2 * vector_count ** 0.5), vector_count // 39))


def index_type(vector_count: int) -> str:
    return "flat-ip" if vector_count <= APPROXIMATE_ABOVE else f"ivf{ivf_lists(vector_count)}-flat-ip"


def save(
    index_dir: Path,
    chunks: list[Chunk],
    keys: list[list[str]],
    vectors: np.ndarray,
    lookups: Lookups,
    manifest: Manifest,
    write_light_model: Callable[[Path], OnnxCheck] | None = None,
) -> Manifest:
    """Write the files into a temporary sibling folder, then swap it in for index_dir; the manifest written.

    `write_light_model(folder)` may add the ONNX export and returns its check.
    A build killed at any moment leaves either the old folder or the new one in
    place (or, for the instant between two renames, the old one under a backup
    name that `recover_interrupted_swap` puts back).
    """
    import faiss

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.new-", dir=index_dir.parent))
    try:
        faiss.write_index(vector_index(vectors, manifest.model.dimension), str(staging / VECTORS))
        if write_light_model is not None:
            manifest = replace(manifest, onnx=write_light_model(staging))
        with open(staging / CHUNKS, "w", encoding="utf-8") as out:
            for chunk, chunk_keys in zip(chunks, keys):
                out.write(json.dumps({**chunk.to_dict(), "keys": chunk_keys}, ensure_ascii=False) + "\n")
        lookups.save(staging)
        manifest = replace(manifest, files={name: FileDigest.of(staging / name) for name in INDEX_FILES})
        write_manifest(staging, manifest)
        for path in staging.iterdir():
            _fsync(path)
        _swap_into_place(staging, index_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _swap_into_place(staging: Path, index_dir: Path) -> None:
    backup = index_dir.parent / f".{index_dir.name}.old"
    shutil.rmtree(backup, ignore_errors=True)
    if index_dir.exists():
        os.replace(index_dir, backup)
    os.replace(staging, index_dir)
    shutil.rmtree(backup, ignore_errors=True)


def restore_backup(index_dir: Path) -> None:
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
            restore_backup(settings.index_dir)
    except Timeout:
        time.sleep(0.5)  # a build is between its two renames, which take microseconds


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def load(settings: Settings) -> SearchIndex:
    """Read index/ back, checking that its files are whole and belong together."""
    import faiss

    index_dir = settings.index_dir
    recover_interrupted_swap(settings)
    try:
        manifest = read_manifest(index_dir)
    except FileNotFoundError:
        raise IndexMissing(f"no index in {index_dir}", rebuild_remedy()) from None
    damaged = rebuild_remedy(force=True)
    for name in INDEX_FILES:
        path = index_dir / name
        if not path.is_file() or FileDigest.of(path) != manifest.files.get(name):
            raise IndexDamaged(f"{path} is missing or does not match the manifest", damaged)
    try:
        vectors = faiss.read_index(str(index_dir / VECTORS))
        records = [json.loads(line) for line in (index_dir / CHUNKS).read_text(encoding="utf-8").splitlines()]
        chunks = [Chunk.from_dict(record) for record in records]
        keys = [list(record["keys"]) for record in records]
        lookups = Lookups.load(index_dir)
    except (RuntimeError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IndexDamaged(f"cannot read {index_dir} ({exc.__class__.__name__})", damaged) from None
    if (len(chunks) != manifest.chunks or vectors.ntotal != manifest.vectors or sum(map(len, keys)) != vectors.ntotal
            or not lookups.consistent(len(chunks))):
        raise IndexDamaged(f"the files in {index_dir} do not belong together", damaged)
    ivf = faiss.try_extract_index_ivf(vectors)
    if ivf is not None:
        ivf.nprobe = IVF_PROBES
        ivf.make_direct_map()  # for reconstruct(), which the ranking uses
    if vectors.d != manifest.model.dimension:
        raise IndexDamaged(f"vectors of dimension {vectors.d}, manifest says {manifest.model.dimension}", damaged)
    return SearchIndex(chunks, keys, vectors, manifest, lookups)
