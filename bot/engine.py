"""The Bot: loads (or builds) the index once and answers questions from it."""

from __future__ import annotations

import logging
from typing import Callable

import numpy as np

from . import builder, synonyms
from . import manifest as manifest_module
from . import index as index_module
from .answer import Answer, compose
from .chat import SHORT_QUESTION_CONCEPTS, Suggester, context_of, refers_back, suggestion_pool
from .config import Settings
from .embedding import Encoder
from .errors import IndexMissing, IndexStale, ModelError, QuestionError
from .onnx_encoder import MODEL_FILE, OnnxEncoder
from .query import known_words_of
from .retrieval import Hit, Retriever
from .safety import CRISIS_MESSAGE, is_crisis

log = logging.getLogger(__name__)

SOURCES_SHOWN = 5
FOLLOW_UP_PREFERENCE = 0.15  # confidence a reading in context may lack and still win, for questions that point back


def reference_encoder(settings: Settings) -> Encoder:
    """sentence-transformers: builds the index; answers only when the light path cannot."""
    from .embedding import SentenceTransformerEncoder

    return SentenceTransformerEncoder(settings.model)


def query_encoder(settings: Settings, manifest: dict, notify: Callable[[str], None]) -> Encoder:
    """The index's checked ONNX export (no torch import), else sentence-transformers with a notice."""
    onnx = manifest.get("onnx") or {}
    path = settings.index_dir / MODEL_FILE
    slower = "using sentence-transformers, which starts slower"
    if settings.encoder == "sentence-transformers":
        pass
    elif not onnx.get("passed"):
        reason = onnx.get("reason") or f"its check found a cosine of only {onnx.get('min_cosine')}"
        notify(f"the index has no checked ONNX model ({reason}); {slower}")
    elif not path.is_file():
        notify(f"{path} is missing; {slower}; `{manifest_module.BUILD_COMMAND} --force` restores it")
    else:
        try:
            return OnnxEncoder(settings.index_dir, manifest["model"]["name"], manifest["model"]["dimension"])
        except Exception as exc:  # a broken export must not stop the bot: the reference still works
            notify(f"cannot use {path} ({exc.__class__.__name__}); {slower}")
    return reference_encoder(settings)


def _same_run(neighbour, chunk) -> bool:
    return neighbour.doc_id == chunk.doc_id and neighbour.section == chunk.section and neighbour.kind == chunk.kind


class Bot:
    """Answers questions from the documents in the corpus folder, quoting them."""

    def __init__(self, settings: Settings, search_index: index_module.SearchIndex, encoder: Encoder):
        expected = search_index.manifest["model"]
        if encoder.name != expected["name"] or encoder.dimension != expected["dimension"]:
            raise ModelError(
                f"the index was built with {expected['name']} ({expected['dimension']} dimensions), "
                f"the encoder is {encoder.name} ({encoder.dimension}); run `{manifest_module.BUILD_COMMAND} --force`"
            )
        self.settings = settings
        self.index = search_index
        self.encoder = encoder
        model_path = getattr(encoder, "path", None)
        self.retriever = Retriever(
            search_index, encoder, settings.ranking,
            synonyms.load(settings.corpus_dir), known_words_of(model_path),
        )
        pool = suggestion_pool(search_index.chunks, set(search_index.manifest.get("documents", {}).values()))
        self.suggester = Suggester(pool, encoder.encode([s.text for s in pool]))
        self._position = {c.id: n for n, c in enumerate(search_index.chunks)}

    @classmethod
    def load(
        cls,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        notify: Callable[[str], None] = log.warning,
    ) -> "Bot":
        """Load index/, building it first when it is missing or stale (if auto_build allows)."""
        settings = settings or Settings.from_env()
        status = manifest_module.check(settings)
        if not status.fresh:
            if not settings.auto_build:
                error = IndexStale if status.present else IndexMissing
                raise error(status.describe())
            notify(f"{status.describe().split('. Run')[0]}; building it now")
            report = builder.build(settings, encoder or (lambda: reference_encoder(settings)))
            notify(f"indexed {report.chunks} chunks from {report.files} file(s) in {report.seconds:.1f} s")
        search_index = index_module.load(settings)
        return cls(settings, search_index, encoder or query_encoder(settings, search_index.manifest, notify))

    @property
    def manifest(self) -> dict:
        return self.index.manifest

    def confidence(self, hit: Hit) -> float:
        """How likely the documents cover the question, judged from a hit: in 0..1 (see ConfidenceSettings)."""
        return self.settings.calibration.confidence(hit.features)

    def search(self, question: str, history: list[str]) -> list[Hit]:
        """Hits for the question, read in the context of the conversation when it leans on it.

        A question that points back ("how long do *they* last?") or is short ("how many
        patients?") is also searched together with the earlier question; the reading the
        bot is more confident in wins, so a question that stands on its own keeps its meaning.
        """
        hits = self.retriever.search(question, k=SOURCES_SHOWN)
        if not history:
            return hits
        leans_back = refers_back(question)
        if not leans_back and len(self.retriever.parser.parse(question).concepts) > SHORT_QUESTION_CONCEPTS:
            return hits
        in_context = self.retriever.search(question, k=SOURCES_SHOWN, context=context_of(history))
        if not hits or not in_context:
            return in_context or hits
        preference = FOLLOW_UP_PREFERENCE if leans_back else 0.0
        return in_context if self.confidence(in_context[0]) + preference > self.confidence(hits[0]) else hits

    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer one question; `history` holds the earlier user questions, oldest first."""
        if not isinstance(question, str):
            raise QuestionError("the question must be text")
        question = question.strip()
        if not question:
            raise QuestionError("the question is empty; ask something about the documents")
        history = [h.strip() for h in history or [] if isinstance(h, str) and h.strip()]
        hits = self.search(question, history)
        answer = compose(question, hits, self.settings.min_confidence, self.confidence, self.section_run)
        answered = hits[0].chunk if answer.found else None
        answer.suggestions = self.suggester.suggest(answered, self._passage_vector(answered), [*history, question])
        if is_crisis(question):
            answer.safety = CRISIS_MESSAGE
        return answer

    def section_run(self, chunk) -> list:
        """The consecutive paragraph chunks of the chunk's section, in document order, the chunk among them."""
        chunks = self.index.chunks
        at = self._position[chunk.id]
        start = end = at
        while start > 0 and _same_run(chunks[start - 1], chunk):
            start -= 1
        while end + 1 < len(chunks) and _same_run(chunks[end + 1], chunk):
            end += 1
        return chunks[start : end + 1]

    def _passage_vector(self, chunk) -> np.ndarray | None:
        if chunk is None:
            return None
        number = self._position[chunk.id]
        return self.index.vectors.reconstruct(int(self.retriever.offsets[number]))
