"""The real model on the question sets: the article's answer-quality targets, and a real FAQ in another format."""

import pytest

from bot.interfaces.cli import DEFAULT_EVAL_SET
from bot.interfaces.evaluation import TARGETS, evaluate, load_cases, meets

pytestmark = pytest.mark.model

DATA = DEFAULT_EVAL_SET.parent


# The article's targets of the issue that made the ranking fit every corpus (MRR@5 is reported by `make eval`).
ARTICLE_FIGURES = ("hit@1", "hit@3", "false abstention", "abstention", "follow-up hit@1", "answer length")


@pytest.mark.parametrize("name", ["dev.jsonl"])
def test_question_set_meets_the_article_targets(real_bot, name):
    report = evaluate(lambda q, h: real_bot.answer(q, history=h).to_dict(), load_cases(DATA / name))
    missed = {f: v for f, v in report.figures.items() if f in ARTICLE_FIGURES and not meets(f, v)}
    assert not missed, f"{name}: {missed} (targets {TARGETS})"


def test_a_real_html_faq_is_answered_from_its_own_entries(tmp_path):
    from bot import Bot
    from bot.config import Settings
    from bot.interfaces.evaluation import corpus_settings

    folder = DATA / "corpora" / "sqlite-faq"
    bot = Bot.load(corpus_settings(Settings(data_dir=tmp_path), folder / "corpus"), notify=lambda m: None)
    report = evaluate(lambda q, h: bot.answer(q, history=h).to_dict(), load_cases(folder / "questions.jsonl"))
    assert report.figures["hit@1"] >= 0.85 and report.figures["abstention"] >= 0.95, report.figures


def test_off_topic_and_medical_questions_outside_the_document_are_not_covered(real_bot):
    for question in ("Can ibuprofen damage the kidneys?", "what is the capital of France?", "How are you?"):
        answer = real_bot.answer(question)
        assert not answer.found, question
        assert answer.answer.startswith("The documents do not cover this question.")


def test_typos_and_informal_wording(real_bot):
    parsed = real_bot.searcher.parser.parse("can low dose naltrexon make u depressed")
    assert "naltrexone" in parsed.search_text
    answer = real_bot.answer("can low dose naltrexon make u depressed")
    assert answer.found and "depression" in answer.answer
