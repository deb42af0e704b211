"""Shared fixtures: a tiny fake encoder, temporary corpora and indexes, the real-model bot."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from bot.config import Settings  # noqa: E402
from bot.words import NO_LEMMAS, terms  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOCUMENT = CORPUS / "can-ldn-cause-depression.txt"
FAKE_MODEL = "fake-hash-encoder"
FAKE_MIN_CONFIDENCE = 0.2  # bag-of-words cosines run lower than the real model's


class FakeEncoder:
    """Bag of stemmed words hashed into 256 dimensions: similar wording, similar vectors."""

    name = FAKE_MODEL
    dimension = 256

    def __init__(self):
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts, show_progress: bool = False) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in terms(text, NO_LEMMAS) or ["empty"]:
                digest = int(hashlib.md5(term.encode()).hexdigest(), 16)
                for _ in range(3):  # three signed buckets a word: two different words rarely look alike
                    digest, bucket = divmod(digest, self.dimension)
                    digest, sign = divmod(digest, 2)
                    vectors[row, bucket] += 1.0 if sign else -1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(DOCUMENT, folder / DOCUMENT.name)
    shutil.copy(CORPUS / "synonyms.csv", folder / "synonyms.csv")
    return folder


@pytest.fixture(autouse=True)
def private_data_folder(monkeypatch, tmp_path_factory):
    """No test writes the question log or votes into the work tree's data/ folder."""
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings(
        corpus_dir=corpus_dir,
        index_dir=tmp_path / "index",
        data_dir=tmp_path / "data",
        model=FAKE_MODEL,
        min_confidence=FAKE_MIN_CONFIDENCE,
    )


@pytest.fixture
def fake_bot(settings, fake_encoder):
    from bot import Bot

    return Bot.load(settings, encoder=fake_encoder, notify=lambda message: None)


@pytest.fixture
def use_fake_encoder(monkeypatch, settings):
    """Point BOT_* at the temporary corpus and make every default encoder the fake one."""
    import bot.indexing.encoders

    monkeypatch.setenv("BOT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("BOT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("BOT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("BOT_MODEL", FAKE_MODEL)
    monkeypatch.setenv("BOT_MIN_CONFIDENCE", str(FAKE_MIN_CONFIDENCE))
    monkeypatch.setattr(bot.indexing.encoders, "reference_encoder", lambda settings: FakeEncoder())
    monkeypatch.setattr(bot.indexing.encoders, "query_encoder", lambda settings, manifest, notify: FakeEncoder())
    return settings


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the whole run (tests/postgres.py); its URL."""
    from .postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory) -> Path:
    """An index of the bundled corpus built once with the real model, outside the work tree."""
    from bot.indexing import build as builder
    from bot.indexing.encoders import SentenceTransformerEncoder

    folder = tmp_path_factory.mktemp("real") / "index"
    builder.build(Settings(index_dir=folder), SentenceTransformerEncoder())
    return folder


@pytest.fixture(scope="session")
def real_bot(real_index_dir):
    from bot import Bot

    return Bot.load(Settings(index_dir=real_index_dir, auto_build=False))


@pytest.fixture(scope="session")
def served_app(real_index_dir, tmp_path_factory):
    """`python app.py` on a free loopback port over the real index; yields (url, port)."""
    from .browser import running_app

    data = tmp_path_factory.mktemp("served-data")
    with running_app(real_index_dir, extra_env={"BOT_DATA_DIR": str(data)}) as url:
        yield url, int(url.rstrip("/").rsplit(":", 1)[1])
