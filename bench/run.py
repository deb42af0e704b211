"""Benchmark: speed and memory of the bot, side by side with the plain way, in one run.

    .venv/bin/python bench/run.py            # everything (about 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # skip the 10,000 and 100,000 chunk corpora

Prints Markdown tables (bench/RESULTS.md holds a run). Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
QUESTION = "can LDN cause depression"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "GRADIO_ANALYTICS_ENABLED": "False"}


def run_measured(argv: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{argv} failed with status {status}")
    return wall, usage.ru_maxrss / 1024, output


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def table(title: str, header: list[str], rows: list[list]) -> str:
    lines = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def one_off(runs: int) -> tuple[list, dict]:
    light = [run_measured([PY, "-m", "bot", "ask", QUESTION]) for _ in range(runs)]
    plain = [run_measured([PY, "bench/plain_ask.py", QUESTION]) for _ in range(runs)]
    light_wall = statistics.median(r[0] for r in light)
    plain_wall = statistics.median(r[0] for r in plain)
    light_rss = max(r[1] for r in light)
    plain_rss = max(r[1] for r in plain)
    rows = [
        ["`python -m bot ask` (ONNX light path)", f"{light_wall:.2f} s", f"{light_rss:.0f} MB"],
        ["plain way: sentence-transformers + FAISS", f"{plain_wall:.2f} s", f"{plain_rss:.0f} MB"],
        ["ratio light / plain", f"{light_wall / plain_wall:.3f}", f"{light_rss / plain_rss:.3f}"],
    ]
    return rows, {"ask_wall": light_wall, "ratio": light_wall / plain_wall, "ask_rss": light_rss}


def warm(repeats: int) -> tuple[list, dict]:
    from bot import Bot
    from bot.indexing.encoders import reference_encoder
    from bot.interfaces.evaluation import load_cases

    cases = load_cases(ROOT / "tests" / "data" / "dev.jsonl")
    rows, figures = [], {}
    bot = Bot.load(notify=lambda message: None)
    plain = Bot(bot.settings, bot.index, reference_encoder(bot.settings))
    for label, candidate in (("ONNX light path", bot), ("sentence-transformers", plain)):
        for case in cases[:5]:
            candidate.answer(case["question"], history=case.get("history"))  # warm caches
        samples = []
        for _ in range(repeats):
            for case in cases:
                started = time.perf_counter()
                candidate.answer(case["question"], history=case.get("history"))
                samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(samples)
        rows.append([f"in process, {label}", f"{p50:.1f} ms", f"{p95:.1f} ms", len(samples)])
        figures.setdefault("warm_p50", p50)
    return rows, figures


def through_app(requests: int) -> tuple[list, dict]:
    """Time to first answer from `python app.py`, API latency over loopback, and the app's peak RSS."""
    import socket

    import httpx
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**ENV, "GRADIO_SERVER_PORT": str(port), "BOT_AUTO_BUILD": "0"}
    started = time.perf_counter()
    process = subprocess.Popen([PY, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    client = None
    while client is None:
        try:
            client = Client(url, verbose=False)
        except Exception:
            if time.perf_counter() - started > 120:
                raise
            time.sleep(0.1)
    client.predict(QUESTION, api_name="/chat")
    first_answer = time.perf_counter() - started
    questions = [QUESTION, "What is the usual daily dose of LDN?"]
    with_client, over_http = [], []
    for n in range(requests):
        t = time.perf_counter()
        client.predict(questions[n % 2], api_name="/chat")
        with_client.append((time.perf_counter() - t) * 1000)
    with httpx.Client(base_url=url) as http:  # one kept-alive connection, as a browser or service would
        for n in range(requests):
            t = time.perf_counter()
            event = http.post("gradio_api/call/chat", json={"data": [questions[n % 2], None]}).json()["event_id"]
            reply = http.get(f"gradio_api/call/chat/{event}").text
            over_http.append((time.perf_counter() - t) * 1000)
            assert "event: complete" in reply
    process.terminate()
    _, _, usage = os.wait4(process.pid, 0)
    rows = []
    for label, samples in (("Gradio API over HTTP (`POST /gradio_api/call/chat`, then its result)", over_http),
                           ("Gradio API through `gradio_client` (which polls every 50 ms)", with_client)):
        p50, p95 = percentiles(samples)
        rows.append([label, f"{p50:.1f} ms", f"{p95:.1f} ms", len(samples)])
    figures = {"api_p50": percentiles(over_http)[0], "client_p50": percentiles(with_client)[0]}
    return rows, {**figures, "first_answer": first_answer, "app_rss": usage.ru_maxrss / 1024}


def unchanged_build() -> tuple[list, dict]:
    from bot.config import Settings
    from bot.indexing import build as builder
    from bot.indexing.encoders import reference_encoder

    wall, rss, _ = run_measured([PY, "-m", "bot", "build"])
    settings = Settings.from_env()
    started = time.perf_counter()
    report = builder.build(settings, lambda: reference_encoder(settings))
    in_process = time.perf_counter() - started
    rows = [["`python -m bot build`, nothing changed, fresh process", f"{wall:.2f} s"],
            [f"the same after imports (rebuilt: {report.rebuilt})", f"{in_process:.3f} s"]]
    return rows, {"unchanged_build": in_process}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 1,000-chunk corpus in the scaling part")
    parser.add_argument("--runs", type=int, default=5, help="fresh-process runs per one-off figure")
    args = parser.parse_args()

    import bench.scaling as scaling

    subprocess.run([PY, "-m", "bot", "build"], cwd=ROOT, env=ENV, check=True, capture_output=True)
    print(f"# Benchmark\n\n{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n")
    one_off_rows, figures = one_off(args.runs)
    print(table(f"One-off `ask`, fresh process (median of {args.runs})", ["", "wall", "peak RSS"], one_off_rows))
    warm_rows, warm_figures = warm(repeats=3)
    app_rows, app_figures = through_app(requests=60)
    print(table("Warm answer latency (retrieval + answer)", ["", "p50", "p95", "answers"], warm_rows + app_rows))
    build_rows, build_figures = unchanged_build()
    print(table("Rebuild with nothing changed", ["", "time"], build_rows))
    figures.update(warm_figures, **app_figures, **build_figures)
    print(table("int8-quantised query model (kept only if no eval figure drops)", *scaling.int8_comparison()))
    sizes = (1_000,) if args.quick else (1_000, 10_000, 100_000)
    scale_rows, scale_figures = scaling.run(sizes)
    print(table("Scaling", scaling.HEADER, scale_rows))
    print(scaling.NOTE)
    figures.update(scale_figures)
    targets = [
        ["one-off `ask`, wall", f"{figures['ask_wall']:.2f} s", "≤ 1.5 s"],
        ["one-off `ask` / plain way", f"{figures['ratio']:.3f}", "≤ 0.15"],
        ["warm answer p50, in process", f"{figures['warm_p50']:.1f} ms", "≤ 10 ms"],
        ["warm answer p50, Gradio API over HTTP", f"{figures['api_p50']:.1f} ms", "≤ 50 ms"],
        ["the same through `gradio_client`", f"{figures['client_p50']:.1f} ms", "(its 50 ms polling)"],
        ["`python app.py` to first answer", f"{figures['first_answer']:.1f} s", "≤ 10 s"],
        ["peak RSS of `ask`", f"{figures['ask_rss']:.0f} MB", "≤ 300 MB"],
        ["peak RSS of the app", f"{figures['app_rss']:.0f} MB", "(no target)"],
        ["query p50 at the largest corpus", f"{scale_figures['largest_p50']:.1f} ms", "≤ 20 ms (100,000 chunks)"],
        ["`build` with nothing changed, after imports", f"{figures['unchanged_build']:.2f} s", "≤ 1.5 s"],
    ]
    print(table("Against the targets", ["figure", "measured", "target"], targets))


if __name__ == "__main__":
    main()
