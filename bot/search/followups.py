"""Follow-up questions: which ones lean on the conversation, and which earlier question they lean on."""

from __future__ import annotations

from ..words import all_words, fold

# Words that point back to something said before ("how long do *they* last?").
# ("that" and "there" are left out: they mostly start clauses, "is there a link...", not point back.)
ANAPHORA = frozenset("it its they them their theirs this these those ones he she him her".split())
# Openings that continue the previous question ("and the one on multiple sclerosis?").
CONTINUATIONS = ("and ", "but ", "so ", "also ", "then ", "what about ", "how about ", "and?", "what else")
SHORT_QUESTION_CONCEPTS = 3  # at most this many concepts: may lean on the conversation
CONTEXT_TURNS = 2  # how many earlier questions a chain of follow-ups may reach back
FOLLOW_UP_PREFERENCE = 0.15  # confidence a reading in context may lack and still win, for questions that point back


def refers_back(question: str) -> bool:
    """Whether the question opens with a continuation or points back with a pronoun."""
    folded = fold(question).strip()
    return folded.startswith(CONTINUATIONS) or any(word in ANAPHORA for word in all_words(folded))


def may_lean_back(question: str, concept_count: int) -> bool:
    """Whether a question may need the conversation: it points back, or is short."""
    return refers_back(question) or concept_count <= SHORT_QUESTION_CONCEPTS


def context_of(history: list[str]) -> str:
    """The earlier question a follow-up leans on: the last one, with the one before if it leaned back too."""
    context = history[-1]
    for depth in range(2, CONTEXT_TURNS + 1):
        if len(history) >= depth and refers_back(history[-depth + 1]):
            context = f"{context} {history[-depth]}"
    return context


def prefer_context(question: str, alone: float, in_context: float) -> bool:
    """Whether the reading in context wins: its confidence is higher (with a head start if the question points back)."""
    preference = FOLLOW_UP_PREFERENCE if refers_back(question) else 0.0
    return in_context + preference > alone
