"""Safety: recognise a message that speaks of the writer's own self-harm or suicide.

Where the line is: a message is a *crisis* when the writer speaks of themselves
(I, me, my, myself) wanting, planning or thinking about ending their life or
harming themselves, or says they feel suicidal or see no reason to live. A
question *about* the topic ("can LDN cause suicidal thoughts?", "is suicide a
side effect?") is a question, answered from the documents like any other. When
in doubt between the two, the crisis message is shown: it costs a reader little
and may matter a great deal. The tests hold both sides in several phrasings.
"""

from __future__ import annotations

import re

CRISIS_MESSAGE = (
    "I'm really sorry you're feeling this way. You don't have to go through it alone. "
    "If you might act on these thoughts or are in danger, call your local emergency number now "
    "(911 in the US, 999 in the UK, 112 in the EU). In the US you can call or text 988, the Suicide & Crisis "
    "Lifeline, any time; elsewhere, findahelpline.com lists free, confidential crisis lines. "
    "Please also tell someone you trust or your doctor how you are feeling."
)

_SELF = r"(?:\bi\b|\bi'm\b|\bim\b|\bi've\b|\bi'd\b|\bi'll\b|\bme\b|\bmy\b|\bmyself\b)"
_HARM = (
    r"(?:kill(?:ing)?\s+myself|end(?:ing)?\s+(?:my|it\s+all|my\s+own)\s*(?:life|it)?|take\s+my\s+(?:own\s+)?life|"
    r"hurt(?:ing)?\s+myself|harm(?:ing)?\s+myself|cut(?:ting)?\s+myself|suicid\w*|"
    r"(?:want|wanna|going|plan(?:ning)?|ready)\s+to\s+die|wish\s+i\s+(?:was|were)\s+dead|better\s+off\s+dead|"
    r"(?:don't|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|wake\s+up)|no\s+(?:reason|point)\s+(?:to\s+live|in\s+living)|"
    r"(?:no|nothing\s+to)\s+live\s+for|overdose)"
)
_CRISIS = re.compile(rf"{_SELF}[^.?!]{{0,60}}?{_HARM}|{_HARM}[^.?!]{{0,20}}?\b(?:me|myself)\b", re.IGNORECASE)
# "Can LDN cause suicidal thoughts?": a question about a drug or treatment, not about the writer.
_TOPIC_QUESTION = re.compile(
    r"^\s*(?:can|could|does|do|is|are|will|would|may|might|what|which|how|why)\b[^?]*\b"
    r"(?:ldn|naltrexone|drug|medication|medicine|treatment|dose|side[\s-]?effects?|antidepressants?|ssris?|risk)\b",
    re.IGNORECASE,
)

_OWN_WISH = re.compile(
    r"\b(?:i|i'm|im)\s+(?:want|wanna|am\s+going|plan|feel|have\s+been\s+thinking|keep\s+thinking)", re.IGNORECASE
)


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def is_crisis(message: str) -> bool:
    """Whether the message speaks of the writer's own suicide or self-harm (see the module docstring)."""
    text = _normalise(message)
    sentences = re.split(r"(?<=[.!?])\s+|\n", text)
    return any(_CRISIS.search(sentence) and not _is_topic_question(sentence) for sentence in sentences)


def _is_topic_question(sentence: str) -> bool:
    """A question about a drug or treatment, which does not speak of the writer's own wish or plan."""
    own_wish = _OWN_WISH.search(sentence)
    return bool(_TOPIC_QUESTION.search(sentence)) and not own_wish
