"""Check and tidy a question before it is answered: type, emptiness, stray bytes, length."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import QuestionError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+")


def tidy(question: object, limit: int) -> tuple[str, str]:
    """(question ready to answer, notice for the user or "").

    Raises QuestionError for something that is not text, or holds nothing to answer.
    Undecodable bytes (lone surrogates from a terminal), control and invisible
    formatting characters become spaces; a question longer than `limit` characters is
    answered from its first part, cut at a word boundary, with a notice.
    """
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    question = question.encode("utf-8", "replace").decode("utf-8")
    question = " ".join(_CONTROL.sub(" ", question).split())
    if not question:
        raise QuestionError("the question is empty; ask something about the documents")
    if len(question) <= limit:
        return question, ""
    cut = question[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    notice = f"Your question was long ({len(question):,} characters); it was answered from its first {len(cut):,}."
    return cut, notice


def tidy_history(history: Sequence[object] | None, limit: int) -> list[str]:
    """The earlier questions that hold text, tidied; anything else in the list is left out."""
    kept: list[str] = []
    if not isinstance(history, (list, tuple)):
        return kept  # a number, a string or anything else that is not a list of questions: answered on its own
    for item in history:
        try:
            kept.append(tidy(item, limit)[0])
        except QuestionError:
            continue
    return kept
