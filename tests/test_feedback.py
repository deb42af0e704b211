"""Feedback storage: SQLite under the data folder, safe under concurrent writers; the feedback command."""

import json
import multiprocessing
import sqlite3

import pytest

from bot.interfaces.cli import main
from bot.config import Settings
from bot.errors import ConfigError
from bot.records.store import Store


def answer_record(question: str, found: bool = True, confidence: float = 0.8) -> dict:
    sources = [{"doc": "doc.txt", "section": "Side effects", "text": "passage", "score": confidence}]
    return {"question": question, "found": found, "confidence": confidence, "answer": "passage", "sources": sources}


def test_unhelpful_answers_are_listed_newest_first(tmp_path):
    store = Store.at(tmp_path / "data")
    store.vote(answer_record("first bad"), helpful=False)
    store.vote(answer_record("fine"), helpful=True)
    store.vote(answer_record("second bad", found=False, confidence=0.2), helpful=False)
    listed = store.unhelpful()
    assert [f.question for f in listed] == ["second bad", "first bad"]
    assert listed[1].source_section == "Side effects" and listed[1].source_doc == "doc.txt"
    assert listed[0].source_section == "" and listed[0].confidence == 0.2 and listed[0].found is False
    assert store.count() == 3 and listed[0].created_at > listed[1].created_at


def test_the_database_uses_wal_and_lives_in_the_data_folder(tmp_path):
    store = Store.at(tmp_path / "data")
    store.vote(answer_record("q"), helpful=True)
    assert store.path == tmp_path / "data" / "feedback.sqlite3"
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_data_folder_may_not_be_inside_the_index(tmp_path):
    with pytest.raises(ConfigError, match="must not be inside the index"):
        Store.of(Settings(data_dir=tmp_path / "index" / "data", index_dir=tmp_path / "index"))


def _write_many(path: str, worker: int, count: int) -> None:
    store = Store.at(path)
    for n in range(count):
        store.vote(answer_record(f"worker {worker} vote {n}"), helpful=n % 2 == 0)


def test_concurrent_writers_lose_no_row_and_never_see_a_lock_error(tmp_path):
    folder = str(tmp_path / "data")
    Store.at(folder).count()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(folder, w, 50)) for w in range(6)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0] * 6
    store = Store.at(folder)
    assert store.count() == 300
    assert len(store.unhelpful()) == 150


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
