"""Terms of the corpus: which of a question's words the articles use, and how rare they are.

A word is compared by its stem (PyStemmer, as BM25 does). A stem found in few passages is
*rare*: a question that names it (a person, a journal, a muscle, a number) is about those
passages, however the rest is worded. Everyday words the articles never use are mapped to
the articles' own words first (``LAY_WORDS``: "bum" -> "butt"), so they count too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .text import normalize_text

# Everyday words for what the articles name otherwise. Only words whose meaning is not in
# doubt in a question about this topic ("behind" is left out: "behind my knee").
LAY_WORDS = {
    "bum": "butt",
    "bums": "butt",
    "tush": "butt",
    "tushy": "butt",
    "booty": "butt",
    "backside": "butt",
    "bottom": "butt",
    "rear": "butt",
    "arse": "butt",
    "ass": "butt",
    "hiney": "butt",
    "derriere": "butt",
    "buttock": "glutes",
    "buttocks": "glutes",
    "gluteal": "glutes",
    "biggest": "largest",
    "jog": "running",
    "jogging": "running",
    "runner": "running",
    "runners": "running",
    "sprinter": "sprinting",
    "sprinters": "sprinting",
    "golfer": "golf",
    "golfers": "golf",
    "desk": "office",
    "achy": "sore",
    "aching": "sore",
    "ache": "pain",
    "aches": "pain",
    "masseuse": "therapist",
    "masseuses": "therapist",
    "masseur": "therapist",
    "masseurs": "therapist",
}

# Words that frame a question rather than name its topic ("can you tell me", "is it worth").
FRAME_WORDS = frozenset(
    [
        "help",
        "helps",
        "helped",
        "good",
        "bad",
        "better",
        "best",
        "worse",
        "work",
        "works",
        "get",
        "gets",
        "getting",
        "got",
        "need",
        "needs",
        "want",
        "wants",
        "know",
        "tell",
        "please",
        "thanks",
        "thank",
        "ok",
        "okay",
        "really",
        "actually",
        "also",
        "way",
        "thing",
        "things",
        "stuff",
        "lot",
        "lots",
        "much",
        "many",
        "mean",
        "means",
        "say",
        "says",
        "said",
        "article",
        "articles",
        "anything",
        "something",
        "kind",
        "sort",
        "type",
        "question",
        "questions",
        "answer",
        "find",
        "make",
        "makes",
        "made",
        "go",
        "going",
        "use",
        "used",
        "using",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "will",
        "does",
        "did",
        "done",
        "rid",
        "worth",
        "true",
        "normal",
        "safe",
        "okay",
        "fine",
        "idea",
        "happen",
        "happens",
        "anyone",
        "someone",
        "everyone",
        "people",
        "person",
        "bit",
        "little",
        "whats",
        "hey",
        "hi",
        "lol",
        "ngl",
        "tbh",
        "pls",
        "plz",
        "thx",
        "btw",
        "idk",
        "omg",
        "haha",
        "yeah",
        "yes",
        "nope",
        "cant",
        "dont",
        "wont",
        "im",
        "ive",
        "ill",
        "youre",
        "thats",
        "theres",
        "tho",
        "though",
        "u",
        "ur",
        "ya",
        "buy",
        "try",
        "take",
        "give",
        "feel",
        "look",
        "see",
        "think",
        "ask",
        "wonder",
        "wondering",
        "start",
        "stop",
        "keep",
        "recommend",
        "suggest",
    ]
    # how something is asked, never what about ("do I need a sports therapist specifically?")
    + [
        "specifically",
        "particularly",
        "especially",
        "exactly",
        "honestly",
        "basically",
        "literally",
        "seriously",
        "genuinely",
        "truly",
        "personally",
        "realistically",
        "ideally",
        "typically",
        "normally",
        "usually",
        "generally",
        "definitely",
        "probably",
        "possibly",
    ]
    # what an article does with its sources ("which studies do they cite?"): never the topic
    + [
        "cite",
        "cites",
        "cited",
        "citing",
        "quote",
        "quotes",
        "quoted",
        "quoting",
        "reference",
        "references",
        "referenced",
    ]
    # how people talk, in British, Irish and Australian English and in slang ("reckon I need a
    # physio, mate?"): never the topic
    + [
        "reckon",
        "reckons",
        "reckoned",
        "mate",
        "mates",
        "bro",
        "bruh",
        "dude",
        "lads",
        "lad",
        "innit",
        "yep",
        "nah",
        "cheers",
        "aye",
        "eh",
        "fr",
        "lowkey",
        "highkey",
        "legit",
        "cap",
    ]
)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (bm25s's longer list)."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokens(text: str) -> list[str]:
    """Lowercase word tokens (letters, digits, inner apostrophes)."""
    return _TOKEN.findall(normalize_text(text).casefold())


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def with_lay_words(text: str) -> str:
    """``text`` followed by the articles' words for any everyday word in it."""
    extra = [LAY_WORDS[t] for t in tokens(text) if t in LAY_WORDS]
    return f"{text} {' '.join(extra)}" if extra else text


def content_words(text: str) -> list[str]:
    """The words that carry meaning: no function words; lay words mapped."""
    found = []
    for token in tokens(text):
        token = LAY_WORDS.get(token, token)
        if token not in stopwords() and (len(token) > 1 or token.isdigit()):
            found.append(token)
    return found


def content_stems(text: str) -> list[str]:
    return [stem(word) for word in content_words(text)]


@dataclass(frozen=True)
class TermStats:
    """Which passages each stem occurs in, and its inverse document frequency."""

    passages: dict[str, frozenset[int]]
    count: int  # passages in the corpus

    @classmethod
    def build(cls, texts: Sequence[str]) -> TermStats:
        passages: dict[str, set[int]] = {}
        for i, text in enumerate(texts):
            for s in set(content_stems(text)):
                passages.setdefault(s, set()).add(i)
        return cls({s: frozenset(p) for s, p in passages.items()}, len(texts))

    def idf(self, term: str) -> float:
        n = len(self.passages.get(term, ()))
        return math.log(1 + (self.count - n + 0.5) / (n + 0.5))

    def rare(self, stems: Iterable[str], max_passages: int) -> list[str]:
        """The stems found in at least one and at most ``max_passages`` passages, once each."""
        seen: list[str] = []
        for s in stems:
            if s not in seen and 0 < len(self.passages.get(s, ())) <= max_passages:
                seen.append(s)
        return seen

    def evidence(self, rare: Sequence[str], positions: np.ndarray) -> np.ndarray:
        """For each passage, the share of the rare terms' weight (idf) that it contains."""
        total = sum(self.idf(t) for t in rare)
        scores = np.zeros(len(positions), dtype=np.float32)
        if not total:
            return scores
        for t in rare:
            holders = self.passages[t]
            scores += np.fromiter((p in holders for p in positions), dtype=np.float32, count=len(positions)) * (
                self.idf(t) / total
            )
        return scores
