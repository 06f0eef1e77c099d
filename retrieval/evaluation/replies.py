"""Reply-level evaluation: what the chat actually says, question by question.

- answerable: answered (kind "answer"), and whether the quoted passage is relevant;
- out_of_scope: declined (kind "no_match"), and whether the reply names the missing topic:
  the named topic shares a content word (stemmed, lay words mapped, the domain's own words
  "massage", "glute", "butt", "pain" ignored) with one of the labelled names;
- about_sources: a sources reply holding every expected string;
- red_flag: an urgent notice; any other question with one is a false alarm.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..terms import content_stems
from .metrics import mean
from .questions import Question, is_relevant

# Words every topic here shares; a topic is "named" by something more specific.
DOMAIN_STEMS = frozenset({"massag", "glute", "butt", "pain", "muscl", "therapi", "therapist", "articl", "help"})


@dataclass(frozen=True)
class ReplyOutcome:
    id: str
    kind: str  # the question's kind
    question: str
    reply_kind: str
    correct: bool  # answered / declined / sources right / flagged, as the kind requires
    topic_named: bool | None = None  # out_of_scope with labels: the reply named the topic
    passage_relevant: bool | None = None  # answerable: the first cited passage is relevant
    false_alarm: bool = False
    styles: tuple[str, ...] = ()
    missing_topic: str | None = None


def names_topic(named: str | None, labels: Sequence[str]) -> bool:
    got = set(content_stems(named or "")) - DOMAIN_STEMS
    return any(got & (set(content_stems(label)) - DOMAIN_STEMS) for label in labels)


def judge_reply(q: Question, reply) -> ReplyOutcome:
    """Score one reply (a retrieval.answer.Reply) against its question's label."""
    kind = reply.kind
    common = {
        "styles": q.styles,
        "missing_topic": reply.missing_topic,
        "false_alarm": kind == "red_flag" and q.kind != "red_flag",
    }
    if q.kind == "answerable":
        relevant = bool(reply.passages) and is_relevant(reply.passages[0].hit.chunk.text, q.expected)
        # "which article says X?" is answered by the passage that says it, under its attribution
        answered = kind == "answer" or (kind == "sources" and relevant)
        return ReplyOutcome(q.id, q.kind, q.question, kind, answered, passage_relevant=relevant, **common)
    if q.kind == "out_of_scope":
        named = names_topic(reply.missing_topic, q.missing_topic) if q.missing_topic and kind == "no_match" else None
        if q.missing_topic and kind != "no_match":
            named = False
        return ReplyOutcome(q.id, q.kind, q.question, kind, kind == "no_match", topic_named=named, **common)
    if q.kind == "about_sources":
        text = reply.markdown.casefold()
        right = kind == "sources" and all(e.casefold() in text for e in q.expected)
        return ReplyOutcome(q.id, q.kind, q.question, kind, right, **common)
    return ReplyOutcome(q.id, q.kind, q.question, kind, (kind == "red_flag") == (q.kind == "red_flag"), **common)


def run_replies(reply: Callable[[str, Sequence[str]], object], questions: Sequence[Question]) -> list[ReplyOutcome]:
    """``reply(message, history)`` -> a Reply, for every question."""
    return [judge_reply(q, reply(q.question, q.history)) for q in questions]


def _share(outcomes: Sequence[ReplyOutcome], kind: str, field: str = "correct") -> dict:
    values = [getattr(o, field) for o in outcomes if o.kind == kind and getattr(o, field) is not None]
    return {"value": mean([float(v) for v in values]), "count": int(sum(values)), "of": len(values)}


def answerability_summary(outcomes: Sequence[ReplyOutcome]) -> dict:
    """The answerability table: each row a share with its count."""
    near_domain = [o for o in outcomes if o.kind == "out_of_scope"]
    not_flagged = [o for o in outcomes if o.kind != "red_flag"]
    return {
        "out_of_scope_declined": _share(near_domain, "out_of_scope"),
        "missing_topic_named": _share(near_domain, "out_of_scope", "topic_named"),
        "answerable_answered": _share(outcomes, "answerable"),
        "answered_with_a_relevant_passage": _share(outcomes, "answerable", "passage_relevant"),
        "sources_questions_answered": _share(outcomes, "about_sources"),
        "red_flags_caught": _share(outcomes, "red_flag"),
        "false_alarms": {
            "value": mean([float(o.false_alarm) for o in not_flagged]),
            "count": sum(o.false_alarm for o in not_flagged),
            "of": len(not_flagged),
            "ids": [o.id for o in not_flagged if o.false_alarm],
        },
        "misses": {
            "answerable_declined": [o.id for o in outcomes if o.kind == "answerable" and not o.correct],
            "out_of_scope_answered": [o.id for o in near_domain if not o.correct],
            "red_flags_missed": [o.id for o in outcomes if o.kind == "red_flag" and not o.correct],
            "sources_wrong": [o.id for o in outcomes if o.kind == "about_sources" and not o.correct],
        },
    }
