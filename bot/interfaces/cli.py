"""Command line: ask, build, eval, status; the owner's feedback, review and teach (python -m bot COMMAND --help)."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from ..config import PROJECT_ROOT
from ..errors import BotError, QuestionError
from . import owner
from .terminal import note

DEFAULT_EVAL_SET = PROJECT_ROOT / "tests" / "data" / "dev.jsonl"

EXIT_ERROR = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot",
        description="Answer questions from the documents in corpus/, quoting them.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer one question (or JSON lines from standard input)",
                              description="Answer a question from the documents, quoting the passage it comes from.")
    ask.add_argument("question", nargs="?", help="the question, in plain words")
    ask.add_argument("--history", action="append", default=[], metavar="QUESTION",
                     help="an earlier question of the conversation, for follow-ups (repeatable, oldest first)")
    output = ask.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object (schema in README)")
    output.add_argument("--jsonl", action="store_true",
                        help='read {"question": ..., "history": [...]} lines from standard input, print one JSON object a line')
    ask.set_defaults(run=run_ask)

    build = commands.add_parser("build", help="build or refresh the index from corpus/",
                                description="Embed the documents of corpus/ into index/ "
                                            "(only when they changed, unless --force).")
    build.add_argument("--force", action="store_true", help="rebuild even when the index is fresh")
    build.add_argument("--no-wait", action="store_true", help="refuse at once if another build is running, instead of waiting")
    build.set_defaults(run=run_build)

    evaluate = commands.add_parser("eval", help="score the bot on a question set",
                                   description="Run a question set through the same path as ask --jsonl and print "
                                               "hit@1, hit@3, MRR@5, abstention, follow-up hit@1 and answer length "
                                               "against their targets.")
    evaluate.add_argument("files", nargs="*", type=Path, metavar="FILE",
                          help=f"JSON-lines question sets (default: {DEFAULT_EVAL_SET.relative_to(PROJECT_ROOT)})")
    evaluate.add_argument("--corpus", type=Path, metavar="DIR",
                          help="score another corpus: its index is built (and cached under the data folder) for DIR")
    evaluate.add_argument("--no-synonyms", action="store_true", help="answer without the corpus's synonyms.csv")
    evaluate.add_argument("--misses", action="store_true", help="list the questions answered wrongly")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(run=run_eval)

    owner.add_commands(commands)

    status = commands.add_parser("status", help="say whether the index is present and fresh",
                                 description="Say whether index/ is present and matches corpus/ and the model; exit 1 if not.")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(run=run_status)
    return parser


def _load_bot(settings=None):
    from ..answering.bot import Bot

    return Bot.load(settings, notify=note)


def run_ask(args) -> int:
    if args.jsonl:
        if args.question:
            raise QuestionError("give either a QUESTION or --jsonl, not both")
        _replace_undecodable(sys.stdin)  # a line with bytes that are not UTF-8 still gets its answer
        bot = _load_bot()
        return _ask_jsonl(bot, sys.stdin, sys.stdout, _store(bot.settings))
    if args.question is None or not args.question.strip():
        raise QuestionError("the question is empty; try: bot ask \"your question in plain words\"")
    bot = _load_bot()
    answer = bot.answer(args.question, history=args.history)
    _store(bot.settings).log_quietly(answer.to_dict(), "ask")
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        from .terminal import answer_as_text

        print(answer_as_text(answer, bold=sys.stdout.isatty()))
    return 0


def _store(settings):
    from ..records.store import Store

    return Store.of(settings)


def _ask_jsonl(bot, lines, out, store=None) -> int:
    """Answer each JSON line in order; a bad line gets an object with an "error" field."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = parse_request(line)
            result = bot.answer(request["question"], history=request["history"]).to_dict()
            if store is not None:
                store.log_quietly(result, "ask")
        except (ValueError, BotError) as exc:
            result = {"line": number, "error": str(exc)}
        except Exception as exc:  # a bug must not cost the other lines their answers; BOT_DEBUG=1 shows it
            if os.environ.get("BOT_DEBUG"):
                raise
            result = {"line": number, "error": f"unexpected {exc.__class__.__name__}: {exc}"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def parse_request(line: str) -> dict:
    """One --jsonl request, checked: raises ValueError naming what is wrong."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg}") from None
    if not isinstance(request, dict):
        raise ValueError('expected an object like {"question": "..."}')
    question = request.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError('"question" must be a non-empty string')
    history = request.get("history", [])
    if history is None:
        history = []
    if not isinstance(history, list) or not all(isinstance(item, str) for item in history):
        raise ValueError('"history" must be a list of strings')
    return {"question": question, "history": history}


def counted(number: int, thing: str, things: str = "") -> str:
    """ "1 passage", "2 passages"."""
    return f"{number:,} {thing if number == 1 else things or thing + 's'}"


def run_build(args) -> int:
    from ..config import Settings
    from ..indexing.build import build
    from ..indexing.encoders import reference_encoder

    settings = Settings.from_env()
    report = build(settings, lambda: reference_encoder(settings), force=args.force,
                   progress=sys.stderr.isatty(), wait=not args.no_wait, notify=note)
    for warning in report.skipped:
        print(f"warning: {warning}", file=sys.stderr)
    if report.rebuilt:
        for doc, (entries, passages) in report.per_file.items():
            print(f"  {doc}: {counted(entries, 'FAQ entry', 'FAQ entries')}, {counted(passages, 'passage')}")
        print(f"indexed {report.files} file(s): {report.chunks} chunks, {report.vectors} vectors "
              f"({report.embedded} embedded, {report.vectors - report.embedded} reused), in {report.seconds:.1f} s")
        if report.embedding and report.embedding.texts:
            e = report.embedding
            print(f"embedded {e.texts} new texts with the {e.encoder} in {e.seconds:.1f} s ({e.texts_per_second:,.0f} a second)")
        if report.taught:
            print(f"taught questions: {report.taught} (corpus/alternates.csv)")
        onnx = report.onnx
        if onnx.passed:
            print(f"light query model: {onnx.file}, checked on {onnx.probes} texts (min cosine {onnx.min_cosine})")
        else:
            print(f"warning: no light query model ({onnx.reason or onnx.min_cosine}); answers use sentence-transformers",
                  file=sys.stderr)
    else:
        print(f"index is already fresh ({report.chunks} chunks from {report.files} file(s)); use --force to rebuild")
    return 0


def run_eval(args) -> int:
    from ..config import Settings
    from . import evaluation

    cases = []
    for path in args.files or [DEFAULT_EVAL_SET]:
        if not path.is_file():
            raise BotError(f"question set not found: {path}")
        cases += evaluation.load_cases(path)
    settings = Settings.from_env()
    if args.corpus:
        settings = evaluation.corpus_settings(settings, args.corpus)
    if args.no_synonyms:
        settings = settings.with_changes(use_synonyms=False)
    bot = _load_bot(settings)
    report = evaluation.evaluate(lambda q, h: bot.answer(q, history=h).to_dict(), cases)
    if args.json:
        print(json.dumps({"figures": report.figures, "targets_met": report.meets_targets(), "questions": len(cases)}))
    else:
        print(f"{len(cases)} questions, threshold {bot.settings.min_confidence}")
        print(evaluation.format_report(report, show_misses=args.misses))
    return 0


def run_status(args) -> int:
    from ..config import Settings
    from ..indexing import manifest

    status = manifest.check(Settings.from_env())
    if args.json:
        print(json.dumps({"present": status.present, "fresh": status.fresh, "reasons": status.reasons}))
    else:
        print(status.describe())
    return 0 if status.fresh else EXIT_ERROR


def _replace_undecodable(stream) -> None:
    if hasattr(stream, "reconfigure"):  # real text streams; test doubles may lack it
        stream.reconfigure(errors="replace")


def run() -> NoReturn:
    """The `bot` command: `main`, then out without tearing the interpreter down. Every file is written and closed
    by then; unloading onnxruntime, FAISS and numpy object by object would add 40 ms to a one-off answer."""
    code = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a closed pipe: nothing more can reach the reader
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="note: %(message)s")
    for stream in (sys.stdout, sys.stderr):
        _replace_undecodable(stream)  # never fail to print what a terminal could not encode
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except QuestionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user; BOT_DEBUG=1 shows the traceback
        if os.environ.get("BOT_DEBUG"):
            raise
        print(f"error: unexpected {exc.__class__.__name__}: {exc} (BOT_DEBUG=1 shows where)", file=sys.stderr)
        return EXIT_ERROR
