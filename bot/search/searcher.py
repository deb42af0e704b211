"""Dense (FAISS) and lexical (BM25) search over the chunks, fused into one ranking, with the follow-up decision.

Candidates come from both searches; each is scored on the features of search/ranking.py and
ranked by their weighted sum. Every hit carries its confidence; the result says which reading
of the question (alone, or with the conversation) it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from ..config import Settings
from ..indexing.chunk_store import section_run
from ..indexing.encoders import Encoder
from ..indexing.lexical import TermWeights
from ..indexing.store import SearchIndex
from ..ingest.chunking import Chunk
from ..words import position_in, terms
from . import followups
from .question import Concept, Query, QueryParser, asking_sentence
from .ranking import Features, Weighing, centred, confidence, cosine_features, holds, products, score, top_k, unit_scores
from .results import Hit, Reading, SearchResult
from .synonyms import SynonymGroup
from .taught import TaughtQuestions
from .weights import ConceptWeights

HITS = 5  # passages returned: the answer's and the other sources
SUBJECT_SHARE = 0.2  # a word in at least this share of the passages is the corpus's general subject, not a focus
NEAR_WORD_COSINE = 0.7  # a document word this close in meaning to a question's word stands for it
OWN_FOCUS = 0.5  # share of its own focus a follow-up's passage must hold for the conversation to be used
KNOWN_WORD = 0.3  # words less specific than this in everyday English ("make", "tell") are not worth naming
MEMO_SIZE = 4096  # remembered focus-word vectors and earlier questions, at most
PROSE = ("faq", "paragraph")  # chunk kinds whose answer is a run of sentences


class Searcher:
    def __init__(self, index: SearchIndex, encoder: Encoder, settings: Settings,
                 synonym_groups: Sequence[SynonymGroup] = (), known_words: Callable[[], frozenset[str]] = frozenset):
        self.index, self.encoder = index, encoder
        self.ranking = settings.ranking
        self.calibration = settings.calibration
        self.lexical = index.lookups.lexicon.bm25
        self.idf = TermWeights(self.lexical)
        self.weights = ConceptWeights(self.idf, index.lookups.everyday.specificity)
        self.offsets = np.concatenate([[0], np.cumsum(index.chunks.key_counts)]).astype(np.int64)
        self.position = {chunk_id: n for n, chunk_id in enumerate(index.chunks.ids)}
        self.taught = TaughtQuestions(index, self.position)
        self.subject = self.idf.in_share(SUBJECT_SHARE, self.lexical.terms)
        self.word_stems = index.lookups.lexicon.word_stems
        self.lemmas = index.lookups.lexicon.lemmas
        self.parser = QueryParser(index.lookups.lexicon.corpus_words, list(synonym_groups), self.lemmas, known_words,
                                  self.weights.commonness, index.lookups.everyday.listed)
        self._stems: dict[int, tuple[frozenset[str], tuple[frozenset[str], ...]]] = {}
        # Remembered: a conversation asks the same earlier questions again each turn.
        self._mentions_documents = lru_cache(maxsize=MEMO_SIZE)(self._uses_document_words)
        self._focus_vectors: dict[str, np.ndarray] = {}

    def search(self, question: str, history: Sequence[str] = (), k: int = HITS) -> SearchResult:
        """The k best chunks for the question, read in the context of the conversation when it leans on it.

        A question that points back ("how long do *they* last?") or is short ("how many
        patients?") is also searched together with the earlier question; the reading the
        bot is more confident in wins, so a question that stands on its own keeps its meaning.
        """
        alone = self.parser.parse(question)
        # Earlier questions with no word of the documents (a detour: "what is the capital of France?") never
        # become context: a follow-up after one leans on the last question that was about the documents.
        history = [q for q in history if self._mentions_documents(q)]
        leans = bool(history) and followups.may_lean_back(question, len(alone.concepts))
        with_context = self.parser.parse(question, followups.context_of(history)) if leans else None
        reading, *in_context = self.readings([alone] if with_context is None else [alone, with_context])
        hits = self.rank(alone, k, reading)
        as_written = {word.lower(): word for word in re.findall(r"\w+", question)}
        unknown = tuple(as_written.get(w, w) for c in alone.concepts
                        if not self.weights.seen(c) and self.weights.specificity(c.words) >= KNOWN_WORD for w in c.words)
        context_hits = self.rank(with_context, k, in_context[0]) if with_context is not None else ()
        # The conversation may say what a question refers to, never whether the documents cover it: a question
        # that does not point back is read with it only when the passage found answers its own focus (answers_own).
        answers_own = bool(context_hits) and self.answers_own(reading.focus, context_hits[0])
        if (with_context is not None and context_hits and (followups.refers_back(question) or answers_own)
                and (not hits or followups.prefer_context(question, hits[0].confidence, context_hits[0].confidence))):
            # The conversation found the passage; in prose the question's own words pick the part that answers
            # ("what if it is statically linked?"). A table's rows and a list's items stay picked with the
            # conversation: there the earlier question names the row ("how many patients?" in *that* study).
            top = context_hits[0]
            own_part = top.chunk.kind in PROSE and not top.taught  # the owner's passage stays the answer
            if own_part:
                top = self.own_part(alone, reading, top)
                context_hits = self.in_front(top, context_hits)
            return SearchResult(with_context, context_hits, True, self.section_run(top.chunk), unknown, own_part)
        hits, asked_part = self.asked_part(question, hits)  # only for the reading given: it embeds one more sentence
        # An FAQ entry quoted from its reply's opening goes on to the part the question's words match best.
        detail = (self.own_part(alone, reading, hits[0])
                  if hits and not asked_part and hits[0].chunk.kind == "faq" and not hits[0].taught else None)
        return SearchResult(alone, hits, False, self.section_run(hits[0].chunk) if hits else (), unknown, asked_part,
                            detail)

    def asked_part(self, question: str, hits: tuple[Hit, ...]) -> tuple[tuple[Hit, ...], bool]:
        """For a question that tells its situation first ("lsof is slow on Solaris 8. Is there a workaround?"), the
        hits with the top one moved to the part that answers, and whether it was: the whole question finds the entry,
        as a conversation does; the sentence that asks picks the part (the situation mostly restates the entry's
        question, whose answer opens by restating the problem too). A passage an owner taught for it stays. A sentence
        that asks with one word and points back to the situation ("Can I turn *that* off?", "Is *it* broken?") says too
        little to pick a part: the whole question does, as for any question."""
        asking = asking_sentence(question)
        asked = self.parser.parse(asking) if asking and hits and hits[0].chunk.kind in PROSE and not hits[0].taught else None
        if (asked is None or not any(self.weights.seen(c) for c in asked.concepts)
                or (len(asked.concepts) <= 1 and followups.refers_back(asking or ""))):
            return hits, False
        return self.in_front(self.own_part(asked, self.read(asked), hits[0]), hits), True

    @staticmethod
    def in_front(top: Hit, hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
        """The hits with top first: the part own_part picked, then the others (the part that found it among them)."""
        return (top, *(h for h in hits if h.chunk.id != top.chunk.id))

    def answers_own(self, focus: list[tuple[Concept, float, frozenset[str]]], hit: Hit) -> bool:
        """Whether the passage answers the question's own focus: it holds every specific word of it ("president"
        and "united" in "who is the president of the United States?"), literally, by a synonym or by a word of like
        meaning; a question with no specific word ("how long?"), at least half of its focus by weight."""
        stems = self._unit_stems(self.position[hit.chunk.id])[0]
        specific = [(concept, near) for concept, _, near in focus if self.weights.specificity(concept.words) >= KNOWN_WORD]
        if not specific:
            return hit.features.focus >= OWN_FOCUS
        return all(holds(concept, near, stems) for concept, near in specific)

    def own_part(self, query: Query, reading: Reading, hit: Hit) -> Hit:
        """The hit moved to the passage of its section run (an FAQ answer cut in several, a section's paragraphs)
        whose sentences the question's own words match best (a focus word also by the document words of like
        meaning: "Mac" by "macOS", weighing as that word), its units scored by those words."""
        near = {concept: tuple((stem,) for stem in sorted(stems)) for concept, _, stems in reading.focus}
        weighing = self.weights.weighing(replace(query, concepts=tuple(
            replace(c, alternatives=c.alternatives + near.get(c, ())) for c in query.concepts)))
        best_score, best = -1.0, hit
        run = sorted(self.section_run(hit.chunk), key=lambda c: c.id != hit.chunk.id)  # the hit's own first
        numbers = [self.position[chunk.id] for chunk in run]
        for chunk, number, (cosines, _) in zip(run, numbers, self.key_cosines(numbers, reading.vector)):
            scores = unit_scores(cosines, self._unit_coverage(number, weighing))
            answers = [x for x, unit in zip(scores, chunk.units) if unit.role != "question"] or scores
            answering = max(answers, default=0.0)
            if answering > best_score:
                best_score, best = answering, replace(hit, chunk=chunk, unit_scores=scores)
        return best

    def _uses_document_words(self, question: str) -> bool:
        """Whether a question uses any word of the documents."""
        return any(self.weights.seen(c) for c in self.parser.parse(question).concepts)

    def section_run(self, chunk: Chunk) -> tuple[Chunk, ...]:
        """The consecutive chunks of the chunk's section and kind, in document order, the chunk among them."""
        return section_run(self.index.chunks, self.position[chunk.id])

    def passage_vector(self, chunk: Chunk) -> np.ndarray:
        """The stored vector of the chunk's whole passage (its first search key)."""
        return self.index.vectors.reconstruct(int(self.offsets[self.position[chunk.id]]))

    def _unit_stems(self, chunk_number: int) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
        """Stems of the whole passage and of each unit; worked out once per chunk, when first a candidate."""
        if chunk_number not in self._stems:
            keys = self.index.chunks.keys(chunk_number)
            self._stems[chunk_number] = (frozenset(terms(keys[0], self.lemmas)),
                                         tuple(frozenset(terms(k, self.lemmas)) for k in keys[1:]))
        return self._stems[chunk_number]

    def candidates(self, query_vector: np.ndarray, lexical: np.ndarray) -> list[int]:
        """Chunks worth scoring: those of the best FAISS rows, then the best BM25 chunks."""
        k = min(self.ranking.dense_candidates, self.index.vectors.ntotal)
        if k == 0:
            return []  # documents that hold no passage
        _, rows = self.index.vectors.search(query_vector[None, :], k)
        dense = dict.fromkeys(int(self.index.key_chunk[r]) for r in rows[0] if r >= 0)
        top_lexical = top_k(lexical, self.ranking.lexical_candidates)
        return list(dict.fromkeys([*dense, *(int(i) for i in top_lexical if lexical[i] > 0)]))

    def own_focus(self, query: Query) -> list[Concept]:
        """The question's own concepts that are not the corpus's subject."""
        return [c for c in query.concepts if c.weight == 1.0 and not any(set(a) <= self.subject for a in c.alternatives)]

    def _wordings(self, query: Query) -> list[str]:
        """What is embedded of a reading (see Reading): in the documents' words, then as asked if taught questions
        need it; a follow-up after the question it leans on."""
        questions = [query.document_text or query.search_text]
        if query.document_text and len(self.taught.vectors):
            questions.append(query.search_text)
        return [f"{query.context_text} {text}" for text in questions] if query.context_text else questions

    def embed(self, queries: list[Query], focus: list[Concept]) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
        """Each reading's vectors (see Reading: in the documents' words and as asked) and the focus words', in one
        call of the encoder. Focus words' vectors are remembered; only local lookups are trusted: another thread
        may clear the memo at any moment."""
        wordings = [self._wordings(query) for query in queries]
        questions = [text for texts in wordings for text in texts]
        words = [" ".join(c.words) for c in focus] if len(self.index.lookups.words) else []
        found = {text: vector for text in words if (vector := self._word_vector(text)) is not None}
        missing = [text for text in dict.fromkeys(words) if text not in found]
        vectors = self.encoder.encode([*questions, *missing])
        fresh = dict(zip(missing, vectors[len(questions):]))
        found.update(fresh)
        if len(self._focus_vectors) + len(fresh) > MEMO_SIZE:
            self._focus_vectors.clear()
        self._focus_vectors.update(fresh)
        word_vectors = np.stack([found[t] for t in words]) if words else np.zeros((0, vectors.shape[1]), np.float32)
        ends = np.cumsum([len(texts) for texts in wordings])
        return [(vectors[end - len(texts)], vectors[end - 1]) for texts, end in zip(wordings, ends)], word_vectors

    def _word_vector(self, text: str) -> np.ndarray | None:
        """A word's vector if it is known already: a word of the documents (embedded at build) or one remembered."""
        n = position_in(self.index.lookups.words, text)
        return self.index.lookups.word_vectors[n] if n is not None else self._focus_vectors.get(text)

    def focus(self, own: list[Concept], word_vectors: np.ndarray) -> list[tuple[Concept, float, frozenset[str]]]:
        """Each focus concept with its weight and the stems of the document words that mean about the same
        (NEAR_WORD_COSINE)."""
        if not len(word_vectors):
            return [(c, self.weights.of(c), frozenset()) for c in own]
        similar = products(word_vectors, self.index.lookups.word_vectors)
        return [(c, self.weights.of(c), frozenset(self.word_stems[w] for w in np.flatnonzero(row >= NEAR_WORD_COSINE)))
                for c, row in zip(own, similar)]

    def key_cosines(self, chunk_numbers: list[int], query_vector: np.ndarray) -> list[np.ndarray]:
        """Each chunk's cosines of its search keys (passage, then units) with the question: two rows, the plain
        cosines and those measured from the corpus's centre (see ranking.centred)."""
        if not chunk_numbers:
            return []
        starts, ends = self.offsets[chunk_numbers], self.offsets[np.asarray(chunk_numbers, dtype=np.int64) + 1]
        rows = np.concatenate([np.arange(a, b, dtype=np.int64) for a, b in zip(starts, ends)])
        # reconstruct_batch, not reconstruct_n: on an IVF index the latter scans every list.
        keys = self.index.vectors.reconstruct_batch(rows)
        plain, centre = keys @ query_vector, self.index.lookups.centre
        both = np.vstack([plain, centred(plain, keys @ centre, float(query_vector @ centre), centre)])
        return np.split(both, np.cumsum(ends - starts)[:-1], axis=1)

    def _unit_coverage(self, chunk_number: int, weighing: Weighing) -> list[float]:
        """The weighted share of the question's concepts each unit of the chunk holds."""
        return [weighing.share(stems) for stems in self._unit_stems(chunk_number)[1]]

    def read(self, query: Query) -> Reading:
        """The question's vectors (see embed) and its own focus (see focus): what ranking needs."""
        return self.readings([query])[0]

    def readings(self, queries: list[Query]) -> list[Reading]:
        """Readings of one question (alone, with the conversation), embedded in one call of the encoder; their own
        focus is the question's own, the first reading's."""
        own = self.own_focus(queries[0])
        vectors, word_vectors = self.embed(queries, own)
        focus = self.focus(own, word_vectors)
        return [Reading(vector, as_asked, focus) for vector, as_asked in vectors]

    def rank(self, query: Query, k: int, reading: Reading | None = None) -> tuple[Hit, ...]:
        """The k best chunks for a parsed question, each with its features and confidence.

        `reading`: the question's vectors and focus, when already worked out (see read).
        A passage with a taught question that means the same as this one comes first, at least as
        confident as the two questions are similar: the owner said it answers the question.
        """
        if reading is None:
            reading = self.read(query)
        focus = reading.focus
        lexical = self.lexical.scores_for_terms(query.lexical_terms)
        taught = self.taught.matches(np.vstack([reading.vector, reading.as_asked]))
        chosen = list(dict.fromkeys([*taught, *self.candidates(reading.vector, lexical)]))
        best_lexical = max((lexical[c] for c in chosen), default=0.0) or 1.0
        weighing = self.weights.weighing(query)
        novelty = sum(w for concept, w in weighing.concepts if not self.weights.seen(concept)) / weighing.total
        focus_weight = sum(w for _, w, _ in focus)
        # No focus: a question about the subject itself is covered by it; one with no word of the corpus is not.
        no_focus = 1.0 if any(self.weights.seen(c) for c in query.concepts) else 0.0
        scored = []
        for c, (cosines, centred_cosines) in zip(chosen, self.key_cosines(chosen, reading.vector)):
            chunk, passage_stems = self.index.chunks[c], self._unit_stems(c)[0]
            unit_coverage = self._unit_coverage(c, weighing)
            passage, unit, question, centred_question = cosine_features(chunk, cosines, centred_cosines)
            features = Features(
                passage=passage, unit=unit, question=question, centred_question=centred_question,
                bm25=float(lexical[c] / best_lexical),
                coverage=weighing.share(passage_stems),
                unit_coverage=max(unit_coverage, default=0.0),
                novelty=novelty,
                focus=sum(w for concept, w, near in focus if holds(concept, near, passage_stems))
                / focus_weight if focus_weight else no_focus,
            )
            scored.append((-taught.get(c, 0.0), -score(features, self.ranking), c, features, cosines, unit_coverage))
        scored.sort(key=lambda row: row[:2])
        # Confidence and each unit's score (cosine + coverage, which cut the answer's excerpt) only for the hits returned.
        return tuple(Hit(self.index.chunks[c], -minus_score, max(confidence(features, self.calibration), -minus_taught),
                         features, unit_scores(cosines, unit_coverage), taught=minus_taught < 0)
                     for minus_taught, minus_score, c, features, cosines, unit_coverage in scored[:k])
