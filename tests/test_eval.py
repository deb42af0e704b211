"""The real model on the question sets: every answer-quality target of the eval README."""

import pytest

from bot.interfaces.cli import DEFAULT_EVAL_SET
from bot.interfaces.evaluation import TARGETS, evaluate, load_cases, meets

pytestmark = pytest.mark.model

DATA = DEFAULT_EVAL_SET.parent


@pytest.mark.parametrize("name", ["dev.jsonl", "extra.jsonl"])
def test_question_set_meets_every_target(real_bot, name):
    report = evaluate(lambda q, h: real_bot.answer(q, history=h).to_dict(), load_cases(DATA / name))
    missed = {figure: value for figure, value in report.figures.items() if not meets(figure, value)}
    assert not missed, f"{name}: {missed} (targets {TARGETS})"


def test_off_topic_and_medical_questions_outside_the_document_are_not_covered(real_bot):
    for question in ("Can ibuprofen damage the kidneys?", "what is the capital of France?", "How are you?"):
        answer = real_bot.answer(question)
        assert not answer.found, question
        assert answer.answer.startswith("The documents do not cover this question.")


def test_typos_and_informal_wording(real_bot):
    answer = real_bot.answer("can low dose naltrexon make u depressed")
    assert answer.found and "rarely causes" in answer.answer
