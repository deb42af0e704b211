"""Choose the passage, trim it to the sentences that answer, mark the best one, decide found."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .chunking import Chunk, Unit, chunk_units
from .retrieval import Hit

TARGET_CHARS = 500  # grow an excerpt around the best sentence up to about this size
MAX_CHARS = 1000  # never show more than this as the answer
ROW_MARGIN = 0.25  # table rows scoring this close to the best row are shown with it (a named row stands out by more)
NOT_COVERED = "The documents do not cover this question."


@dataclass(frozen=True)
class Source:
    doc: str
    section: str
    text: str
    score: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    """What `ask --json` prints; the CLI and the chat both render this record."""

    question: str
    found: bool
    confidence: float
    answer: str
    sources: list[Source]
    highlight: str = ""  # the sentence of `answer` that answers best; empty when not found
    suggestions: list[str] = field(default_factory=list)
    safety: str = ""  # a crisis message to show before anything else (see safety.py); empty otherwise
    notice: str = ""  # something the user should know about how the question was read (e.g. cut short)

    @property
    def section(self) -> str:
        return self.sources[0].section if self.found and self.sources else ""

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "found": self.found,
            "confidence": self.confidence,
            "answer": self.answer,
            "sources": [source.to_dict() for source in self.sources],
            "highlight": self.highlight,
            "suggestions": list(self.suggestions),
            "safety": self.safety,
            "notice": self.notice,
        }


def excerpt(chunk: Chunk, unit_scores: tuple[float, ...], section_run: list[Chunk] = ()) -> tuple[str, str]:
    """(answer text, highlighted unit) drawn from one chunk around its best-matching units.

    Paragraphs: the best sentence and its neighbours up to TARGET_CHARS, reaching into the
    paragraphs next to it in the same section (`section_run`, in document order) when it is short.
    FAQ answers: the same within the answer.
    Tables: the header with every row scoring within ROW_MARGIN of the best row; the whole
    table under its lead-in sentence when that sentence matches better than any row.
    Lists: the lead-in with the items, all of them when they fit in MAX_CHARS.
    """
    units = chunk_units(chunk)
    scores = list(unit_scores) if len(unit_scores) == len(units) else [0.0] * len(units)

    def best_of(roles: tuple[str, ...]) -> int | None:
        candidates = [n for n, u in enumerate(units) if u.role in roles]
        return max(candidates, key=lambda n: scores[n]) if candidates else None

    if chunk.kind in ("faq", "paragraph"):
        sentences = [n for n, u in enumerate(units) if u.role == "sentence"]
        best = best_of(("sentence",))
        if chunk.kind == "faq" and scores[0] >= scores[best]:
            best = sentences[0]  # the FAQ question itself matched: its answer opens with the reply
        run = [c for c in section_run if c.kind == "paragraph"] if chunk.kind == "paragraph" else []
        if chunk in run:
            at = run.index(chunk)
            before = [u for c in run[:at] for u in chunk_units(c)]
            after = [u for c in run[at + 1 :] for u in chunk_units(c)]
            own = [units[n] for n in sentences]
            core = range(len(before), len(before) + len(own))
            text = _window(before + own + after, len(before) + sentences.index(best), " ", core=core)
        else:
            text = _window([units[n] for n in sentences], sentences.index(best), " ")
        return text, units[best].text
    if chunk.kind == "table":
        header = best_of(("header",))
        best = best_of(("row",))
        lead = best_of(("lead_in",))
        if header is None or best is None:
            return _fit_whole(chunk.text), units[0].text
        if lead is not None and scores[lead] > scores[best]:  # the sentence above the table answers
            return _fit_whole(chunk.text), units[lead].text
        rows = [units[n].text for n, u in enumerate(units) if u.role == "row" and scores[n] >= scores[best] - ROW_MARGIN]
        return "\n".join([units[header].text, _separator(units[header]), *rows]), units[best].text
    best = best_of(("item",))
    if best is None or len(chunk.text) <= MAX_CHARS:
        return _fit_whole(chunk.text), units[best if best is not None else 0].text
    lead = "\n".join(u.text for u in units if u.role == "lead_in")
    items = [u for u in units if u.role == "item"]
    body = _window(items, items.index(units[best]), "\n", budget=MAX_CHARS - len(lead) - 1)
    return (f"{lead}\n{body}" if lead else body), units[best].text


def _separator(header: Unit) -> str:
    return "|".join("---" for _ in header.text.strip().strip("|").split("|")) + "|"


def _window(units: list[Unit], best: int, joiner: str, budget: int = TARGET_CHARS, core: range | None = None) -> str:
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
                if candidate in allowed and size + len(joiner) + len(units[candidate].text) <= budget:
                    size += len(joiner) + len(units[candidate].text)
                    lo, hi = min(lo, candidate), max(hi, candidate)
                    grew = True
    return joiner.join(u.text for u in units[lo : hi + 1])


def _fit_whole(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS].rsplit("\n", 1)[0]
    return cut


def not_covered_text(hits: list[Hit], near: float, confidence_of) -> str:
    """The plain "not covered" message, naming the closest sections when any is near."""
    sections = []
    for hit in hits:
        if confidence_of(hit) >= near and hit.chunk.section not in sections:
            sections.append(hit.chunk.section)
    if not sections:
        return NOT_COVERED
    return f"{NOT_COVERED} The closest sections are: " + "; ".join(sections[:3]) + "."


def compose(question: str, hits: list[Hit], threshold: float, confidence_of, section_run=lambda chunk: []) -> Answer:
    """The answer record for retrieved hits; found when the best hit's confidence reaches threshold.

    `section_run(chunk)` gives the consecutive chunks of the same section around a chunk.
    """
    sources = [Source(h.chunk.doc_id, h.chunk.section, h.chunk.text, round(confidence_of(h), 4)) for h in hits]
    if not hits:
        return Answer(question, False, 0.0, NOT_COVERED, [])
    top = hits[0]
    confidence = round(confidence_of(top), 4)
    if confidence < threshold:
        return Answer(question, False, confidence, not_covered_text(hits, threshold / 2, confidence_of), sources)
    text, highlight = excerpt(top.chunk, top.unit_scores, section_run(top.chunk))
    return Answer(question, True, confidence, text, sources, highlight)
