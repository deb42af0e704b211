"""Find and read the documents of the corpus folder; content hashes."""

from __future__ import annotations

import codecs
import hashlib
import mimetypes
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from . import readers
from .alternates import FILE_NAME as TAUGHT_FILE
from .blocks import Block, UnreadableFile
from .profile import FILE_NAME as PROFILE_FILE

SYNONYMS_FILE = "synonyms.csv"  # read by search/synonyms.py; with bot.toml and alternates.csv, settings, not documents
FORMATS = ", ".join(readers.SUFFIXES)
READ = f"{FORMATS}, and text files named like README or README.Debian"
# Formats the bot does not read, whose programs save one it does.
SAVE_AS = {".doc": ".docx", ".rtf": ".docx or .odt", ".pages": ".docx", ".xls": ".xlsx or .csv", ".ods": ".xlsx or .csv",
           ".numbers": ".xlsx or .csv", ".ppt": ".pptx", ".odp": ".pptx", ".key": ".pptx", ".mobi": ".epub",
           ".azw3": ".epub", ".webarchive": ".mhtml (a browser's \"Webpage, Single File\")"}
SNIFFED_BYTES = 8192  # how much of a file with no known suffix is looked at to tell text from binary
KNOWN_TYPES = mimetypes.MimeTypes(filenames=())  # Python's own table only: the same on every machine


@dataclass(frozen=True)
class Document:
    id: str  # path relative to the corpus folder, with forward slashes
    path: Path
    title: str
    blocks: tuple[Block, ...]
    sha256: str


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def scan(corpus_dir: Path) -> tuple[list[Path], list[str]]:
    """Every supported file under the corpus folder, in a stable order; and a note for each file left out.

    Hidden files are left out, and so is any file whose real path lies outside the folder
    (a symbolic link to /etc/passwd is not a document of the corpus).
    """
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    root = corpus_dir.resolve()
    found: list[tuple[str, Path]] = []
    notes = []
    other_formats: dict[str, list[str]] = {}  # files of formats the bot does not read, by suffix
    for folder, _, names in os.walk(corpus_dir):  # one directory read a folder; links to folders not followed
        real_folder = Path(folder).resolve()
        inside = Path(os.path.relpath(folder, corpus_dir))
        base = "" if inside == Path(".") else f"{inside.as_posix()}/"
        hidden_folder = any(part.startswith(".") for part in inside.parts)
        for name in names:
            relative = base + name
            suffix = os.path.splitext(name)[1].lower()
            path = Path(folder, name)
            hidden = hidden_folder or name.startswith(".")
            if relative in (PROFILE_FILE, SYNONYMS_FILE, TAUGHT_FILE) or (hidden and suffix not in readers.SUFFIXES):
                continue
            try:
                link = stat.S_ISLNK(os.lstat(path).st_mode)
                if not stat.S_ISREG(os.stat(path).st_mode):  # a folder, a pipe, a device: never opened
                    continue
            except OSError:  # vanished, or a broken link
                continue
            real = path.resolve() if link else real_folder / name
            if hidden:
                notes.append(f"skipped {relative}: a hidden file")
            elif not real.is_relative_to(root):
                notes.append(f"skipped {relative}: it lies outside the corpus folder (a link to {real})")
            elif suffix not in readers.SUFFIXES and not untyped_text(path):
                other_formats.setdefault(suffix, []).append(relative)
            else:
                found.append((relative, path))
    notes += [_not_read(suffix, sorted(names)) for suffix, names in other_formats.items()]
    notes.sort()
    files = [path for _, path in sorted(found, key=lambda item: item[0])]
    return files, notes


def untyped_text(path: Path) -> bool:
    """Whether a file is plain text named as Unix documentation names it: with no suffix (README, FAQ), or in
    capitals before a suffix of no format Python knows (README.Debian, FAQ.old; not config.yaml or LOGO.png); its
    opening is UTF-8 with no NUL byte (not a program or a zip)."""
    stem, suffix = os.path.splitext(path.name)
    if suffix and not (stem.split(".")[0].isupper() and KNOWN_TYPES.guess_type(path.name) == (None, None)):
        return False
    try:
        with open(path, "rb") as file:
            opening = file.read(SNIFFED_BYTES)
        codecs.getincrementaldecoder("utf-8")().decode(opening)  # not final: a character may be cut at the end
    except (OSError, UnicodeDecodeError):
        return False
    return bool(opening.strip()) and b"\0" not in opening


def _not_read(suffix: str, names: list[str]) -> str:
    """One note for the files of a format the bot does not read: "skipped a.png, b.png and 3 more: ...", with what
    to save them as where their program can write a format the bot reads."""
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    kind = f"{suffix} files are" if suffix else "files without a suffix that hold no UTF-8 text are"
    advice = f"; save or export them as {SAVE_AS[suffix]}" if suffix in SAVE_AS else ""
    return f"skipped {shown}: {kind} not read{advice} (the bot reads {READ})"


def find_files(corpus_dir: Path) -> list[Path]:
    """The corpus's documents (see scan)."""
    return scan(corpus_dir)[0]


def fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every candidate file, keyed by document id; what staleness is judged on."""
    return {
        p.relative_to(corpus_dir).as_posix(): sha256_bytes(p.read_bytes())
        for p in find_files(corpus_dir)
    }


@dataclass(frozen=True)
class Corpus:
    """The readable documents, a warning per skipped file, and the hash of every file seen."""

    documents: list[Document]
    warnings: list[str]
    fingerprint: dict[str, str]


def load_corpus(corpus_dir: Path) -> Corpus:
    """Read every supported file; unreadable ones are skipped with a warning naming them.

    Raises CorpusError when nothing readable is left, naming the folder.
    """
    documents: list[Document] = []
    hashes: dict[str, str] = {}
    files, warnings = scan(corpus_dir)
    for path in files:
        doc_id = path.relative_to(corpus_dir).as_posix()
        try:
            data = path.read_bytes()
            hashes[doc_id] = sha256_bytes(data)
            title, blocks = readers.read(path, data)
        except (UnreadableFile, OSError) as exc:
            warnings.append(f"skipped {doc_id}: {exc}")
            continue
        except Exception as exc:  # a reader's bug or a library's on a strange file must not stop the build
            warnings.append(f"skipped {doc_id}: unexpected {exc.__class__.__name__} while reading it")
            continue
        documents.append(Document(doc_id, path, title, tuple(blocks), hashes[doc_id]))
        if path.suffix.lower() in readers.HTML_SUFFIXES:
            from .html import thin_page  # read already: the document is HTML

            if thin := thin_page(data, blocks):
                warnings.append(f"{doc_id}: {thin}")
    if not documents:
        found = f"{len(files)} file(s), none readable" if files else f"no {FORMATS} or other text file"
        raise CorpusError(f"nothing to index in {corpus_dir}: {found}")
    return Corpus(documents, warnings, hashes)
