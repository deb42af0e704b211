"""Choose the passage, trim it to the sentences that answer, mark the best one, decide found."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .chunking import Chunk, Unit, chunk_units
from .retrieval import Hit

TARGET_CHARS = 500  # grow an excerpt around the best sentence up to about this size
MAX_CHARS = 1000  # never show more than this as the answer
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
        }


def excerpt(chunk: Chunk, best_unit: int) -> tuple[str, str]:
    """(answer text, highlighted unit) drawn from one chunk around its best-matching unit."""
    units = chunk_units(chunk)
    if chunk.kind in ("faq", "paragraph"):
        sentences = [u for u in units if u.role == "sentence"]
        best = units[best_unit] if 0 <= best_unit < len(units) else sentences[0]
        if best.role != "sentence":
            best = sentences[0]
        return _window(sentences, sentences.index(best), " "), best.text
    if chunk.kind == "table":
        head = [u for u in units if u.role in ("lead_in", "header")]
        header = next((u for u in units if u.role == "header"), None)
        best = units[best_unit] if 0 <= best_unit < len(units) else None
        if best is not None and best.role == "row" and header is not None:
            return f"{header.text}\n{_separator(header)}\n{best.text}", best.text
        return _fit_whole(chunk.text), (header or units[0]).text
    # list: the lead-in with as many items as fit, around the best one
    lead = [u for u in units if u.role == "lead_in"]
    items = [u for u in units if u.role == "item"]
    best = units[best_unit] if 0 <= best_unit < len(units) else (items or units)[0]
    if best.role != "item" or len(chunk.text) <= MAX_CHARS:
        return _fit_whole(chunk.text), best.text
    prefix = "\n".join(u.text for u in lead)
    body = _window(items, items.index(best), "\n", budget=MAX_CHARS - len(prefix) - 1)
    return (f"{prefix}\n{body}" if prefix else body), best.text


def _separator(header: Unit) -> str:
    return "|".join("---" for _ in header.text.strip().strip("|").split("|")) + "|"


def _window(units: list[Unit], best: int, joiner: str, budget: int = TARGET_CHARS) -> str:
    """The best unit and its neighbours (next first, then previous) while they fit the budget."""
    lo = hi = best
    size = len(units[best].text)
    grew = True
    while grew:
        grew = False
        for candidate in (hi + 1, lo - 1):
            if 0 <= candidate < len(units) and size + len(joiner) + len(units[candidate].text) <= budget:
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


def compose(question: str, hits: list[Hit], threshold: float, confidence_of) -> Answer:
    """The answer record for retrieved hits; found when the best hit's confidence reaches threshold."""
    sources = [Source(h.chunk.doc_id, h.chunk.section, h.chunk.text, round(confidence_of(h), 4)) for h in hits]
    if not hits:
        return Answer(question, False, 0.0, NOT_COVERED, [])
    top = hits[0]
    confidence = round(confidence_of(top), 4)
    if confidence < threshold:
        return Answer(question, False, confidence, not_covered_text(hits, threshold / 2, confidence_of), sources)
    text, highlight = excerpt(top.chunk, top.unit)
    return Answer(question, True, confidence, text, sources, highlight)
