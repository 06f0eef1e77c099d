"""Spelling correction against the corpus vocabulary (symspellpy), before any signal.

A word is corrected only when it is neither a word of the articles nor an English word
(symspellpy's 82,765-word frequency list), and a word of the articles lies within one edit
(words up to five letters) or two (longer): "siatica" -> "sciatica", "pirifomis" ->
"piriformis", "staughten" -> "staughton". A three-letter word is corrected only for the
commonest slips, a dropped letter or two swapped ("kne" -> "knee", "bak" -> "back"), since
too many words lie one edit from it. Real words the articles never use ("insurance", "kids")
are left alone: they are what the question is about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]|[A-Za-z]")
MIN_LENGTH = 3
SHORT_WORD = 4  # below this length, only a dropped letter or a swap is corrected
ACRONYM_LENGTH = 5  # a word this short typed in capitals is left as it is
LONG_WORD = 6  # from this length on, two edits are allowed


def words(text: str) -> list[str]:
    """Lowercase words of ``text`` (letters and inner apostrophes)."""
    return [w.lower() for w in WORD.findall(text)]


# A word used fewer times than this in symspellpy's English counts (or not at all) is
# specific: a name, a medical term ("piriformis", "Seedman", "stride"), not "golf" or "world".
SPECIFIC_BELOW = 3_000_000


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    """symspellpy's English frequency list: word -> count in a large English corpus."""
    from importlib.resources import files

    text = (files("symspellpy") / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return {word: int(count) for word, count in (line.split(" ") for line in text.splitlines() if line)}


@lru_cache(maxsize=1)
def english_total() -> int:
    """All the counts together: the size of the corpus behind ``english_counts``."""
    return sum(english_counts().values())


def english_words() -> frozenset[str]:
    """Is this a real English word?"""
    return frozenset(english_counts())


def specific(word: str) -> bool:
    """A word that names something particular: rare in English, not a number, 3+ letters."""
    return len(word) > 2 and not word.isdigit() and english_counts().get(word.lower(), 0) < SPECIFIC_BELOW


@dataclass(frozen=True)
class Corrected:
    """A text after correction, and what was changed (typed, corrected), in order."""

    text: str
    corrections: tuple[tuple[str, str], ...] = ()


class Speller:
    """Corrects words towards a vocabulary (the corpus's words and how often they occur)."""

    def __init__(self, vocabulary: Counter[str]) -> None:
        from symspellpy import SymSpell

        if not vocabulary:
            raise ValueError("the vocabulary is empty")
        self.vocabulary = vocabulary
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in vocabulary.items():
            self._symspell.create_dictionary_entry(word, count)
        self._english = english_counts()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Speller:
        return cls(Counter(w for text in texts for w in words(text)))

    def suggestion(self, word: str, shouting: bool = False) -> str | None:
        """The vocabulary word ``word`` is a misspelling of, or None. ``shouting``: the message
        is in capitals, so a short word in capitals is not taken for an acronym."""
        from symspellpy import Verbosity

        lower = word.lower()
        if len(lower) < MIN_LENGTH or lower in self.vocabulary or lower in self._english:
            return None
        if len(word) <= ACRONYM_LENGTH and word.isupper() and not shouting:
            return None  # an acronym ("HRT", "MRI", "DVT"), not a slip
        if not word.isupper() and word[1:] != word[1:].lower():
            return None  # a capital inside: a brand or a name ("Xbox", "iPhone", "McKenzie")
        contraction = self._contraction(lower)
        if contraction is not None:  # "couldnt" is "couldn't", never "could"
            return contraction
        if lower.endswith("in") and (lower + "g" in self.vocabulary or lower + "g" in self._english):
            return lower + "g"  # a dropped g: "goin", "knowin", "screamin"
        distance = 2 if len(lower) >= LONG_WORD else 1
        found = self._symspell.lookup(lower, Verbosity.CLOSEST, max_edit_distance=distance)
        if len(lower) < SHORT_WORD:
            found = [s for s in found if _dropped_letter(lower, s.term) or _swapped(lower, s.term)]
        return found[0].term if found else None

    def _contraction(self, lower: str) -> str | None:
        """A contraction typed without its apostrophe ("couldnt", "theyre", "ive"), restored."""
        for ending in ("nt", "re", "ve", "ll", "s", "d", "m"):
            if lower.endswith(ending) and len(lower) > len(ending):
                cut = len(lower) - (1 if ending == "nt" else len(ending))
                candidate = f"{lower[:cut]}'{lower[cut:]}"
                if candidate in self._english or candidate in self.vocabulary:
                    return candidate
        return None

    def correct(self, text: str) -> Corrected:
        """``text`` with each misspelt word replaced by its vocabulary spelling."""
        corrections: list[tuple[str, str]] = []
        letters = [c for c in text if c.isalpha()]
        shouting = len(letters) > 10 and sum(c.isupper() for c in letters) > 0.6 * len(letters)

        def replace(match: re.Match) -> str:
            suggestion = self.suggestion(match.group(0), shouting)
            if suggestion is None:
                return match.group(0)
            corrections.append((match.group(0), suggestion))
            return suggestion

        corrected = WORD.sub(replace, text)
        return Corrected(corrected, tuple(corrections))


def _dropped_letter(typed: str, word: str) -> bool:
    """``typed`` is ``word`` with one letter left out ("kne" for "knee")."""
    return len(word) == len(typed) + 1 and any(word[:i] + word[i + 1 :] == typed for i in range(len(word)))


def _swapped(typed: str, word: str) -> bool:
    """``typed`` is ``word`` with two neighbouring letters swapped ("teh" for "the")."""
    return len(word) == len(typed) and any(
        word[:i] + word[i + 1] + word[i] + word[i + 2 :] == typed for i in range(len(word) - 1)
    )
