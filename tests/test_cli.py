"""The command line, in process with the fake encoder: JSON contract, errors, build and status."""

import io
import json
import re

import pytest

from bot.interfaces.cli import _ask_jsonl, main

SOURCE_FIELDS = {"id": str, "doc": str, "section": str, "text": str, "score": float}


def assert_answer_schema(data: dict):
    assert set(data) == {"question", "found", "confidence", "answer", "sources", "highlight", "suggestions", "safety", "notice"}
    assert isinstance(data["question"], str) and isinstance(data["found"], bool)
    assert isinstance(data["confidence"], float) and 0.0 <= data["confidence"] <= 1.0
    assert isinstance(data["answer"], str) and 0 < len(data["answer"]) <= 1000
    assert isinstance(data["highlight"], str) and isinstance(data["suggestions"], list)
    for source in data["sources"]:
        assert {k: type(v) for k, v in source.items()} == SOURCE_FIELDS


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_prints_one_parsable_object(use_fake_encoder, capsys):
    code, out, err = run(capsys, "ask", "--json", "What is the usual daily dose of LDN?")
    assert code == 0
    data = json.loads(out)
    assert_answer_schema(data)
    assert data["found"] and "1.5 to 4.5 mg" in data["answer"]
    assert data["highlight"] in data["answer"]
    assert "building it now" in err  # the first call built the missing index, with a notice


def test_ask_text_shows_the_answer_and_its_source(use_fake_encoder, capsys):
    code, out, _ = run(capsys, "ask", "What is the usual daily dose of LDN?")
    assert code == 0
    assert "1.5 to 4.5 mg" in out
    assert "Source: Understanding Low Dose Naltrexone and Its Effects (can-ldn-cause-depression.txt)" in out


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_is_a_one_line_error_with_status_2(use_fake_encoder, capsys, question):
    code, out, err = run(capsys, "ask", question)
    assert code == 2 and out == ""
    assert err.startswith("error:") and err.count("\n") == 1


def test_jsonl_answers_in_order_and_flags_bad_lines(fake_bot):
    lines = [
        json.dumps({"question": "What is the usual daily dose of LDN?"}),
        "this is not json",
        json.dumps({"history": []}),
        json.dumps({"question": 42}),
        json.dumps({"question": "Does LDN cause headaches?", "history": "not a list"}),
        json.dumps(["question"]),
        json.dumps({"question": "Are vivid dreams and headache reported?", "history": ["What are the side effects?"]}),
    ]
    out = io.StringIO()
    assert _ask_jsonl(fake_bot, io.StringIO("\n".join(lines) + "\n"), out) == 0
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == 7
    assert [("error" in r) for r in results] == [False, True, True, True, True, True, False]
    assert [r["line"] for r in results if "error" in r] == [2, 3, 4, 5, 6]
    assert_answer_schema(results[0])
    assert_answer_schema(results[6])
    assert "1.5 to 4.5 mg" in results[0]["answer"] and "headache" in results[6]["answer"]


def test_jsonl_through_main(use_fake_encoder, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"question": "Does LDN cause headaches?"}\n{bad\n'))
    code, out, _ = run(capsys, "ask", "--jsonl")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(results) == 2 and "error" in results[1]


def test_build_says_what_each_file_gave_in_plain_words(use_fake_encoder, capsys):
    (use_fake_encoder.corpus_dir / "one.md").write_text("# Pay\n\n## How do I pay?\n\nBy card at the desk.\n")
    code, out, _ = run(capsys, "build")
    assert code == 0 and "  one.md: 1 FAQ entry, 1 passage\n" in out
    assert re.search(r"  \S+\.txt: \d+ FAQ entries, \d+ passages\n", out)


def test_build_then_status(use_fake_encoder, capsys):
    code, out, _ = run(capsys, "status")
    assert code == 1 and "missing" in out and "python -m bot build" in out
    code, out, _ = run(capsys, "build")
    assert code == 0 and "indexed 1 file(s): 40 chunks" in out
    code, out, _ = run(capsys, "build")
    assert code == 0 and "already fresh" in out
    code, out, _ = run(capsys, "build", "--force")
    assert code == 0 and "indexed 1 file(s)" in out
    code, out, _ = run(capsys, "status", "--json")
    assert code == 0 and json.loads(out) == {"present": True, "fresh": True, "reasons": []}


def test_build_names_each_file_it_skips_once(use_fake_encoder, capsys, caplog):
    (use_fake_encoder.corpus_dir / "slides.key").write_bytes(b"PK\x03\x04\x14\x00\x00\x00")  # a zip, as a Keynote file is
    code, out, err = run(capsys, "build")
    said = err + caplog.text
    assert code == 0 and said.count("skipped slides.key: .key files are not read") == 1
    code, out, err = run(capsys, "build")  # fresh: the notes come from the manifest
    assert code == 0 and err.count("skipped slides.key") == 1


def test_an_index_built_on_first_ask_names_each_file_it_skips_once(use_fake_encoder, capsys, caplog):
    (use_fake_encoder.corpus_dir / "slides.key").write_bytes(b"PK\x03\x04\x14\x00\x00\x00")  # a zip, as a Keynote file is
    code, out, err = run(capsys, "ask", "What is the usual daily dose of LDN?")
    assert code == 0 and "building it now" in err
    assert (err + caplog.text).count("skipped slides.key: .key files are not read") == 1


def test_build_of_an_empty_corpus_is_a_one_line_error(use_fake_encoder, capsys):
    for path in use_fake_encoder.corpus_dir.iterdir():
        path.unlink()
    code, out, err = run(capsys, "build")
    assert code == 1 and str(use_fake_encoder.corpus_dir) in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [[], ["ask"], ["build"], ["status"]])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: bot" in capsys.readouterr().out
