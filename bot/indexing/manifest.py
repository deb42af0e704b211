"""The index manifest: what an index was built from, written and read here only; and whether it still matches."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import ingest, words
from ..config import Settings
from ..errors import IndexDamaged, rebuild_remedy
from ..ingest import alternates, files
from .models import resolve_model

FORMAT_VERSION = 10
MANIFEST = "manifest.json"
VECTORS = "index.faiss"
CHUNKS = "chunks.jsonl"
WORDS = "words.json"  # the documents' vocabulary, for matching a question's words by meaning
WORD_VECTORS = "words.npy"
TAUGHT = "taught.json"  # the questions owners taught (corpus/alternates.csv) with their chunk ids
TAUGHT_VECTORS = "taught.npy"
LEXICON = "lexicon.json"  # BM25's terms, the passages' words as written, the vocabulary's stems
BM25 = "bm25.npz"  # BM25 scores of every term in every passage (indexing/lexical.py)
SUGGESTIONS = "suggestions.json"  # the questions to suggest, with the passages they lead to
SUGGESTION_VECTORS = "suggestions.npy"
CHUNK_TABLE = "chunks.npz"  # where each line of chunks.jsonl starts, and each chunk's number of search keys
CATALOG = "catalog.json"  # the chunk ids in order, and the FAQ entries' questions
EVERYDAY = "everyday.json"  # how common everyday English words are (indexing/everyday.py)
CENTRE = "centre.npy"  # the mean of the search keys' vectors: what every passage of the corpus shares
INDEX_FILES = (VECTORS, CHUNKS, CHUNK_TABLE, CATALOG, WORDS, WORD_VECTORS, TAUGHT, TAUGHT_VECTORS, LEXICON, BM25,
               SUGGESTIONS, SUGGESTION_VECTORS, EVERYDAY, CENTRE)

_VERSIONED = ("bot", "faiss-cpu", "numpy", "sentence-transformers", "torch", "transformers", "sentencex", "wordfreq",
              "simplemma")


@dataclass(frozen=True)
class ModelInfo:
    name: str
    dimension: int


@dataclass(frozen=True)
class FileDigest:
    bytes: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileDigest:
        return cls(path.stat().st_size, files.sha256_bytes(path.read_bytes()))


@dataclass(frozen=True)
class OnnxCheck:
    """The light query model's check against the reference encoder (indexing/onnx.py)."""

    passed: bool
    reason: str = ""  # why there is no checked export, when there is none
    file: str = ""
    bytes: int = 0
    probes: int = 0
    min_cosine: float = 0.0
    required: float = 0.0
    optimized: bool = False  # the graph was saved optimised: loaded with optimisation off
    export_version: int = 0  # how the export was made (onnx.EXPORT_VERSION): an older one is made again


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: ModelInfo
    chunker: dict
    corpus: dict[str, str]  # document id -> sha256 of the file
    documents: dict[str, str]  # document id -> title
    skipped: list[str]
    chunks: int
    vectors: int
    index_type: str
    min_confidence: float
    ranking: dict
    calibration: dict
    versions: dict[str, str]
    built_at: str
    files: dict[str, FileDigest] = field(default_factory=dict)
    onnx: OnnxCheck = OnnxCheck(passed=False, reason="not exported")
    alternates: str = ""  # sha256 of corpus/alternates.csv, empty when there was none

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Raises ValueError, KeyError or TypeError when the text is not a whole manifest."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise TypeError("not an object")
        return cls(
            **{**data,
               "model": ModelInfo(**data["model"]),
               "files": {name: FileDigest(**digest) for name, digest in data["files"].items()},
               "onnx": OnnxCheck(**data["onnx"])},
        )


def chunker_record(settings: Settings) -> dict:
    """The chunker's settings and a hash of the code that cuts text (the readers, the chunker, words.py: stop words and
    stems shape the lexicon): a change to any of them rebuilds."""
    code = hashlib.sha256()
    for path in [*sorted(Path(ingest.__file__).parent.glob("*.py")), Path(words.__file__)]:
        code.update(path.read_bytes())
    return {**settings.chunker.to_dict(), "code": code.hexdigest()[:16]}


def library_versions() -> dict[str, str]:
    import platform  # at build only, as metadata: 5 ms of regular expressions
    from importlib import metadata  # at build only: it costs a one-off question 20 ms to import

    versions = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def write_manifest(folder: Path, manifest: Manifest) -> None:
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def read_manifest(index_dir: Path) -> Manifest:
    """The manifest of index_dir; FileNotFoundError when there is none, IndexDamaged when it is not whole."""
    path = index_dir / MANIFEST
    if not path.exists():
        raise FileNotFoundError(path)
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IndexDamaged(f"{path} is not readable JSON ({exc.__class__.__name__})", rebuild_remedy(force=True)) from None
    except (KeyError, TypeError):
        raise IndexDamaged(f"{path} lacks required fields", rebuild_remedy(force=True)) from None


@dataclass(frozen=True)
class IndexStatus:
    """Whether index/ is there and matches the corpus, model and chunker; and if not, why."""

    present: bool
    fresh: bool
    reasons: list[str] = field(default_factory=list)
    manifest: Manifest | None = None

    @property
    def problem(self) -> str:
        """What is wrong, without the remedy; empty when fresh."""
        if self.fresh:
            return ""
        return f"index is {'stale' if self.present else 'missing'}: " + "; ".join(self.reasons)

    def describe(self) -> str:
        if self.fresh and self.manifest is not None:
            m = self.manifest
            return f"index is fresh: {m.chunks} chunks from {len(m.corpus)} file(s), built {m.built_at}"
        return f"{self.problem}. {rebuild_remedy().capitalize()}."


def check(settings: Settings, fingerprint: dict[str, str] | None = None) -> IndexStatus:
    """Compare the manifest with the corpus folder, the configured model and the chunker."""
    try:
        manifest = read_manifest(settings.index_dir)
    except FileNotFoundError:
        return IndexStatus(False, False, [f"no {MANIFEST} in {settings.index_dir}"])
    except IndexDamaged as exc:
        return IndexStatus(True, False, [exc.message])
    reasons = damaged_files(settings.index_dir, manifest)
    if manifest.format_version != FORMAT_VERSION:
        reasons.append(f"format version {manifest.format_version} is not {FORMAT_VERSION}")
    model_name, _ = resolve_model(settings.model)
    if manifest.model.name != model_name:
        reasons.append(f"built with model {manifest.model.name!r}, configured {model_name!r}")
    if manifest.chunker != chunker_record(settings):
        reasons.append("the chunker or its settings changed")
    current = fingerprint if fingerprint is not None else files.fingerprint(settings.corpus_dir)
    reasons += corpus_changes(manifest.corpus, current)
    if manifest.alternates != alternates.digest(settings.corpus_dir):
        reasons.append(f"the taught questions ({alternates.FILE_NAME}) changed")
    return IndexStatus(True, not reasons, reasons, manifest)


def damaged_files(index_dir: Path, manifest: Manifest) -> list[str]:
    """Files that are missing or whose size differs from the manifest (a cheap check; load hashes them)."""
    reasons = []
    for name in INDEX_FILES:
        path = index_dir / name
        expected = manifest.files.get(name)
        if not path.is_file():
            reasons.append(f"{name} is missing")
        elif expected is None or path.stat().st_size != expected.bytes:
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
