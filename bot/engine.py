"""The Bot: loads (or builds) the index once and answers questions from it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import builder, encoders, synonyms
from . import manifest as manifest_module
from . import index as index_module
from .answer import Answer, compose
from .chat import SHORT_QUESTION_CONCEPTS, Suggester, context_of, refers_back, suggestion_pool
from .config import Settings
from .embedding import Encoder
from .errors import BotError, IndexDamaged, IndexMissing, IndexStale, ModelError
from .intake import tidy, tidy_history
from .query import known_words_of
from .retrieval import Hit, Retriever
from .safety import CRISIS_MESSAGE, is_crisis

log = logging.getLogger(__name__)

SOURCES_SHOWN = 5
RELOAD_CHECK_SECONDS = 2.0  # how often answering looks for a rebuilt index
FOLLOW_UP_PREFERENCE = 0.15  # confidence a reading in context may lack and still win, for questions that point back


def _same_run(neighbour, chunk) -> bool:
    return neighbour.doc_id == chunk.doc_id and neighbour.section == chunk.section and neighbour.kind == chunk.kind


def _manifest_stamp(settings: Settings) -> int | None:
    """When index/manifest.json last changed; a build replaces it last, with the whole folder."""
    try:
        return (settings.index_dir / manifest_module.MANIFEST).stat().st_mtime_ns
    except OSError:
        return None


@dataclass
class IndexView:
    """Everything answering needs from one loaded index; swapped whole when the index is rebuilt."""

    index: index_module.SearchIndex
    retriever: Retriever
    suggester: Suggester
    stamp: int | None
    position: dict = field(init=False)

    def __post_init__(self):
        self.position = {c.id: n for n, c in enumerate(self.index.chunks)}

    def section_run(self, chunk) -> list:
        """The consecutive chunks of the chunk's section and kind, in document order, the chunk among them."""
        chunks = self.index.chunks
        start = end = self.position[chunk.id]
        while start > 0 and _same_run(chunks[start - 1], chunk):
            start -= 1
        while end + 1 < len(chunks) and _same_run(chunks[end + 1], chunk):
            end += 1
        return chunks[start : end + 1]

    def passage_vector(self, chunk) -> np.ndarray | None:
        if chunk is None:
            return None
        return self.index.vectors.reconstruct(int(self.retriever.offsets[self.position[chunk.id]]))


class Bot:
    """Answers questions from the documents in the corpus folder, quoting them."""

    def __init__(self, settings: Settings, search_index: index_module.SearchIndex, encoder: Encoder):
        self.settings = settings
        self.encoder = encoder
        self._synonyms = synonyms.load(settings.corpus_dir)
        self._known_words = known_words_of(getattr(encoder, "path", None))
        self._view = self._view_of(search_index)
        self._reload_lock = threading.Lock()
        self._last_check = time.monotonic()

    def _view_of(self, search_index: index_module.SearchIndex) -> "IndexView":
        expected = search_index.manifest["model"]
        if self.encoder.name != expected["name"] or self.encoder.dimension != expected["dimension"]:
            raise ModelError(
                f"the index was built with {expected['name']} ({expected['dimension']} dimensions), "
                f"the encoder is {self.encoder.name} ({self.encoder.dimension}); "
                f"run `{manifest_module.BUILD_COMMAND} --force`"
            )
        retriever = Retriever(search_index, self.encoder, self.settings.ranking, self._synonyms, self._known_words)
        titles = set(search_index.manifest.get("documents", {}).values())
        pool = suggestion_pool(search_index.chunks, titles)
        suggester = Suggester(pool, self.encoder.encode([s.text for s in pool]))
        return IndexView(search_index, retriever, suggester, _manifest_stamp(self.settings))

    @property
    def index(self) -> index_module.SearchIndex:
        return self._view.index

    @property
    def retriever(self) -> Retriever:
        return self._view.retriever

    @property
    def suggester(self) -> Suggester:
        return self._view.suggester

    def reload_if_rebuilt(self) -> None:
        """Pick up an index that a build swapped in since it was loaded, in the background.

        Checked at most every RELOAD_CHECK_SECONDS; until the new index is ready, answers
        keep coming from the old one, which stays whole in memory.
        """
        now = time.monotonic()
        if now - self._last_check < RELOAD_CHECK_SECONDS:
            return
        self._last_check = now
        stamp = _manifest_stamp(self.settings)
        if stamp is None or stamp == self._view.stamp or not self._reload_lock.acquire(blocking=False):
            return
        threading.Thread(target=self._reload, name="index-reload", daemon=True).start()

    def _reload(self) -> None:
        try:
            status = manifest_module.check(self.settings)
            if status.fresh:
                self._view = self._view_of(index_module.load(self.settings))
                log.warning("loaded the rebuilt index (%s chunks)", self._view.index.manifest["chunks"])
        except BotError as exc:
            log.warning("kept the index in memory; the new one cannot be used: %s", exc)
        finally:
            self._reload_lock.release()

    @classmethod
    def load(
        cls,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        notify: Callable[[str], None] = log.warning,
    ) -> "Bot":
        """Load index/, building it first when it is missing or stale (if auto_build allows)."""
        settings = settings or Settings.from_env()
        reference = encoder or (lambda: encoders.reference_encoder(settings))  # made only if a build needs it
        status = manifest_module.check(settings)
        if not status.fresh:
            if not settings.auto_build:
                error = IndexStale if status.present else IndexMissing
                raise error(status.describe())
            notify(f"{status.describe().split('. Run')[0]}; building it now")
            report = builder.build(settings, reference)
            notify(f"indexed {report.chunks} chunks from {report.files} file(s) in {report.seconds:.1f} s")
        try:
            search_index = index_module.load(settings)
        except IndexDamaged as exc:
            if not settings.auto_build:
                raise
            notify(f"{exc.args[0].split(';')[0]}; rebuilding it now")
            builder.build(settings, reference, force=True)
            search_index = index_module.load(settings)
        return cls(settings, search_index, encoder or encoders.query_encoder(settings, search_index.manifest, notify))

    @property
    def manifest(self) -> dict:
        return self.index.manifest

    def confidence(self, hit: Hit) -> float:
        """How likely the documents cover the question, judged from a hit: in 0..1 (see ConfidenceSettings)."""
        return self.settings.calibration.confidence(hit.features)

    def search(self, question: str, history: list[str], retriever: Retriever | None = None) -> list[Hit]:
        """Hits for the question, read in the context of the conversation when it leans on it.

        A question that points back ("how long do *they* last?") or is short ("how many
        patients?") is also searched together with the earlier question; the reading the
        bot is more confident in wins, so a question that stands on its own keeps its meaning.
        """
        retriever = retriever or self.retriever
        hits = retriever.search(question, k=SOURCES_SHOWN)
        if not history:
            return hits
        leans_back = refers_back(question)
        if not leans_back and len(retriever.parser.parse(question).concepts) > SHORT_QUESTION_CONCEPTS:
            return hits
        in_context = retriever.search(question, k=SOURCES_SHOWN, context=context_of(history))
        if not hits or not in_context:
            return in_context or hits
        preference = FOLLOW_UP_PREFERENCE if leans_back else 0.0
        return in_context if self.confidence(in_context[0]) + preference > self.confidence(hits[0]) else hits

    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer one question; `history` holds the earlier user questions, oldest first."""
        question, notice = tidy(question, self.settings.max_question_chars)
        history = tidy_history(history, self.settings.max_question_chars)
        self.reload_if_rebuilt()
        view = self._view  # one index for the whole answer, even if a reload swaps it meanwhile
        hits = self.search(question, history, view.retriever)
        answer = compose(question, hits, self.settings.min_confidence, self.confidence, view.section_run)
        answer.notice = notice
        answered = hits[0].chunk if answer.found else None
        answer.suggestions = view.suggester.suggest(answered, view.passage_vector(answered), [*history, question])
        if is_crisis(question):
            answer.safety = CRISIS_MESSAGE
        return answer

