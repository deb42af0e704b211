"""Build index/ from corpus/: chunk, embed only what changed, export the light query model, save; ensure_fresh."""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ..config import Settings
from ..errors import BotError, IndexBusy, IndexDamaged, IndexMissing, IndexStale, rebuild_remedy
from ..ingest import alternates, files
from ..ingest.alternates import Alternate
from ..ingest.chunking import Chunk, chunk_corpus
from ..ingest.keys import search_keys
from ..words import words
from . import onnx
from .encoders import Encoder, SentenceTransformerEncoder
from .lexical import Lexicon, passage_text
from .lookups import Lookups
from .manifest import FORMAT_VERSION, MANIFEST, Manifest, ModelInfo, OnnxCheck, check, chunker_record, library_versions
from .store import SearchIndex, index_type, load, lock_path, restore_backup, save
from .suggestions import suggestion_pool

log = logging.getLogger(__name__)

LOCK_TIMEOUT_SECONDS = 600
PROGRESS_ABOVE = 256  # texts to embed before a progress bar is worth showing

EncoderSource = Encoder | Callable[[], Encoder]
Notify = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    files: int
    chunks: int
    vectors: int
    embedded: int  # texts that had to be embedded (the rest came from the previous index)
    seconds: float
    skipped: list[str]
    rebuilt: bool  # False when the index was already fresh and nothing was done
    onnx: OnnxCheck
    per_file: dict[str, tuple[int, int]] = field(default_factory=dict)  # document -> (FAQ entries, passages)
    taught: int = 0  # taught questions (alternates.csv) linked to a passage of the index


def ensure_fresh(settings: Settings, encoder: EncoderSource, notify: Notify = log.warning) -> SearchIndex:
    """The loaded index, built first when it is missing, stale or damaged and settings.auto_build allows.

    `encoder` (the reference encoder, or a function making it) is only made if a build is needed.
    """
    status = check(settings)
    if not status.fresh:
        if not settings.auto_build:
            raise (IndexStale if status.present else IndexMissing)(status.problem, rebuild_remedy())
        notify(f"{status.problem}; building it now")
        report = build(settings, encoder, notify=notify)
        notify(f"indexed {report.chunks} chunks from {report.files} file(s) in {report.seconds:.1f} s")
    try:
        return load(settings)
    except IndexDamaged as exc:
        if not settings.auto_build:
            raise
        notify(f"{exc.message}; rebuilding it now")
        build(settings, encoder, force=True, notify=notify)
        return load(settings)


def build(
    settings: Settings,
    encoder: EncoderSource,
    force: bool = False,
    progress: bool = False,
    wait: bool = True,
    notify: Notify = log.warning,
) -> BuildReport:
    """Bring index/ up to date with the corpus; a no-op when fresh unless forced.

    `encoder` is the reference encoder, or a function making it: it is only made when
    something has to be embedded. Without `force`, vectors of unchanged texts and the
    ONNX export are taken over from the previous index.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(settings)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise IndexBusy(f"another build is running (it holds {lock_path(settings)})", "try again when it ends") from None
        notify("another build is running; waiting for it to finish")
        try:
            lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
        except Timeout:
            held = f"another build has held {lock_path(settings)} for {LOCK_TIMEOUT_SECONDS} s"
            raise IndexBusy(held, "try again later") from None
    try:
        restore_backup(settings.index_dir)
        _remove_abandoned_staging(settings.index_dir)
        return _build_locked(settings, encoder, force, progress)
    finally:
        lock.release()


def _remove_abandoned_staging(index_dir: Path) -> None:
    """Half-written folders of builds that were killed; the lock says no build is running now."""
    for folder in index_dir.parent.glob(f".{index_dir.name}.new-*"):
        shutil.rmtree(folder, ignore_errors=True)


def _build_locked(settings: Settings, encoder: EncoderSource, force: bool, progress: bool) -> BuildReport:
    started = time.perf_counter()
    status = check(settings)  # from the files' hashes alone: nothing is parsed when nothing changed
    if status.fresh and status.manifest is not None and not force:
        m = status.manifest
        return BuildReport(len(m.corpus), m.chunks, m.vectors, 0, time.perf_counter() - started, m.skipped, False, m.onnx)
    corpus = files.load_corpus(settings.corpus_dir)
    reference = encoder if isinstance(encoder, Encoder) else encoder()
    chunks = chunk_corpus(corpus.documents, settings.chunker)
    keys = [search_keys(chunk) for chunk in chunks]
    flat_keys = [text for chunk_keys in keys for text in chunk_keys]
    words = vocabulary(chunks)
    taught, taught_notes = taught_questions(settings.corpus_dir, chunks)
    taught_texts = [a.question for a in taught]
    pool = suggestion_pool(chunks, {doc.title for doc in corpus.documents})
    previous = None if force else previous_index(settings)
    known = previous_vectors(previous, reference)
    wanted = [*flat_keys, *words, *taught_texts, *(s.text for s in pool)]
    missing = list(dict.fromkeys(text for text in wanted if text not in known))
    fresh_vectors = reference.encode(missing, show_progress=progress and len(missing) >= PROGRESS_ABOVE)
    known.update(zip(missing, fresh_vectors))

    def rows(texts: list[str]) -> np.ndarray:
        return np.stack([known[text] for text in texts]) if texts else np.zeros((0, reference.dimension), np.float32)

    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=ModelInfo(reference.name, int(reference.dimension)),
        chunker=chunker_record(settings),
        corpus=corpus.fingerprint,
        documents={doc.id: doc.title for doc in corpus.documents},
        skipped=[*corpus.warnings, *taught_notes],
        chunks=len(chunks),
        vectors=len(flat_keys),
        index_type=index_type(len(flat_keys)),
        min_confidence=settings.min_confidence,
        ranking=settings.ranking.to_dict(),
        calibration=settings.calibration.to_dict(),
        versions=library_versions(),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        alternates=alternates.digest(settings.corpus_dir),
    )
    lookups = Lookups(words, rows(words), taught, rows(taught_texts), pool, rows([s.text for s in pool]),
                      Lexicon.build([passage_text(chunk) for chunk in chunks], words))
    written = save(settings.index_dir, chunks, keys, rows(flat_keys), lookups, manifest,
                   lambda folder: light_model(reference, folder, previous, settings.index_dir, flat_keys))
    seconds = time.perf_counter() - started
    embedded_keys = len(set(missing) & set(flat_keys))
    return BuildReport(len(corpus.fingerprint), len(chunks), len(flat_keys), embedded_keys, seconds,
                       written.skipped, True, written.onnx, per_file(corpus.documents, chunks), len(taught))


def taught_questions(corpus_dir: Path, chunks: list[Chunk]) -> tuple[list[Alternate], list[str]]:
    """The taught questions whose passage is in the index; a note for each row that is not, or is not a row."""
    taught, notes = alternates.load(corpus_dir)
    ids = {chunk.id for chunk in chunks}
    kept = [a for a in taught if a.chunk_id in ids]
    notes += [f"{alternates.FILE_NAME}: {a.question!r} is linked to {a.chunk_id}, which is no longer a passage "
              "(its text changed or was removed); teach it again" for a in taught if a.chunk_id not in ids]
    return kept, notes


def per_file(documents: list, chunks: list[Chunk]) -> dict[str, tuple[int, int]]:
    """What each document gave: its FAQ entries (questions, however many passages each) and its passages."""
    entries = Counter(doc_id for doc_id, _ in {(c.doc_id, c.section) for c in chunks if c.kind == "faq"})
    passages = Counter(c.doc_id for c in chunks)
    return {doc.id: (entries[doc.id], passages[doc.id]) for doc in documents}


def previous_index(settings: Settings) -> SearchIndex | None:
    """The index being replaced, if it is there and whole (store.load checks every file's hash)."""
    if not (settings.index_dir / MANIFEST).exists():
        return None
    try:
        return load(settings)
    except BotError:
        return None  # damaged: nothing is taken over from it


def previous_vectors(previous: SearchIndex | None, reference: Encoder) -> dict[str, np.ndarray]:
    """Text -> vector of the previous index, if it was built with the same model; else nothing."""
    if previous is None or previous.manifest.model != ModelInfo(reference.name, int(reference.dimension)):
        return {}
    texts = [text for chunk_keys in previous.keys for text in chunk_keys]
    known = dict(zip(texts, previous.vectors.reconstruct_n(0, previous.vectors.ntotal)))
    lookups = previous.lookups
    for texts, rows in ((lookups.words, lookups.word_vectors), ([a.question for a in lookups.taught], lookups.taught_vectors),
                        ([s.text for s in lookups.suggestions], lookups.suggestion_vectors)):
        known.update(zip(texts, rows))
    return known


def vocabulary(chunks: list[Chunk]) -> list[str]:
    """Every content word the passages and their headings use, as written (lower-cased), in a stable order."""
    found: set[str] = set()
    for chunk in chunks:
        found.update(w for w in words(f"{chunk.section} {chunk.text}") if w.isalpha() and len(w) >= 3)
    return sorted(found)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the filesystem allows (the 90 MB model is never rewritten in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy(source, target)


def light_model(reference: Encoder, folder: Path, previous: SearchIndex | None, previous_dir: Path,
                texts: list[str]) -> OnnxCheck:
    """Put the checked ONNX export of the reference model in folder, reusing the previous one if it passed."""
    if not isinstance(reference, SentenceTransformerEncoder):
        return OnnxCheck(passed=False, reason=f"{reference.name} is not a sentence-transformers model")
    if previous is not None and previous.manifest.onnx.passed and previous.manifest.model.name == reference.name:
        try:
            for name in (onnx.MODEL_FILE, onnx.WEIGHTS_FILE, onnx.TOKENIZER_FILE):
                _link_or_copy(previous_dir / name, folder / name)
            return previous.manifest.onnx
        except OSError:
            pass  # export afresh
    try:
        onnx.export(reference, folder)
        result = onnx.check(reference, folder, onnx.probe_texts(texts))
    except Exception as exc:  # any failure of the optional export leaves the reference path in use
        log.warning("could not export the model to ONNX (%s); answers will use sentence-transformers", exc)
        return OnnxCheck(passed=False, reason=f"export failed: {exc.__class__.__name__}")
    if not result.passed:
        log.warning("the ONNX export failed its check (min cosine %s); answers will use sentence-transformers", result.min_cosine)
        for name in (onnx.MODEL_FILE, onnx.WEIGHTS_FILE):
            (folder / name).unlink(missing_ok=True)
    return result
