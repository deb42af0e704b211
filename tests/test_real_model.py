"""The real all-MiniLM-L6-v2 model, end to end through the Python API and the CLI."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT
from .test_cli import assert_answer_schema

pytestmark = pytest.mark.model



def test_the_packaged_model_is_used_offline(real_bot):
    assert (real_bot.manifest.model.name, real_bot.manifest.model.dimension) == ("sentence-transformers/all-MiniLM-L6-v2", 384)


def test_can_ldn_cause_depression_is_answered_with_the_faq(real_bot):
    answer = real_bot.answer("can LDN cause depression")
    assert answer.found
    assert "rarely causes" in answer.answer  # the FAQ answer or the Bottom Line's, both FAQ entries that ask it
    assert answer.sources[0].section.endswith("?")
    assert answer.highlight in answer.answer


def test_an_unrelated_question_is_not_covered(real_bot):
    answer = real_bot.answer("What is the boiling point of water?")
    assert not answer.found
    assert answer.answer.startswith("The documents do not cover this question.")


def test_cli_ask_json_in_a_fresh_process(real_index_dir, tmp_path):
    """The command leaves without tearing the interpreter down: its answer and its log are whole all the same."""
    from bot.records.store import Store

    env = {**os.environ, "BOT_INDEX_DIR": str(real_index_dir), "BOT_AUTO_BUILD": "0", "HF_HUB_OFFLINE": "1",
           "BOT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "can LDN cause depression"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert_answer_schema(data)
    assert data["found"] is True
    assert "rarely causes" in data["answer"]
    assert data["sources"][0]["section"].endswith("?")
    assert data["sources"][0]["doc"] == "can-ldn-cause-depression.txt"
    assert Store.at(tmp_path).logged() == 1
    empty = subprocess.run([sys.executable, "-m", "bot", "ask", " "], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120)
    assert empty.returncode == 2 and empty.stderr.startswith("error: the question is empty")


def test_the_owner_loop_teaches_a_question_and_its_paraphrase_then_forgets_it(tmp_path, monkeypatch, capsys):
    """A question the article does not match is logged, reviewed, taught, and answered after a build."""
    import shutil

    from bot.interfaces.cli import main

    from .conftest import CORPUS

    shutil.copytree(CORPUS, tmp_path / "corpus")
    for name, folder in (("CORPUS", "corpus"), ("INDEX", "index"), ("DATA", "data")):
        monkeypatch.setenv(f"BOT_{name}_DIR", str(tmp_path / folder))

    def ask(question: str) -> dict:
        assert main(["ask", "--json", question]) == 0
        return json.loads(capsys.readouterr().out)

    question, paraphrase = "will LDN make me feel flat?", "Does LDN leave you feeling flat?"
    assert not ask(question)["found"]
    assert main(["review", "--json"]) == 0
    group = json.loads(capsys.readouterr().out)[0]
    assert group["question"] == question and group["count"] == 1
    mood = next(p for p in group["nearest"] if "Mood" in p["section"])  # the article's mood side effects
    assert main(["teach", question, "--to", mood["id"]]) == 0 and main(["build"]) == 0
    capsys.readouterr()
    for asked in (question, paraphrase):
        answer = ask(asked)
        assert answer["found"] and answer["sources"][0]["id"] == mood["id"], asked
    assert main(["teach", "--remove", question]) == 0 and main(["build"]) == 0
    capsys.readouterr()
    assert not ask(question)["found"]
