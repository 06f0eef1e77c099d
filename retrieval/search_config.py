"""The settings of one searcher: which signals, their weights, candidates, abstention.

Each choice was measured on the dev files (eval/README.md); :class:`SearchConfig` validates
its values and names a bad one.
"""

from __future__ import annotations

from dataclasses import dataclass

RETRIEVERS = ("dense", "bm25", "hybrid")
FUSION_METHODS = ("blend", "rrf")

# Abstain when the question's relevance is below this. Chosen by the threshold sweep of
# `python -m retrieval evaluate` on eval/dev.jsonl; tests/test_quality.py fails if the
# sweep would now choose another value. dense and hybrid share the relevance signal (best
# sentence cosine); bm25 has its own scale.
ABSTAIN_BELOW = {"dense": 0.38, "hybrid": 0.38, "bm25": 0.92}


@dataclass(frozen=True)
class SearchConfig:
    """Weights of the blend, the follow-up context weight, the near-duplicate cut-off and
    the abstention threshold (None: the calibrated ABSTAIN_BELOW for the retriever).
    fusion "rrf" replaces the hybrid blend by reciprocal-rank fusion of the dense and BM25
    rankings (kept for comparison: it lost to the blend on the dev set)."""

    retriever: str = "hybrid"
    fusion: str = "blend"
    rrf_k: int = 60
    chunk_weight: float = 0.3
    sentence_weight: float = 0.5
    lexical_weight: float = 0.2
    lexical_saturation: float = 2.0
    context_weight: float = 0.3
    vague_context_weight: float = (
        0.5  # the context weight of a follow-up that names at most one thing ("what runs through it?")
    )
    near_duplicate: float | None = 0.95  # None keeps duplicates
    candidates: int = 100  # per signal; a corpus this small is all candidates
    abstain_below: float | None = None
    spelling: bool = True  # correct misspellings against the corpus vocabulary first
    lay_words: bool = True  # BM25 also looks for the articles' word for an everyday one
    question_weight: float = 1.5  # weight of the best match among the questions a passage answers
    rare_weight: float = 0.15  # weight of rare-term evidence in the blend
    rare_passages: int = 2  # a stem in at most this many passages is rare
    rare_answers: bool = True  # a rare, specific term of the question rules out abstaining
    hub_penalty: float = 0.0  # share of each passage's hub score subtracted from its cosines
    named_article: bool = True  # a question that names one article ("the Organic Facts piece") ranks its passages first

    def __post_init__(self) -> None:
        if self.retriever not in RETRIEVERS:
            raise ValueError(f"retriever must be one of {RETRIEVERS}, got {self.retriever!r}")
        if self.fusion not in FUSION_METHODS:
            raise ValueError(f"fusion must be one of {FUSION_METHODS}, got {self.fusion!r}")
        if not isinstance(self.rrf_k, int) or self.rrf_k < 1:
            raise ValueError(f"rrf_k must be an int >= 1, got {self.rrf_k!r}")
        for name in (
            "chunk_weight",
            "sentence_weight",
            "lexical_weight",
            "context_weight",
            "vague_context_weight",
            "question_weight",
            "rare_weight",
            "hub_penalty",
        ):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"{name} must be a number >= 0, got {value!r}")
        if self.chunk_weight + self.sentence_weight <= 0:
            raise ValueError("chunk_weight + sentence_weight must be > 0")
        if not self.lexical_saturation > 0:
            raise ValueError(f"lexical_saturation must be > 0, got {self.lexical_saturation!r}")
        if not isinstance(self.candidates, int) or isinstance(self.candidates, bool) or self.candidates < 1:
            raise ValueError(f"candidates must be an int >= 1, got {self.candidates!r}")
        if not isinstance(self.rare_passages, int) or isinstance(self.rare_passages, bool) or self.rare_passages < 1:
            raise ValueError(f"rare_passages must be an int >= 1, got {self.rare_passages!r}")
        if self.near_duplicate is not None and not 0 < self.near_duplicate <= 1:
            raise ValueError(f"near_duplicate must be in (0, 1], got {self.near_duplicate!r}")

    @property
    def method(self) -> str:
        """The fusion method: the retriever itself unless hybrid."""
        return self.fusion if self.retriever == "hybrid" else self.retriever

    @property
    def threshold(self) -> float:
        return ABSTAIN_BELOW[self.retriever] if self.abstain_below is None else self.abstain_below
