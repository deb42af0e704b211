"""The least any answer on this stack can cost, for comparison: the libraries the bot's `ask` needs, and nothing else.

    .venv/bin/python bench/bare_ask.py "can LDN cause depression"

Imports numpy, FAISS, onnxruntime and tokenizers, starts the index's ONNX encoder, embeds the
question and prints the best FAISS row: no BM25, no ranking, no answer. The bot's cold `ask`
cannot be quicker than this on the same machine.
"""

import sys
from pathlib import Path

import faiss
import numpy as np
import onnxruntime
from tokenizers import Tokenizer

index_dir = Path(__file__).resolve().parent.parent / "index"
options = onnxruntime.SessionOptions()
options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL  # optimised at build
session = onnxruntime.InferenceSession(str(index_dir / "encoder.onnx"), options, providers=["CPUExecutionProvider"])
encoding = Tokenizer.from_file(str(index_dir / "tokenizer.json")).encode(sys.argv[1])
feed = {"input_ids": [encoding.ids], "attention_mask": [encoding.attention_mask], "token_type_ids": [encoding.type_ids]}
names = {i.name for i in session.get_inputs()}
query = session.run(None, {name: np.array(value, dtype=np.int64) for name, value in feed.items() if name in names})[0]
_, found = faiss.read_index(str(index_dir / "index.faiss")).search(query.astype(np.float32), 1)
print(found[0][0])
