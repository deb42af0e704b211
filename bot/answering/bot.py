"""The Bot: one loaded index, answering questions from it: intake -> search -> suggestions -> safety -> compose."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from ..config import Settings
from ..errors import ModelError, rebuild_remedy
from ..indexing import encoders
from ..indexing.encoders import Encoder
from ..indexing.fresh import ensure_fresh
from ..indexing.manifest import Manifest
from ..indexing.store import SearchIndex
from ..ingest.profile import load_profile
from ..search import synonyms
from ..search.question import known_words_of
from ..search.searcher import Searcher
from . import intake
from .compose import Answer, compose
from .safety import CRISIS_MESSAGE, is_crisis
from .suggestions import Suggester

log = logging.getLogger(__name__)


class Bot:
    """Answers questions from the documents in the corpus folder, quoting them."""

    def __init__(self, settings: Settings, search_index: SearchIndex, encoder: Encoder):
        expected = search_index.manifest.model
        if encoder.name != expected.name or encoder.dimension != expected.dimension:
            raise ModelError(
                f"the index was built with {expected.name} ({expected.dimension} dimensions), "
                f"the encoder is {encoder.name} ({encoder.dimension})", rebuild_remedy(force=True))
        self.settings = settings
        self.encoder = encoder
        self.index = search_index
        model_dir = getattr(encoder, "path", None)
        groups = synonyms.load(settings.corpus_dir, search_index.lookups.lexicon.lemmas) if settings.use_synonyms else []
        self.searcher = Searcher(search_index, encoder, settings, groups, lambda: known_words_of(model_dir))
        titles = list(search_index.manifest.documents.values())
        lookups = search_index.lookups
        self.suggester = Suggester(lookups.suggestions, lookups.suggestion_vectors)
        self.profile = load_profile(settings.corpus_dir, titles, search_index.questions)

    @classmethod
    def load(cls, settings: Settings | None = None, encoder: Encoder | None = None,
             notify: Callable[[str], None] = log.warning) -> Bot:
        """Load index/, building it first when it is missing, stale or damaged (if auto_build allows)."""
        settings = settings or Settings.from_env()
        reference = encoder or (lambda: encoders.reference_encoder(settings))  # made only if a build needs it
        search_index = ensure_fresh(settings, reference, notify)
        return cls(settings, search_index, encoder or encoders.query_encoder(settings, search_index.manifest, notify))

    @property
    def manifest(self) -> Manifest:
        return self.index.manifest

    @property
    def examples(self) -> tuple[str, ...]:
        """Questions to offer before anything is asked: the profile's, else the documents' own."""
        return self.profile.examples or self.suggester.suggest(None, None, ())

    def answer(self, question: str, history: Sequence[str] | None = None) -> Answer:
        """Answer one question; `history` holds the earlier user questions, oldest first."""
        question, notice = intake.tidy(question, self.settings.max_question_chars)
        earlier = intake.tidy_history(history, self.settings.max_question_chars)
        result = self.searcher.search(question, earlier)
        answered = result.hits[0].chunk if result.covered(self.settings.min_confidence) else None
        vector = self.searcher.passage_vector(answered) if answered is not None else None
        suggestions = self.suggester.suggest(answered, vector, [*earlier, question])
        safety = CRISIS_MESSAGE if is_crisis(question) else ""
        return compose(question, result, self.settings.min_confidence, suggestions, safety, notice,
                       self.profile.not_covered_advice)
