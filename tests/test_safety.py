"""Safety messages: a crisis is answered first with help; a question about the topic is a question."""

import pytest

from bot.interfaces.markdown import answer_markdown
from bot.interfaces.terminal import answer_as_text
from bot.answering.safety import CRISIS_MESSAGE, is_crisis

CRISES = [
    "I want to end my life",
    "I feel hopeless and want to die",
    "i want to kill myself",
    "I've been thinking about suicide a lot",
    "I'm suicidal",
    "I don't want to live anymore",
    "There is no reason to live for me",
    "I keep thinking about hurting myself",
    "I took LDN and now I want to die",
    "Since starting LDN I feel suicidal, is that a side effect?",
    "I wish I was dead",
]
QUESTIONS = [
    "can LDN cause suicidal thoughts?",
    "Is suicide a side effect of LDN?",
    "Does LDN increase suicide risk?",
    "Can naltrexone make people suicidal?",
    "Does low dose naltrexone cause self-harm?",
    "How do antidepressants affect suicide risk?",
    "I want to know if LDN causes depression",
    "Is LDN safe for people with depression?",
]


@pytest.mark.parametrize("message", CRISES)
def test_messages_about_ones_own_suicide_or_self_harm_are_a_crisis(message):
    assert is_crisis(message)


@pytest.mark.parametrize("message", QUESTIONS)
def test_questions_about_the_topic_are_questions(message):
    assert not is_crisis(message)


def test_the_crisis_message_names_emergency_services_and_a_crisis_line():
    assert "988" in CRISIS_MESSAGE and "emergency number" in CRISIS_MESSAGE


def test_a_crisis_is_answered_with_help_first_everywhere(fake_bot):
    answer = fake_bot.answer("I feel hopeless and want to die")
    assert answer.safety == CRISIS_MESSAGE
    assert answer.to_dict()["safety"] == CRISIS_MESSAGE
    assert answer_as_text(answer).startswith(CRISIS_MESSAGE)
    shown = answer_markdown(answer, fake_bot.settings.min_confidence)
    assert shown.startswith("**I'm really sorry") and "988" in shown
    assert "do not cover" not in shown  # no cold "not covered" after a cry for help


def test_a_topic_question_gets_no_crisis_message(fake_bot):
    assert fake_bot.answer("can LDN cause suicidal thoughts?").safety == ""
