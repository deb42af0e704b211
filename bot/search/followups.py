"""Follow-up questions: which ones lean on the conversation, and which earlier question they lean on."""

from __future__ import annotations

from ..words import all_words, fold

# Words that point back to something said before ("how long do *they* last?").
# ("that" and "there" are left out: they mostly start clauses, "is there a link...", not point back.)
ANAPHORA = frozenset("it its they them their theirs this these those ones he she him her".split())
# After these, "else" points back too ("anything *else* to check?"); not in "an if-else".
BEFORE_ELSE = frozenset("anything something nothing everything anyone someone everyone anybody somebody what who "
                        "where how anywhere somewhere".split())
# Openings that continue the previous question ("and the one on multiple sclerosis?").
CONTINUATIONS = ("and ", "but ", "so ", "also ", "then ", "what about ", "how about ", "and?")
SHORT_QUESTION_CONCEPTS = 3  # at most this many concepts: may lean on the conversation
CONTEXT_TURNS = 2  # how many earlier questions a chain of follow-ups may reach back
FOLLOW_UP_PREFERENCE = 0.15  # confidence a reading in context may lack and still win, for questions that point back


INTERJECTIONS = frozenset("ok okay right well hmm alright great thanks".split())
# After these (auxiliaries, prepositions, question words), "that" points back ("how long does *that* last?", "is
# *that* script safe?", "what about *that*?"); after a noun or a verb it starts a clause ("a tool that converts").
BEFORE_POINTING_THAT = frozenset(
    "is are was were be been being am does do did can could will would should shall may might must has have had "
    "about with for of to on in from at by into after before without like than how why when where what which and but".split()
)
# Words that point back when they end the question ("why not use that?", "what should I use then?").
CLOSING_REFERENCES = frozenset("that then there instead too".split())
BE = frozenset("is was isn't wasn't be".split())
PARTICLES = frozenset("on off up out down back way".split())  # "switch that on", "built that way"
# "that to" / "that into" before one of these: "that" is the thing acted on ("report that to anyone", "set that to
# the default", "turn that into a list"); before a verb it starts a clause ("I read that to stop it you ...")
NOUN_PHRASE_OPENINGS = frozenset(
    "a an the my your our their his her its this these those some any every each anyone anybody someone somebody "
    "everyone everybody me him them us you it".split())


def refers_back(question: str) -> bool:
    """Whether the question continues the conversation: it opens with a continuation ("and ...", "ok, so ..."),
    points back with a pronoun, or ends on a word that points back ("... for that?", "... then?")."""
    words = all_words(fold(question))
    while words and words[0] in INTERJECTIONS:
        words = words[1:]
    opening = " ".join(words) + ("?" if fold(question).rstrip().endswith("?") else "")
    pointing = [w for n, w in enumerate(words) if w in ANAPHORA and not (w == "it" and _stands_for_a_clause(words, n))]
    if opening.startswith(CONTINUATIONS) or opening in ("why", "why not?", "why?") or pointing:
        return True
    if any(a in BEFORE_ELSE and b == "else" for a, b in zip(words, words[1:])):
        return True
    if any(w == "that" and (n == 0 or words[n - 1] in BEFORE_POINTING_THAT) for n, w in enumerate(words)):
        return True
    return bool(words) and (words[-1] in CLOSING_REFERENCES
                            or any(a == "that" and b in PARTICLES for a, b in zip(words, words[1:]))
                            or any(a == "that" and b in ("to", "into") and (c in NOUN_PHRASE_OPENINGS or c.isdigit())
                                   for a, b, c in zip(words, words[1:], words[2:])))


def _stands_for_a_clause(words: list[str], n: int) -> bool:
    """Whether "it" at words[n] stands for the "to ..." after it, not for something said before: "is it ok (for me)
    to try LDN?", "it is safe to stop"."""
    if n and words[n - 1] in BE:  # "is it ok ..."
        after = words[n + 1 :]
    elif words[n + 1 : n + 2] and words[n + 1] in BE:  # "it is ok ..."
        after = words[n + 2 :]
    else:
        return False
    return after[1:2] == ["to"] or (after[1:2] == ["for"] and after[3:4] == ["to"])  # "ok to", "ok for me to"


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
