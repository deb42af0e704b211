"""Save and load index/: vectors, chunks and manifest, swapped in atomically."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import IndexDamaged, IndexMissing, rebuild_remedy
from ..ingest.chunking import Chunk
from .chunk_store import StoredChunks, write_chunks
from .lookups import Lookups
from .manifest import (
    CATALOG,
    CHUNK_TABLE,
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
# Up to this many vectors a search is a few milliseconds on one thread; more threads would only wake up (and spin,
# taking the cores the query encoder needs) for each question.
ONE_THREAD_UP_TO = 100_000
HASHED_UP_TO = 16 * 1024 * 1024  # bytes: index files up to this size are hashed at every load


@dataclass
class SearchIndex:
    """A loaded index: chunks, the text of every search key, and their vectors in FAISS."""

    chunks: StoredChunks  # chunks.keys(c) are the search texts of chunk c; see ingest/keys.py
    vectors: Any  # faiss.Index over all keys, in order (memory-mapped)
    manifest: Manifest
    lookups: Lookups  # vocabulary, BM25, taught questions and suggestions, as the build worked them out
    questions: list[str]  # the FAQ entries' questions, each once, in document order
    key_chunk: np.ndarray = field(init=False)  # row of the FAISS index -> chunk number
    key_unit: np.ndarray = field(init=False)  # row -> unit number in its chunk, -1 for the whole passage

    def __post_init__(self):
        sizes = self.chunks.key_counts
        self.key_chunk = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
        self.key_unit = np.arange(int(sizes.sum()), dtype=np.int64) - starts - 1


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
    import shutil  # these three only where a build writes: a question never needs them
    import tempfile

    import faiss

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.new-", dir=index_dir.parent))
    try:
        faiss.write_index(vector_index(vectors, manifest.model.dimension), str(staging / VECTORS))
        if write_light_model is not None:
            manifest = replace(manifest, onnx=write_light_model(staging))
        write_chunks(staging, CHUNKS, CHUNK_TABLE, chunks, keys)
        questions = list(dict.fromkeys(c.units[0].text for c in chunks if c.kind == "faq" and c.units[0].role == "question"))
        catalog = {"ids": [chunk.id for chunk in chunks], "questions": questions}
        (staging / CATALOG).write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
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
    import shutil

    backup = index_dir.parent / f".{index_dir.name}.old"
    shutil.rmtree(backup, ignore_errors=True)
    if index_dir.exists():
        os.replace(index_dir, backup)
    os.replace(staging, index_dir)
    shutil.rmtree(backup, ignore_errors=True)


def restore_backup(index_dir: Path) -> None:
    """Put the previous index back if a build died between its two renames (lock held)."""
    import shutil

    backup = index_dir.parent / f".{index_dir.name}.old"
    if backup.is_dir() and not (index_dir / MANIFEST).exists():
        if index_dir.exists():
            shutil.rmtree(index_dir)
        os.replace(backup, index_dir)
        log.warning("restored the previous index after an interrupted build")


def recover_interrupted_swap(settings: Settings) -> None:
    """Restore the backup of a killed build, unless a live build is mid-swap and holds the lock."""
    if (settings.index_dir / MANIFEST).exists():
        return
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(lock_path(settings)), timeout=0):
            restore_backup(settings.index_dir)
    except Timeout:
        time.sleep(0.5)  # a build is between its two renames, which take microseconds


def _matches(path: Path, expected: FileDigest | None, check_every_byte: bool) -> bool:
    if expected is None or not path.is_file() or path.stat().st_size != expected.bytes:
        return False
    return (not check_every_byte and expected.bytes > HASHED_UP_TO) or FileDigest.of(path) == expected


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def load(settings: Settings, check_every_byte: bool = False) -> SearchIndex:
    """Read index/ back, checking that its files are whole and belong together.

    Files up to HASHED_UP_TO bytes are checked against their sha256, larger ones (the vectors
    and passages of a large corpus) by size, unless `check_every_byte` (as a build does before
    reusing vectors): hashing a 100,000-chunk index would take seconds at every start.
    """
    import faiss

    index_dir = settings.index_dir
    recover_interrupted_swap(settings)
    try:
        manifest = read_manifest(index_dir)
    except FileNotFoundError:
        raise IndexMissing(f"no index in {index_dir}", rebuild_remedy()) from None
    damaged = rebuild_remedy(force=True)
    for name in INDEX_FILES:
        if not _matches(index_dir / name, manifest.files.get(name), check_every_byte):
            raise IndexDamaged(f"{index_dir / name} is missing or does not match the manifest", damaged)
    try:
        vectors = faiss.read_index(str(index_dir / VECTORS), faiss.IO_FLAG_MMAP_IFC)
        catalog = json.loads((index_dir / CATALOG).read_text(encoding="utf-8"))
        chunks = StoredChunks(index_dir, CHUNKS, CHUNK_TABLE, [str(i) for i in catalog["ids"]])
        lookups = Lookups.load(index_dir)
    except (RuntimeError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IndexDamaged(f"cannot read {index_dir} ({exc.__class__.__name__})", damaged) from None
    if (len(chunks) != manifest.chunks or vectors.ntotal != manifest.vectors or int(chunks.key_counts.sum()) != vectors.ntotal
            or not lookups.consistent(len(chunks))):
        raise IndexDamaged(f"the files in {index_dir} do not belong together", damaged)
    ivf = faiss.try_extract_index_ivf(vectors)
    if ivf is not None:
        ivf.nprobe = IVF_PROBES
        ivf.make_direct_map()  # for reconstruct(), which the ranking uses
    if vectors.ntotal <= ONE_THREAD_UP_TO:
        faiss.omp_set_num_threads(1)
    if vectors.d != manifest.model.dimension:
        raise IndexDamaged(f"vectors of dimension {vectors.d}, manifest says {manifest.model.dimension}", damaged)
    return SearchIndex(chunks, vectors, manifest, lookups, [str(q) for q in catalog["questions"]])
