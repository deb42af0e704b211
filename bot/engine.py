"""The Bot: loads (or builds) the index once and answers questions from it."""

from __future__ import annotations

import logging
from typing import Callable

from . import index as index_module
from . import manifest
from .answer import Answer, compose
from .config import Settings
from .embedding import Encoder
from .errors import IndexMissing, IndexStale, ModelError, QuestionError
from .retrieval import Hit, Retriever

log = logging.getLogger(__name__)

SOURCES_SHOWN = 5


def default_encoder(settings: Settings) -> Encoder:
    from .embedding import SentenceTransformerEncoder

    return SentenceTransformerEncoder(settings.model)


class Bot:
    """Answers questions from the documents in the corpus folder, quoting them."""

    def __init__(self, settings: Settings, search_index: index_module.SearchIndex, encoder: Encoder):
        expected = search_index.manifest["model"]
        if encoder.name != expected["name"] or encoder.dimension != expected["dimension"]:
            raise ModelError(
                f"the index was built with {expected['name']} ({expected['dimension']} dimensions), "
                f"the encoder is {encoder.name} ({encoder.dimension}); run `{manifest.BUILD_COMMAND} --force`"
            )
        self.settings = settings
        self.index = search_index
        self.encoder = encoder
        self.retriever = Retriever(search_index, encoder)

    @classmethod
    def load(
        cls,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        notify: Callable[[str], None] = log.warning,
    ) -> "Bot":
        """Load index/, building it first when it is missing or stale (if auto_build allows)."""
        settings = settings or Settings.from_env()
        status = manifest.check(settings)
        if not status.fresh:
            if not settings.auto_build:
                error = IndexStale if status.present else IndexMissing
                raise error(status.describe())
            notify(f"{status.describe().split('. Run')[0]}; building it now")
            encoder = encoder or default_encoder(settings)
            report = index_module.build(settings, encoder)
            notify(f"indexed {report.chunks} chunks from {report.files} file(s) in {report.seconds:.1f} s")
        search_index = index_module.load(settings)
        return cls(settings, search_index, encoder or default_encoder(settings))

    @property
    def manifest(self) -> dict:
        return self.index.manifest

    def confidence(self, hit: Hit) -> float:
        """How sure the bot is that a hit answers the question, in 0..1."""
        return min(max(hit.similarity, 0.0), 1.0)

    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer one question; `history` holds the earlier user questions, oldest first."""
        if not isinstance(question, str):
            raise QuestionError("the question must be text")
        question = question.strip()
        if not question:
            raise QuestionError("the question is empty; ask something about the documents")
        hits = self.retriever.search(question, k=SOURCES_SHOWN)
        return compose(question, hits, self.settings.min_confidence, self.confidence)
