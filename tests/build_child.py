"""Run in a child process by the fault tests: a forced build with a slow fake encoder, to be killed."""

import sys
import time
from pathlib import Path

from bot.indexing import build as builder
from bot.config import Settings

from .conftest import FAKE_MODEL, FakeEncoder


class SlowEncoder(FakeEncoder):
    def encode(self, texts, show_progress=False):
        time.sleep(0.002 * len(texts))
        return super().encode(texts)


if __name__ == "__main__":
    corpus, index = map(Path, sys.argv[1:3])
    print("started", flush=True)
    builder.build(Settings(corpus_dir=corpus, index_dir=index, model=FAKE_MODEL), SlowEncoder(), force=True)
    print("finished", flush=True)
