"""Bad input through the Python API, the CLI and the chat: a clear message, never a traceback."""

import io
import json

import pytest

from bot.interfaces.cli import _ask_jsonl, main
from bot.errors import QuestionError
from bot.answering.intake import tidy

from .test_cli import assert_answer_schema


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "\x00\x01", "\u200b\u200b", None, 42, ["q"]])
def test_empty_or_non_text_questions_are_refused_by_the_api(fake_bot, question):
    with pytest.raises(QuestionError):
        fake_bot.answer(question)


def test_a_huge_question_is_answered_from_its_first_part_with_a_notice(fake_bot):
    question = "What is the usual daily dose of LDN? " * 3000
    assert len(question) > 100_000
    answer = fake_bot.answer(question)
    assert answer.found and "1.5 to 4.5 mg" in answer.answer
    assert "first" in answer.notice and f"{len(question.strip()):,}" in answer.notice
    assert len(answer.question) <= fake_bot.settings.max_question_chars
    assert_answer_schema(answer.to_dict())


def test_tidy_cuts_at_a_word_boundary_and_removes_stray_characters():
    text, notice = tidy("word " * 1000, 100)
    assert len(text) <= 100 and not text.endswith(" ") and text.split() == ["word"] * len(text.split())
    assert notice
    assert tidy("a\x00b\x1bc\u202ed", 100) == ("a b c d", "")
    assert tidy("broken \udcff byte", 100)[0] == "broken ? byte"


@pytest.mark.parametrize(
    "question",
    ["😀😀😀", "هل يسبب النالتريكسون الاكتئاب؟", "בדיקה של טקסט מימין לשמאל", "\x07bell\x08 dose of LDN", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ℌ𝔢𝔞𝔡𝔞𝔠𝔥𝔢",
     "<script>alert(1)</script>", "[x](javascript:alert(1))", "' OR 1=1; DROP TABLE feedback; --", "%s %n {0} {{}}"],
)
def test_odd_text_is_answered_or_not_covered_never_a_crash(fake_bot, question):
    data = fake_bot.answer(question).to_dict()
    assert_answer_schema(data)
    json.dumps(data)  # always serialisable


def test_cli_survives_undecodable_arguments(use_fake_encoder, capsys):
    assert main(["ask", "--json", "dose of LDN \udcff\udcfe"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "\udcff" not in data["question"]


def test_jsonl_with_bytes_that_are_not_utf8_answers_every_line(use_fake_encoder, capsys, monkeypatch):
    raw = b'{"question": "What is the usual daily dose of LDN?"}\n{"question": "caf\xe9 \xff"}\n\xff\xfe garbage\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    assert main(["ask", "--jsonl"]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(results) == 3
    assert "1.5 to 4.5 mg" in results[0]["answer"]
    assert_answer_schema(results[1])
    assert results[2]["line"] == 3 and "not valid JSON" in results[2]["error"]


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"question": "dose", "history": [1, 2]}', "history"),
        ('{"question": "dose", "history": {"a": 1}}', "history"),
        ('{"question": ["dose"]}', "question"),
        ('{"question": ""}', "question"),
        ("null", "object"),
        ('"just a string"', "object"),
    ],
)
def test_jsonl_lines_of_the_wrong_shape_get_an_error_object(fake_bot, line, message):
    out = io.StringIO()
    _ask_jsonl(fake_bot, io.StringIO(line + '\n{"question": "What is the usual daily dose of LDN?"}\n'), out)
    first, second = (json.loads(x) for x in out.getvalue().splitlines())
    assert first["line"] == 1 and message in first["error"]
    assert second["found"] is True


def test_an_unexpected_error_is_one_line_not_a_traceback(use_fake_encoder, capsys, monkeypatch):
    from bot.answering.bot import Bot

    def broken(self, question, history=None):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(Bot, "answer", broken)
    assert main(["ask", "dose"]) == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("error: unexpected ZeroDivisionError: boom") and "Traceback" not in last


def test_chat_view_escapes_markup_in_questions_and_passages(fake_bot):
    from bot.interfaces.markdown import answer_markdown
    from bot.interfaces.markdown import escape_markdown

    escaped = escape_markdown("<img src=x onerror=alert(1)> [a](javascript:alert(1)) **b**")
    assert "<" not in escaped and "](" not in escaped and "**" not in escaped
    shown = answer_markdown(fake_bot.answer("<script>alert(1)</script>"), 0.5)
    assert "<script>" not in shown


@pytest.mark.parametrize("setting", [{"BOT_AUTO_BUILD": "0", "BOT_INDEX_DIR": "no-such-index"}, {"BOT_MIN_CONFIDENCE": "high"}])
def test_the_chat_page_refuses_to_start_with_one_line(setting, tmp_path):
    """`python app.py` with no index (and building off) or a bad setting: one line, status 1, no traceback."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **{k: str(tmp_path / v) if k.endswith("_DIR") else v for k, v in setting.items()}}
    done = subprocess.run([sys.executable, "app.py"], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr
