"""How an answer looks in the chat: safe Markdown for its bubble and its collapsible sources."""

from __future__ import annotations

from .answer import Answer
from .render import confidence_band, escape_markdown, passage_as_markdown

CRISIS_FOLLOW_UP = "If you also have a question about the document, you can ask it here."


def answer_markdown(answer: Answer, threshold: float) -> str:
    """The bubble: safety message first, then the passage with its best sentence bold, its section and match."""
    parts = []
    if answer.safety:
        parts.append(f"**{escape_markdown(answer.safety)}**")
    if answer.notice:
        parts.append(f"*{escape_markdown(answer.notice)}*")
    if answer.found:
        source = answer.sources[0]
        band = confidence_band(answer.confidence, threshold)
        parts.append(passage_as_markdown(answer.answer, answer.highlight))
        parts.append(f"**Section:** {escape_markdown(source.section)} · *{escape_markdown(source.doc)}* · "
                     f"{band} ({answer.confidence:.0%})")
    elif answer.safety:
        parts.append(CRISIS_FOLLOW_UP)
    else:
        parts.append(escape_markdown(answer.answer))
        if answer.suggestions:
            parts.append("You could try one of the questions suggested below.")
    return "\n\n".join(parts)


def other_sources_markdown(answer: Answer) -> str:
    """The passages behind an answer after the first, each with its section; empty when there are none.

    Nothing is listed for a question the documents do not cover: no passage may look like its answer.
    """
    if not answer.found:
        return ""
    parts = []
    for source in answer.sources[1:]:
        quoted = "\n>\n".join(f"> {escape_markdown(line)}" for line in source.text.split("\n"))
        parts.append(f"**{escape_markdown(source.section)}** · *{escape_markdown(source.doc)}*\n\n{quoted}")
    return "\n\n".join(parts)
