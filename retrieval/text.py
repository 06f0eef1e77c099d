"""Text helpers shared by every stage: one canonical form for matching, and the words that
make a sentence lean on the one before it."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
)
_SPACE = re.compile(r"\s+")

# A sentence opening with one of these leans on the one before it ("They can also..."):
# a passage should not start with it, and a quoted lead should bring its predecessor.
LEANS_BACK = re.compile(r"^(this|that|these|those|they|it|its|he|she|such|both|however|also)\b", re.IGNORECASE)

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


# ASCII control characters that are not whitespace (\t, \n, \x1c-\x1f are, and become spaces)
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def normalize_text(text: str) -> str:
    """Canonical form for matching: NFKC, typographic quotes folded, control and
    invisible format characters (zero-width, bidi overrides) dropped, whitespace collapsed."""
    if text.isascii():  # the common case, a reply normalises ~16 times: same result, no per-character loop
        return _SPACE.sub(" ", _ASCII_CONTROL.sub("", text)).strip()
    return normalize_any_text(text)


def normalize_any_text(text: str) -> str:
    """normalize_text by its general path, character by character (any script)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return _SPACE.sub(" ", text).strip()


# Words in quotes ("the 'posterior power center'"): at least two words, so an apostrophe
# pair ("it's ... don't") is rarely one; quotes are folded to ' and " by normalize_text.
_QUOTED = re.compile(r"(?<!\w)['\"]([^'\"]{3,200}?)['\"](?!\w)")


def quoted_phrases(text: str) -> list[str]:
    """The phrases a text quotes, casefolded, of two words or more."""
    found = (" ".join(m.group(1).casefold().split()).strip(" .,;:!?") for m in _QUOTED.finditer(normalize_text(text)))
    return [phrase for phrase in found if len(phrase.split()) >= 2]


def number_word(n: int) -> str:
    """ "two" for 2: counts in replies read as prose."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def mostly_non_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) / len(letters) < 0.5


# A letter's frame carries no question: "Dear Sir/Madam, ... Best regards, Dana" (a sign-off
# name is not a topic), and neither does who is asking: "my nan wants to know whether ...".
_GREETING = re.compile(
    r"^(dear|hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|to whom it may concern)\b[^,.!?:]{0,40}[,!:.]\s*",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    # the closing opens a sentence ("... in Ontario. Best regards, Dana"), then at most a name
    r"(^|(?<=[.!?,])|(?<=[.!?,] ))\s*(?i:((best|kind|warm|warmest|many) )?(regards|wishes)|(many )?thanks( in advance| again)?"
    r"|thank you( (so|very) much)?( in advance| for your (time|help))?|with (thanks|gratitude)|cheers|yours (sincerely|faithfully|truly)"
    r"|sincerely|respectfully|best)\b[,.!]?(\s+[A-Z][\w.'-]*){0,4}[.!]?\s*$"
)
_ASKED_FOR = re.compile(
    r"\b((my|our) )?(\w+ )?(grandma|grandmother|granny|gran|nan|nana|nanna|grandad|grandpa|grandfather|mum|mom|mother|dad"
    r"|father|wife|husband|partner|friend|boss|colleague|teacher|coach|son|daughter|aunt|auntie|uncle) (wants to know|would like to know"
    r"|asks|asked|is asking|was asking|asked me|wonders|is wondering|was wondering|has asked me to ask)( you)?,?\s*",
    re.IGNORECASE,
)


def without_frame(text: str) -> str:
    """``text`` (normalised) without a letter's greeting and sign-off or a "my nan wants to
    know" frame; unchanged when nothing else would be left."""
    bare = _ASKED_FOR.sub("", _SIGN_OFF.sub("", _GREETING.sub("", text))).strip()
    return bare if any(ch.isalnum() for ch in bare) else text
