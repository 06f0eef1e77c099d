"""Which passages a reply cites, and which sentence leads it.

Up to ``max_passages`` relevant passages, best first; a passage from another article that
makes the same point as the best one is cited right after it (corroboration). The lead is
the answering sentence of the best passage, verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .index import Index
from .search import Hit, SearchResult
from .text import LEANS_BACK

# Two articles "make the same point" when their answering sentences are this close to each
# other (cosine) and the second answers the question nearly as well as the first. Measured
# on the dev questions: same-claim pairs (sciatica, largest muscle, knee imbalance) score
# 0.75-0.91; generic "massage has benefits" pairs score high too but answer less well.
CORROBORATION_SIMILARITY = 0.75
CORROBORATION_MARGIN = 0.10


@dataclass(frozen=True)
class Passage:
    """A cited passage and the sentence in it that answers the question."""

    hit: Hit
    highlight: int  # index into hit.chunk.sentences
    corroborates: bool = False  # cited because it makes the same point as the passage before it

    @property
    def sentence(self) -> str:
        return self.hit.chunk.sentence_texts()[self.highlight]


def _makes_the_same_point(index: Index, best: Hit, other: Hit) -> bool:
    similarity = float(
        np.dot(
            index.sentence_vector(best.position, best.best_sentence),
            index.sentence_vector(other.position, other.best_sentence),
        )
    )
    return similarity >= CORROBORATION_SIMILARITY and other.sentence_score >= best.sentence_score - CORROBORATION_MARGIN


def select_passages(result: SearchResult, index: Index, threshold: float, max_passages: int) -> tuple[Passage, ...]:
    """Relevant passages (answering sentence at or above ``threshold``; at least the best
    one), with at most one corroborating passage from another article after the first."""
    relevant = [h for h in result.hits if h.sentence_score >= threshold] or [result.hits[0]]
    best = relevant[0]
    chosen = [Passage(best, best.best_sentence)]
    for hit in relevant[1:]:
        if hit.chunk.article_id != best.chunk.article_id and _makes_the_same_point(index, best, hit):
            chosen.append(Passage(hit, hit.best_sentence, corroborates=True))
            break
    cited = {p.hit.chunk.id for p in chosen}
    for hit in relevant[1:]:
        if len(chosen) == max_passages:
            break
        if hit.chunk.id not in cited:
            chosen.append(Passage(hit, hit.best_sentence))
    return tuple(chosen)


def lead_of(passage: Passage) -> str:
    """The answering sentence, verbatim; with the sentence before it when it opens by
    pointing back ("They can also...")."""
    chunk = passage.hit.chunk
    sentences = chunk.sentence_texts()
    i = passage.highlight
    if i > 0 and LEANS_BACK.match(sentences[i]):
        return chunk.text[chunk.sentences[i - 1][0] - chunk.start : chunk.sentences[i][1] - chunk.start]
    return sentences[i]
