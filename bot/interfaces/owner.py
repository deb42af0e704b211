"""The owner's commands: feedback (unhelpful answers), review (what people asked that went wrong), teach."""

from __future__ import annotations

import difflib
import json
from datetime import date

from ..config import Settings
from ..errors import BotError, QuestionError
from .terminal import note


class UnknownPassage(BotError):
    """`teach --to` names a chunk id the index does not have."""


def add_commands(commands) -> None:
    feedback = commands.add_parser("feedback", help="list the answers people marked unhelpful",
                                   description="List the answers marked unhelpful (thumbs down) in the chat, newest first.")
    feedback.add_argument("--json", action="store_true", help="print a JSON array")
    feedback.add_argument("--limit", type=int, default=None, metavar="N", help="at most N answers")
    feedback.set_defaults(run=run_feedback)

    review = commands.add_parser(
        "review", help="the questions worth a look: not covered, or answered unhelpfully",
        description="Group the logged questions the documents did not cover and the answers voted unhelpful, "
                    "most frequent first, each with the passages nearest to it (link one with `bot teach`).")
    review.add_argument("--json", action="store_true", help="print a JSON array of groups")
    review.add_argument("--forget-before", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="delete every logged question and vote from before this day (UTC), then stop")
    review.set_defaults(run=run_review)

    teach = commands.add_parser(
        "teach", help="answer another way of asking from a passage",
        description="Link a question to the passage that answers it (corpus/alternates.csv); the next build makes "
                    "the question and its paraphrases find that passage.")
    teach.add_argument("question", help="the question, as people ask it")
    where = teach.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="CHUNK_ID", help="the passage's id (from `bot review` or `ask --json`)")
    where.add_argument("--remove", action="store_true", help="forget this taught question")
    teach.set_defaults(run=run_teach)


def run_feedback(args) -> int:
    from ..records.store import Store

    store = Store.of(Settings.from_env())
    entries = store.unhelpful(args.limit)
    if args.json:
        print(json.dumps([entry.to_dict() for entry in entries], ensure_ascii=False))
        return 0
    if not entries:
        print(f"no answer has been marked unhelpful ({store.database.where})")
    for entry in entries:
        source = f"{entry.source_section} ({entry.source_doc})" if entry.found else "not covered"
        print(f"{entry.created_at}  confidence {entry.confidence:.2f}  {source}\n  Q: {entry.question}")
    return 0


def run_review(args) -> int:
    from ..records.store import Store

    settings = Settings.from_env()
    store = Store.of(settings)
    if args.forget_before:
        gone = store.forget_before(args.forget_before)
        print(f"deleted {gone} logged question(s) and vote(s) from before {args.forget_before.isoformat()}")
        return 0
    asked = store.to_review()
    groups = []
    if asked:
        from ..answering.bot import Bot
        from ..records.review import review

        groups = review(Bot.load(settings, notify=note), asked)
    if args.json:
        print(json.dumps([g.to_dict() for g in groups], ensure_ascii=False))
        return 0
    if not groups:
        print("nothing to review: every logged question was answered, and no answer was voted unhelpful")
    for g in groups:
        others = "; ".join(f'"{w}"' for w in g.wordings[1:])
        print(f"{g.count:>4} × {g.kind:<10} {g.question}" + (f"   (also: {others})" if others else ""))
        for passage in g.nearest:
            print(f"       {passage.id}  {passage.section}: {passage.text}")
    return 0


def run_teach(args) -> int:
    from ..ingest import alternates

    settings = Settings.from_env()
    question = " ".join((args.question or "").split())
    if not question:
        raise QuestionError("the question is empty")
    if args.remove:
        if not alternates.remove(settings.corpus_dir, question):
            raise QuestionError(f"{question!r} is not a taught question (see {settings.corpus_dir / alternates.FILE_NAME})")
        print(f"forgot {question!r}; run `python -m bot build` to apply it")
        return 0
    ids = _passage_ids(settings)
    if args.to not in ids:
        close = difflib.get_close_matches(args.to, ids, n=3, cutoff=0.0)
        raise UnknownPassage(f"no passage has the id {args.to!r}",
                             "use an id from `bot review` or `bot ask --json`; the nearest are " + ", ".join(close))
    alternates.add(settings.corpus_dir, question, args.to)
    print(f"taught {question!r} -> {args.to}; run `python -m bot build` to apply it")
    return 0


def _passage_ids(settings: Settings) -> list[str]:
    from ..indexing.encoders import reference_encoder
    from ..indexing.fresh import ensure_fresh

    index = ensure_fresh(settings, lambda: reference_encoder(settings), note)
    return list(index.chunks.ids)

