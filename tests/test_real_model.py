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


def test_cli_ask_json_in_a_fresh_process(real_index_dir):
    env = {**os.environ, "BOT_INDEX_DIR": str(real_index_dir), "BOT_AUTO_BUILD": "0", "HF_HUB_OFFLINE": "1"}
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
