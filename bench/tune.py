"""Fit the ranking weights and the confidence model on every development corpus together; report leave-one-corpus-out.

    .venv/bin/python bench/tune.py

Corpora: the article (corpus/ with tests/data/dev.jsonl, extra.jsonl and dev_near.jsonl) and every folder of
tests/data/corpora. Prints the weights (config.RankingWeights) with the highest mean MRR over the corpora (none left below a floor), the
logistic confidence model (config.ConfidenceWeights) fitted on the top hits of `in` (covered) and `out` (not
covered) questions, each corpus weighing the same, and the figures of both when fitted on all corpora but one and
scored on that one. Copy what it prints into bot/config.py; nothing is written. The held-out sets of
tests/data/heldout are never read here.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import replace
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot import Bot
from bot.config import Settings
from bot.interfaces.evaluation import corpus_settings, holds_gold, load_cases
from bot.search.followups import context_of
from bot.search.ranking import RANKED

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
GRID = (0.0, 0.5, 1.0, 2.0, 3.0)
CONFIDENCE = ("passage", "unit", "question", "centred_question", "coverage", "novelty", "focus")


def corpora() -> dict[str, tuple[Settings, list[dict]]]:
    settings = Settings.from_env()
    found = {"article": (settings, [c for name in ("dev.jsonl", "extra.jsonl", "dev_near.jsonl")
                                    for c in load_cases(DATA / name)])}
    for folder in sorted((DATA / "corpora").iterdir()):
        found[folder.name] = (corpus_settings(settings, folder / "corpus"), load_cases(folder / "questions.jsonl"))
    return found


def collect(bot: Bot, cases: list[dict]) -> tuple[list, list, list]:
    """Ranking rows (candidate features, gold flags) for answerable questions; top-hit features of in and out."""
    searcher = bot.searcher
    searcher.ranking = replace(searcher.ranking, dense_candidates=searcher.index.vectors.ntotal, lexical_candidates=10_000)
    rows, covered, uncovered = [], [], []
    for case in cases:
        context = context_of(case["history"]) if case.get("history") else ""
        hits = searcher.rank(searcher.parser.parse(case["question"], context), k=10_000)
        if case["kind"] in ("in", "multi") and hits:
            gold = np.array([holds_gold(h.chunk.text, case["gold"]) for h in hits], dtype=bool)
            if gold.any():
                rows.append((np.array([[getattr(h.features, f) for f in RANKED] for h in hits]), gold))
        if case["kind"] != "multi" and not case.get("history"):
            top = bot.searcher.search(case["question"], k=1).hits
            (covered if case["kind"] == "in" else uncovered).append([getattr(top[0].features, f) for f in CONFIDENCE])
    return rows, covered, uncovered


WEIGHTS = np.array([w for w in itertools.product(GRID, repeat=len(RANKED)) if w[0] or w[1]], dtype=float)


def reciprocal_ranks(rows) -> np.ndarray:
    """(questions, weight sets): 1 / rank of the first gold candidate under each weight set."""
    result = []
    for features, gold in rows:
        scores = features @ WEIGHTS.T
        best_gold = scores[gold].max(axis=0)
        result.append(1.0 / (1 + (scores > best_gold).sum(axis=0)))
    return np.array(result)


ARTICLE_FLOOR = 0.90  # the product's first document keeps its hit@1 target (as chunk-level MRR)
CORPUS_FLOOR = 0.80  # no kind of document may be sacrificed for the others


def best_weights(per_corpus: dict[str, np.ndarray]) -> int:
    """The weight set with the highest mean of the corpora's MRR, among those that keep every corpus at
    CORPUS_FLOOR and the article at ARTICLE_FLOOR (when it is among them; the best mean if none does).
    Among ties (to 3 decimals), the smallest total weight."""
    mrr = np.array([rr.mean(axis=0) for rr in per_corpus.values()])
    floors = np.array([ARTICLE_FLOOR if name == "article" else CORPUS_FLOOR for name in per_corpus])
    allowed = (mrr >= floors[:, None]).all(axis=0)
    mean = np.where(allowed, mrr.mean(axis=0), -1.0) if allowed.any() else mrr.mean(axis=0)
    return int(np.lexsort((WEIGHTS.sum(axis=1), -np.round(mean, 3)))[0])


def fit_logistic(x: np.ndarray, y: np.ndarray, sample: np.ndarray, l2: float = 0.01, steps: int = 20_000) -> np.ndarray:
    xb = np.c_[x, np.ones(len(x))]
    b = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ b))
        b -= 0.5 * (xb.T @ (sample * (p - y)) / sample.sum() + l2 * np.r_[b[:-1], 0])
    return b


def confidence_data(names: list[str], data: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and sample weights: each corpus, and within it in and out, weighing the same."""
    x, y, w = [], [], []
    for name in names:
        _, covered, uncovered = data[name]
        for rows, label in ((covered, 1), (uncovered, 0)):
            x += rows
            y += [label] * len(rows)
            w += [1.0 / max(1, len(rows))] * len(rows)
    return np.array(x), np.array(y, dtype=float), np.array(w)


def accuracy(b: np.ndarray, covered: list, uncovered: list) -> tuple[float, float]:
    """(false abstention, abstention) at confidence 0.5."""
    def logit(rows):
        return np.c_[np.array(rows), np.ones(len(rows))] @ b if rows else np.zeros(0)
    return float(np.mean(logit(covered) < 0)), float(np.mean(logit(uncovered) < 0)) if uncovered else float("nan")


def main() -> None:
    data = {}
    for name, (settings, cases) in corpora().items():
        data[name] = collect(Bot.load(settings, notify=lambda m: None), cases)
        print(f"{name}: {len(data[name][0])} ranked questions, {len(data[name][1])} in, {len(data[name][2])} out")
    names = list(data)
    rr = {name: reciprocal_ranks(data[name][0]) for name in names}
    chosen = best_weights(rr)
    print("\nranking weights:", dict(zip(RANKED, WEIGHTS[chosen].tolist())))
    print("(the confidence model is fitted on the top hits of the weights in bot/config.py: run again after changing them)")
    b = fit_logistic(*confidence_data(names, data))
    print("confidence model:", dict(zip([*CONFIDENCE, "bias"], np.round(b, 2).tolist())))
    print("\n| corpus left out | MRR (fitted on all) | MRR | top-1 (chunk) | false abstention | abstention |")
    print("|---|---|---|---|---|---|")
    for name in names:
        rest = [n for n in names if n != name]
        held = best_weights({n: rr[n] for n in rest})
        b_rest = fit_logistic(*confidence_data(rest, data))
        fa, ab = accuracy(b_rest, data[name][1], data[name][2])
        print(f"| {name} | {rr[name][:, chosen].mean():.3f} | {rr[name][:, held].mean():.3f} | "
              f"{(rr[name][:, held] == 1).mean():.3f} | {fa:.3f} | {ab:.3f} |")


if __name__ == "__main__":
    main()
