"""A question-answering bot that quotes its answers from a small set of documents.

The public names are imported on first use, so that `bot --help` and `bot status`
start without loading numpy, FAISS or a model.
"""

import os
import sys
from importlib import import_module

# The question path multiplies only small matrices, where OpenBLAS's threads cost more than they save and spin
# against onnxruntime's. OpenBLAS reads this when numpy is first imported: a program that imported numpy before
# the bot keeps its threads, and onnxruntime's then do not spin (indexing/encoders.query_encoder).
if "numpy" not in sys.modules:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ONE_BLAS_THREAD = os.environ.get("OPENBLAS_NUM_THREADS") == "1"

__all__ = ["Answer", "Bot", "BotError", "Settings", "Source"]
__version__ = "0.2.0"

_HOMES = {
    "Answer": ".answering.compose",
    "Source": ".answering.compose",
    "Bot": ".answering.bot",
    "BotError": ".errors",
    "Settings": ".config",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
