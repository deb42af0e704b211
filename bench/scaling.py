"""Scaling part of the benchmark: corpora of 1,000 to 100,000 chunks.

Corpora are *repeated-and-varied* copies of the bundled document: in every copy a few
words per line get a copy-specific suffix ("depression" -> "depressionzqbcd"), so every
text is distinct, the vocabulary grows as a real corpus's would, and BM25 and FAISS see
as many different entries as there are chunks.

Up to 10,000 chunks the build embeds with the real model (through its checked ONNX export,
as every build does), so its throughput is the real one. Embedding the 100,000-chunk corpus's
texts that way would take well over an hour on 2 cores, so it is built with a stand-in encoder: the real model's vector
of the text with the suffixes removed, plus small deterministic noise (sigma 0.025 a
dimension, cosine about 0.9 to the original), so that copies form realistic clusters of
near-duplicates. Their build throughput therefore excludes model time. Queries always go
through the real ONNX model, and the whole answer path, at every size.

    .venv/bin/python bench/scaling.py --size 10000     # one size, JSON on stdout
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

HEADER = ["chunks", "vectors", "index", "build", "build throughput", "index on disk", "index load", "cold `ask`",
          "query p50", "recall@10 vs exact"]
NOTE = (
    "Corpora are repeated-and-varied copies of the bundled document (see bench/scaling.py). "
    "Up to 10,000 chunks the build embeds with the real model (its checked ONNX export); the 100,000-chunk "
    "corpus with a stand-in that reuses the real vectors of the unvaried texts plus noise, so its build figures "
    "exclude model time. Index load: a fresh process loading the index and making the Bot, after its imports. "
    "Cold `ask`: a fresh `python -m bot ask`, median of 3. Queries go through the real ONNX model and the "
    "whole answer path. Recall@10 compares the approximate (IVF) index with exact search over the same vectors.\n"
)
SUFFIX = re.compile(r"zq[a-z]{3}\b")
COPY_CHUNKS = 40  # chunks in one copy of the bundled document (`bot build` says how many)
MODEL_FILES = ("encoder.", "tokenizer.")  # the model's copy in index/, not counted as the index's size
REAL_MODEL_UP_TO = 10_000  # chunks embedded with the real model (through its checked ONNX export); above, the stand-in


def varied_copy(text: str, copy: int, rng: random.Random) -> str:
    """The document with three words a line marked by a suffix unique to this copy."""
    tag = "zq" + "".join(chr(97 + (copy // 26 ** k) % 26) for k in range(3))
    lines = []
    for line in text.splitlines():
        words = line.split(" ")
        candidates = [n for n, w in enumerate(words) if w.isalpha() and len(w) >= 5]
        for n in rng.sample(candidates, min(3, len(candidates))):
            words[n] += tag
        lines.append(" ".join(words))
    return "\n".join(lines)


def write_corpus(folder: Path, chunks: int) -> None:
    source = (ROOT / "corpus" / "can-ldn-cause-depression.txt").read_text(encoding="utf-8")
    rng = random.Random(chunks)
    for copy in range(max(1, math.ceil(chunks / COPY_CHUNKS))):  # at least the chunks asked for
        (folder / f"copy-{copy:05d}.txt").write_text(varied_copy(source, copy, rng), encoding="utf-8")


class StandInEncoder:
    """The real vector of the unvaried text, plus noise fixed by the text: see the module docstring."""

    def __init__(self, real):
        self.real = real
        self.name = real.name
        self.dimension = real.dimension
        self._memo: dict[str, np.ndarray] = {}

    def encode(self, texts, show_progress=False):
        originals = [SUFFIX.sub("", t) for t in texts]
        unseen = [t for t in dict.fromkeys(originals) if t not in self._memo]
        self._memo.update(zip(unseen, self.real.encode(unseen)))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for row, (text, original) in enumerate(zip(texts, originals)):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            noise = np.random.default_rng(seed).normal(0, 0.025, self.dimension)
            vector = self._memo[original] + noise
            out[row] = vector / np.linalg.norm(vector)
        return out


def measure(size: int) -> dict:
    """Build a corpus of about `size` chunks; time its build, its load, a cold `ask` and warm answers."""
    from bot import Bot
    from bot.config import Settings
    from bot.indexing import build as builder
    from bot.indexing.encoders import reference_encoder
    from bot.interfaces.evaluation import load_cases

    work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    try:
        corpus, index_dir = work / "corpus", work / "index"
        corpus.mkdir()
        write_corpus(corpus, size)
        settings = Settings(corpus_dir=corpus, index_dir=index_dir, auto_build=False)
        real = reference_encoder(settings)
        encoder = real if size <= REAL_MODEL_UP_TO else StandInEncoder(real)
        started = time.perf_counter()
        report = builder.build(settings, encoder)
        build_seconds = time.perf_counter() - started
        if encoder is not real:
            _borrow_onnx(index_dir)
        load_seconds = _fresh_load_seconds(corpus, index_dir)
        cold = statistics.median(_cold_ask_seconds(corpus, index_dir) for _ in range(3))
        bot = Bot.load(settings, notify=lambda message: None)
        questions = [c["question"] for c in load_cases(ROOT / "tests" / "data" / "dev.jsonl") if c["kind"] != "multi"]
        for question in questions[:5]:
            bot.answer(question)
        samples = []
        for question in questions * 2:
            t = time.perf_counter()
            bot.answer(question)
            samples.append((time.perf_counter() - t) * 1000)
        embedded = report.embedding
        return {
            "chunks": report.chunks, "vectors": report.vectors, "index": bot.manifest.index_type,
            "build_seconds": build_seconds, "chunks_per_second": report.chunks / build_seconds,
            "texts_per_second": embedded.texts_per_second if embedded else 0.0,
            "disk_mb": sum(p.stat().st_size for p in index_dir.iterdir() if not p.name.startswith(MODEL_FILES)) / 1e6,
            "load_seconds": load_seconds, "cold_ask_seconds": cold,
            "query_p50_ms": statistics.median(samples), "recall_at_10": _recall(bot, questions),
            "stand_in": encoder is not real,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _environment(corpus: Path, index_dir: Path) -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(index_dir),
            "BOT_AUTO_BUILD": "0", "BOT_LOG_QUESTIONS": "0"}


def _fresh_load_seconds(corpus: Path, index_dir: Path) -> float:
    """Loading the index and making the Bot (freshness check included), in a new process after its imports."""
    probe = ("import time\nfrom bot import Bot\nfrom bot.indexing.encoders import query_encoder\n"
             "import bot.answering.bot, bot.indexing.store, faiss, onnxruntime\n"
             "t = time.perf_counter(); Bot.load(notify=lambda m: None); print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_environment(corpus, index_dir),
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def _cold_ask_seconds(corpus: Path, index_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "ask", "can LDN cause depression"], cwd=ROOT,
                   env=_environment(corpus, index_dir), capture_output=True, check=True)
    return time.perf_counter() - started


def _borrow_onnx(index_dir: Path) -> None:
    """The stand-in cannot be exported: give the scaled index the project's checked ONNX model."""
    from bot.indexing.onnx import MODEL_FILE, TOKENIZER_FILE, WEIGHTS_FILE

    manifest_path = index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    project = json.loads((ROOT / "index" / "manifest.json").read_text())
    for name in (MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE):
        if not (index_dir / name).exists():
            shutil.copy(ROOT / "index" / name, index_dir / name)
    manifest["onnx"] = project["onnx"]
    manifest_path.write_text(json.dumps(manifest))


def _recall(bot, questions: list[str]) -> float | None:
    """Recall@10 of the index against exact inner-product search over the same vectors (None when exact)."""
    import faiss

    vectors = bot.index.vectors
    if bot.manifest.index_type == "flat-ip":
        return None
    exact = faiss.IndexFlatIP(vectors.d)
    exact.add(vectors.reconstruct_n(0, vectors.ntotal))
    queries = bot.encoder.encode(questions)
    _, approximate_ids = vectors.search(queries, 10)
    _, exact_ids = exact.search(queries, 10)
    return float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approximate_ids, exact_ids)]))


def run(sizes: tuple[int, ...]) -> tuple[list, dict]:
    rows, figures = [], {}
    for size in sizes:
        process = subprocess.Popen([sys.executable, __file__, "--size", str(size)], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                   env={**os.environ, "HF_HUB_OFFLINE": "1"})
        output = process.stdout.read()
        _, status, _ = os.wait4(process.pid, 0)
        if status != 0:
            raise RuntimeError(f"scaling run of {size} chunks failed")
        r = json.loads(output.strip().splitlines()[-1])
        recall = "exact" if r["recall_at_10"] is None else f"{r['recall_at_10']:.3f}"
        throughput = (f"{r['chunks_per_second']:,.0f} chunks/s" + (" (no model time)" if r["stand_in"]
                      else f", {r['texts_per_second']:,.0f} texts/s embedded"))
        rows.append([f"{r['chunks']:,}", f"{r['vectors']:,}", r["index"], f"{r['build_seconds']:.1f} s", throughput,
                     f"{r['disk_mb']:.1f} MB", f"{r['load_seconds']:.2f} s", f"{r['cold_ask_seconds']:.2f} s",
                     f"{r['query_p50_ms']:.1f} ms", recall])
        figures[size] = r
    return rows, figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    print(json.dumps(measure(parser.parse_args().size)))
