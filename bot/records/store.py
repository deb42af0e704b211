"""The question log and the votes on answers, in one store (records/database.py): what owners review.

Logged for each question: its time, its words, where it was asked (page, api, ask), whether it
was found, the confidence, and the passage given (chunk id and section) with the answer's
text. A question that gets the crisis reply is never stored, and nothing is logged when
`log_questions` is off. Votes are kept either way, linked to their logged question.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from ..config import Settings
from .database import Database, StoreUnavailable

log = logging.getLogger(__name__)

Channel = Literal["page", "api", "ask"]
ReviewKind = Literal["unanswered", "unhelpful"]

__all__ = ["Asked", "Feedback", "Store", "StoreUnavailable"]


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


@dataclass(frozen=True)
class Asked:
    """A question worth an owner's look: not covered, or answered and voted unhelpful."""

    question: str
    kind: ReviewKind
    asked_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _first_source(answer: dict) -> dict:
    return answer["sources"][0] if answer.get("found") and answer.get("sources") else {}


class Store:
    def __init__(self, database: Database, log_questions: bool = True):
        self.database = database
        self.log_questions = log_questions

    @classmethod
    def of(cls, settings: Settings) -> Store:
        return cls(Database(settings.data_dir, settings.index_dir, settings.database_url), settings.log_questions)

    @classmethod
    def at(cls, data_dir: Path, log_questions: bool = True) -> Store:
        """A SQLite store in data_dir."""
        return cls(Database(data_dir), log_questions)

    @property
    def path(self) -> Path:
        return self.database.path

    def log(self, answer: dict, channel: Channel) -> int | None:
        """Keep one answered question (an Answer.to_dict() record); its row id, or None when not kept."""
        if not self.log_questions or answer.get("safety"):
            return None
        source = _first_source(answer)
        row = (_now(), answer["question"], channel, int(bool(answer.get("found"))), float(answer.get("confidence", 0.0)),
               source.get("id", ""), source.get("section", ""), answer.get("answer", ""))
        with self.database.session(write=True) as session:
            return session.insert("INSERT INTO questions (asked_at, question, channel, found, confidence, chunk_id,"
                                  " section, answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)

    def log_quietly(self, answer: dict, channel: Channel) -> int | None:
        """`log`, but a store that cannot be written costs the person nothing: the server log says why."""
        try:
            return self.log(answer, channel)
        except StoreUnavailable as exc:
            log.warning("a question was not logged: %s", exc)
            return None

    def vote(self, answer: dict, helpful: bool) -> None:
        """Store one vote on an answer record; `question_id` in the record links it to the logged question."""
        source = _first_source(answer)
        question_id = answer.get("question_id")
        row = (_now(), answer["question"], int(bool(helpful)), int(bool(answer.get("found"))),
               float(answer.get("confidence", 0.0)), source.get("doc", ""), source.get("section", ""),
               answer.get("answer", ""), question_id if isinstance(question_id, int) else None, source.get("id", ""))
        with self.database.session(write=True) as session:
            session.insert("INSERT INTO feedback (created_at, question, helpful, found, confidence, source_doc,"
                           " source_section, answer, question_id, chunk_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

    def unhelpful(self, limit: int | None = None) -> list[Feedback]:
        """Answers marked unhelpful, newest first."""
        if not self.database.exists():
            return []
        with self.database.session() as session:
            rows = session.rows(
                "SELECT created_at, question, helpful, found, confidence, source_doc, source_section, answer"
                " FROM feedback WHERE helpful = 0 ORDER BY created_at DESC, id DESC LIMIT ?",
                (2**62 if limit is None else limit,),
            )
        return [Feedback(r[0], r[1], bool(r[2]), bool(r[3]), r[4], r[5], r[6], r[7]) for r in rows]

    def count(self) -> int:
        """Votes stored."""
        return self._count("feedback")

    def logged(self) -> int:
        """Questions in the log."""
        return self._count("questions")

    def _count(self, table: Literal["feedback", "questions"]) -> int:
        if not self.database.exists():
            return 0
        with self.database.session() as session:
            return int(session.rows(f"SELECT COUNT(*) FROM {table}")[0][0])

    def to_review(self) -> list[Asked]:
        """Questions not covered and answers voted unhelpful, oldest first."""
        if not self.database.exists():
            return []
        with self.database.session() as session:
            unanswered = session.rows("SELECT question, asked_at FROM questions WHERE found = 0")
            unhelpful = session.rows("SELECT question, created_at FROM feedback WHERE helpful = 0")
        asked = [Asked(q, "unanswered", t) for q, t in unanswered] + [Asked(q, "unhelpful", t) for q, t in unhelpful]
        return sorted(asked, key=lambda a: a.asked_at)

    def forget_before(self, day: date) -> int:
        """Delete every logged question and vote from before the day (UTC); how many rows went."""
        if not self.database.exists():
            return 0
        cutoff = day.isoformat()
        with self.database.session(write=True) as session:
            gone = len(session.rows("DELETE FROM questions WHERE asked_at < ? RETURNING id", (cutoff,)))
            gone += len(session.rows("DELETE FROM feedback WHERE created_at < ? RETURNING id", (cutoff,)))
        return gone
