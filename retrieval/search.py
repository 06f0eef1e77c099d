"""Hybrid search over the index, with a calibrated decision to abstain when nothing in
the articles answers the question.

:class:`SearchEngine` holds the heavy state once (index, model, BM25, sentence index);
:class:`Searcher` is a cheap view of it with one :class:`SearchConfig`. The signals are in
``signals.py``, the ways to fuse them in ``fusion.py``. Shipped: 0.3 chunk + 0.5 sentence +
0.2 saturated BM25 (each choice measured on eval/dev.jsonl; see eval/README.md).

Abstention uses the best sentence cosine over the whole corpus: it separates answerable
from out-of-scope questions better than chunk cosines or the blended score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np

from .annotations import Uncovered
from .chunking import Chunk
from .embedding import Embedder
from .errors import QueryError
from .followup import OTHER_ARTICLE
from .fusion import FUSIONS, CandidateSignals
from .index import Index
from .search_config import ABSTAIN_BELOW, FUSION_METHODS, RETRIEVERS, SearchConfig  # noqa: F401 -- re-exported
from .shorthand import spell_out
from .signals import (
    LexicalIndex,
    QuestionIndex,
    SentenceIndex,
    dense_candidates,
    dense_scores,
    hub_scores,
    top_positions,
    unit,
)
from .sources import checks_attribution, named_articles, without_names
from .spelling import Corrected, Speller, specific
from .terms import FRAME_WORDS, TermStats, content_words, stem, with_lay_words
from .text import normalize_text, quoted_phrases, without_frame

# Abstention: below ABSTAIN_BELOW (search_config.py) on the best sentence cosine...
# ...unless the question is this near (mean of the 3 nearest) to what the articles answer and
# that much nearer to it than to what they don't (chosen on the dev files, eval/README.md).
RESCUE_ANSWERED = 0.40
RESCUE_MARGIN = 0.05
# Added, for ranking only, to the blended score of the passages of the one article a question
# names: more than any blend difference, so they come first.
NAMED_ARTICLE_BONUS = 10.0
# A passage with the very words the question quotes comes first, even before the article the
# question names: "the LEAFtv article calls them the 'posterior power center'" when the other
# article does.
QUOTED_BONUS = 2 * NAMED_ARTICLE_BONUS


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    chunk: Chunk
    article: dict  # attribution: article_id, title, author, publisher, url
    position: int  # row of the chunk in the index
    best_sentence: int  # index into chunk.sentences of the sentence closest to the question
    sentence_scores: tuple[float, ...] = ()  # how well each sentence of the chunk answers the question
    signals: Mapping[str, float] = field(default_factory=dict, compare=False)  # each signal's value (inspect view)

    @property
    def sentence_score(self) -> float:
        """How well the chunk's best sentence answers the question (0 without a model)."""
        return self.sentence_scores[self.best_sentence] if self.sentence_scores else 0.0

    def to_json(self) -> dict:
        """The stable JSON contract of ``search --json``."""
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "text": self.chunk.text,
            "chunk_id": self.chunk.id,
            "article_id": self.chunk.article_id,
            "title": self.article.get("title"),
            "author": self.article.get("author"),
            "publisher": self.article.get("publisher"),
            "url": self.article.get("url"),
            "section": self.chunk.section,
        }


@dataclass(frozen=True)
class SearchResult:
    query: str  # the question as asked
    abstained: bool
    hits: tuple[Hit, ...]  # best first, even when abstained
    relevance: float  # what the abstention decision compared with the threshold
    truncated: bool = False  # the question was longer than the model reads; its start was searched
    searched: str = ""  # the text searched: normalised, cut, misspellings corrected
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, searched) for each corrected word
    rare_terms: tuple[str, ...] = ()  # specific stems of the question that few passages contain
    support: float = 0.0  # best cosine with a sentence or with a question a sentence answers
    uncovered: Uncovered | None = None  # the closest question the articles don't answer
    uncovered_similarity: float = -1.0  # the message's cosine with it
    answered_evidence: float = 0.0  # mean cosine with the 3 nearest texts the articles answer
    unanswered_evidence: float = -1.0  # mean cosine with the 3 nearest questions they don't
    rescued: bool = False  # below the threshold, kept by a rare term or by questions the articles answer

    @property
    def evidence_margin(self) -> float:
        """How much nearer the question is to what the articles answer than to what they don't."""
        return self.answered_evidence - self.unanswered_evidence

    def to_json(self) -> dict:
        return {"query": self.query, "abstained": self.abstained, "hits": [hit.to_json() for hit in self.hits]}


class SearchEngine:
    """The heavy, shared part of search: index, model, BM25, sentence index, spelling and term
    statistics, hub scores. Build it once; :meth:`searcher` gives cheap searchers with any
    configuration. Thread-safe: nothing here changes after construction."""

    def __init__(self, index: Index, embedder: Embedder | None) -> None:
        self.index = index
        self.embedder = embedder
        texts = [c.embedding_text for c in index.chunks]
        self.lexical = LexicalIndex(texts)
        self.sentences = SentenceIndex(index)
        self.terms = TermStats.build(texts)
        attribution = [
            str(a.get(k) or "") for a in index.articles.values() for k in ("title", "author", "publisher", "author_bio")
        ]
        self.speller = Speller.from_texts(texts + attribution)
        self.questions = QuestionIndex(index)

    @cached_property
    def chunk_hubs(self) -> np.ndarray:
        """Hub scores of the chunks (only a hub penalty needs them)."""
        return hub_scores(self.index.chunk_vectors, np.arange(len(self.index.chunks)))

    @cached_property
    def casefolded_chunks(self) -> tuple[str, ...]:
        """Each chunk's text as quoted phrases are looked up in it."""
        return tuple(normalize_text(c.text).casefold() for c in self.index.chunks)  # whitespace already collapsed

    @cached_property
    def sentence_hubs(self) -> np.ndarray:
        return hub_scores(self.index.sentence_vectors, self.sentences.owner)

    def searcher(self, config: SearchConfig | None = None) -> Searcher:
        return Searcher(self, config)


def anchor_terms(terms: TermStats, words: Sequence[str], max_passages: int) -> list[str]:
    """The stems that rule out abstaining: rare in the articles and specific ("piriformis",
    not "world"), or a number they state beside another word of the question ("the 2018
    study"; not "what happened in 2018?", nor "39 percent of 200", whose 200 is nowhere)."""
    anchors = terms.rare([stem(w) for w in words if specific(w)], max_passages)
    numbers = [stem(w) for w in words if w.isdigit()]
    if numbers and all(terms.passages.get(n) for n in numbers):
        others = {stem(w) for w in words if not w.isdigit()}
        for number in terms.rare(numbers, max_passages):
            beside = set(terms.passages[number])
            if any(beside & set(terms.passages.get(other, ())) for other in others):
                anchors.append(number)
    return anchors


@dataclass(frozen=True)
class Prepared:
    """A question ready to search."""

    text: str  # normalised, cut to what the model reads, misspellings corrected
    truncated: bool
    corrections: tuple[tuple[str, str], ...]


class Searcher:
    """Answers questions with one configuration of a :class:`SearchEngine`."""

    def __init__(self, engine: SearchEngine, config: SearchConfig | None = None) -> None:
        self.engine = engine
        self.config = config or SearchConfig()
        if "dense" in FUSIONS[self.config.method][1] and engine.embedder is None:
            raise ValueError(f"the {self.config.retriever!r} retriever needs an embedder")
        # a reply prepares the same text several times (search, its texts, answerability, sources)
        self._prepare_text = lru_cache(maxsize=256)(self._prepare_uncached)

    @property
    def index(self) -> Index:
        return self.engine.index

    @property
    def embedder(self) -> Embedder | None:
        return self.engine.embedder

    def with_config(self, **changes) -> Searcher:
        """A searcher over the same engine with some settings changed."""
        return Searcher(self.engine, replace(self.config, **changes))

    def prepare(self, query: str) -> Prepared:
        """The question as it is searched: normalised, cut to what the model reads, and
        (when configured) with misspellings corrected against the corpus vocabulary."""
        if not isinstance(query, str):
            raise QueryError("the question must be text")
        # pasted essays are prepared afresh: the cache holds what people type
        return self._prepare_text(query) if len(query) <= 2_000 else self._prepare_uncached(query)

    def _prepare_uncached(self, query: str) -> Prepared:
        text = spell_out(without_frame(normalize_text(query)))
        if not text:
            raise QueryError("the question is empty; type a question about glute massage")
        cut = self.embedder.truncate(text) if self.embedder is not None else text
        corrected = self.engine.speller.correct(cut) if self.config.spelling else Corrected(cut)
        return Prepared(corrected.text, len(cut) < len(text), corrected.corrections)

    def texts(self, query: str, context: Sequence[str] = ()) -> list[str]:
        """What :meth:`search` embeds: the prepared question, then the follow-up context."""
        earlier = [self.prepare(c).text for c in context[-1:] if normalize_text(c)]
        text = self.prepare(query).text
        if earlier:  # "and the LEAFtv one?": the name ranks that article first; the meaning is the context's
            text = without_names(text, self.index.articles).strip() or text
        return [text, *earlier]

    def search(
        self, query: str, top_k: int = 5, context: Sequence[str] = (), vectors: np.ndarray | None = None
    ) -> SearchResult:
        """Best passages for ``query``. ``context``: earlier questions this one follows up
        on (most recent last); they steer the search without dominating it. ``vectors``:
        the embeddings of :meth:`texts`, when the caller already has them."""
        if not isinstance(top_k, int) or isinstance(top_k, bool) or top_k < 1:
            raise ValueError(f"top_k must be an int >= 1, got {top_k!r}")
        other = self._other_article(query, context)
        if other:  # "does the other one agree?": the previous question, asked of the other article
            asked = without_names(self.prepare(context[-1]).text, self.index.articles)
            return replace(self._search(asked, top_k, (), None, other), query=query)
        return self._search(query, top_k, context, vectors, None)

    def _other_article(self, query: str, context: Sequence[str]) -> frozenset[str]:
        """The articles a follow-up means by "the other one": all but the one its previous
        question named, or else all but the one that question's best passage is from."""
        if not (context and self.config.named_article and OTHER_ARTICLE.search(self.prepare(query).text)):
            return frozenset()
        articles = self.index.articles
        if named_articles(self.prepare(query).text, articles):
            return frozenset()
        previous = named_articles(self.prepare(context[-1]).text, articles)
        if not previous:
            hits = self._search(context[-1], 1, (), None, None).hits
            previous = frozenset({hits[0].chunk.article_id}) if hits else frozenset()
        return frozenset(articles) - previous if len(previous) == 1 else frozenset()

    def _in_articles(self, stems: Sequence[str], articles: frozenset[str]) -> bool:
        """Does any passage of ``articles`` contain one of ``stems``?"""
        chunks = self.index.chunks
        return any(chunks[p].article_id in articles for s in stems for p in self.engine.terms.passages.get(s, ()))

    def _search(
        self,
        query: str,
        top_k: int,
        context: Sequence[str],
        vectors: np.ndarray | None,
        named: frozenset[str] | None,
    ) -> SearchResult:
        """:meth:`search`; ``named``: the article(s) to rank first, instead of those named."""
        cfg = self.config
        prepared = self.prepare(query)
        query_vector, relevance, vectors, candidates, lexical = self._candidates(self.texts(query, context), vectors)
        words = content_words(prepared.text)
        rare = self.engine.terms.rare([stem(w) for w in words], cfg.rare_passages)
        anchors = anchor_terms(self.engine.terms, words, cfg.rare_passages)
        dense = dense_scores(self.engine.sentences, query_vector, candidates) if query_vector is not None else None
        questions = self.engine.questions.scores(query_vector) if query_vector is not None else None
        evidence = self.engine.terms.evidence(rare, candidates) if rare else None
        signals = self._signals(dense, lexical, evidence, candidates)
        if dense is not None:
            # a passage without questions of its own counts its best sentence instead
            own = questions[candidates] if questions is not None else np.full(len(candidates), -1.0)
            signals = replace(signals, question=np.where(own > -1, own, dense.sentence))
        scores = np.asarray(FUSIONS[cfg.method][0](signals, cfg))
        if named is None:
            named = frozenset()
        if cfg.named_article and not named:  # the article the question names, or the one it follows up on names
            # ("who wrote the Organic Facts one?" - "and what does he say about knees?")
            named = named_articles(prepared.text, self.index.articles) or (
                named_articles(context[-1], self.index.articles) if context else frozenset()
            )
        if len(named) == 1 and (
            checks_attribution(prepared.text) or (anchors and not self._in_articles(anchors, named))
        ):
            # the question checks an attribution ("is it the Organic Facts article that says
            # ...?"), or what it names is only in the other article ("was it the Organic Facts
            # one that quotes Dr Seedman?"): the words, not the article named, decide
            named = frozenset()
        order = scores  # what ranks; each hit still reports its own blended score
        if len(named) == 1:  # asked about one article: its passages first, in their own order
            own = np.array([self.index.chunks[int(c)].article_id in named for c in candidates])
            if own.any():
                order = scores + np.where(own, NAMED_ARTICLE_BONUS, 0.0)
        quoted = quoted_phrases(query)
        if quoted:
            texts = self.engine.casefolded_chunks
            has = np.array([any(p in texts[int(c)] for p in quoted) for c in candidates])
            order = order + np.where(has, QUOTED_BONUS, 0.0)
        if cfg.method == "bm25":
            relevance = float(signals.lexical.max())
        by_sentence = self.engine.questions.sentence_scores(query_vector) if query_vector is not None else None
        hits = tuple(
            replace(
                self._hit(
                    rank, float(scores[i]), int(candidates[i]), dense.sentence_scores[i] if dense else None, by_sentence
                ),
                signals=signals.of(i),
            )
            for rank, i in enumerate(self._diverse_top(order, candidates, top_k), start=1)
        )
        uncovered, uncovered_similarity = (
            self.engine.questions.nearest_uncovered(vectors[0]) if query_vector is not None else (None, -1.0)
        )
        answered, unanswered = (
            self.engine.questions.evidence(query_vector, self.index.sentence_vectors)
            if query_vector is not None
            else (relevance, -1.0)
        )
        abstained = self._abstains(relevance, anchors, answered, unanswered)
        if abstained and context and hits:
            # a follow-up about the passage its question found ("where did he publish it?",
            # "what year was that?"): as relevant as that question; the Judge still checks its topic
            previous = self._search(context[-1], 1, (), None, None)
            abstained = previous.abstained or not previous.hits or previous.hits[0].chunk.id != hits[0].chunk.id
        return SearchResult(
            query=query,
            abstained=abstained,
            rescued=not abstained and cfg.method != "bm25" and relevance < cfg.threshold,
            hits=hits,
            relevance=relevance,
            truncated=prepared.truncated,
            searched=prepared.text,
            corrections=prepared.corrections,
            rare_terms=tuple(anchors),
            support=max(relevance, float(questions.max())) if questions is not None and len(questions) else relevance,
            uncovered=uncovered,
            uncovered_similarity=uncovered_similarity,
            answered_evidence=answered,
            unanswered_evidence=unanswered,
        )

    def _candidates(self, texts: list[str], vectors: np.ndarray | None):
        """(query vector, relevance, the texts' vectors, candidate positions, their BM25) for
        the question and its context; the dense parts are None for BM25 alone and vice versa."""
        needs = FUSIONS[self.config.method][1]
        pools: list[np.ndarray] = []
        query_vector, relevance, lexical_all = None, 0.0, None
        if "dense" in needs:
            query_vector, pool, relevance, vectors = self._dense(texts, vectors)
            pools.append(pool)
        if "lexical" in needs:
            lexical_all = self._lexical(texts)
            pools.append(top_positions(lexical_all, self.config.candidates))
        candidates = np.unique(np.concatenate(pools))
        lexical = lexical_all[candidates] if lexical_all is not None else None
        return query_vector, relevance, vectors, candidates, lexical

    def _abstains(self, relevance: float, anchors: list[str], answered: float, unanswered: float) -> bool:
        """Below the threshold, unless a rare, specific term of the question is in the articles
        or questions they answer are clearly nearer than those they don't ("mood boost",
        "sports masseur")."""
        cfg = self.config
        asked_before = (
            unanswered > -1.0  # only a corpus that says what it doesn't cover can tell
            and answered >= RESCUE_ANSWERED
            and answered - unanswered >= RESCUE_MARGIN
        )
        return relevance < cfg.threshold and not (cfg.rare_answers and anchors) and not asked_before

    def _dense(self, texts: list[str], vectors: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
        """(query vector, candidate positions, relevance, the texts' own vectors) for the
        question and its context."""
        vectors = self.embedder.embed_queries(texts) if vectors is None else vectors
        query_vector = unit(vectors[0] + self._context_weight(texts) * vectors[1:].sum(axis=0))
        pool, best = dense_candidates(self.engine.sentences, query_vector, self.config.candidates)
        # a follow-up on its own ("who said that?") is vague: judge it with its context
        relevance = best if len(texts) == 1 else self.engine.sentences.best(unit(vectors.sum(axis=0)))
        return query_vector, pool, relevance, vectors

    def _lexical(self, texts: list[str]) -> np.ndarray:
        """BM25 of the question (with the articles' words for everyday ones) and its context."""
        lexical = self.engine.lexical
        expand = with_lay_words if self.config.lay_words else (lambda t: t)
        scores = lexical.scores(expand(texts[0]))
        if len(texts) > 1:
            scores = scores + self._context_weight(texts) * lexical.scores(expand(texts[1]))
        return scores

    def _context_weight(self, texts: list[str]) -> float:
        """A follow-up that names at most one thing ("what runs through it?") leans on its context more."""
        if len(texts) < 2:
            return self.config.context_weight
        return self.config.vague_context_weight if len(self._named_words(texts[0])) <= 1 else self.config.context_weight

    @staticmethod
    def _named_words(text: str) -> list[str]:
        return [w for w in content_words(text) if w not in FRAME_WORDS]

    def _signals(self, dense, lexical, evidence: np.ndarray | None, candidates: np.ndarray) -> CandidateSignals:
        """The fused signals; dense cosines less the hub penalty when one is configured."""
        penalty = self.config.hub_penalty
        chunk = sentence = None
        if dense is not None:
            engine = self.engine
            chunk = dense.chunk
            if penalty:
                chunk = chunk - penalty * (engine.chunk_hubs[candidates] - engine.chunk_hubs.mean())
                rows, _ = engine.sentences.rows_of(candidates)
                hubs = np.split(engine.sentence_hubs[rows] - engine.sentence_hubs.mean(), _group_starts(dense))
                sentence = np.array([float(np.max(s - penalty * h)) for s, h in zip(dense.sentence_scores, hubs)])
            else:
                sentence = dense.sentence
        return CandidateSignals(chunk=chunk, sentence=sentence, lexical=lexical, rare=evidence)

    def _hit(
        self,
        rank: int,
        score: float,
        position: int,
        sentence_scores: np.ndarray | None,
        by_sentence: np.ndarray | None = None,
    ) -> Hit:
        """A hit; how well each of its sentences answers the question is the better of the
        sentence's own cosine and that of the best question it answers."""
        chunk = self.index.chunks[position]
        if sentence_scores is not None and by_sentence is not None:
            start = self.index.sentence_rows[position]
            sentence_scores = np.maximum(sentence_scores, by_sentence[start : start + len(sentence_scores)])
        return Hit(
            rank=rank,
            score=score,
            chunk=chunk,
            article=self.index.articles[chunk.article_id],
            position=position,
            best_sentence=int(np.argmax(sentence_scores)) if sentence_scores is not None else 0,
            sentence_scores=tuple(float(s) for s in sentence_scores) if sentence_scores is not None else (),
        )

    def _diverse_top(self, scores: np.ndarray, positions: np.ndarray, top_k: int) -> list[int]:
        """Indices into ``scores``, best first, skipping passages nearly identical to a better one."""
        vectors = self.index.chunk_vectors
        cutoff = self.config.near_duplicate
        chosen: list[int] = []
        for i in np.argsort(-scores, kind="stable"):
            if len(chosen) == top_k:
                break
            if (
                chosen
                and cutoff is not None
                and float(np.max(vectors[positions[chosen]] @ vectors[positions[i]])) >= cutoff
            ):
                continue
            chosen.append(int(i))
        return chosen


def _group_starts(dense) -> list[int]:
    """Where each candidate's sentences start in the concatenated rows (for np.split)."""
    lengths = [len(s) for s in dense.sentence_scores]
    return list(np.cumsum(lengths)[:-1])
