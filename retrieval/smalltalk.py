"""Small talk: greetings, thanks, goodbyes and "what can you do?" get a friendly reply
instead of a search."""

from __future__ import annotations

import re

_SMALLTALK = (
    (
        "greeting",
        re.compile(
            r"^(hi|hello|hey|hiya|howdy|greetings|yo|good (morning|afternoon|evening|day))( there| everyone| bot)?$"
        ),
    ),
    (
        "thanks",
        re.compile(
            r"^((ok|okay|great|awesome|perfect|cool),? )?(thanks|thank you|thx|ty|cheers|much appreciated)"
            r"( so much| a lot| very much| again)?$"
        ),
    ),
    ("bye", re.compile(r"^(bye|goodbye|good bye|see you|see ya|later|farewell)( for now| then)?$")),
    (
        "capabilities",
        re.compile(
            r"^(help|what can you do|what do you do|who are you|what are you|how does this work|what can i ask( you)?"
            r"|what do you know( about)?)$"
        ),
    ),
)


def smalltalk_kind(text: str) -> str | None:
    """greeting, thanks, bye or capabilities when the whole message is small talk."""
    core = re.sub(r"[^\w' ]+", " ", text.lower())
    core = re.sub(r"\s+", " ", core).strip()
    for kind, pattern in _SMALLTALK:
        if pattern.match(core):
            return kind
    return None
