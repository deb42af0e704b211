"""How telling each concept of a question is: its IDF in the documents, or how specific it is in everyday English."""

from __future__ import annotations

from collections.abc import Callable

from ..indexing.lexical import TermWeights
from ..words import is_stopword
from .question import Concept, Query
from .ranking import Weighing


class ConceptWeights:
    def __init__(self, idf: TermWeights, specificity: Callable[[tuple[str, ...]], float]):
        self.idf, self.unseen_idf, self.specificity = idf, idf.unseen, specificity

    def of(self, concept: Concept) -> float:
        """How telling a concept is: the IDF of its commonest alternative's rarest stem.

        A concept the documents never mention weighs the IDF of an unseen word scaled by how
        specific the word is in everyday English: "zinc" counts fully, "make" hardly at all.
        """
        if not self.seen(concept):
            return self.unseen_idf * self.specificity(concept.words)
        return min(max(self.idf.get(s, self.unseen_idf) for s in alternative)
                   for alternative in concept.alternatives if all(s in self.idf for s in alternative))

    def seen(self, concept: Concept) -> bool:
        """Whether any alternative of the concept occurs in the documents at all."""
        return any(all(s in self.idf for s in alternative) for alternative in concept.alternatives)

    def commonness(self, phrase: tuple[str, ...]) -> float:
        """How common a stemmed phrase is in the documents: minus the IDF of its rarest content stem."""
        content = [s for s in phrase if s in self.idf or not is_stopword(s)]
        return -max((self.idf.get(s, self.unseen_idf) for s in content), default=self.unseen_idf)

    def weighing(self, query: Query) -> Weighing:
        """Each concept of the question with its weight (conversation's concepts count less)."""
        return Weighing.of([(concept, concept.weight * self.of(concept)) for concept in query.concepts])
