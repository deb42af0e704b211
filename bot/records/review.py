"""What an owner should look at: the logged questions not covered and the answers voted unhelpful, grouped.

Wordings of one question ("can I drink on LDN", "is alcohol ok with LDN?") are grouped by the
similarity of their embeddings; groups are listed most frequent first, each with the passages
nearest to it, so the owner can teach the bot which one answers it (`bot teach`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..answering.bot import Bot
from ..answering.excerpt import cut
from ..config import SAME_QUESTION_COSINE
from .store import Asked, ReviewKind

NEAREST = 3  # passages offered for each group
FIRST_WORDS = 120  # characters of a passage shown


@dataclass(frozen=True)
class Nearby:
    id: str
    section: str
    text: str  # its first words

    def to_dict(self) -> dict:
        return {"id": self.id, "section": self.section, "text": self.text}


@dataclass(frozen=True)
class ReviewGroup:
    question: str  # the commonest wording
    wordings: tuple[str, ...]  # up to three, commonest first
    count: int
    kind: ReviewKind
    last_asked: str
    nearest: tuple[Nearby, ...]

    def to_dict(self) -> dict:
        return {"question": self.question, "wordings": list(self.wordings), "count": self.count, "kind": self.kind,
                "last_asked": self.last_asked, "nearest": [n.to_dict() for n in self.nearest]}


def group(asked: Sequence[Asked], encode: Callable[[list[str]], np.ndarray],
          nearest: Callable[[str], tuple[Nearby, ...]]) -> list[ReviewGroup]:
    """Group each kind's questions by meaning; the biggest groups first, then the most recent."""
    groups: list[ReviewGroup] = []
    for kind in ("unanswered", "unhelpful"):
        of_kind = [a for a in asked if a.kind == kind]
        if not of_kind:
            continue
        written = Counter(" ".join(a.question.split()) for a in of_kind)  # as typed, spacing aside
        counts: Counter[str] = Counter()
        last: dict[str, str] = {}
        shown_as: dict[str, str] = {}  # a wording -> its commonest spelling
        for a in sorted(of_kind, key=lambda a: -written[" ".join(a.question.split())]):
            wording = _wording(a.question)
            counts[wording] += 1
            last[wording] = max(last.get(wording, ""), a.asked_at)
            shown_as.setdefault(wording, " ".join(a.question.split()))
        wordings = sorted(counts, key=lambda w: (-counts[w], w))
        vectors = encode(wordings)
        members: list[list[int]] = []
        for n in range(len(wordings)):  # each wording joins the first group whose leading wording it is close to
            home = next((m for m in members if float(vectors[m[0]] @ vectors[n]) >= SAME_QUESTION_COSINE), None)
            if home is None:
                members.append([n])
            else:
                home.append(n)
        for indices in members:
            members_of = [wordings[n] for n in indices]
            shown = [shown_as[w] for w in members_of]
            groups.append(ReviewGroup(shown[0], tuple(shown[:3]), sum(counts[w] for w in members_of), kind,
                                      max(last[w] for w in members_of), nearest(shown[0])))
    newest_first = sorted(groups, key=lambda g: g.last_asked, reverse=True)
    return sorted(newest_first, key=lambda g: -g.count)  # stable: among equal counts, the newest first


def _wording(question: str) -> str:
    """A question as a wording: case, spacing and closing punctuation aside."""
    return " ".join(question.casefold().split()).rstrip("?!. ")


def nearest_passages(bot: Bot, question: str, count: int = NEAREST) -> tuple[Nearby, ...]:
    """The passages the search ranks highest for the question, whatever their confidence."""
    hits = bot.searcher.search(question).hits[:count]
    return tuple(Nearby(h.chunk.id, h.chunk.section, cut(" ".join(h.chunk.text.split()), FIRST_WORDS)) for h in hits)


def review(bot: Bot, asked: Sequence[Asked]) -> list[ReviewGroup]:
    """The groups worth an owner's time: questions the bot still does not cover, and unhelpful answers."""
    unanswered = {a.question for a in asked if a.kind == "unanswered"}
    covered_now = {question for question in unanswered if bot.answer(question).found}  # taught, or the documents grew
    still_open = [a for a in asked if a.question not in covered_now or a.kind == "unhelpful"]
    return group(still_open, bot.encoder.encode, lambda question: nearest_passages(bot, question))
