"""Build figures for the benchmark: embedding throughput both ways, and a rebuild after editing 1 file of 100."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scaling import COPY_CHUNKS, ROOT, write_corpus

FILES = 100
SAMPLE_TEXTS = 1_000


def _settings(work: Path):
    from bot.config import Settings

    return Settings(corpus_dir=work / "corpus", index_dir=work / "index", auto_build=False)


def throughput() -> tuple[list, dict]:
    """Texts a second embedded by the reference model and by its checked ONNX export, on the same texts."""
    from bot.indexing import build as builder
    from bot.indexing.encoders import reference_encoder
    from bot.indexing.onnx import OnnxEncoder
    from bot.indexing.store import load

    work = Path(tempfile.mkdtemp(prefix="bench-throughput-"))
    try:
        (work / "corpus").mkdir()
        write_corpus(work / "corpus", 10 * COPY_CHUNKS)
        settings = _settings(work)
        reference = reference_encoder(settings)
        builder.build(settings, reference)
        chunks = load(settings).chunks
        texts = [text for number in range(len(chunks)) for text in chunks.keys(number)][:SAMPLE_TEXTS]
        exported = OnnxEncoder(settings.index_dir, reference.name, reference.dimension)
        rows, figures = [], {}
        for label, encoder in (("reference (sentence-transformers)", reference), ("checked ONNX export", exported)):
            encoder.encode(texts[:16])
            started = time.perf_counter()
            encoder.encode(texts)
            rate = len(texts) / (time.perf_counter() - started)
            rows.append([label, f"{rate:,.0f} texts/s"])
            figures[label] = rate
        return rows, figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def rebuild_after_one_edit() -> tuple[list, dict]:
    """A corpus of 100 files built once; then one file edited and `python -m bot build` timed in a new process."""
    work = Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        write_corpus(corpus, FILES * COPY_CHUNKS)
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(work / "index")}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
        first = time.perf_counter() - started
        edited = sorted(corpus.iterdir())[FILES // 2]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence about sleep and dreams.\n",
                          encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
        again = time.perf_counter() - started
        rows = [[f"first build, {FILES} files ({FILES * COPY_CHUNKS:,} chunks), new process", f"{first:.1f} s"],
                ["the same after editing one file, new process", f"{again:.2f} s"]]
        return rows, {"rebuild_one": again}
    finally:
        shutil.rmtree(work, ignore_errors=True)
