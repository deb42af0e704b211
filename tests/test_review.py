"""The owner's loop with the fake encoder: questions logged, grouped by `review`, linked by `teach`, applied by `build`."""

import json

import numpy as np
import pytest

from bot.ingest import alternates
from bot.interfaces.cli import main
from bot.records.review import Nearby, group
from bot.records.store import Asked

QUESTION = "will LDN make me feel flat?"
REWORDED = "Does LDN make me feel flat"  # the same words as far as the fake encoder can tell


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def ask_json(capsys, question: str) -> dict:
    code, out = run(capsys, "ask", "--json", question)
    assert code == 0
    return json.loads(out)


def test_wordings_of_one_question_are_one_group_and_the_biggest_groups_come_first():
    vectors = {"can i drink alcohol": [1, 0, 0], "is alcohol ok": [0.9, 0.436, 0], "does it help sleep": [0, 0, 1]}

    def encode(texts):
        return np.array([vectors[t] for t in texts], dtype=np.float32)

    asked = [Asked("Can I drink alcohol?", "unanswered", "2026-01-01"), Asked("can i  drink alcohol", "unanswered", "2026-01-03"),
             Asked("is alcohol ok", "unanswered", "2026-01-02"), Asked("does it help sleep", "unanswered", "2026-01-04"),
             Asked("does it help sleep", "unhelpful", "2026-01-05")]
    groups = group(asked, encode, lambda q: (Nearby("a.txt#1", "S", q[:5]),))
    assert [(g.kind, g.count) for g in groups] == [("unanswered", 3), ("unhelpful", 1), ("unanswered", 1)]  # then newest
    first = groups[0]
    assert first.question == "Can I drink alcohol?" and first.wordings == ("Can I drink alcohol?", "is alcohol ok")
    assert first.last_asked == "2026-01-03" and first.nearest == (Nearby("a.txt#1", "S", "Can I"),)
    assert groups[1].to_dict()["kind"] == "unhelpful" and groups[2].question == "does it help sleep"


def test_a_question_not_covered_is_logged_reviewed_taught_and_then_answered(use_fake_encoder, capsys):
    before = ask_json(capsys, QUESTION)
    assert not before["found"]
    code, out = run(capsys, "review", "--json")
    groups = json.loads(out)
    assert code == 0 and groups[0]["question"] == QUESTION and groups[0]["kind"] == "unanswered"
    assert set(groups[0]) == {"question", "wordings", "count", "kind", "last_asked", "nearest"}
    target = groups[0]["nearest"][0]
    assert set(target) == {"id", "section", "text"}

    assert run(capsys, "teach", QUESTION, "--to", target["id"])[0] == 0
    assert alternates.load(use_fake_encoder.corpus_dir)[0] == [alternates.Alternate(QUESTION, target["id"])]
    assert main(["status"]) == 1  # the taught question makes the index stale
    code, out = run(capsys, "build")
    assert code == 0 and "taught questions: 1" in out and "(0 embedded," in out  # only the new question is embedded
    for question in (QUESTION, REWORDED):
        after = ask_json(capsys, question)
        assert after["found"] and after["sources"][0]["id"] == target["id"]
    assert json.loads(run(capsys, "review", "--json")[1]) == []  # answered now: nothing left to review

    assert run(capsys, "teach", "--remove", QUESTION.upper())[0] == 0
    assert run(capsys, "build")[0] == 0
    assert ask_json(capsys, QUESTION) == {**before, "suggestions": ask_json(capsys, QUESTION)["suggestions"]}


def test_teaching_an_unknown_passage_is_refused_with_the_nearest_ids(use_fake_encoder, capsys):
    answer = ask_json(capsys, "What is the usual daily dose of LDN?")
    real = answer["sources"][0]["id"]
    assert main(["teach", "how much do I take", "--to", real[:-1]]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"no passage has the id {real[:-1]!r}" in err and real in err
    assert not (use_fake_encoder.corpus_dir / alternates.FILE_NAME).exists()
    assert main(["teach", "--remove", "never taught"]) == 2


def test_a_taught_question_whose_passage_is_gone_is_reported_by_the_build(use_fake_encoder, capsys):
    alternates.add(use_fake_encoder.corpus_dir, "an orphan question", "can-ldn-cause-depression.txt#00000000")
    assert main(["build"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "an orphan question" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: alternates.csv:") and "no longer a passage" in warnings[0]


def test_an_empty_alternates_file_changes_no_answer(use_fake_encoder, capsys):
    questions = ["Does LDN cause depression?", "What is the usual daily dose of LDN?", QUESTION, "how many patients?"]
    without = [ask_json(capsys, q) for q in questions]
    (use_fake_encoder.corpus_dir / alternates.FILE_NAME).write_text("question,chunk_id\n", encoding="utf-8")
    assert run(capsys, "build")[0] == 0
    assert [ask_json(capsys, q) for q in questions] == without


@pytest.mark.parametrize("text, rows, notes", [
    ("question,chunk_id\nq one,a.txt#1\n\nQ  ONE,a.txt#2\n", [("q one", "a.txt#1")], 0),
    ('"a, b?",a.txt#1\nonly a question\n,a.txt#3\n', [("a, b?", "a.txt#1")], 2),
])
def test_the_alternates_file_is_read_leniently_with_a_note_for_each_bad_row(text, rows, notes):
    found, problems = alternates.parse(text)
    assert [(a.question, a.chunk_id) for a in found] == rows and len(problems) == notes


def test_passage_ids_stay_the_same_while_their_text_does(use_fake_encoder, capsys):
    from bot.indexing.store import load

    assert main(["build"]) == 0
    before = [chunk.id for chunk in load(use_fake_encoder).chunks]
    document = next(use_fake_encoder.corpus_dir.glob("*.txt"))
    document.write_text(document.read_text(encoding="utf-8") + "\nA closing note added at the end.\n", encoding="utf-8")
    assert main(["build"]) == 0
    after = [chunk.id for chunk in load(use_fake_encoder).chunks]
    assert len(set(before) - set(after)) <= 1 and len(after) >= len(before)  # at most the last passage changed
    assert main(["build", "--force"]) == 0
    assert [chunk.id for chunk in load(use_fake_encoder).chunks] == after
