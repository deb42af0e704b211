"""Scaling part of the benchmark: corpora of 1,000 to 100,000 chunks, and the int8 comparison.

Corpora are *repeated-and-varied* copies of the bundled document: in every copy a few
words per line get a copy-specific suffix ("depression" -> "depressionzqbcd"), so every
text is distinct, the vocabulary grows as a real corpus's would, and BM25 and FAISS see
as many different entries as there are chunks.

At 1,000 chunks the build embeds with the real reference model (sentence-transformers),
so its throughput is the real one. Embedding 600,000 texts that way would take hours on
2 cores, so the larger corpora are built with a stand-in encoder: the real model's vector
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

HEADER = ["chunks", "vectors", "index", "build", "build throughput", "index on disk", "peak RSS", "query p50", "recall@10 vs exact"]
NOTE = (
    "Corpora are repeated-and-varied copies of the bundled document (see bench/scaling.py). "
    "At 1,000 chunks the build embeds with sentence-transformers; above, with a stand-in that reuses the "
    "real vectors of the unvaried texts plus noise, so those build figures exclude model time. "
    "Queries go through the real ONNX model and the whole answer path. Recall@10 compares the "
    "approximate (IVF) index with exact search over the same vectors.\n"
)
SUFFIX = re.compile(r"zq[a-z]{3}\b")
COPY_CHUNKS = 41  # chunks in one copy of the bundled document


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
    for copy in range(max(1, round(chunks / COPY_CHUNKS))):
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
    """Build a corpus of about `size` chunks and time its build and its queries (run in a child process)."""
    from bot import Bot
    from bot.config import Settings
    from bot.indexing import build as builder
    from bot.indexing.encoders import query_encoder, reference_encoder
    from bot.interfaces.evaluation import load_cases

    work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    try:
        corpus, index_dir = work / "corpus", work / "index"
        corpus.mkdir()
        write_corpus(corpus, size)
        settings = Settings(corpus_dir=corpus, index_dir=index_dir, auto_build=False)
        real = reference_encoder(settings)
        encoder = real if size <= 1_000 else StandInEncoder(real)
        started = time.perf_counter()
        report = builder.build(settings, encoder)
        build_seconds = time.perf_counter() - started
        _borrow_onnx(index_dir)
        bot = Bot.load(settings, encoder=query_encoder(settings, json.loads((index_dir / "manifest.json").read_text()), print))
        questions = [c["question"] for c in load_cases(ROOT / "tests" / "data" / "dev.jsonl") if c["kind"] != "multi"]
        for question in questions[:5]:
            bot.answer(question)
        samples = []
        for question in questions * 2:
            t = time.perf_counter()
            bot.answer(question)
            samples.append((time.perf_counter() - t) * 1000)
        return {
            "chunks": report.chunks, "vectors": report.vectors, "index": bot.manifest.index_type,
            "build_seconds": build_seconds, "chunks_per_second": report.chunks / build_seconds,
            "disk_mb": sum(p.stat().st_size for p in index_dir.iterdir() if p.name not in ("encoder.onnx", "encoder.weights", "tokenizer.json")) / 1e6,
            "query_p50_ms": statistics.median(samples), "recall_at_10": _recall(bot, questions),
            "stand_in": encoder is not real,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise RuntimeError(f"scaling run of {size} chunks failed")
        r = json.loads(output.strip().splitlines()[-1])
        recall = "exact" if r["recall_at_10"] is None else f"{r['recall_at_10']:.3f}"
        throughput = f"{r['chunks_per_second']:,.0f} chunks/s" + (" (no model time)" if r["stand_in"] else "")
        rows.append([f"{r['chunks']:,}", f"{r['vectors']:,}", r["index"], f"{r['build_seconds']:.1f} s", throughput,
                     f"{r['disk_mb']:.1f} MB", f"{usage.ru_maxrss / 1024:,.0f} MB", f"{r['query_p50_ms']:.1f} ms", recall])
        figures["largest_p50"] = r["query_p50_ms"]
    return rows, figures


def int8_comparison() -> tuple[list, list]:
    """The eval figures and query speed of the fp32 ONNX model and of an int8-quantised copy."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from bot import Bot
    from bot.indexing.onnx import MODEL_FILE, TOKENIZER_FILE, OnnxEncoder
    from bot.interfaces.evaluation import evaluate, load_cases

    folder = Path(tempfile.mkdtemp(prefix="int8-"))
    try:
        quantize_dynamic(str(ROOT / "index" / MODEL_FILE), str(folder / MODEL_FILE), weight_type=QuantType.QInt8)
        shutil.copy(ROOT / "index" / TOKENIZER_FILE, folder / TOKENIZER_FILE)
        cases = load_cases(ROOT / "tests" / "data" / "dev.jsonl")
        rows = []
        for label, model_dir in (("fp32 (kept)", ROOT / "index"), ("int8, dynamic quantisation", folder)):
            encoder = OnnxEncoder(model_dir, "sentence-transformers/all-MiniLM-L6-v2", 384)
            bot = Bot.load(encoder=encoder, notify=lambda message: None)
            figures = evaluate(lambda q, h: bot.answer(q, history=h).to_dict(), cases).figures
            timings = []
            for _ in range(50):
                t = time.perf_counter()
                encoder.encode(["can LDN cause depression"])
                timings.append((time.perf_counter() - t) * 1000)
            size = (model_dir / MODEL_FILE).stat().st_size / 1e6
            rows.append([label, f"{size:.0f} MB", f"{statistics.median(timings):.1f} ms",
                         *(f"{figures[name]:.3f}" for name in ("hit@1", "MRR@5", "false abstention", "follow-up hit@1"))])
        return ["model", "file", "query embedding p50", "hit@1", "MRR@5", "false abstention", "follow-up hit@1"], rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    print(json.dumps(measure(parser.parse_args().size)))
