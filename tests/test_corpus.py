"""The corpus files: attribution in front matter, verbatim article prose, nothing lost."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import frontmatter
import pytest
import yaml

from retrieval.corpus import load_corpus, parse_paragraphs
from retrieval.errors import CorpusError
from retrieval.search import normalize_text
from retrieval.settings import REPO_ROOT

CORPUS = REPO_ROOT / "corpus"
RAW = CORPUS / "raw"
SEEDS = {
    "organicfacts-butt-massage-benefits": "000_7a4e5a7d69561efd.txt",
    "leaftv-4-reasons-butt-massage": "001_4e5b237768920aa8.txt",
}
CAPTION = "Gluteal muscles of a woman standing with a measuring tape"


def _seed_lines(name: str) -> list[str]:
    return [line.strip() for line in (RAW / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _squash(text: str) -> str:
    # The only edit allowed: runs of whitespace (non-breaking spaces included) become one space.
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


@pytest.fixture(scope="module")
def articles():
    return {a.id: a for a in load_corpus(CORPUS)}


def test_attribution_matches_sources(articles):
    of = articles["organicfacts-butt-massage-benefits"]
    assert (of.title, of.author, of.publisher, of.url) == (
        "Butt Massage Benefits",
        "John Staughton",
        "Organic Facts",
        "https://www.organicfacts.net/butt-massage.html",
    )
    leaf = articles["leaftv-4-reasons-butt-massage"]
    assert (leaf.title, leaf.author, leaf.publisher, leaf.url) == (
        "4 Reasons Why You Should Get a Butt Massage",
        None,
        "LEAFtv",
        "https://www.leaf.tv/4701664/4-reasons-why-you-should-get-a-butt-massage/",
    )
    sources = (RAW / "SOURCES.md").read_text(encoding="utf-8")
    for article in articles.values():
        assert article.url in sources and article.title in sources and article.publisher in sources


@pytest.mark.parametrize("article_id", SEEDS)
def test_every_sentence_of_the_seed_prose_is_in_the_corpus_verbatim(articles, article_id):
    """Nothing silently dropped or edited: each seed line (heading or paragraph) appears
    in the article body, character for character apart from whitespace; the only lines
    outside the body are the image caption and the author biography, which are kept in
    the front matter."""
    article = articles[article_id]
    body = _squash(article.body)
    meta = frontmatter.load(CORPUS / article.source_path).metadata
    elsewhere = [_squash(meta.get("author_bio", ""))] + [_squash(c) for c in meta.get("image_captions", [])]
    for line in _seed_lines(SEEDS[article_id]):
        line = _squash(line)
        if line in elsewhere:
            continue
        assert line in body, f"seed text missing from {article.source_path}: {line[:80]!r}"


def test_body_has_nothing_that_is_not_in_the_seed(articles):
    """The reverse direction: every body paragraph is a seed line (no invented text)."""
    for article_id, seed in SEEDS.items():
        lines = {_squash(line) for line in _seed_lines(seed)}
        article = articles[article_id]
        for paragraph in article.paragraphs:
            assert _squash(article.body[paragraph.start : paragraph.end]) in lines
        for heading in {p.section for p in article.paragraphs if p.section}:
            assert heading in lines


def test_caption_and_biography_are_not_retrievable_but_the_author_is(articles):
    of = articles["organicfacts-butt-massage-benefits"]
    assert CAPTION not in of.body
    assert "traveling writer" not in of.body and "Sheriff Nottingham" not in of.body
    assert of.author == "John Staughton"
    meta = frontmatter.load(CORPUS / of.source_path).metadata
    assert meta["author_bio"].startswith("John Staughton is a traveling writer")
    assert meta["image_captions"] == [CAPTION]


def test_typographic_quotes_are_kept(articles):
    of = articles["organicfacts-butt-massage-benefits"]
    assert "you’ll also get a boost of endorphins" in of.body
    leaf = articles["leaftv-4-reasons-butt-massage"]
    assert "the gluteus maximus —" in leaf.body


def test_headings_become_sections(articles):
    sections = {a.id: [p.section for p in a.paragraphs] for a in articles.values()}
    assert sections["leaftv-4-reasons-butt-massage"][0] is None  # the lead-in has no heading
    assert "Relieve Lower Back Pain" in sections["leaftv-4-reasons-butt-massage"]
    assert {"Relieves Back Pain", "Relieves Knee Pain", "Improves Mobility", "Better Athletic Performance"} <= set(
        sections["organicfacts-butt-massage-benefits"]
    )


def test_paragraph_offsets_point_into_the_body():
    body = "Lead in.\n\n## First\n\nOne. Two.\nStill one.\n\n![figure](x.png)\n\n### Second ##\n\n  Indented.\n"
    paragraphs = parse_paragraphs(body)
    assert [(p.section, body[p.start : p.end]) for p in paragraphs] == [
        (None, "Lead in."),
        ("First", "One. Two.\nStill one."),
        ("Second", "Indented."),
    ]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    corpus = tmp_path / "c"
    corpus.mkdir(exist_ok=True)
    (corpus / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return corpus


@pytest.mark.parametrize(
    "text, message",
    [
        ("---\ntitle: T\n---\nBody.\n", "needs a non-empty 'id'"),
        ("---\nid: Bad Id\ntitle: T\n---\nBody.\n", "lowercase letters"),
        ("---\nid: a\n---\nBody.\n", "needs a non-empty 'title'"),
        ("---\nid: a\ntitle: T\nauthor: 3\n---\nBody.\n", "'author' must be text or null"),
        ("---\nid: a\ntitle: T\n---\n## Only a heading\n", "no prose paragraphs"),
        ("---\nid: [a\ntitle: T\n---\nBody.\n", "cannot read article"),
    ],
)
def test_malformed_articles_are_refused_with_the_file_named(tmp_path, text, message):
    corpus = _write(tmp_path, "broken.md", text)
    with pytest.raises(CorpusError, match=re.escape(message)) as info:
        load_corpus(corpus)
    assert "broken.md" in str(info.value)


def test_duplicate_ids_and_empty_corpus_are_refused(tmp_path):
    with pytest.raises(CorpusError, match="no articles"):
        load_corpus(tmp_path)
    _write(tmp_path, "a.md", "---\nid: same\ntitle: A\n---\nText.\n")
    corpus = _write(tmp_path, "b.md", "---\nid: same\ntitle: B\n---\nText.\n")
    with pytest.raises(CorpusError, match="used by both a.md and b.md"):
        load_corpus(corpus)


def test_corpus_hash_changes_with_any_byte(tiny_corpus):
    from retrieval.chunking import ChunkerConfig
    from retrieval.index import expected_build

    before = expected_build(tiny_corpus, ChunkerConfig(), "0" * 64)["corpus_sha256"]
    path = tiny_corpus / "beta.md"
    path.write_text(path.read_text() + " ", encoding="utf-8")
    assert expected_build(tiny_corpus, ChunkerConfig(), "0" * 64)["corpus_sha256"] != before


def test_front_matter_is_valid_yaml_with_the_documented_fields():
    for path in sorted(CORPUS.glob("*.md")):
        meta = frontmatter.load(path).metadata
        assert {"id", "title", "author", "publisher", "url", "source_file"} <= set(meta)
        assert (CORPUS / meta["source_file"]).is_file()
        yaml.safe_dump(meta)  # round-trips


def test_expected_phrases_of_the_question_sets_occur_in_the_corpus(articles):
    """Every labelled phrase must really be article text (or, for questions about the
    sources, front-matter text), or the metrics measure nothing."""
    import json

    text = normalize_text(" ".join(a.body for a in articles.values())).casefold()
    front_matter = normalize_text(
        " ".join(json.dumps(frontmatter.load(p).metadata, ensure_ascii=False) for p in CORPUS.glob("*.md"))
    ).casefold()
    for path in (REPO_ROOT / "eval").glob("*.jsonl"):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            question = json.loads(line)
            source = front_matter + " " + text if question["kind"] == "about_sources" else text
            for phrase in question["expected"]:
                assert normalize_text(phrase).casefold() in source, f"{path.name}:{line_no}: {phrase!r}"
