"""Taught questions: corpus/alternates.csv links another way of asking to a passage (its chunk id).

Plain data, reviewed in git like the documents: a header `question,chunk_id`, then one row per
taught question. `bot teach` writes it (atomically, keeping every other row); the build makes
each question a search key of its passage.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from filelock import FileLock

FILE_NAME = "alternates.csv"
HEADER = ("question", "chunk_id")


@dataclass(frozen=True)
class Alternate:
    question: str
    chunk_id: str


def same_question(a: str, b: str) -> bool:
    """Whether two wordings are the same question, case and spacing aside."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def parse(text: str) -> tuple[list[Alternate], list[str]]:
    """The alternates in a file's text, and a note for each row that cannot be one."""
    found: list[Alternate] = []
    notes: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and tuple(c.lower() for c in cells[:2]) == HEADER):
            continue
        if len(cells) != 2 or not all(cells):
            notes.append(f"{FILE_NAME} line {number}: expected a question and a chunk id")
            continue
        if not any(same_question(cells[0], a.question) for a in found):
            found.append(Alternate(cells[0], cells[1]))
    return found, notes


def load(corpus_dir: Path) -> tuple[list[Alternate], list[str]]:
    path = corpus_dir / FILE_NAME
    if not path.is_file():
        return [], []
    try:
        return parse(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"skipped {FILE_NAME}: {exc.__class__.__name__}"]


def digest(corpus_dir: Path) -> str:
    """sha256 of alternates.csv, empty when there is none: a change to it makes the index stale."""
    path = corpus_dir / FILE_NAME
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def save(corpus_dir: Path, alternates: list[Alternate]) -> None:
    """Write the file whole to a temporary sibling, then rename it into place: never half written."""
    import tempfile  # here and in _editing only: answering a question never needs it

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows((a.question, a.chunk_id) for a in alternates)
    handle, temporary = tempfile.mkstemp(prefix=f".{FILE_NAME}.", dir=corpus_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(out.getvalue())
        os.replace(temporary, corpus_dir / FILE_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _editing(corpus_dir: Path) -> FileLock:
    """One edit of the file at a time (two owners teaching at once lose nothing); the lock lives outside the corpus."""
    import tempfile

    from filelock import FileLock

    key = hashlib.sha256(str((corpus_dir / FILE_NAME).resolve()).encode()).hexdigest()[:16]
    return FileLock(str(Path(tempfile.gettempdir()) / f"bot-alternates-{key}.lock"), timeout=30)


def add(corpus_dir: Path, question: str, chunk_id: str) -> None:
    """Teach one question (replacing the passage it was linked to, if it was)."""
    with _editing(corpus_dir):
        kept = [a for a in load(corpus_dir)[0] if not same_question(a.question, question)]
        save(corpus_dir, [*kept, Alternate(" ".join(question.split()), chunk_id)])


def remove(corpus_dir: Path, question: str) -> bool:
    """Forget one taught question; whether it was there."""
    with _editing(corpus_dir):
        alternates = load(corpus_dir)[0]
        kept = [a for a in alternates if not same_question(a.question, question)]
        if len(kept) == len(alternates):
            return False
        save(corpus_dir, kept)
        return True
