"""Choose the ranking weights and fit the confidence model on a question set.

    .venv/bin/python bench/tune.py [QUESTION_SET ...]   (default: tests/data/dev.jsonl and extra.jsonl)

Prints the weights (config.RankingWeights) that maximise MRR over the chunks holding a
gold span, with 5-fold cross-validated figures beside them, and the logistic confidence
model (config.ConfidenceWeights) fitted on the top hits of `in` (covered) and `out`
(not covered) questions. Copy what it prints into bot/config.py; nothing is written.
"""

from __future__ import annotations

import itertools
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot import Bot
from bot.interfaces.evaluation import holds_gold, load_cases
from bot.search.followups import context_of
from bot.search.ranking import RANKED as FEATURES

GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
CONFIDENCE_FEATURES = ("passage", "unit", "coverage", "novelty")


def candidate_features(bot: Bot, cases: list[dict]):
    """Per question: every candidate's features, and which candidates hold a gold span."""
    searcher = bot.searcher
    searcher.ranking = replace(searcher.ranking, dense_candidates=searcher.index.vectors.ntotal, lexical_candidates=10_000)
    rows = []
    for case in cases:
        context = context_of(case["history"]) if case.get("history") else ""
        hits = searcher.rank(searcher.parser.parse(case["question"], context), k=10_000)
        features = np.array([[getattr(h.features, f) for f in FEATURES] for h in hits])
        gold = np.array([holds_gold(h.chunk.text, case["gold"]) for h in hits], dtype=bool)
        extra = np.array([[getattr(h.features, f) for f in CONFIDENCE_FEATURES] for h in hits])
        rows.append((case, features, gold, extra))
    return rows


def ranks(weights: np.ndarray, rows) -> np.ndarray:
    result = []
    for _, features, gold, _ in rows:
        order = np.argsort(-(features @ weights), kind="stable")
        result.append(next((r for r, i in enumerate(order, start=1) if gold[i]), 100))
    return np.array(result)


def best_weights(rows) -> tuple[np.ndarray, float]:
    """Grid search for the highest MRR; among ties, the smallest total weight."""
    best, best_key = None, None
    for weights in itertools.product(GRID, repeat=len(FEATURES)):
        if weights[0] == 0 and weights[1] == 0:
            continue  # keep the dense search in the ranking
        w = np.array(weights)
        mrr = float((1 / ranks(w, rows)).mean())
        key = (round(mrr, 6), -w.sum())
        if best_key is None or key > best_key:
            best, best_key = w, key
    return best, best_key[0]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 20_000, rate: float = 0.5) -> np.ndarray:
    xb = np.c_[x, np.ones(len(x))]
    b = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ b))
        b -= rate * (xb.T @ (p - y) / len(y) + l2 * np.r_[b[:-1], 0])
    return b


def main(paths: list[Path]) -> None:
    cases = [case for path in paths for case in load_cases(path)]
    bot = Bot.load(notify=lambda message: None)
    ranked = [c for c in cases if c["kind"] in ("in", "multi")]
    rows = candidate_features(bot, ranked)
    weights, mrr = best_weights(rows)
    r = ranks(weights, rows)
    print(f"ranking weights {dict(zip(FEATURES, weights.tolist()))}: MRR {mrr:.3f}, hit@1 {np.mean(r == 1):.3f}, hit@3 {np.mean(r <= 3):.3f}")

    order = list(range(len(rows)))
    random.Random(0).shuffle(order)
    held_out = []
    for fold in range(5):
        test = set(order[fold::5])
        w, _ = best_weights([rows[i] for i in order if i not in test])
        held_out += list(ranks(w, [rows[i] for i in test]))
    held_out = np.array(held_out)
    print(f"5-fold cross-validated: MRR {np.mean(1 / held_out):.3f}, hit@1 {np.mean(held_out == 1):.3f}")

    top = {}
    for case in cases:
        if case["kind"] == "multi":
            continue
        hits = bot.searcher.search(case["question"], k=1).hits
        top.setdefault(case["kind"], []).append([getattr(hits[0].features, f) for f in CONFIDENCE_FEATURES])
    x = np.array(top["in"] + top["out"])
    y = np.array([1] * len(top["in"]) + [0] * len(top["out"]))
    b = fit_logistic(x, y)
    z = np.c_[x, np.ones(len(x))] @ b
    print("confidence model:", dict(zip([*CONFIDENCE_FEATURES, "bias"], np.round(b, 2).tolist())))
    lowest_in = np.sort(z[y == 1])[:3]
    highest_out = np.sort(z[y == 0])[-3:]
    print(f"  logit of the lowest in-questions {np.round(lowest_in, 2)}, highest out-questions {np.round(highest_out, 2)}")
    above = z[(y == 1) & (z > highest_out[-1])]
    threshold = 1 / (1 + np.exp(-(highest_out[-1] + above.min()) / 2))
    print(f"min_confidence {threshold:.2f}: halfway between the most confident out-question and the next in-question;"
          f" abstains on {np.mean(z[y == 1] <= highest_out[-1]):.3f} of the in-questions")


if __name__ == "__main__":
    data = Path(__file__).resolve().parent.parent / "tests" / "data"
    main([Path(p) for p in sys.argv[1:]] or [data / "dev.jsonl", data / "extra.jsonl"])
