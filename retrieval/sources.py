"""Questions about the articles themselves ("who wrote these?", "who is John Staughton?",
"link to the LEAFtv one?", "which article talks about stride?"), answered from the front
matter: titles, authors, publishers, links and the author's biography.

A message is about the sources when it asks for authorship, publisher, title, link or
biography, names an author, or asks which or how many articles there are. What the front
matter does not hold (publication dates, peer review) is said plainly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .text import normalize_text

_WHO_MADE = r"who (wrote|writes|authored|published|publishes|made|is behind|owns|runs)"
_ASKS = re.compile(
    rf"\b({_WHO_MADE}|authors?|writer|written by|by whom|byline|publishers?|"
    r"(the |a )?(link|lnk)s? (to|for)|(the|a|any) (link|lnk)s?\b|urls?|biography|bio|(what|which) (articles?|sources?)|"
    r"titles? of (the|this|that|each|both|these) (\w+ )?(articles?|pieces?|one)|(article|articles'?|their) titles?|what are the titles|"
    # "your sources" asked for, not as a frame ("what suffers, according to your sources?")
    r"how many (articles?|sources?)|(?<!according to )your sources?(?! (say|says|said|think|claim|claims|recommend|suggest|mention|agree|back))|"
    r"(the|these|both|two|those) (articles?|sources?) (from|come from)|"
    r"where (is|does|do|did) (this|that|the|your) (info|information|stuff|answers?) (come|from)|original articles?)\b",
    re.IGNORECASE,
)
# words that ask what the articles say, not who wrote them ("what else does he recommend?")
_SAYING = "say|says|said|think|thinks|claim|claims|recommend|recommends|mention|mentions"
_ABOUT_AUTHOR = re.compile(
    r"\b(who is|who's|whos|bio|biography|background|credentials|qualifications?|qualified|degrees?|studied|study|studying"
    r"|university|uni|college|doctor|expert|trainer|writer|journalist|guy|chap|man|woman|person|job|profession|role|works? (for|at)"
    r"|what does he do|what else|founded|co-?founded|started|based)\b",
    re.IGNORECASE,
)
_COVERAGE = re.compile(
    r"\bwhat (topics?|subjects?|things)\b|\bwhat do (your|the|these|both) (articles?|sources?) (cover|talk about|discuss)\b"
    r"|\bwhat are (the|your|these) (articles?|sources?) about\b|\b(articles?|sources?) (cover|are about)\b",
    re.IGNORECASE,
)
_WHICH_ARTICLE = re.compile(
    r"\b(which|what) (artic\w*|source|site|website|publication|piece)\b|\bwhich of (the|these|both|the two|the 2|them)"
    r"( (articles|sources|pieces))?\b|\bwhich one (says|said|talks|mentions|covers|cites|quotes|gives|has|names|references"
    r"|discusses|is about|is (it|that) from)\b",
    re.IGNORECASE,
)
# "Is it the Organic Facts article that says...?", "was it the LEAFtv one?": the question checks
# an attribution, so the article it names must not be ranked first for being named.
_CHECKS_ATTRIBUTION = re.compile(
    r"\b(is|was|isn'?t|wasn'?t) (it|that|this) (in )?(the|from the) [^.!?]{0,40}\b(article|one|piece|site|website)\b",
    re.IGNORECASE,
)


def checks_attribution(text: str) -> bool:
    """Does the question ask which article says something (rather than what one article says)?"""
    return bool(_WHICH_ARTICLE.search(text) or _CHECKS_ATTRIBUTION.search(text))


# What the front matter cannot tell, and the name a reply gives it.
_UNKNOWN = (
    (
        re.compile(
            r"\b(when|what (date|year))\b.*\b(written|published|posted|updated)\b|\bpublication date\b|\bdated?\b",
            re.IGNORECASE,
        ),
        "when they were published",
    ),
    (re.compile(r"\bpeer[- ]?review", re.IGNORECASE), "whether they were peer reviewed"),
    (
        re.compile(
            r"\b(medically|fact)[- ]?(reviewed|checked)\b|\bchecked (over )?by a doctor\b|\bmedical review",
            re.IGNORECASE,
        ),
        "whether a doctor reviewed them",
    ),
    (re.compile(r"\bhow many (people|readers)\b|\breadership\b|\bviews\b", re.IGNORECASE), "how many people read them"),
    (re.compile(r"\bupdated?\b", re.IGNORECASE), "when they were last updated"),
)


@dataclass(frozen=True)
class SourcesQuestion:
    """What a message asks about the sources."""

    about_author: bool  # the author's biography is wanted
    which_article: bool  # the article that says something is wanted
    unknown: str | None  # something the front matter cannot tell
    coverage: bool = False  # what the articles cover is wanted
    authorship: bool = False  # who wrote them is wanted
    listed: bool = False  # which articles they are, their titles, publishers or links are wanted


def _names(articles: Mapping[str, dict]) -> list[str]:
    found = []
    for article in articles.values():
        for key in ("author", "publisher", "title"):
            if article.get(key):
                found.append(str(article[key]))
        if article.get("author"):
            found.append(str(article["author"]).split()[-1])  # "Staughton"
    return found


def named_articles(text: str, articles: Mapping[str, dict]) -> frozenset[str]:
    """The articles ``text`` names by publisher or author ("what does the Organic Facts piece
    say about knees?"); titles are left out, since "butt massage benefits" is also a question."""
    named = set()
    for article_id, article in articles.items():
        names = [str(article[key]) for key in ("publisher", "author") if article.get(key)]
        if article.get("author"):
            names.append(str(article["author"]).split()[-1])  # "Staughton"
        if _mentions(text, names):
            named.add(article_id)
    return frozenset(named)


def without_names(text: str, articles: Mapping[str, dict]) -> str:
    """``text`` with the articles' publishers and authors left out ("what does the Organic
    Facts article say causes sciatica?" -> "what does the article say causes sciatica?")."""
    names = [str(a[key]) for a in articles.values() for key in ("publisher", "author") if a.get(key)]
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}('s)?\s*", "", text, flags=re.IGNORECASE)
    return text


def _mentions(text: str, names: Sequence[str]) -> bool:
    folded = re.sub(r"[^a-z0-9]+", "", text.casefold())
    return any(re.sub(r"[^a-z0-9]+", "", name.casefold()) in folded for name in names if len(name) > 3)


def sources_question(
    text: str, articles: Mapping[str, dict], previous: SourcesQuestion | None = None
) -> SourcesQuestion | None:
    """What ``text`` (spelling already corrected) asks about the sources, or None.
    ``previous``: what the message before asked, when this one follows up on it."""
    text = normalize_text(text)
    authors = [str(a["author"]) for a in articles.values() if a.get("author")]
    publishers = [str(a["publisher"]) for a in articles.values() if a.get("publisher")]
    names_author = _mentions(text, authors + [name.split()[-1] for name in authors])
    names_publisher = _mentions(text, publishers)
    about_person = bool(_ABOUT_AUTHOR.search(text))
    unknown = next((label for pattern, label in _UNKNOWN if pattern.search(text)), None)
    which = bool(_WHICH_ARTICLE.search(text))
    coverage = bool(_COVERAGE.search(text))
    bare_sources = len(text.split()) <= 3 and bool(
        re.search(r"\b(sources?|references?|citations?|articles?)\b", text, re.IGNORECASE)
    )
    site = bool(re.search(r"\b(websites?|sites?|publications?)\b", text, re.IGNORECASE)) and _mentions_articles(text)
    # "organic facts link", "leaftv url"
    link = bool(re.search(r"\b(links?|lnk|urls?|web ?address)\b", text, re.IGNORECASE)) and (
        names_publisher or names_author or len(text.split()) <= 3
    )
    asks = _asks_for_sources(text) or which or coverage or bare_sources or site or link
    bare_name = names_author and len(text.split()) <= 4  # "john staughton", "staughton bio"
    # naming an author, or something only their biography mentions ("Stain'd Arts"), is asking about them;
    # so is asking about "the author" in the biography's words ("what literary journal did the author co-found?")
    about_bio = names_author or _mentions(text, _bio_terms(articles)) or _asks_in_bio_words(text, articles)
    # "is the organic facts guy a trainer?"; not "does the Organic Facts one say if a doctor ..." nor
    # "who did the knee research in the Organic Facts piece?" (what it says, whom it cites)
    person = about_bio or (
        names_publisher and about_person and not _ASKS_WHAT_IS_SAID.search(text) and not _CITED_WORK.search(text)
    )
    follows = (
        previous is not None
        and (previous.about_author or previous.authorship)
        and not re.search(rf"\b({_SAYING})\b", text, re.IGNORECASE)
        and bool(re.search(r"\b(he|his|him|she|her)\b", text, re.IGNORECASE))
    )
    if not (asks or bare_name or person or follows or (unknown and _mentions_articles(text))):
        return None
    return SourcesQuestion(
        about_author=bool(
            names_author
            or person
            or follows
            or (
                re.search(rf"\b(author|writer|{_WHO_MADE}|he|him|his)\b", text, re.IGNORECASE)
                and re.search(
                    r"\b(background|credentials|bio|who is|doctor|qualified|qualifications?|degrees?|stud(y|ied|ying)"
                    r"|university|uni|college|job|profession|role)\b",
                    text,
                    re.IGNORECASE,
                )
            )
        ),
        which_article=which,
        unknown=unknown,
        coverage=coverage,
        authorship=bool(
            re.search(rf"\b({_WHO_MADE}|authors?|writer|written by|by whom|byline)\b", text, re.IGNORECASE)
        ),
        listed=asks or bare_sources or site or link,
    )


def _asks_for_sources(text: str) -> bool:
    """Does the message ask for authorship, a publisher, a title, a link or a biography? Not
    when its only cue is "the writer" in a question about the evidence ("is there research
    behind it, or is it just the writer's opinion?"), unless it asks whether the author is
    qualified ("is the author qualified, or is it just opinion?")."""
    asked = _ASKS.search(text)
    if asked is None:
        return False
    return not (
        asked.group(0).casefold() in {"author", "authors", "writer"}
        and _EVIDENCE.search(text)
        and not re.search(
            r"\b(qualified|qualifications?|credentials|who is|background|degrees?)\b", text, re.IGNORECASE
        )
    )


def _bio_terms(articles: Mapping[str, dict]) -> list[str]:
    """Capitalised names in the authors' biographies ("Sheriff Nottingham", "Stain'd Arts",
    "Illinois"): a question naming one is about the author."""
    return _names_in(tuple(str(article.get("author_bio") or "") for article in articles.values()))


@lru_cache(maxsize=8)  # every message asks; the biographies never change
def _names_in(bios: tuple[str, ...]) -> list[str]:
    found = []
    for bio in bios:
        found += re.findall(r"\b[A-Z][\w’']+(?:\s+[A-Z][\w’']+)*", normalize_text(bio))
    from .spelling import english_counts

    english = english_counts()  # single words that are ordinary English ("University", "Denver") are not enough
    return [n for n in dict.fromkeys(found) if len(n) > 4 and (" " in n or n.casefold() not in english)]


_AUTHOR_ROLE = re.compile(r"\b(author|authors|writer)\b", re.IGNORECASE)
_EVIDENCE = re.compile(r"\b(research|evidence|proof|proven|science|scientific|opinion)\b", re.IGNORECASE)
# words any biography has that say nothing particular about this one ("writer", "publisher"),
# and "found", also the past of "find"
_ROLE_STEMS = frozenset(
    {"author", "writer", "write", "editor", "publish", "publisher", "content", "serv", "co", "english", "found"}
)
# "what does the writer say about foam rollers?" asks about the content
_ASKS_WHAT_IS_SAID = re.compile(rf"\b({_SAYING}|suggest|suggests|advise|advises)\b", re.IGNORECASE)
# a biography word shared with a question counts when it is this rare in English or rarer
# ("literary", "degrees"; not "uses" or "home")
BIO_WORD_BELOW = 50_000_000
_CITED_WORK = re.compile(
    r"\b(study|studies|research|cites?|cited|according|paper|trial|quoted|quotes?|quoting|interviewed|expert)\b",
    re.IGNORECASE,
)


def _asks_in_bio_words(text: str, articles: Mapping[str, dict]) -> bool:
    """A question about the author that shares a content word with a biography, and is not
    about a study the article cites ("which journal did the author cite?")."""
    if not _AUTHOR_ROLE.search(text) or _CITED_WORK.search(text) or _ASKS_WHAT_IS_SAID.search(text):
        return False
    from .spelling import english_counts
    from .terms import content_words, stem

    bio = {stem(w) for article in articles.values() for w in content_words(str(article.get("author_bio") or ""))}
    counts = english_counts()
    asked = {stem(w) for w in content_words(text) if counts.get(w, 0) < BIO_WORD_BELOW} - _ROLE_STEMS
    return bool(asked & bio)


def _mentions_articles(text: str) -> bool:
    return bool(re.search(r"\b(articles?|sources?|these|this|they|them)\b", text, re.IGNORECASE))
