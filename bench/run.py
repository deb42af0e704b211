"""Benchmark: speed and memory of the bot, side by side with the plain way, in one run.

    .venv/bin/python bench/run.py            # everything (about 25 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # skip the 10,000 and 100,000 chunk corpora

Prints Markdown tables and every figure against its target (bench/RESULTS.md holds a run).
It exits with status 1, naming them, if the one-off `ask` imports a heavy module.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python bench/run.py` finds the bench package beside bot/
PY = sys.executable
QUESTION = "can LDN cause depression"
UNSEEN_QUESTION = "Can LDN cause hair loss?"  # words the documents never use: how specific they are is looked up
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


HEAVY = ("scipy", "torch", "transformers", "sentence_transformers", "pandas", "gradio", "bm25s", "wordfreq", "simplemma",
         "docutils", "mammoth", "openpyxl", "odfdo")


def heavy_imports() -> list[str]:
    """The heavy modules a one-off `ask` imports (either question), from `python -X importtime`."""
    imported = set()
    for question in (QUESTION, UNSEEN_QUESTION):
        done = subprocess.run([PY, "-X", "importtime", "-m", "bot", "ask", question], cwd=ROOT, env=ENV,
                              capture_output=True, text=True, check=True)
        imported |= {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return sorted(name for name in imported if name.split(".")[0] in HEAVY)


def one_off(runs: int) -> tuple[list, dict]:
    """The bot's cold `ask`, the plain way and the bare stack (bench/bare_ask.py), in turn, `runs` times each."""
    commands = {"light": [PY, "-m", "bot", "ask", QUESTION], "plain": [PY, "bench/plain_ask.py", QUESTION],
                "bare": [PY, "bench/bare_ask.py", QUESTION], "unseen": [PY, "-m", "bot", "ask", UNSEEN_QUESTION]}
    samples: dict[str, list] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(run_measured(argv))
    wall = {name: statistics.median(r[0] for r in runs_) for name, runs_ in samples.items()}
    rss = {name: max(r[1] for r in runs_) for name, runs_ in samples.items()}
    rows = [
        ["`python -m bot ask` (ONNX light path)", f"{wall['light']:.2f} s", f"{rss['light']:.0f} MB"],
        [f"the same, a question with words the documents never use ({UNSEEN_QUESTION!r})", f"{wall['unseen']:.2f} s",
         f"{rss['unseen']:.0f} MB"],
        ["plain way: sentence-transformers + FAISS", f"{wall['plain']:.2f} s", f"{rss['plain']:.0f} MB"],
        ["bare stack: the same libraries, one encode and one FAISS search, no answer", f"{wall['bare']:.2f} s",
         f"{rss['bare']:.0f} MB"],
        ["ratio light / plain", f"{wall['light'] / wall['plain']:.3f}", f"{rss['light'] / rss['plain']:.3f}"],
        ["ratio bare / plain (the least any `ask` on this stack can reach)", f"{wall['bare'] / wall['plain']:.3f}",
         f"{rss['bare'] / rss['plain']:.3f}"],
    ]
    return rows, {"ask_wall": wall["light"], "ratio": wall["light"] / wall["plain"], "ask_rss": rss["light"],
                  "bare_ratio": wall["bare"] / wall["plain"]}


def warm(repeats: int) -> tuple[list, dict]:
    from bot import Bot
    from bot.indexing.encoders import reference_encoder
    from bot.interfaces.evaluation import load_cases

    cases = load_cases(ROOT / "tests" / "data" / "dev.jsonl")
    bot = Bot.load(notify=lambda message: None)

    def timed(label: str, run) -> list:
        for case in cases[:5]:
            run(case)  # warm caches
        samples = []
        for _ in range(repeats):
            for case in cases:
                started = time.perf_counter()
                run(case)
                samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(samples)
        return [f"in process, {label}", f"{p50:.1f} ms", f"{p95:.1f} ms", len(samples)]

    # The light path first, before torch is loaded: torch's thread pools would share the cores, as in the app they
    # never do.
    rows = [timed("ONNX light path", lambda case: bot.answer(case["question"], history=case.get("history"))),
            timed("the ONNX encoder alone on the question (the floor)",
                  lambda case: bot.searcher.encoder.encode([case["question"]]))]
    plain = Bot(bot.settings, bot.index, reference_encoder(bot.settings))
    rows.insert(1, timed("sentence-transformers", lambda case: plain.answer(case["question"], history=case.get("history"))))
    return rows, {"warm_p50": float(rows[0][1].split()[0]), "encode_p50": float(rows[2][1].split()[0])}


def start_app():
    """(process, url, seconds from start to the first answer) of a fresh `python app.py`.

    Asked over plain HTTP, as the page's own script asks: POST the question, then read the result's event stream.
    """
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**ENV, "GRADIO_SERVER_PORT": str(port), "BOT_AUTO_BUILD": "0"}
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    process = subprocess.Popen([PY, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with httpx.Client(base_url=url) as http:
        while True:
            try:
                event = http.post("gradio_api/call/chat", json={"data": [QUESTION, None]}).json()["event_id"]
                break
            except httpx.TransportError:
                if time.perf_counter() - started > 120:
                    raise
                time.sleep(0.01)
        reply = http.get(f"gradio_api/call/chat/{event}").text
    if "event: complete" not in reply:
        raise RuntimeError(f"the first answer failed: {reply[:200]}")
    return process, url, time.perf_counter() - started


def through_app(requests: int, starts: int = 3) -> tuple[list, dict]:
    """Time to first answer from `python app.py` (median of `starts`), API latency over loopback, the app's peak RSS."""
    import httpx

    from gradio_client import Client

    firsts = []
    for _ in range(starts - 1):
        process, _, seconds = start_app()
        firsts.append(seconds)
        process.terminate()
        process.wait()
    process, url, seconds = start_app()
    first_answer = statistics.median([*firsts, seconds])
    client = Client(url, verbose=False)
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
    parser.add_argument("--runs", type=int, default=7, help="fresh-process runs per one-off figure")
    args = parser.parse_args()

    import bot  # noqa: F401  # before numpy (bench.scaling imports it), as in `bot` and app.py: see bot/__init__.py
    import bench.builds as builds
    import bench.scaling as scaling

    subprocess.run([PY, "-m", "compileall", "-q", "bot", "app.py"], cwd=ROOT, env=ENV, check=True)  # as `make run` does
    subprocess.run([PY, "-m", "bot", "build"], cwd=ROOT, env=ENV, check=True, capture_output=True)
    print(f"# Benchmark\n\n{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")
    heavy = heavy_imports()
    print(f"Heavy modules imported by a one-off `ask`: {', '.join(heavy) if heavy else 'none'} "
          f"(checked: {', '.join(HEAVY)}).\n")
    one_off_rows, figures = one_off(args.runs)
    print(table(f"One-off `ask`, fresh process (median of {args.runs})", ["", "wall", "peak RSS"], one_off_rows))
    warm_rows, warm_figures = warm(repeats=3)
    app_rows, app_figures = through_app(requests=60)
    print(table("Warm answer latency (retrieval + answer)", ["", "p50", "p95", "answers"], warm_rows + app_rows))
    build_rows, build_figures = unchanged_build()
    rebuild_rows, rebuild_figures = builds.rebuild_after_one_edit()
    print(table("Builds", ["", "time"], build_rows + rebuild_rows))
    rate_rows, rates = builds.throughput()
    print(table(f"Embedding throughput at build ({builds.SAMPLE_TEXTS:,} search keys)", ["encoder", "speed"], rate_rows))
    figures.update(warm_figures, **app_figures, **build_figures, **rebuild_figures)
    sizes = (1_000,) if args.quick else (1_000, 10_000, 100_000)
    scale_rows, scaled = scaling.run(sizes)
    print(table("Scaling", scaling.HEADER, scale_rows))
    print(scaling.NOTE)
    largest = scaled[max(scaled)]
    onnx_rate, reference_rate = rates["checked ONNX export"], rates["reference (sentence-transformers)"]
    targets = [
        ["cold `ask`, bundled article / plain way", f"{figures['ratio']:.3f} ({figures['ask_wall']:.2f} s; bare stack "
         f"{figures['bare_ratio']:.3f})", "≤ 0.05"],
        ["peak memory of `ask`", f"{figures['ask_rss']:.0f} MB", "≤ 200 MB"],
        [f"cold `ask` at {largest['chunks']:,} chunks", f"{largest['cold_ask_seconds']:.2f} s", "≤ 1.0 s (100,000 chunks)"],
        [f"index load at {largest['chunks']:,} chunks", f"{largest['load_seconds']:.2f} s", "≤ 1 s (100,000 chunks)"],
        ["`python app.py` to first answer (median of 3 starts)", f"{figures['first_answer']:.2f} s", "≤ 3 s"],
        ["warm answer p50, in process", f"{figures['warm_p50']:.1f} ms (encoder alone {figures['encode_p50']:.1f} ms)",
         "≤ 5 ms"],
        [f"rebuild after editing 1 of {builds.FILES} files", f"{figures['rebuild_one']:.2f} s", "≤ 5 s"],
        ["embedding at build, ONNX / reference", f"{onnx_rate:,.0f} / {reference_rate:,.0f} texts/s", "reported"],
        ["heavy modules on the `ask` path", ", ".join(heavy) or "none", "none"],
    ]
    print(table("Against the targets", ["figure", "measured", "target"], targets))
    if heavy:
        sys.exit(f"a one-off ask imports {', '.join(heavy)}")


if __name__ == "__main__":
    main()
