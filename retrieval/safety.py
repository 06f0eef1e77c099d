"""Red flags: symptoms that need a doctor now, not a massage.

All rules live in RED_FLAG_RULES, one row per rule with a message that must trigger it and
a negated message that must not (tests/test_safety.py runs every row). Matching is
negation-aware per clause: "no chest pain, just tight glutes" is not a red flag, while
"no fever but my calf is swollen and painful" still is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import normalize_text


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    concern: str  # shown in the urgent notice: "... {concern} ..."
    patterns: tuple[str, ...]
    example: str  # must trigger this rule
    negated_example: str  # must trigger nothing
    show_passages: bool = True  # article passages may follow the notice


_NUMB_AREA = (
    r"(groin|genitals?|genital area|privates|between (my|the) legs|inner thighs?|saddle( area)?|crotch|perineum|anus)"
)
_SEVERE = (
    r"(severe|terrible|excruciating|intense|unbearable|extreme|agonizing|agonising|really bad|very bad|worst|awful)"
)
_TRAUMA = r"(fell|fall|fallen|falling|slipped|accident|crash|collision|hit by|injury|injured|tumbled|landed on)"

RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        id="bladder_bowel",
        concern="new problems controlling your bladder or bowels",
        patterns=(
            r"\b(lost|losing|loss of|lose|no) control (of|over) (my |the )?(bladder|bowels?|pee|urine|poo)",
            r"\b(bladder|bowel) (control|incontinence|accidents?|problems?)",
            r"\bincontinen(t|ce)\b",
            r"\b(can'?t|cannot|unable to|trouble|difficulty) (pee|peeing|urinate|urinating|wee|hold (my )?(pee|urine|bladder|bowels?))",
            r"\b(wet|soiled|peed|pooped) (myself|my pants|my trousers)",
        ),
        example="I've lost control of my bladder and my back hurts",
        negated_example="no bladder problems, my lower back is just stiff",
    ),
    RedFlagRule(
        id="saddle_numbness",
        concern="numbness in the groin or saddle area",
        patterns=(
            rf"\b(numb|numbness|no feeling|tingling|pins and needles)\b.{{0,40}}\b{_NUMB_AREA}",
            rf"\b{_NUMB_AREA}\b.{{0,40}}\b(numb|numbness|no feeling|tingling|pins and needles)",
            r"\bcan'?t feel (my )?(groin|genitals?|privates|inner thighs?)",
            r"\bsaddle an(a)?esthesia\b",
        ),
        example="my groin and inner thighs went numb",
        negated_example="there is no numbness in my groin, only a sore bum",
    ),
    RedFlagRule(
        id="leg_weakness",
        concern="leg weakness that is getting worse, or a dragging foot",
        patterns=(
            r"\bfoot ?drop\b",
            r"\b(foot|feet|toes?|leg) (keeps? |is |are )?(dragging|drags|slapping|flopping)",
            r"\bdrag(ging)? my (foot|feet|leg)",
            r"\b(legs?|foot|feet)\b.{0,40}\b(getting|growing|becoming|gets|keeps getting|got) weaker",
            r"\bprogressive\b.{0,20}\bweakness",
            r"\b(legs?) (keeps? |keep |are |is )?(giving way|giving out|buckling|collapsing)",
            r"\bcan'?t (lift|move|feel) my (foot|feet|leg|legs|toes)",
        ),
        example="my foot keeps dragging and my leg is getting weaker every day",
        negated_example="my legs are not getting weaker, my glutes are just tight",
    ),
    RedFlagRule(
        id="injury",
        concern="severe pain after a fall or injury",
        patterns=(
            rf"\b{_TRAUMA}\b.{{0,60}}\b{_SEVERE}\b",
            rf"\b{_SEVERE}\b.{{0,60}}\b(after|since|from) (\w+ ){{0,3}}(fall|falling|fell|accident|crash|injury|collision)",
            r"\b(can'?t|cannot) (walk|stand|move)\b.{0,40}\b(after|since) (\w+ ){0,3}(fall|accident|crash|injury)",
        ),
        example="I fell off a ladder and now have severe pain in my buttock",
        negated_example="I never had a fall or accident, I just have mild soreness",
    ),
    RedFlagRule(
        id="fever_weight_loss",
        concern="back pain with fever or unexplained weight loss",
        patterns=(
            r"\b(fever|feverish|high temperature|chills|night sweats)\b.{0,60}\b(back|spine|pain|hurts?|aches?)",
            r"\b(back|spine|pain|hurts?|aches?)\b.{0,60}\b(fever|feverish|high temperature|chills|night sweats)\b",
            r"\bunexplained weight loss\b",
            r"\b(lost|losing|loss of|lose) (a lot of |lots of |so much |some |a bunch of )?weight\b.{0,30}\b(without trying|not trying|unexplained|for no reason|without dieting)",
        ),
        example="I have a high fever and terrible lower back pain",
        negated_example="no fever or weight loss, just a tight butt from cycling",
    ),
    RedFlagRule(
        id="chest_pain",
        concern="chest pain or trouble breathing",
        patterns=(
            r"\bchest (pain|pains|tightness|pressure|hurts?|aches?)\b",
            r"\b(pain|tightness|pressure|crushing|squeezing)\b.{0,20}\b(in|on|across) (my |the )?chest\b",
            r"\bheart attack\b",
            r"\b(short(ness)? of breath|can'?t breathe|struggling to breathe|trouble breathing)\b",
        ),
        example="I have crushing chest pain, can a massage fix it?",
        negated_example="no chest pain or anything, just really tight glutes",
    ),
    RedFlagRule(
        id="calf_clot",
        concern="a swollen, painful calf (a possible blood clot)",
        patterns=(
            r"\b(calf|calves)\b.{0,40}\b(swollen|swelling|swells|hot|red and|warm and|painful and swollen)",
            r"\b(swollen|swelling|red|hot|warm)\b.{0,40}\b(calf|calves)\b",
            r"\b(blood clot|dvt|deep vein thrombosis)\b",
        ),
        example="my calf is swollen, hot and painful since my long flight",
        negated_example="my calf isn't swollen, it's my glutes that are sore",
    ),
    RedFlagRule(
        id="self_harm",
        concern="thoughts of harming yourself",
        patterns=(
            r"\b(kill|killing|hurt|hurting|harm|harming) (myself|my self)\b",
            r"\bsuicid\w*",
            r"\b(end|ending) (my life|it all)\b",
            r"\b(don'?t|do not|no longer) want to (live|be alive|be here|go on)\b",
            r"\bself[- ]?harm\w*",
            r"\b(want|wanting) to die\b",
            r"\bbetter off dead\b",
        ),
        example="I'm having thoughts of killing myself",
        negated_example="I'm not suicidal, my glutes just ache",
        show_passages=False,
    ),
)

_COMPILED = tuple((rule, tuple(re.compile(p, re.IGNORECASE) for p in rule.patterns)) for rule in RED_FLAG_RULES)

# A clause ends at punctuation or a contrastive word: "no chest pain, just tight glutes".
_CLAUSE_BREAK = re.compile(r"[.;!?,:]|\b(but|however|although|though|just|except|yet|only)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(no|not|never|without|none|neither|nor|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|isn'?t|aren'?t|wasn'?t|weren'?t|free of|denies|deny)\b",
    re.IGNORECASE,
)
# Phrases with a negation word that do not deny a symptom: hedges before it ("no idea
# why my chest hurts") and the symptoms' own wording ("no control of my bladder").
_NOT_A_NEGATION = re.compile(
    r"\b(no idea|not sure|don'?t know|do not know|not certain|no clue|no control|no feeling|"
    r"(don'?t|do not|no longer) want to|without (trying|dieting)|not trying)\b",
    re.IGNORECASE,
)


def _negated(text: str, match: re.Match) -> bool:
    """Is the symptom denied within its clause ("no chest pain", "legs are not weaker")?"""
    before = text[: match.start()]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = (before[breaks[-1].end() :] if breaks else before) + " " + match.group(0)
    return bool(_NEGATION.search(_NOT_A_NEGATION.sub(" ", clause)))


def find_red_flags(message: str) -> tuple[RedFlagRule, ...]:
    """Rules whose symptoms the message describes (and does not deny), in table order."""
    text = normalize_text(message) if isinstance(message, str) else ""
    found = []
    for rule, patterns in _COMPILED:
        if any(not _negated(text, m) for p in patterns for m in p.finditer(text)):
            found.append(rule)
    return tuple(found)


EMERGENCY_NUMBERS = "for example 911 in the US and Canada, 112 in the EU, 999 in the UK"
CRISIS_LINES = "in the US call or text 988; in the UK and Ireland call Samaritans on 116 123"


def urgent_notice(rules: tuple[RedFlagRule, ...]) -> str:
    """The plain-text notice that opens a red-flag reply. Always contains "emergency"."""
    if any(rule.id == "self_harm" for rule in rules):
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
