"""Cut the answering passage down to the units that answer: the best one marked, its neighbours around it."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..ingest.blocks import CLOSING
from ..ingest.chunking import Chunk, ChunkKind, Unit, render_units

GAP = Unit("gap", "…")  # in an excerpt: part of the passage left out between two quoted parts
Part = tuple[Chunk, Sequence[float]]  # a passage of an FAQ entry with its units' scores

TARGET_CHARS = 500  # grow an excerpt around the best unit up to about this size
DETAIL_CHARS = 250  # the part of an entry quoted after its reply's opening, with its neighbours, up to about this size
MAX_CHARS = 1000  # never show more than this as the answer
LEAD_MARGIN = 0.35  # how much better than an FAQ entry's question a later part of its answer must match to be quoted
ROW_MARGIN = 0.25  # table rows scoring this close to the best row are shown with it (a named row stands out by more)


@dataclass(frozen=True)
class Excerpt:
    """What is quoted as the answer: units of one passage (and its neighbours), and which of them answers best."""

    kind: ChunkKind
    units: tuple[Unit, ...]
    highlight: Unit  # the unit that answers best (bold in the chat)

    @property
    def text(self) -> str:
        """The excerpt as plain text: a paragraph's sentences (and its neighbours') as one; other units by line."""
        if self.kind == "paragraph":
            return " ".join(unit.text for unit in self.units)
        return render_units(self.units)


def cut(text: str, limit: int = MAX_CHARS) -> str:
    """The text, or its first part cut at a word boundary with an ellipsis when it is longer than limit."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head[: head.rindex(" ")]
    return head.rstrip() + "…"


def within_cap(quoted: Excerpt) -> Excerpt:
    """The excerpt with any unit longer than MAX_CHARS cut, and trailing units dropped while it is too long."""
    capped = {id(u): dataclasses.replace(u, text=cut(u.text)) for u in quoted.units if len(u.text) > MAX_CHARS}
    if not capped and len(quoted.text) <= MAX_CHARS:
        return quoted
    units = [capped.get(id(u), u) for u in quoted.units]
    highlight = capped.get(id(quoted.highlight), quoted.highlight)
    while len(units) > 1 and len(Excerpt(quoted.kind, tuple(units), highlight).text) > MAX_CHARS:
        units.pop(-1 if units[-1] is not highlight else 0)
    while len(units) > 1 and GAP in (units[0], units[-1]):  # a gap only ever stands between two quoted parts
        units.pop(0 if units[0] == GAP else -1)
    return Excerpt(quoted.kind, tuple(units), highlight)


def excerpt(chunk: Chunk, unit_scores: Sequence[float], section_run: Sequence[Chunk] = (),
            own_words: bool = False, detail: Part | None = None) -> Excerpt:
    """The excerpt (at most MAX_CHARS) of one chunk around its best-matching units; see _excerpt.

    `own_words`: what found the entry (the conversation, or the situation a question tells) did not score the
    units, the words that ask did; so an FAQ answer opens with its reply only when its question matched them best.
    `detail`: the passage of the entry (the chunk's section run) whose units the question's words match best; an
    answer quoted from its reply's opening goes on, after a gap, to that passage's best unit when it did not reach it.
    """
    return within_cap(_excerpt(chunk, unit_scores, section_run, 0.0 if own_words else LEAD_MARGIN, detail))


def _excerpt(chunk: Chunk, unit_scores: Sequence[float], section_run: Sequence[Chunk] = (),
             lead_margin: float = LEAD_MARGIN, detail: Part | None = None) -> Excerpt:
    """The excerpt of one chunk around its best-matching units.

    Paragraphs and FAQ answers: the best sentence (item, row...) and its neighbours up to TARGET_CHARS;
    a paragraph reaches into the paragraphs next to it in the same section (`section_run`, in document
    order) when it is short; an FAQ answer opens with its reply when the question itself matched best.
    Tables: the header with every row scoring within ROW_MARGIN of the best row; the whole
    table under its lead-in sentence when that sentence matches better than any row.
    Lists: the lead-in with the items, all of them when they fit in MAX_CHARS.
    Code: the whole block.
    """
    units = chunk.units
    scores = list(unit_scores) if len(unit_scores) == len(units) else [0.0] * len(units)

    def best_of(*roles: str) -> int | None:
        candidates = [n for n, u in enumerate(units) if u.role in roles]
        return max(candidates, key=lambda n: scores[n]) if candidates else None

    if chunk.kind == "table":
        header, best, lead = best_of("header"), best_of("row"), best_of("lead_in")
        if header is None or best is None:
            return _whole(chunk, units[0])
        if lead is not None and scores[lead] > scores[best]:  # the sentence above the table answers
            return _whole(chunk, units[lead])
        rows = [u for n, u in enumerate(units) if u.role == "row" and scores[n] >= scores[best] - ROW_MARGIN]
        return Excerpt("table", (units[header], *rows), units[best])
    if chunk.kind == "list":
        best = best_of("item")
        if best is None or len(chunk.text) <= MAX_CHARS:
            return _whole(chunk, units[best if best is not None else 0])
        lead_in = tuple(u for u in units if u.role == "lead_in")
        items = [u for u in units if u.role == "item"]
        budget = MAX_CHARS - len("\n".join(u.text for u in lead_in)) - 1
        return Excerpt("list", (*lead_in, *_window(items, items.index(units[best]), budget=budget)), units[best])
    return _prose(chunk, scores, section_run, lead_margin, detail)


def _prose(chunk: Chunk, scores: list[float], section_run: Sequence[Chunk], lead_margin: float = LEAD_MARGIN,
           detail: Part | None = None) -> Excerpt:
    """Paragraphs, FAQ answers and code: a window of the answer's units around the best one.

    An FAQ answer opens with its reply: when the entry's question matched about as well as any part
    of its answer (within lead_margin), the quote starts at the answer's first sentence, in the
    entry's first passage if the answer was split, and goes on to the best unit if MAX_CHARS reach it,
    else to the best unit of `detail` after a gap (see _and_detail).
    """
    units = chunk.units
    answer = [n for n, u in enumerate(units) if u.role != "question"] or list(range(len(units)))
    quotable = [n for n in answer if units[n].role not in ("code", "lead_in")] or answer
    best = max(quotable, key=lambda n: scores[n])
    own = [units[n] for n in answer]
    budget = TARGET_CHARS
    if units[0].role == "question" and scores[0] >= scores[best] - lead_margin:
        first = section_run[0] if section_run and section_run[0].units[0] == units[0] else chunk
        if first is not chunk:
            return _and_detail(_prose(first, [1.0] + [0.0] * (len(first.units) - 1), ()), first, detail, section_run)
        # The reply's opening, on to the best unit if the quote can reach it.
        reach = len(" ".join(units[n].text for n in answer if n <= best))  # the window may take a code unit first
        budget = max(TARGET_CHARS, reach) if reach <= MAX_CHARS else TARGET_CHARS
        opening = _window(own, answer.index(quotable[0]), budget)
        return _and_detail(Excerpt(chunk.kind, tuple(opening), units[quotable[0]]), chunk, detail, section_run)
    run = [c for c in section_run if c.kind == "paragraph"] if chunk.kind == "paragraph" else []
    if chunk in run:
        at = run.index(chunk)
        before = [u for c in run[:at] for u in c.units]
        after = [u for c in run[at + 1 :] for u in c.units]
        core = range(len(before), len(before) + len(own))
        shown = _window(before + own + after, len(before) + answer.index(best), budget, core)
    else:
        shown = _window(own, answer.index(best), budget)
    return Excerpt(chunk.kind, tuple(shown), units[best])


def _and_detail(opening: Excerpt, first: Chunk, detail: Part | None, section_run: Sequence[Chunk] = ()) -> Excerpt:
    """The reply's opening (quoted from `first`), then a gap and the best unit of `detail` with its neighbours,
    when the opening does not hold it: the entry's answer, and the part of it the question's words point to. That
    unit is the one marked when it matches the question better than the entry's own question does; else the
    reply's opening answers, and stays marked. The opening gives up its last units for the part to fit MAX_CHARS;
    `section_run` (the entry's passages in order) tells whether the part follows on from the opening, gapless."""
    if detail is None:
        return opening
    part, scores = detail
    quotable = [n for n, u in enumerate(part.units) if u.role not in ("question", "code", "lead_in")]
    if not quotable or len(scores) != len(part.units):
        return opening
    best = max(quotable, key=lambda n: scores[n])
    if part.units[best] in opening.units:
        return opening
    reply = _reply(part)
    later = [u for u in _window(reply, reply.index(part.units[best]), DETAIL_CHARS) if u not in opening.units]
    shown = list(opening.units)

    def too_long() -> bool:
        return len(Excerpt(opening.kind, (*shown, GAP, *later), later[0]).text) > MAX_CHARS

    while len(shown) > 1 and too_long():
        shown.pop()
    if opening.highlight not in shown or too_long():
        return opening  # the two parts do not fit together
    gap = () if _follows_on(shown[-1], later[0], first, part, section_run) else (GAP,)
    while gap and len(shown) > 1 and shown[-1] is not opening.highlight and _leads_on(shown[-1]):
        shown.pop()  # what it led on to is left out by the gap
    asked = scores[0] if part.units[0].role == "question" else float("-inf")
    highlight = part.units[best] if scores[best] > asked else opening.highlight
    return Excerpt(opening.kind, (*shown, *gap, *later), highlight)


def _leads_on(unit: Unit) -> bool:
    """Whether a unit leads on to what follows it: a sentence ending in a colon or without ending ("... help with")."""
    return unit.role in ("sentence", "lead_in") and not unit.text.rstrip(CLOSING + ")").endswith((".", "!", "?"))


def _follows_on(last: Unit, following: Unit, first: Chunk, part: Chunk, section_run: Sequence[Chunk]) -> bool:
    """Whether `following` (of `part`) comes right after `last` (of `first`) in the entry: nothing left out."""
    first_reply, part_reply = _reply(first), _reply(part)
    if part is first:
        return part_reply.index(following) == part_reply.index(last) + 1
    run = list(section_run)
    return (first in run and part in run and run.index(part) == run.index(first) + 1
            and last is first_reply[-1] and following is part_reply[0])


def _reply(chunk: Chunk) -> list[Unit]:
    """The chunk's units but its FAQ question: the answer's."""
    return [u for u in chunk.units if u.role != "question"]


def _whole(chunk: Chunk, highlight: Unit) -> Excerpt:
    """The whole passage (within_cap trims it to MAX_CHARS)."""
    return Excerpt(chunk.kind, chunk.units, highlight)


def _window(units: list[Unit], best: int, budget: int = TARGET_CHARS, core: range | None = None) -> list[Unit]:
    """The best unit and its neighbours (next first, then previous) while they fit the budget.

    Units inside `core` (the best unit's own passage) are taken before any outside it.
    """
    core = core or range(len(units))
    lo = hi = best
    size = len(units[best].text)
    for allowed in (core, range(len(units))):
        grew = True
        while grew:
            grew = False
            for candidate in (hi + 1, lo - 1):
                if candidate in allowed and size + 1 + len(units[candidate].text) <= budget:
                    size += 1 + len(units[candidate].text)
                    lo, hi = min(lo, candidate), max(hi, candidate)
                    grew = True
    return units[lo : hi + 1]
