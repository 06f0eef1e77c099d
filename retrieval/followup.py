"""Follow-up questions: decide when a message leans on the previous question.

"what about knees?", "and for athletes?", "how does massage help with it?" only make
sense with the question before them; "What is the capital of France?" does not, and
must not borrow that question's relevance. A message is a follow-up when it opens with
a follow-up cue or points back with a pronoun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import normalize_text

_OPENERS = re.compile(
    r"^(and|also|but|so|plus|then|what about|how about|what of|what if|same for|same with|"
    r"is that|are those|does that|do they|did they|who said|why is that|and what|ok and|okay and)\b",
    re.IGNORECASE,
)
_POINTERS = re.compile(
    r"\b(it|its|that|this|those|these|they|them|their|there|he|she|him|his|her|hers|too|as well"
    r"|the other (one|article|piece|site|source|website)|the (\w+ ){1,2}one)\b",  # "the Organic Facts one"
    re.IGNORECASE,
)
# "does the other one agree?": the article the previous question did not name
OTHER_ARTICLE = re.compile(r"\b(the other|the second) (one|article|piece|site|source|website)\b", re.IGNORECASE)
# "these articles", "this site": the sources, not the previous question.
_ABOUT_THE_SOURCES = re.compile(
    r"\b(this|these|those|that|the|both|two) (articles?|sources?|sites?|websites?|texts?|pieces?|posts?|chatbot|bot|app)\b",
    re.IGNORECASE,
)
# "says who?", "why?", "how so?": a bare question word asks about the previous answer
_BARE_QUESTION = re.compile(
    r"^\W*((says|said) who|who (says|said)( so| that)?|why( (is|does|do|would|did) (that|it|they|he|she))?( so)?|how( so| come)?"
    r"|where( from)?|since when|like what|such as|for example|meaning|which ones?|what for|in what way|how much|how many"
    r"|source|proof|evidence)\W*$",
    re.IGNORECASE,
)
_MAX_FOLLOW_UP_WORDS = 12  # longer messages carry their own context


def is_follow_up(message: str) -> bool:
    text = normalize_text(message)
    if not text or len(text.split()) > _MAX_FOLLOW_UP_WORDS:
        return False
    return bool(
        _OPENERS.match(text) or _BARE_QUESTION.match(text) or _POINTERS.search(_ABOUT_THE_SOURCES.sub(" ", text))
    )


def follow_up_context(message: str, history: Sequence[str]) -> tuple[str, ...]:
    """The earlier question to search together with ``message`` (empty if none).

    When the previous message was itself a follow-up, its own anchor comes with it:
    "knee pain?" -> "what about hips?" -> "who said that?" searches the last one with
    "knee pain? what about hips?".
    """
    previous = [h for h in history if normalize_text(h)]
    if not previous or not is_follow_up(message):
        return ()
    last = previous[-1]
    anchor = follow_up_context(last, previous[:-1])
    return (f"{anchor[0]} {last}",) if anchor else (last,)
