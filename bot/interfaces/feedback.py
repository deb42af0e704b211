"""Thumbs up/down on answers, kept in SQLite under the data folder (never inside index/).

Safe under concurrent users: WAL journal (readers never block the writer), a busy
timeout instead of "database is locked" errors, and one short transaction per write.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import BotError, ConfigError

FILE_NAME = "feedback.sqlite3"
BUSY_TIMEOUT_SECONDS = 30

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,          -- UTC, ISO 8601
    question TEXT NOT NULL,
    helpful INTEGER NOT NULL,          -- 1 thumbs up, 0 thumbs down
    found INTEGER NOT NULL,
    confidence REAL NOT NULL,
    source_doc TEXT NOT NULL,          -- the passage the answer was drawn from ('' when not covered)
    source_section TEXT NOT NULL,
    answer TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_helpful_time ON feedback (helpful, created_at);
"""


def _prepare(connection: sqlite3.Connection) -> None:
    """Switch to WAL and make the schema, retrying while another process does the same.

    SQLite answers "database is locked" at once, without waiting on the busy timeout, when
    two connections switch the journal mode or create the schema at the same moment.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(f"BEGIN IMMEDIATE; {SCHEMA} COMMIT;")
            return
        except sqlite3.OperationalError as exc:
            if connection.in_transaction:
                connection.rollback()
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class FeedbackUnavailable(BotError):
    """The feedback database cannot be written or read (disk full, damaged file)."""


@dataclass(frozen=True)
class Feedback:
    created_at: str
    question: str
    helpful: bool
    found: bool
    confidence: float
    source_doc: str
    source_section: str
    answer: str

    def to_dict(self) -> dict:
        return asdict(self)


class FeedbackStore:
    def __init__(self, data_dir: Path, index_dir: Path | None = None):
        data_dir = Path(data_dir).resolve()
        if index_dir is not None and data_dir.is_relative_to(Path(index_dir).resolve()):
            raise ConfigError(f"BOT_DATA_DIR ({data_dir}) must not be inside the index folder, which builds replace")
        self.path = data_dir / FILE_NAME
        self._ready = False

    @contextmanager
    def _session(self) -> Iterator[sqlite3.Connection]:
        """A connection (the schema made on first use); any failure of the database becomes FeedbackUnavailable."""
        try:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
            try:
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
                if not self._ready:
                    _prepare(connection)
                    self._ready = True
                yield connection
            finally:
                connection.close()
        except (sqlite3.Error, OSError) as exc:
            self._ready = False  # the next vote checks the schema again, so a repaired store works without a restart
            raise FeedbackUnavailable(f"cannot use the feedback store {self.path} ({exc})",
                                      "free disk space, or move the damaged file aside: a new one is made") from None

    def record(self, answer: dict, helpful: bool) -> None:
        """Store one vote on an answer record (Answer.to_dict())."""
        source = answer["sources"][0] if answer.get("found") and answer.get("sources") else {}
        row = (
            datetime.now(UTC).isoformat(timespec="milliseconds"), answer["question"], int(bool(helpful)),
            int(bool(answer.get("found"))), float(answer.get("confidence", 0.0)),
            source.get("doc", ""), source.get("section", ""), answer.get("answer", ""),
        )
        with self._session() as connection, connection:
            connection.execute(
                "INSERT INTO feedback (created_at, question, helpful, found, confidence, source_doc, source_section, answer)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row,
            )

    def unhelpful(self, limit: int | None = None) -> list[Feedback]:
        """Answers marked unhelpful, newest first."""
        if not self.path.exists():
            return []
        with self._session() as connection:
            rows = connection.execute(
                "SELECT created_at, question, helpful, found, confidence, source_doc, source_section, answer"
                " FROM feedback WHERE helpful = 0 ORDER BY created_at DESC, id DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [Feedback(r[0], r[1], bool(r[2]), bool(r[3]), r[4], r[5], r[6], r[7]) for r in rows]

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with self._session() as connection:
            return connection.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
