"""Red flags: find the symptoms of ``red_flags.RED_FLAG_RULES`` in a message, however worded.

Two layers, both negation-aware per clause ("no chest pain, just tight glutes" is not a red
flag; "I don't have a fever, but I have night sweats and back pain" is):

1. exact phrases: each rule's regular expressions, tried at every position so that a denied
   match never hides a later real one;
2. meaning: each clause of the message is embedded and compared with the rules' everyday
   descriptions; it counts when it is close to a symptom (``SIMILARITY``) and clearly closer
   to it than to any benign look-alike (``MARGIN``). Thresholds were chosen on
   eval/redflags-dev.jsonl and every other dev question (no false alarm allowed).

Misspellings of the table's own words ("cheast", "sucidal") are corrected first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .guard_words import (
    _ABOUT_A_SYMPTOM,
    _ADVICE_TO_WATCH,
    _ANIMAL,
    _BODY_PART_SPEAKS,
    _CASE_STUDY,
    _CITES_A_SIGN,
    _CLAIMS_IT,
    _DENIED_AFTER,
    _DIALECT_KIN,
    _DIALECT_KIN_WORD,
    _DIALECT_MY,
    _DOCUMENT_QUOTE,
    _ENDS_CLAUSE,
    _FICTION,
    _FIGURATIVE,
    _FIRST_PERSON,
    _FOR_IT,
    _GONE,
    _GOOD_WAY,
    _HYPOTHETICAL,
    _HYPOTHETICAL_PIECE,
    _IF_A_CLIENT,
    _IF_I_SAID,
    _IN_CARE,
    _KNOWN_TO_DOCTORS,
    _LASTING_HISTORY,
    _LAUGHING,
    _NEGATION,
    _NEW_SINCE,
    _NOT_A_NEGATION,
    _NOT_ME,
    _NOW,
    _OTHER_PERSON,
    _PAST,
    _REASSURANCE,
    _RECENT,
    _RECURRED,
    _REPORTER,
    _RESOLVED,
    _RULED_OUT,
    _STABLE,
    _STUDYING,
    _TOLD_ME,
    _WOULD_IF,
    first_person_view,
)
from .red_flags import RED_FLAG_RULES, RedFlagRule
from .shorthand import spell_out
from .spelling import Speller, english_counts, words
from .symptom_words import benign_statements, matcher_texts, symptom_statements
from .text import normalize_text

MARGIN = 0.08
MAX_CLAUSES = 32  # a pasted essay is checked by its first clauses (the exact layer reads it all)

# A short gap inside a pattern (".{0,50}" between "calves" and "swollen") joins the words of one
# statement, so it may not pass over a denial ("my calves aren't swollen"); long gaps join
# separate statements ("I fell off a ladder. Didn't go to hospital. Worst pain ever") and may.
_DENIAL_WORD = (
    r"\b(?:no|not|never|none|nothing|without|neither|nor|don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|weren'?t"
    r"|haven'?t|hasn'?t)\b|\bw/o\b"
)
SHORT_GAP = 90


def _temper(pattern: str) -> str:
    def gap(match: re.Match) -> str:
        longest = int(match.group(1))
        return match.group(0) if longest > SHORT_GAP else f"(?:(?!{_DENIAL_WORD}).){{0,{longest}}}"

    return re.sub(r"\.\{0,(\d+)\}", gap, pattern)


_COMPILED = tuple(
    (rule, tuple(re.compile(_temper(p), re.IGNORECASE) for p in rule.patterns)) for rule in RED_FLAG_RULES
)

# A clause ends at punctuation or a contrastive word: "no chest pain, just tight glutes".
_CLAUSE_BREAK = re.compile(r"[.;!?,:]|\s[-–—]+\s|\b(but|however|although|though|just|except|yet|only)\b", re.IGNORECASE)
# Finer pieces for the meaning layer: "and", "so", "then" also separate two statements.
_PIECE_BREAK = re.compile(
    r"[.;!?,:()\n]+|\s[-–—]+\s|\b(but|however|although|though|except|yet|and|so|then|because|plus|also)\b",
    re.IGNORECASE,
)


MIN_PIECE_WORDS = 3  # "both legs" says too little to be compared by meaning


def _denied(clause: str) -> bool:
    """Does the clause deny what it mentions ("no chest pain", "legs are not weaker")?"""
    return bool(_NEGATION.search(_NOT_A_NEGATION.sub(" ", clause)))


def _reassures(piece: str) -> bool:
    return _denied(piece) or bool(_REASSURANCE.search(piece))


NEGATION_REACH = 5  # words before a symptom that a negation in its clause may be (NegEx uses 5)
_CONJUNCTION = re.compile(r"\b(and|so|because|cos|while|then|plus)\b", re.IGNORECASE)


def _negation_window(before: str) -> str:
    """The words a denial of what follows can be in: the last few of its clause, not past an
    "and" ("my wife says I'm not reacting and honestly I can't feel anything down there")."""
    words = _CONJUNCTION.split(before)[-1].split()
    return " ".join(words[-NEGATION_REACH:])


def _asks_about_a_symptom(sentence: str, symptom: str = "", after: str = "") -> bool:
    """``symptom``: the words that matched, ``after``: what follows them. When they open with
    the question word and end the clause ("what's the point of living?"), the question is the
    symptom, not a question about one."""
    if symptom and _ABOUT_A_SYMPTOM.match(symptom) and _ENDS_CLAUSE.match(after):
        return bool(_CITES_A_SIGN.search(sentence))
    return (bool(_ABOUT_A_SYMPTOM.match(sentence)) and not _REPORTER.search(sentence)) or bool(
        _CITES_A_SIGN.search(sentence)
    )


def _clause_around(text: str, match: re.Match) -> str:
    """The whole clause a match sits in (from the break before it to the break after it)."""
    breaks = list(_CLAUSE_BREAK.finditer(text))
    start = max((b.end() for b in breaks if b.end() <= match.start()), default=0)
    end = min((b.start() for b in breaks if b.start() >= match.end()), default=len(text))
    return text[start:end]


def _resolved(text: str) -> bool:
    """Says something is over, and not minutes or hours ago ("went away after ten minutes")."""
    return any(not _RECENT.search(text[max(0, m.start() - 40) : m.end() + 40]) for m in _RESOLVED.finditer(text))


def _over(sentence: str) -> bool:
    """A sentence saying the symptom is over ("had foot drop in 2019 and it fully recovered")."""
    return _resolved(sentence) and not _RECURRED.search(sentence)


def _not_current(clause: str) -> bool:
    """A clause about a past, resolved symptom or a figure of speech."""
    return bool(
        (_resolved(clause) or _GONE.search(clause) or _FIGURATIVE.search(clause)) and not _RECURRED.search(clause)
    )


def _someone_elses(clause: str) -> bool:
    """A clause about another person's health ("my mum had a clot"): the meaning layer
    cannot tell whose symptom it is, so it leaves these to the exact phrases."""
    return bool(_OTHER_PERSON.search(clause)) and not _FIRST_PERSON.search(_OTHER_PERSON.sub(" ", clause))


def _clause_before(text: str, match: re.Match) -> str:
    """The clause the match sits in, up to the match's end."""
    before = text[: match.start()]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    return (before[breaks[-1].end() :] if breaks else before) + " " + match.group(0)


def _every_match(pattern: re.Pattern, text: str):
    """Matches starting at every position, overlapping ones included: a denied symptom
    ("no fever") must not swallow a real one that starts inside its match ("night sweats")."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        position = match.start() + 1


@lru_cache(maxsize=1)
def _speller() -> Speller:
    """Corrects misspellings towards the table's own words ("cheast" -> "chest"): those of its
    statements and the whole words its patterns spell ("brest" -> "breast", "tabluts" ->
    "tablets")."""
    texts = [p for rule in RED_FLAG_RULES for p in (*symptom_statements(rule), rule.example, rule.concern)]
    english = english_counts()
    spelt = {
        m.group(1)
        for rule in RED_FLAG_RULES
        for p in rule.patterns
        for m in re.finditer(r"(?<![a-z\\])([a-z]{4,})(?![a-z(?\\])", p)
        if m.group(1) in english or _whole_word(p, m)
    }
    return Speller.from_texts([*texts, *benign_statements(), " ".join(sorted(spelt))])


def _whole_word(pattern: str, match: re.Match) -> bool:
    """A word the pattern spells whole ("floppier" in "(floppier|wobblier)"), not a piece
    ("erature" of "temp(erature)?", "heav" of "heav\\w*") nor a dropped g ("nothin", which
    the speller turns into "nothing")."""
    word, start, end = match.group(1), match.start(), match.end()
    before = pattern[max(0, start - 3) : start]
    # after a space, "|", or a group's "(" that does not follow a letter ("\\b(" does not count)
    opened = before[-1:] in ("", " ", "|") or (
        before[-1:] == "(" and (not before[-2:-1].isalpha() or before[:1] == "\\")
    )
    closed = pattern[end : end + 1] in ("", " ", "|", ")")
    return opened and closed and not (word.endswith("in") and word + "g" in english_counts())


_ZERO_AS_NO = re.compile(r"\bzero (control|feeling|sensation|strength|power)\b", re.IGNORECASE)
_VE_NOT = re.compile(r"\b(i|we|you|they)'?ve not\b|\b(he|she|it)'s not been\b", re.IGNORECASE)
# A line that ends without punctuation ends a statement ("back is wrecked\nalso can't wee"),
# unless it stops mid-phrase, as a wrapped line does ("pain in my\nlower back").
# fmt: off
_MID_PHRASE = frozenset({
    "a", "an", "the", "my", "your", "his", "her", "our", "their", "of", "to", "in", "on", "at", "for", "with",
    "from", "into", "and", "or", "is", "am", "are", "be",
})
# fmt: on


def _end_lines(message: str) -> str:
    """``message`` with each line that ends without punctuation, and not mid-phrase, closed by a full stop."""
    lines = message.split("\n")
    for i, line in enumerate(lines[:-1]):
        words = line.split()
        if words and words[-1][-1] not in ".!?;:," and words[-1].casefold() not in _MID_PHRASE:
            lines[i] = line.rstrip() + "."
    return "\n".join(lines)


def _ve_not(match: re.Match) -> str:
    return f"{match.group(1)} haven't" if match.group(1) else f"{match.group(2)} hasn't been"


def prepare(message: object) -> str:
    """The message as the red-flag layers read it: normalised, text-speak spelt out,
    misspellings corrected."""
    text = normalize_text(_end_lines(message)) if isinstance(message, str) else ""
    text = spell_out(text)
    text = _VE_NOT.sub(_ve_not, text)
    text = _DIALECT_KIN_WORD.sub(lambda m: f"my {_DIALECT_KIN[m.group(2).casefold()]}", text)
    text = _DIALECT_MY.sub(lambda m: f"my {m.group(1)}", text)
    text = _ZERO_AS_NO.sub(r"no \1", text)  # "zero control over my bladder" is the symptom, not a denial
    return _speller().correct(text).text if text else ""


def _counts(text: str, match: re.Match, view: bool = False) -> bool:
    """Does this match report a current symptom? Its first clause (with what comes before it
    in that clause) and its last clause must not deny it, and neither may be about the past,
    someone else or a figure of speech; a match spanning a clause or sentence break ("I fell
    off a ladder on Thursday. ... worst pain I've ever had") is judged by its two ends, never
    by a denial in between ("Didn't go to hospital"). ``view``: ``text`` is the first-person
    view, whose "my" after the symptom is the view's own ("... his back" read as "my back")."""
    sentence = _sentence_around(text, match)
    before = _clause_before(text, match)[: -len(match.group(0)) or None]  # its clause up to the match
    head = _negation_window(before)
    if _known_and_stable(text):
        return False  # "my oncologist assessed it, the MRI was clear, it's steadily improving"
    if _DENIED_AFTER.match(text, match.end()):
        return False  # "Thoughts of harming myself? Absolutely none."
    if _GOOD_WAY.search(sentence):
        return False
    if _LASTING_HISTORY.search(match.group(0)):  # past by nature: only a denial counts,
        # of the history ("never had cancer") or of the pain ("... clear since, no back pain at all")
        tail = _CLAUSE_BREAK.split(text[: match.end()])[-1]
        studied = _exam_case(text) and not _REPORTER.search(_not_reporters(sentence))  # a list being revised
        return not (_denied(head) or _denied(tail) or _asks_about_a_symptom(sentence) or studied)
    if (
        _RULED_OUT.search(sentence)
        or (
            any(
                _asks_about_a_symptom(part, match.group(0), text[match.end() :])
                for part in (sentence, _dash_piece(text, match))
            )
            and not _CLAIMS_IT.search(text)
        )
        or (_over(sentence) and not _RECURRED.search(text, match.end()))  # "... fully recovered. It's come back"
        # "I had foot drop in 2019. Sorted with surgery, not a trace of it left."
        or (_PAST.search(sentence) and _over_for_good(text))
    ):
        return False
    if any(g.start() <= match.start() and match.end() <= g.end() for g in _BODY_PART_SPEAKS.finditer(text)):
        return False  # "my glutes want to end it all": the muscles speak, not the person
    if any(g.start() <= match.start() and match.end() <= g.end() for g in _LAUGHING.finditer(text)):
        return False  # "I'll kill myself laughing", however often it happens
    if (
        _HYPOTHETICAL.search(head)
        or _IF_A_CLIENT.search(sentence)
        or _WOULD_IF.search(sentence)
        or _put_to_the_bot(text, sentence)
        or _denied(head)
        or _not_current(head)
    ):
        return False
    clause = _clause_around(text, match)  # only now: it scans the text, and most denied matches are settled above
    return not (_not_current(clause) or _not_a_person_now(text, sentence, before, clause, match, view))


REPORTER_REACH = 6  # words before a symptom in which "I", "me" or "my" makes it the writer's own


def _not_a_person_now(text: str, sentence: str, head: str, clause: str, match: re.Match, view: bool = False) -> bool:
    """A story's character, an animal, advice on what to watch for, or someone already in
    hospital for this very symptom (see guard_words). ``head``: the match's clause up to it;
    ``clause``: the whole clause."""
    before = " ".join(head.split()[-REPORTER_REACH:])
    after = clause[clause.find(match.group(0)) + len(match.group(0)) :] if match.group(0) in clause else ""
    # "my dog", "my character" and "told me to watch for" are not the writer's; the words
    # around the symptom say whose it is (the match itself may be the first-person view's "my")
    writers_own = bool(_REPORTER.search(_not_reporters(before if view else f"{before} {after}")))
    if _ADVICE_TO_WATCH.search(before) and not writers_own and not _NOW.search(sentence):
        return True  # "the vet told us to watch for ...", unless "... and now I have it"
    # a story's character in the symptom's sentence when nothing in it is of now ("deadline
    # for the screenplay and suddenly crushing chest pain" is one); an exam case; an animal
    # only as the one the symptom is about ("my dog has been dragging his leg", not "she
    # tripped over the dog and ...")
    story = (_FICTION.search(clause) or _FICTION.search(sentence)) and not _NOW.search(sentence)
    return (story or _exam_case(text) or _animal_subject(head)) and not writers_own or _in_care_for_it(clause, match)


# Facts of the whole message that every match of it asks about: worked out once per message,
# not once per match (a long message can hold hundreds of matches).
@lru_cache(maxsize=8)
def _exam_case(text: str) -> bool:
    return bool(_CASE_STUDY.search(text))


@lru_cache(maxsize=8)
def _over_for_good(text: str) -> bool:
    """The message says the episode is over and never that it came back."""
    return _resolved(text) and not _RECURRED.search(text)


def _put_to_the_bot(text: str, sentence: str) -> bool:
    """Words of the writer's put to the bot as a test ("if I said I had chest pain, what would
    you do?"), in a message that says it is one."""
    return bool(_IF_I_SAID.search(sentence)) and bool(_NOT_ME.search(text))


@lru_cache(maxsize=8)
def _known_and_stable(text: str) -> bool:
    """A symptom the writer's doctors know and follow, said to be stable or improving, with
    nothing new since ("the haematology team is following me and the swelling is going down
    as expected"); "my GP checked it last week, now I can't feel my groin" is not."""
    return bool(_KNOWN_TO_DOCTORS.search(text) and _STABLE.search(text) and not _NEW_SINCE.search(text))


def _not_reporters(text: str) -> str:
    return _STUDYING.sub(" ", _TOLD_ME.sub(" ", _FICTION.sub(" ", _ANIMAL.sub(" ", text))))


def _not_the_writer(piece: str) -> bool:
    """A piece about a story's character or an animal with no word of the writer's in it
    (the meaning layer's version of the guard above)."""
    return bool((_FICTION.search(piece) or _ANIMAL.search(piece)) and not _REPORTER.search(_not_reporters(piece)))


def _in_care_for_it(clause: str, match: re.Match) -> bool:
    care = _IN_CARE.search(clause)
    start = clause.find(match.group(0))
    if care is None or start < care.end():
        return False
    return bool(_FOR_IT.fullmatch(clause[care.end() : start].strip()))


_BEFORE_A_SUBJECT = re.compile(
    r"(^|\b(and|but|so|then|now|because|cos|says|said|thinks|think|worried|worry|noticed))\W*$", re.IGNORECASE
)


def _animal_subject(before: str) -> bool:
    """An animal is who the symptom is about: "my dog has been ...", "the vet says our cat
    is ...", not "she tripped over the dog and ..."."""
    return any(_BEFORE_A_SUBJECT.search(before[: m.start()]) for m in _ANIMAL.finditer(before))


def _sentence_around(text: str, match: re.Match) -> str:
    start = max(text.rfind(mark, 0, match.start()) for mark in ".!?\n") + 1
    ends = [i for i in (text.find(mark, match.start()) for mark in ".!?\n") if i >= 0]
    return text[start : min(ends) if ends else len(text)]


_SPACED_DASH = re.compile(r"\s[-–—]+\s")


def _dash_piece(text: str, match: re.Match) -> str:
    """The match's sentence, cut at spaced dashes: "the leaflet said '...' - what is saddle
    numbness?" asks its question after the dash."""
    start = max(text.rfind(mark, 0, match.start()) for mark in ".!?\n") + 1
    start = max((d.end() for d in _SPACED_DASH.finditer(text, start, match.start())), default=start)
    ends = [i for i in (text.find(mark, match.end()) for mark in ".!?\n") if i >= 0]
    end = min(ends) if ends else len(text)
    dash = _SPACED_DASH.search(text, match.end(), end)
    return text[start : dash.start() if dash else end]


def _quiet(rule: RedFlagRule, text: str) -> bool:
    return rule.quiet_when is not None and bool(re.search(rule.quiet_when, text, re.IGNORECASE | re.DOTALL))


def without_quoted_documents(text: str) -> str:
    """``text`` with the words quoted from a form, a leaflet, an exam question or this bot
    blanked out (positions kept): they are nobody's report."""
    for quoted in list(_DOCUMENT_QUOTE.finditer(text)):
        start, end = quoted.span(quoted.lastindex)
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def find_red_flags(message: object) -> tuple[RedFlagRule, ...]:
    """Rules whose exact phrases the message contains (and does not deny), in table order."""
    text = without_quoted_documents(prepare(message))
    view = first_person_view(text)
    found = []
    for rule, patterns in _COMPILED:
        if _quiet(rule, text):
            continue
        if any(_counts(text, m) for p in patterns for m in _every_match(p, text)) or (
            rule.id not in ("self_harm", "someone_self_harm")
            and view != text
            and any(
                _counts(view, m, view=True) and not _LASTING_HISTORY.search(m.group(0))  # a relative's cancer is theirs
                for p in patterns
                for m in _every_match(p, view)
            )
        ):
            found.append(rule)
    return tuple(found)


def clauses(text: str) -> list[str]:
    """The statements of a message, for the meaning layer (at most MAX_CLAUSES): each
    sentence, and its pieces between commas and joining words."""
    found: list[str] = []
    if _exam_case(text) and not _REPORTER.search(text):
        return []  # an exam case, with nothing of the writer's in it
    if _known_and_stable(text):
        return []
    # a story's character, or an episode the message says is over: only the writer's own words of now
    story = bool(_FICTION.search(text)) and not _NOW.search(text)
    over = _over_for_good(text)
    sentences = re.split(r"(?<=[.!?;])\s+|\n+", without_quoted_documents(text))
    for i, sentence in enumerate(sentences):
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        if (
            not sentence.strip()
            or (
                sentence.rstrip().endswith("?") and _DENIED_AFTER.match("?" + following)
            )  # "...myself? Absolutely none."
            or _GOOD_WAY.search(sentence)
            or (over and _PAST.search(sentence))
            or _RULED_OUT.search(sentence)
            or _asks_about_a_symptom(sentence)
            or _over(sentence)
            or _WOULD_IF.search(sentence)
            or _put_to_the_bot(text, sentence)
        ):
            continue
        pieces = [p.strip() for p in _PIECE_BREAK.split(sentence) if p and p.strip()]
        if story:
            pieces = [p for p in pieces if _REPORTER.search(_not_reporters(p))]
        whole = [] if story and not _REPORTER.search(_not_reporters(sentence)) else [sentence.strip()]
        found += [p for p in [*pieces, *whole] if len(words(p)) >= MIN_PIECE_WORDS]
    # "What causes sciatica?" and its piece "What causes sciatica" are one statement
    return list(dict.fromkeys(statement_key(p) for p in found))[:MAX_CLAUSES]


def statement_key(text: str) -> str:
    """A clause without its closing punctuation: what the meaning layer embeds."""
    return text.strip().rstrip(".!?;:,").strip()


class SymptomMatcher:
    """The meaning layer: clauses compared with the rules' descriptions by an embedder."""

    def __init__(self, embedder, margin: float = MARGIN, vectors: np.ndarray | None = None) -> None:
        """``vectors``: the statements' embeddings, symptoms then harmless ones, as the index
        stores them (embedding them here takes seconds on a CPU); None embeds them."""
        self.embedder = embedder
        self.margin = margin
        owners, symptoms, benign = matcher_texts(RED_FLAG_RULES)
        by_id = {rule.id: rule for rule in RED_FLAG_RULES}
        self._owners = [by_id[owner] for owner in owners]
        if vectors is None or len(vectors) != len(symptoms) + len(benign):
            vectors = embedder.embed_queries([*symptoms, *benign])
        self._symptoms, self._benign = vectors[: len(symptoms)], vectors[len(symptoms) :]

    def match(
        self, pieces: Sequence[str], vectors: np.ndarray | None = None, message: str = ""
    ) -> tuple[RedFlagRule, ...]:
        """Rules described by any undenied, current piece; ``vectors`` may carry the pieces'
        embeddings; ``message`` (the whole text) lets a rule stay quiet (``quiet_when``)."""
        pieces = list(pieces)
        if not pieces:
            return ()
        vectors = self.embedder.embed_queries(pieces) if vectors is None else vectors
        symptom = vectors @ self._symptoms.T
        benign = (vectors @ self._benign.T).max(axis=1)
        found: set[str] = set()
        for i, piece in enumerate(pieces):
            j = int(np.argmax(symptom[i]))
            rule = self._owners[j]
            close = symptom[i, j] >= rule.similarity and symptom[i, j] - benign[i] >= self.margin
            current = not (
                _not_current(piece)
                or (_someone_elses(piece) and rule.id != "someone_self_harm")  # that rule is about someone else
                or _asks_about_a_symptom(piece)
                or _HYPOTHETICAL_PIECE.search(piece)
                or _not_the_writer(piece)
            )
            if close and current and not _reassures(piece):
                found.add(rule.id)
        return tuple(
            rule
            for rule in RED_FLAG_RULES
            if rule.id in found and _in_context(rule, pieces) and not _quiet(rule, message)
        )


def _in_context(rule: RedFlagRule, pieces: Sequence[str]) -> bool:
    if rule.context is None:
        return True
    return any(re.search(rule.context, p, re.IGNORECASE) and not _reassures(p) for p in pieces)


def detect(
    message: object, matcher: SymptomMatcher | None = None, vectors: dict[str, np.ndarray] | None = None
) -> tuple[RedFlagRule, ...]:
    """Both layers: exact phrases, then (with a matcher) meaning; rules in table order.
    ``vectors``: embeddings of the message's clauses by text, when the caller has them."""
    exact = find_red_flags(message)
    if matcher is None:
        return exact
    text = prepare(message)
    pieces = clauses(text)
    known = vectors is not None and pieces and all(p in vectors for p in pieces)
    meaning = matcher.match(pieces, np.stack([vectors[p] for p in pieces]) if known else None, text)
    ids = {rule.id for rule in (*exact, *meaning)}
    return tuple(rule for rule in RED_FLAG_RULES if rule.id in ids)


EMERGENCY_NUMBERS = "for example 911 in the US and Canada, 112 in the EU, 999 in the UK"
CRISIS_LINES = "in the US call or text 988; in the UK and Ireland call Samaritans on 116 123"


def urgent_notice(rules: tuple[RedFlagRule, ...]) -> str:
    """The plain-text notice that opens a red-flag reply. Always contains "emergency"."""
    ids = {rule.id for rule in rules}
    if ids >= {"self_harm", "someone_self_harm"}:  # "my friend is suicidal": whose thoughts is not certain
        return (
            "You mentioned thoughts of suicide or self-harm. If you, or the person you mention, are in danger right "
            f"now, call your local emergency number ({EMERGENCY_NUMBERS}). A crisis line can help any time, for "
            f"yourself or to support someone else ({CRISIS_LINES}). Please reach out to a person now; a massage "
            "article cannot help with this."
        )
    if "someone_self_harm" in ids:
        return (
            "You mentioned that someone may be thinking of harming themselves. If they are in danger right now, call "
            f"your local emergency number ({EMERGENCY_NUMBERS}) and stay with them if you can. A crisis line can help "
            f"you support them, any time ({CRISIS_LINES}). Please reach out to a person now; a massage article "
            "cannot help with this."
        )
    if "self_harm" in ids:
        return (
            "You mentioned thoughts of harming yourself. If you are in danger right now, call your local "
            f"emergency number ({EMERGENCY_NUMBERS}). You can also reach a crisis line any time "
            f"({CRISIS_LINES}). You deserve support from a person now; a massage article cannot give it."
        )
    concerns = "; ".join(rule.concern for rule in rules)
    return (
        f"This could be a medical emergency: {concerns} needs a doctor, not a massage. Call your local "
        f"emergency number ({EMERGENCY_NUMBERS}) or see a doctor urgently, today. Do not have the area massaged "
        "until a doctor has checked you."
    )
