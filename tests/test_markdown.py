"""Escaping: whatever a user types renders as the same plain text, never as markup."""

from __future__ import annotations

import html
import re

import markdown_it
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.render import escape_markdown, unescape_markdown

# CommonMark with raw HTML allowed: the most permissive reading of the escaped text.
RENDER = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
PUNCTUATION = "\\`*_{}[]()<>#+-.!|~$=:\"'^@&/;% \n"
text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")) | st.sampled_from(PUNCTUATION)
)


@given(text)
def test_escaping_round_trips_exactly(value):
    assert unescape_markdown(escape_markdown(value)) == value


@settings(max_examples=300)
@given(text)
def test_escaped_text_renders_as_plain_paragraphs(value):
    value = "\n".join(line.lstrip() for line in value.split("\n"))  # indentation would make a code block
    rendered = RENDER.render(escape_markdown(value))
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", rendered))
    assert tags <= {"p"}, rendered
    shown = html.unescape(re.sub(r"</?p>", " ", rendered))
    assert shown.split() == value.split()


def test_known_attacks_render_literally():
    for attack in (
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "![pixel](https://evil.example/p.png)",
        "[click](javascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        "{{7*7}} ${7*7} %s %(x)s",
        "'; DROP TABLE users; --",
    ):
        rendered = RENDER.render(escape_markdown(attack))
        assert rendered == f"<p>{html.escape(attack, quote=False)}</p>\n"


def test_deep_links_carry_an_encoded_text_fragment():
    from retrieval.render import deep_link

    short = deep_link("https://a.example/page#top", "Glutes matter, a lot - really & truly.")
    assert short == "https://a.example/page#:~:text=Glutes%20matter%2C%20a%20lot%20%2D%20really%20%26%20truly."
    long = deep_link("https://a.example/p", "one two three four five six seven eight nine ten")
    assert long == "https://a.example/p#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"
    assert deep_link("https://a.example/p", "It’s here") == "https://a.example/p#:~:text=It%E2%80%99s%20here"
    assert deep_link("https://a.example/p", "   ") == "https://a.example/p"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_of_normalize_text_gives_the_general_result(text):
    from retrieval.text import normalize_any_text, normalize_text

    assert normalize_text(text) == normalize_any_text(text)
