"""Baselines and ablations: what a typical Space would do, and the shipped configuration
with one part changed at a time."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..chunking import Chunk, ChunkerConfig
from ..embedding import Embedder
from ..index import Index, build_index, load_index
from ..search import SearchConfig, SearchEngine, Searcher
from .experiments import RetrieverRun, run_retriever
from .questions import Question

BASELINE_NAME = "LangChain baseline (500-char chunks, dense)"


def langchain_chunks(articles: Sequence, size: int = 500, overlap: int = 50) -> list[Chunk]:
    """Each article cut by LangChain's own RecursiveCharacterTextSplitter (its defaults but
    the size), with the character offsets it reports."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap, add_start_index=True)
    chunks: list[Chunk] = []
    for article in articles:
        for i, document in enumerate(splitter.create_documents([article.body])):
            start = int(document.metadata["start_index"])
            end = start + len(document.page_content)
            text = document.page_content
            chunks.append(Chunk(f"{article.id}:lc{i:02d}", article.id, i, None, start, end, text, ((start, end),)))
    return chunks


def naive_baseline(
    index: Index, articles: Sequence, embedder: Embedder, size: int = 500, overlap: int = 50
) -> Searcher:
    """A typical "LangChain + FAISS" Space: LangChain's 500-character chunks of each article,
    no headings, no sentences, no BM25, no spelling, chunk cosine only."""
    import faiss

    chunks = langchain_chunks(articles, size, overlap)
    vectors = embedder.embed_passages([c.text for c in chunks])
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    baseline_index = Index(
        manifest={},
        articles=index.articles,
        chunks=tuple(chunks),
        faiss_index=flat,
        chunk_vectors=vectors,
        sentence_vectors=vectors,  # one "sentence" per chunk: the chunk itself
        sentence_rows=tuple(range(len(chunks) + 1)),
    )
    plain = SearchConfig()  # none of this project's query handling: one cosine per chunk, one context weight
    config = SearchConfig(
        retriever="dense",
        chunk_weight=1.0,
        sentence_weight=0.0,
        spelling=False,
        lay_words=False,
        named_article=False,
        vague_context_weight=plain.context_weight,
    )
    return SearchEngine(baseline_index, embedder).searcher(config)


# --- ablations: the shipped configuration with one thing changed ------------------------------

ABLATION_CHUNK_SIZES = (250, 350, 550, 700)


@dataclass(frozen=True)
class Ablation:
    name: str
    chunks: int
    run: RetrieverRun


def config_variants(searcher: Searcher) -> list[tuple[str, Searcher]]:
    """The shipped searcher with one setting changed, each named by what changed."""
    return [
        ("reciprocal-rank fusion instead of the blend", searcher.with_config(fusion="rrf")),
        ("without the best-sentence signal", searcher.with_config(sentence_weight=0.0)),
        ("without the chunk signal", searcher.with_config(chunk_weight=0.0)),
        ("without BM25", searcher.with_config(lexical_weight=0.0)),
        ("without spelling correction", searcher.with_config(spelling=False)),
        ("without everyday-word mapping", searcher.with_config(lay_words=False)),
        ("without rare-term evidence", searcher.with_config(rare_weight=0.0, rare_answers=False)),
        ("without the questions each sentence answers", searcher.with_config(question_weight=0.0)),
        ("with a hub penalty of 0.2", searcher.with_config(hub_penalty=0.2)),
        ("without ranking the article a question names first", searcher.with_config(named_article=False)),
        ("follow-ups: previous question ignored", searcher.with_config(context_weight=0.0, vague_context_weight=0.0)),
        ("follow-ups: previous question at full weight", searcher.with_config(context_weight=1.0)),
    ]


def run_ablations(
    searcher: Searcher, questions: Sequence[Question], corpus_dir: Path, top_k: int = 5
) -> list[Ablation]:
    """Hybrid search with one change at a time, to show what each part is worth. Other
    chunk sizes are built into temporary indexes with the same model."""
    variants: list[tuple[str, Searcher]] = [("shipped (450-char chunks, blend)", searcher)]
    for size in ABLATION_CHUNK_SIZES:
        config = ChunkerConfig(max_chars=size)
        with tempfile.TemporaryDirectory() as tmp:
            build_index(corpus_dir, Path(tmp) / "index", searcher.embedder, config)
            index = load_index(
                Path(tmp) / "index", corpus_dir=corpus_dir, config=config, model_sha256=searcher.embedder.weights_sha256
            )
        variants.append((f"{size}-char chunks", SearchEngine(index, searcher.embedder).searcher(searcher.config)))
    variants += config_variants(searcher)
    return [
        Ablation(name, len(s.index.chunks), run_retriever(s, questions, top_k, name="hybrid")) for name, s in variants
    ]
