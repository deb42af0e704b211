"""Score the bot on a question set (rules in tests/data/README.md): hit@1, hit@3, MRR@5, abstention, follow-ups."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import BotError

TARGETS = {  # figure: (target, higher is better)
    "hit@1": (0.90, True),
    "hit@3": (0.97, True),
    "MRR@5": (0.95, True),
    "false abstention": (0.03, False),
    "abstention": (0.97, True),
    "follow-up hit@1": (0.90, True),
    "answer length": (500, False),
}
MAX_ANSWER_CHARS = 1000


def normalise(text: str) -> str:
    """Lower-case, fold white space, straighten curly quotes, em dash to '-'."""
    text = text.replace("`", "").lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def holds_gold(text: str, gold: list[str]) -> bool:
    text = normalise(text)
    return any(normalise(span) in text for span in gold)


def load_cases(path: Path) -> list[dict]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            assert case["kind"] in ("in", "out", "multi") and isinstance(case["question"], str)
        except (json.JSONDecodeError, AssertionError, KeyError, TypeError):
            raise BotError(f"{path}:{number}: not a question-set line (see tests/data/README.md)") from None
        cases.append(case)
    return cases


@dataclass
class Report:
    figures: dict[str, float]
    misses: list[dict] = field(default_factory=list)

    def meets_targets(self) -> bool:
        return all(meets(name, value) for name, value in self.figures.items())


def meets(name: str, value: float) -> bool:
    """Whether a figure meets its target; a figure the set has no question for (NaN) has nothing to miss."""
    if math.isnan(value):
        return True
    target, higher_is_better = TARGETS[name]
    return value >= target if higher_is_better else value <= target


def evaluate(answer_fn, cases: list[dict]) -> Report:
    """Run every case through answer_fn(question, history) -> answer dict, as `ask --jsonl` does."""
    tallies: dict[str, list[float]] = {name: [] for name in TARGETS}
    misses = []
    for case in cases:
        result = answer_fn(case["question"], case.get("history", []))
        gold = case.get("gold", [])
        sources = [s["text"] for s in result["sources"]]
        if case["kind"] == "in":
            hit1 = result["found"] and len(result["answer"]) <= MAX_ANSWER_CHARS and holds_gold(result["answer"], gold)
            hit3 = holds_gold(result["answer"], gold) or any(holds_gold(s, gold) for s in sources[:2])
            rank = next((n for n, s in enumerate(sources[:5], start=1) if holds_gold(s, gold)), None)
            tallies["hit@1"].append(hit1)
            tallies["hit@3"].append(hit3)
            tallies["MRR@5"].append(1 / rank if rank else 0.0)
            tallies["false abstention"].append(not result["found"])
            tallies["answer length"].append(len(result["answer"]))
            ok = hit1
        elif case["kind"] == "out":
            ok = not result["found"]
            tallies["abstention"].append(ok)
        else:
            ok = holds_gold(result["answer"], gold)
            tallies["follow-up hit@1"].append(ok)
        if not ok:
            misses.append({"case": case, "result": result})
    figures = {name: (sum(values) / len(values) if values else float("nan")) for name, values in tallies.items()}
    return Report(figures, misses)


def format_report(report: Report, show_misses: bool = False) -> str:
    lines = [f"{'figure':<18}{'value':>8}  {'target':<10}"]
    for name, value in report.figures.items():
        target, higher = TARGETS[name]
        shown = "–" if math.isnan(value) else f"{value:.0f}" if name == "answer length" else f"{value:.3f}"
        target_text = ("≥ " if higher else "≤ ") + (f"{target:.0f}" if name == "answer length" else f"{target:.2f}")
        mark = "" if math.isnan(value) else "ok" if meets(name, value) else "MISS"
        lines.append(f"{name:<18}{shown:>8}  {target_text:<10}{mark}")
    if show_misses and report.misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
        for miss in report.misses:
            case, result = miss["case"], miss["result"]
            history = f" (after {case['history']})" if case.get("history") else ""
            got = result["answer"][:160].replace("\n", " / ")
            lines.append(f"- [{case['kind']}] {case['question']}{history}")
            section = result["sources"][0]["section"] if result["sources"] else "-"
            lines.append(f"    found={result['found']} confidence={result['confidence']:.3f} section={section}")
            lines.append(f"    answer: {got}")
            if case.get("gold"):
                lines.append(f"    gold:   {case['gold'][0]}")
    return "\n".join(lines)


def corpus_settings(settings: Settings, corpus_dir: Path) -> Settings:
    """Settings that answer from another corpus folder, its index cached under the data folder.

    The cache is keyed by the folder's path; the usual freshness check rebuilds it when the
    folder's files, the model or the chunker change.
    """
    corpus_dir = Path(corpus_dir).resolve()
    if not corpus_dir.is_dir():
        raise BotError(f"corpus folder not found: {corpus_dir}")
    key = hashlib.sha1(str(corpus_dir).encode()).hexdigest()[:8]
    return settings.with_changes(corpus_dir=corpus_dir, index_dir=settings.data_dir / "eval-indexes" / f"{corpus_dir.name}-{key}")
