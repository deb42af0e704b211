"""The Answer record, composed once from a search result: the excerpt when covered, a plain "not covered" otherwise."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..search.results import SearchResult
from .excerpt import Excerpt, excerpt

NOT_COVERED = "The documents do not cover this question."


@dataclass(frozen=True)
class Source:
    id: str  # the passage's chunk id, stable while its text is (what `bot teach --to` takes)
    doc: str
    section: str
    text: str
    score: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What `ask --json` prints; the CLI and the chat both render this record."""

    question: str
    found: bool
    confidence: float
    answer: str
    sources: tuple[Source, ...]
    excerpt: Excerpt | None = None  # the quoted units with their structure, when found
    suggestions: tuple[str, ...] = ()
    safety: str = ""  # a crisis message to show before anything else (see safety.py); empty otherwise
    notice: str = ""  # something the user should know about how the question was read (e.g. cut short)

    @property
    def highlight(self) -> str:
        """The unit of `answer` that answers best; empty when not found."""
        return self.excerpt.highlight.text if self.excerpt is not None else ""

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


def not_covered_text(result: SearchResult, near: float, advice: str = "") -> str:
    """The plain "not covered" message: the words the documents never use, the closest sections, the corpus's advice."""
    sections: list[str] = []
    for hit in result.hits:
        if hit.confidence >= near and hit.chunk.section not in sections:
            sections.append(hit.chunk.section)
    parts = [NOT_COVERED]
    if result.unknown:
        named = ", ".join(result.unknown[:-1]) + " or " + result.unknown[-1] if len(result.unknown) > 1 else result.unknown[0]
        parts.append(f"They never mention {named}.")
    if sections:
        parts.append("The closest sections are: " + "; ".join(sections[:3]) + ".")
    if advice:
        parts.append(advice)
    return " ".join(parts)


def compose(question: str, result: SearchResult, threshold: float, suggestions: tuple[str, ...] = (),
            safety: str = "", notice: str = "", advice: str = "") -> Answer:
    """The answer for a search result; found when the best hit's confidence reaches threshold."""
    sources = tuple(Source(h.chunk.id, h.chunk.doc_id, h.chunk.section, h.chunk.text, round(h.confidence, 4))
                    for h in result.hits)
    if not result.covered(threshold):
        confidence = round(result.hits[0].confidence, 4) if result.hits else 0.0
        text = not_covered_text(result, threshold / 2, advice)
        return Answer(question, False, confidence, text, sources, None, suggestions, safety, notice)
    top = result.hits[0]
    detail = (result.detail.chunk, result.detail.unit_scores) if result.detail is not None else None
    quoted = excerpt(top.chunk, top.unit_scores, result.neighbours, own_words=result.asked_part, detail=detail)
    return Answer(question, True, round(top.confidence, 4), quoted.text, sources, quoted, suggestions, safety, notice)
