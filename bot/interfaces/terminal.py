"""Answers as plain text for a terminal: any safety message, the passage (best unit in bold on a tty), its source."""

from __future__ import annotations

from ..answering.compose import Answer

BOLD, PLAIN = "\033[1m", "\033[0m"


def answer_as_text(answer: Answer, bold: bool = False) -> str:
    lines = [answer.safety, ""] if answer.safety else []
    if answer.notice:
        lines += [f"({answer.notice})", ""]
    if not answer.found or answer.excerpt is None:
        lines += [answer.answer]
    else:
        quoted = answer.excerpt
        marked = answer.answer
        if bold:
            before, best, after = answer.answer.partition(quoted.highlight.text)
            marked = before + (f"{BOLD}{best}{PLAIN}" if best else "") + after
        source = answer.sources[0]
        lines += [marked, "", f"Source: {source.section} ({source.doc}), confidence {answer.confidence:.2f}"]
    if answer.suggestions:
        lines += ["", "You could also ask:"] + [f"  - {s}" for s in answer.suggestions]
    return "\n".join(lines)
