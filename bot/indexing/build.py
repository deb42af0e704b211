"""Build index/ from corpus/: chunk, embed only what changed, export the light query model, save."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import numpy as np

from ..config import Settings
from ..errors import BotError, IndexBusy
from ..ingest import alternates, files
from ..ingest.alternates import Alternate
from ..ingest.chunking import Chunk, chunk_corpus
from ..ingest.keys import search_keys
from ..words import words
from . import onnx
from .embedding import BuildEncoder, EncoderSource, build_encoder
from .everyday import EverydayWords
from .lexical import Lexicon, passage_text
from .lookups import Lookups
from .manifest import EVERYDAY, FORMAT_VERSION, MANIFEST, Manifest, ModelInfo, OnnxCheck, check, chunker_record, library_versions
from .store import SearchIndex, index_type, load, lock_path, restore_backup, save
from .suggestions import Suggestion, suggestion_pool

log = logging.getLogger(__name__)

LOCK_TIMEOUT_SECONDS = 600
PROGRESS_ABOVE = 256  # texts to embed before a progress bar is worth showing

Notify = Callable[[str], None]


@dataclass(frozen=True)
class Embedded:
    """What a build embedded, and how fast."""

    texts: int  # every new text: keys, words, taught questions, suggestions
    keys: int  # of which search keys
    seconds: float
    encoder: str  # "ONNX export" or the reference model's name

    @property
    def texts_per_second(self) -> float:
        return self.texts / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class BuildReport:
    files: int
    chunks: int
    vectors: int
    seconds: float
    skipped: list[str]
    rebuilt: bool  # False when the index was already fresh and nothing was done
    onnx: OnnxCheck
    per_file: dict[str, tuple[int, int]] = field(default_factory=dict)  # document -> (FAQ entries, passages)
    taught: int = 0  # taught questions (alternates.csv) linked to a passage of the index
    embedding: Embedded | None = None  # None when nothing was built

    @property
    def embedded(self) -> int:
        """Search keys that had to be embedded (the rest came from the previous index)."""
        return self.embedding.keys if self.embedding else 0


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


@dataclass(frozen=True)
class _Texts:
    """What a build embeds and saves, read from the corpus."""

    corpus: files.Corpus
    chunks: list[Chunk]
    keys: list[list[str]]  # each chunk's search keys
    words: list[str]  # the vocabulary
    taught: list[Alternate]
    notes: list[str]  # taught questions that are not linked to a passage any more
    pool: list[Suggestion]

    @classmethod
    def read(cls, settings: Settings) -> _Texts:
        corpus = files.load_corpus(settings.corpus_dir)
        chunks = chunk_corpus(corpus.documents, settings.chunker)
        taught, notes = taught_questions(settings.corpus_dir, chunks)
        pool = suggestion_pool(chunks, {doc.title for doc in corpus.documents})
        return cls(corpus, chunks, [search_keys(chunk) for chunk in chunks], vocabulary(chunks), taught, notes, pool)

    @cached_property
    def flat_keys(self) -> list[str]:
        return [text for chunk_keys in self.keys for text in chunk_keys]

    def every_text(self) -> list[str]:
        return [*self.flat_keys, *self.words, *(a.question for a in self.taught), *(s.text for s in self.pool)]


def _build_locked(settings: Settings, encoder: EncoderSource, force: bool, progress: bool) -> BuildReport:
    started = time.perf_counter()
    status = check(settings)  # from the files' hashes alone: nothing is parsed when nothing changed
    if status.fresh and status.manifest is not None and not force:
        m = status.manifest
        return BuildReport(len(m.corpus), m.chunks, m.vectors, time.perf_counter() - started, m.skipped, False, m.onnx)
    texts = _Texts.read(settings)
    previous = None if force else previous_index(settings)
    scratch = Path(tempfile.mkdtemp(prefix=f".{settings.index_dir.name}.export-", dir=settings.index_dir.parent))
    try:
        embedder = build_encoder(settings.model, encoder, previous.manifest if previous else None, settings.index_dir,
                                 scratch, onnx.probe_texts(texts.flat_keys))
        known = previous_vectors(previous, embedder.model)
        missing = list(dict.fromkeys(text for text in texts.every_text() if text not in known))
        embedding_started = time.perf_counter()
        known.update(zip(missing, embedder.encoder.encode(missing, show_progress=progress and len(missing) >= PROGRESS_ABOVE)))
        embedding = Embedded(len(missing), len(set(missing) & set(texts.flat_keys)),
                             time.perf_counter() - embedding_started, embedder.label)
        return _save(settings, texts, known, embedder, started, embedding)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _save(settings: Settings, texts: _Texts, known: dict[str, np.ndarray], embedder: BuildEncoder, started: float,
          embedding: Embedded) -> BuildReport:
    """Write the new index from the vectors of every text; the build's report."""

    def rows(wanted: list[str]) -> np.ndarray:
        return np.stack([known[text] for text in wanted]) if wanted else np.zeros((0, embedder.model.dimension), np.float32)

    flat_keys, corpus, chunks = texts.flat_keys, texts.corpus, texts.chunks
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=embedder.model,
        chunker=chunker_record(settings),
        corpus=corpus.fingerprint,
        documents={doc.id: doc.title for doc in corpus.documents},
        skipped=[*corpus.warnings, *texts.notes],
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
    key_vectors = rows(flat_keys)
    lookups = Lookups(texts.words, rows(texts.words), texts.taught, rows([a.question for a in texts.taught]),
                      texts.pool, rows([s.text for s in texts.pool]),
                      Lexicon.build([passage_text(chunk) for chunk in chunks], texts.words),
                      EverydayWords(settings.index_dir / EVERYDAY), centre(key_vectors))
    written = save(settings.index_dir, chunks, texts.keys, key_vectors, lookups, manifest, embedder.install)
    return BuildReport(len(corpus.fingerprint), len(chunks), len(flat_keys), time.perf_counter() - started,
                       written.skipped, True, written.onnx, per_file(corpus.documents, chunks), len(texts.taught), embedding)


def centre(vectors: np.ndarray) -> np.ndarray:
    """The mean of the search keys' vectors (zero for an empty corpus)."""
    return vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1], np.float32)


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
        return load(settings, check_every_byte=True)
    except BotError:
        return None  # damaged: nothing is taken over from it


def previous_vectors(previous: SearchIndex | None, model: ModelInfo) -> dict[str, np.ndarray]:
    """Text -> vector of the previous index, if it was built with the same model; else nothing."""
    if previous is None or previous.manifest.model != model:
        return {}
    keys = [text for number in range(len(previous.chunks)) for text in previous.chunks.keys(number)]
    known = dict(zip(keys, previous.vectors.reconstruct_n(0, previous.vectors.ntotal)))
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
