"""The store of logged questions and votes, run alike on SQLite and on a real PostgreSQL server; the feedback command."""

import json
import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from bot.config import Settings
from bot.errors import ConfigError
from bot.interfaces.cli import main
from bot.records.database import Database
from bot.records.store import Store

from .postgres import fresh_database


def answer_record(question: str, found: bool = True, confidence: float = 0.8, safety: str = "") -> dict:
    sources = [{"id": "doc.txt#0a1b2c3d", "doc": "doc.txt", "section": "Side effects", "text": "passage", "score": confidence}]
    return {"question": question, "found": found, "confidence": confidence, "answer": "passage", "sources": sources,
            "safety": safety}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Database:
    """An empty store's database: a SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return Database(tmp_path / "data")
    return Database(tmp_path / "data", url=fresh_database(request.getfixturevalue("postgres")))


def test_unhelpful_answers_are_listed_newest_first(database):
    store = Store(database)
    store.vote(answer_record("first bad"), helpful=False)
    store.vote(answer_record("fine"), helpful=True)
    store.vote(answer_record("second bad", found=False, confidence=0.2), helpful=False)
    listed = store.unhelpful()
    assert [f.question for f in listed] == ["second bad", "first bad"]
    assert listed[1].source_section == "Side effects" and listed[1].source_doc == "doc.txt"
    assert listed[0].source_section == "" and listed[0].confidence == 0.2 and listed[0].found is False
    assert store.count() == 3 and listed[0].created_at > listed[1].created_at


def test_questions_are_logged_with_their_passage_and_votes_link_to_them(database):
    store = Store(database)
    first = store.log(answer_record("how long does it last?"), "page")
    second = store.log(answer_record("what about zinc?", found=False, confidence=0.1), "api")
    assert isinstance(first, int) and second == first + 1 and store.logged() == 2
    store.vote({**answer_record("how long does it last?"), "question_id": first}, helpful=False)
    with database.session() as session:
        assert session.rows("SELECT chunk_id, section, channel FROM questions WHERE id = ?", (first,)) == [
            ("doc.txt#0a1b2c3d", "Side effects", "page")]
        assert session.rows("SELECT question_id, chunk_id FROM feedback") == [(first, "doc.txt#0a1b2c3d")]
    assert [(a.question, a.kind) for a in store.to_review()] == [("what about zinc?", "unanswered"),
                                                                 ("how long does it last?", "unhelpful")]


def test_a_crisis_message_is_never_stored_and_logging_can_be_turned_off(database):
    assert Store(database).log(answer_record("I want to die", safety="If you are in danger..."), "page") is None
    assert Store(database, log_questions=False).log(answer_record("how long?"), "ask") is None
    assert Store(database).logged() == 0


def test_forget_before_deletes_older_questions_and_votes_only(database):
    store = Store(database)
    store.log(answer_record("old question"), "ask")
    store.vote(answer_record("old question"), helpful=False)
    with database.session(write=True) as session:
        session.rows("UPDATE questions SET asked_at = ?", ("2020-01-01T10:00:00.000+00:00",))
        session.rows("UPDATE feedback SET created_at = ?", ("2020-01-01T10:00:00.000+00:00",))
    store.log(answer_record("new question"), "ask")
    assert store.forget_before(date(2020, 1, 2)) == 2
    assert [a.question for a in store.to_review()] == [] and store.logged() == 1
    assert store.forget_before(date.today() + timedelta(days=1)) == 1 and store.logged() == 0


def test_twenty_users_at_once_log_two_hundred_questions_and_lose_none(database):
    store = Store(database)

    def user(number: int) -> list:
        return [store.log(answer_record(f"user {number} question {n}"), "page") for n in range(10)]

    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = [i for batch in pool.map(user, range(20)) for i in batch]
    assert len(set(ids)) == 200 and None not in ids and store.logged() == 200


def _vote_many(folder: str, url: str, worker: int, count: int) -> None:
    store = Store(Database(folder, url=url))
    for n in range(count):
        store.vote(answer_record(f"worker {worker} vote {n}"), helpful=n % 2 == 0)


def test_concurrent_processes_lose_no_vote_and_never_see_a_lock_error(database, tmp_path):
    folder = str(database.path.parent)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_vote_many, args=(folder, database.url, w, 50)) for w in range(6)]
    for process in workers:  # the schema is made by whichever process comes first
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0] * 6
    store = Store(database)
    assert store.count() == 300 and len(store.unhelpful()) == 150


def test_a_store_of_the_first_version_is_migrated_and_keeps_its_votes(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    with sqlite3.connect(folder / "feedback.sqlite3") as connection:  # the schema before the question log
        connection.executescript("""
            CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, question TEXT NOT NULL,
                helpful INTEGER NOT NULL, found INTEGER NOT NULL, confidence REAL NOT NULL, source_doc TEXT NOT NULL,
                source_section TEXT NOT NULL, answer TEXT NOT NULL);
            INSERT INTO feedback VALUES (1, '2026-01-01T00:00:00.000+00:00', 'kept?', 0, 1, 0.7, 'a.txt', 'S', 'text');
        """)
    store = Store.at(folder)
    assert [f.question for f in store.unhelpful()] == ["kept?"]
    store.log(answer_record("new"), "ask")
    store.vote({**answer_record("new"), "question_id": 1}, helpful=False)
    assert store.count() == 2 and store.logged() == 1
    with sqlite3.connect(folder / "feedback.sqlite3") as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(2,)]


def test_the_sqlite_database_uses_wal_and_lives_in_the_data_folder(tmp_path):
    store = Store.at(tmp_path / "data")
    store.vote(answer_record("q"), helpful=True)
    assert store.path == tmp_path / "data" / "feedback.sqlite3"
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_data_folder_may_not_be_inside_the_index(tmp_path):
    with pytest.raises(ConfigError, match="must not be inside the index"):
        Store.of(Settings(data_dir=tmp_path / "index" / "data", index_dir=tmp_path / "index"))


def test_a_database_that_is_down_is_one_line_naming_it_without_its_password(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOT_DATABASE_URL", "postgresql://bot:secret@127.0.0.1:1/nothing")
    assert main(["feedback"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "postgresql://127.0.0.1:1/nothing" in err[0] and "secret" not in err[0]


def test_feedback_command_lists_them_and_prints_json(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "data"))
    assert main(["feedback"]) == 0
    assert "no answer has been marked unhelpful" in capsys.readouterr().out
    Store.at(tmp_path / "data").vote(answer_record("was this wrong?"), helpful=False)
    assert main(["feedback"]) == 0
    assert "Q: was this wrong?" in capsys.readouterr().out
    assert main(["feedback", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["question"] == "was this wrong?" and listed[0]["helpful"] is False
