"""`make eval`: answer quality on the article and on every real FAQ, beside a plain baseline measured in the same run.

    .venv/bin/python bench/eval_table.py            # development sets, then the held-out ones
    .venv/bin/python bench/eval_table.py --misses   # and what each got wrong

Prints Markdown tables. Development sets (tests/data: the article's, tests/data/corpora) are what the
ranking and confidence were fitted on; the held-out sets (tests/data/heldout) never were.
Each corpus's index is built once and cached under the data folder (bot eval --corpus does the same).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from baseline import SETTINGS, SplitterBaseline

from bot import Bot
from bot.config import Settings
from bot.indexing.encoders import reference_encoder
from bot.interfaces.evaluation import corpus_settings, evaluate, format_report, load_cases

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
COLUMNS = ("hit@1", "hit@3", "MRR@5", "false abstention", "abstention", "follow-up hit@1", "answer length")
CORPUS_TARGETS = {"hit@1": (0.85, True), "hit@3": (0.95, True), "false abstention": (0.05, False),
                  "abstention": (0.95, True), "follow-up hit@1": (0.75, True)}
ARTICLE_TARGETS = {"hit@1": (0.90, True), "hit@3": (0.97, True), "MRR@5": (0.95, True), "false abstention": (0.03, False),
                   "abstention": (0.97, True), "follow-up hit@1": (0.90, True), "answer length": (500, False)}


def shown(name: str, value: float, targets: dict) -> str:
    if value != value:  # NaN: the set has no question of this kind
        return "–"
    text = f"{value:.0f}" if name == "answer length" else f"{value:.2f}"
    if name in targets:
        target, higher = targets[name]
        text += "" if (value >= target if higher else value <= target) else " ✗"
    return text


def corpus_rows(root: Path) -> list[tuple[str, Path, Path]]:
    """(name, corpus folder, question set) for every folder of root that holds both."""
    return [(d.name, d / "corpus", d / "questions.jsonl") for d in sorted(root.iterdir())
            if (d / "corpus").is_dir() and (d / "questions.jsonl").is_file()]


def score(bot: Bot, path: Path, misses: bool) -> dict:
    report = evaluate(lambda q, h: bot.answer(q, history=h).to_dict(), load_cases(path))
    if misses:
        print(f"\n<details><summary>{path.name}: misses</summary>\n\n```\n{format_report(report, True)}\n```\n</details>\n")
    return report.figures


def baseline_hit(corpus_dir: Path, path: Path, encoder) -> str:
    """The better of the splitter settings by hit@1, as 'hit@1 / hit@3 / MRR@5'."""
    best = max((evaluate(SplitterBaseline(corpus_dir, encoder, size, overlap).answer, load_cases(path)).figures
                for size, overlap in SETTINGS), key=lambda f: f["hit@1"])
    return f"{best['hit@1']:.2f} / {best['hit@3']:.2f} / {best['MRR@5']:.2f}"


def table(title: str, rows: list[tuple[str, dict, dict, str]]) -> None:
    print(f"\n### {title}\n")
    print("| set | " + " | ".join(COLUMNS) + " | splitter baseline hit@1 / hit@3 / MRR@5 |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    for name, figures, targets, base in rows:
        print(f"| {name} | " + " | ".join(shown(c, figures[c], targets) for c in COLUMNS) + f" | {base} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list each set's misses")
    args = parser.parse_args()
    settings = Settings.from_env()
    encoder = reference_encoder(settings)
    quiet = lambda message: None  # noqa: E731
    article = Bot.load(settings, notify=quiet)
    plain = Bot.load(settings.with_changes(use_synonyms=False), notify=quiet)
    rows = [
        ("article dev.jsonl", score(article, DATA / "dev.jsonl", args.misses), ARTICLE_TARGETS,
         baseline_hit(settings.corpus_dir, DATA / "dev.jsonl", encoder)),
        ("article dev.jsonl, no synonyms.csv", score(plain, DATA / "dev.jsonl", args.misses), ARTICLE_TARGETS, ""),
        ("article dev_conv.jsonl", score(article, DATA / "dev_conv.jsonl", args.misses), ARTICLE_TARGETS, ""),
        ("article dev_near.jsonl", score(article, DATA / "dev_near.jsonl", args.misses), ARTICLE_TARGETS, ""),
        ("article dev_followups.jsonl", score(article, DATA / "dev_followups.jsonl", args.misses), ARTICLE_TARGETS, ""),
    ]
    for name, folder, questions in corpus_rows(DATA / "corpora"):
        bot = Bot.load(corpus_settings(settings, folder), notify=quiet)
        rows.append((name, score(bot, questions, args.misses), CORPUS_TARGETS, baseline_hit(folder, questions, encoder)))
        if (followups := folder.parent / "followups.jsonl").is_file():
            rows.append((f"{name} followups.jsonl", score(bot, followups, args.misses), CORPUS_TARGETS, ""))
    table("Development sets (fitted on)", rows)
    held_out = [("article near (held out)", score(article, DATA / "heldout" / "article_near.jsonl", args.misses), ARTICLE_TARGETS, ""),
                ("article conversations (held out)", score(article, DATA / "heldout" / "article_conv.jsonl", args.misses),
                 ARTICLE_TARGETS, "")]
    for name, folder, questions in corpus_rows(DATA / "heldout"):
        bot = Bot.load(corpus_settings(settings, folder), notify=quiet)
        held_out.append((name, score(bot, questions, args.misses), CORPUS_TARGETS, baseline_hit(folder, questions, encoder)))
    table("Held-out sets (never fitted on)", held_out)


if __name__ == "__main__":
    main()
