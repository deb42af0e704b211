"""The light query path: the index's own ONNX export of the model, run with onnxruntime + tokenizers.

Answering a question then needs neither torch, transformers nor sentence-transformers.
The export is written by `export` at build time and checked against sentence-transformers
on probe texts; the check is recorded in the manifest and a failing export is not used.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .encoders import SentenceTransformerEncoder, normalise
from .manifest import OnnxCheck

log = logging.getLogger(__name__)

MODEL_FILE = "encoder.onnx"  # the graph; its weights are in WEIGHTS_FILE, which onnxruntime maps into memory
WEIGHTS_FILE = "encoder.weights"
TOKENIZER_FILE = "tokenizer.json"
MIN_PROBE_COSINE = 0.9999  # every probe text must embed this close to sentence-transformers
PROBE_COUNT = 64
EXPORT_VERSION = 2  # 2: plain attention exported and fused (see export)


class OnnxEncoder:
    """Encodes like the reference sentence-transformers model, from files in index/."""

    def __init__(self, index_dir: Path, name: str, dimension: int, max_length: int = 256, threads: int | None = None,
                 optimized: bool = True, spin: bool = False):
        """`spin`: onnxruntime's threads wait for the next run by spinning, which saves a millisecond a question
        where no other library's threads want the cores between runs (see query_encoder)."""
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        if optimized:  # the graph was optimised once, at build (see export): starting takes half the time
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        options.log_severity_level = 3
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        self._session = onnxruntime.InferenceSession(
            str(index_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(index_dir / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.no_padding()  # encode pads each batch itself
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.name = name
        self.dimension = dimension
        self.path = index_dir  # its tokenizer.json holds the vocabulary; see search/question.known_words_of

    def encode(self, texts: list[str], show_progress: bool = False, batch_size: int = 32) -> np.ndarray:
        """Rows in the order of `texts`; embedded in batches of similar length, so little is padding."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda n: len(encodings[n].ids))
        for chosen in _batches(order, [len(e.ids) for e in encodings], batch_size):
            width = max(len(encodings[n].ids) for n in chosen)
            feed = {name: np.zeros((len(chosen), width), dtype=np.int64) for name in self._inputs}
            for row, n in enumerate(chosen):
                encoding = encodings[n]
                size = len(encoding.ids)
                feed["input_ids"][row, :size] = encoding.ids
                feed["attention_mask"][row, :size] = 1
                if "token_type_ids" in feed:
                    feed["token_type_ids"][row, :size] = encoding.type_ids
            out[chosen] = self._session.run(None, feed)[0]
        return normalise(out)


def _batches(order: list[int], lengths: list[int], size: int) -> list[list[int]]:
    """`order` (shortest first) cut into batches of at most `size` texts; a batch also ends where the next text
    is over twice as long as its first, so short words are not padded to a sentence's length."""
    batches: list[list[int]] = []
    for n in order:
        if not batches or len(batches[-1]) == size or lengths[n] > 2 * lengths[batches[-1][0]]:
            batches.append([])
        batches[-1].append(n)
    return batches


def export(reference: SentenceTransformerEncoder, folder: Path) -> None:
    """Write the reference model (transformer + mean pooling + L2 normalisation) as ONNX into folder."""
    import torch

    model = reference.model  # a SentenceTransformer
    transformer: Any = model[0].auto_model.eval()  # type: ignore[union-attr]  # the first module is the Transformer
    attention = transformer.config._attn_implementation

    class Pooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    sample = model.tokenizer(["a short probe", "a somewhat longer probe sentence"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dynamic = {name: {0: "batch", 1: "tokens"} for name in names}
    raw = folder / f"raw-{MODEL_FILE}"
    try:
        # Plain ("eager") attention exports as the pattern onnxruntime fuses into one Attention operator; PyTorch's
        # fused attention exports as a slower graph that nothing fuses.
        transformer.set_attn_implementation("eager")
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer chatter about shapes; the probe check below is the real test
            torch.onnx.export(
                Pooled(), tuple(sample[name] for name in names), str(raw),
                input_names=names, output_names=["embedding"], dynamic_axes={**dynamic, "embedding": {0: "batch"}},
                opset_version=17, dynamo=False,
            )
    finally:
        transformer.set_attn_implementation(attention)
    config = transformer.config
    fuse(raw, config.model_type, config.num_attention_heads, config.hidden_size)
    optimise(raw, folder / MODEL_FILE)
    raw.unlink()
    model.tokenizer.backend_tokenizer.save(str(folder / TOKENIZER_FILE))


def fuse(graph: Path, model_type: str, heads: int, width: int) -> None:
    """Rewrite the exported graph in place with onnxruntime's BERT fusions (attention, embedding and skip layer
    norms in one operator each: a third less time a question); a model of another type is left as exported."""
    from onnxruntime.transformers.optimizer import optimize_model

    if model_type != "bert":
        return
    logging.getLogger("onnxruntime.transformers").setLevel(logging.ERROR)
    optimize_model(str(graph), model_type="bert", num_heads=heads, hidden_size=width, opt_level=0).save_model_to_file(str(graph))


def optimise(source: Path, target: Path) -> None:
    """Save the graph optimised as onnxruntime would at every start (folded constants, fused operators),
    its weights in a file of their own beside it: a session then starts in a third of the time and
    maps the weights instead of copying them (about 90 MB less memory).

    EXTENDED, not ALL: the layout optimisations of ALL are specific to the CPU they ran on.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(target)
    options.add_session_config_entry("session.optimized_model_external_initializers_file_name", WEIGHTS_FILE)
    options.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes", "1024")
    options.log_severity_level = 3
    onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])


def check(reference: SentenceTransformerEncoder, folder: Path, probes: list[str]) -> OnnxCheck:
    """Embed the probes both ways; the export passes when every cosine is at least MIN_PROBE_COSINE."""
    exported = OnnxEncoder(folder, reference.name, reference.dimension, max_length=reference.max_length)
    expected = reference.encode(probes)
    # One at a time and in a batch: padding must not change a vector.
    got = exported.encode(probes)
    alone = np.concatenate([exported.encode([text]) for text in probes[:8]])
    cosines = np.concatenate([(got * expected).sum(axis=1), (alone * expected[:8]).sum(axis=1)])
    minimum = float(cosines.min())
    return OnnxCheck(passed=minimum >= MIN_PROBE_COSINE, file=MODEL_FILE, bytes=(folder / MODEL_FILE).stat().st_size,
                     probes=len(probes), min_cosine=round(minimum, 6), required=MIN_PROBE_COSINE, optimized=True,
                     export_version=EXPORT_VERSION)


def probe_texts(texts: list[str]) -> list[str]:
    """A spread of real texts to check the export on: short and long, from across the corpus."""
    chosen = texts[:: max(1, len(texts) // PROBE_COUNT)][:PROBE_COUNT]
    return ["can LDN cause depression", "hello", *chosen]
