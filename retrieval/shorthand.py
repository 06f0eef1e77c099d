"""Text-speak and shorthand spelt out, so every layer reads "abt", "yday" and "c/o" as words.

One table for the whole pipeline: search, the answerability judge, the questions about the
sources and the red-flag layers all read ``spell_out(text)``. Only shorthands that mean nothing
else in a message about health are here ("prob" is left out: problem or probably; "4" and "2"
too: "4 reasons", "2 weeks"); the speller corrects ordinary misspellings afterwards.
"""

from __future__ import annotations

import re

SHORTHAND = {
    # text-speak
    "n": "&",  # "bk pain n leakin"; a capital N stays (north, a name)
    "nd": "and",
    "rn": "right now",
    "atm": "at the moment",
    "2day": "today",
    "2nite": "tonight",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "yday": "yesterday",
    "yest": "yesterday",
    "nite": "night",
    "b4": "before",
    "wen": "when",
    "wat": "what",
    "wut": "what",
    "wats": "what's",
    "whats": "what's",
    "bk": "back",
    "shud": "should",
    "shd": "should",
    "wud": "would",
    "cud": "could",
    "wk": "week",
    "tho": "though",
    "thru": "through",
    "coz": "because",
    "cuz": "because",
    "bc": "because",
    "b/c": "because",
    "bcoz": "because",
    "becuz": "because",
    "ur": "your",
    "u": "you",
    "ya": "you",
    "r": "are",  # lower case only (LOWER_ONLY): "R buttock" is a side
    "abt": "about",
    "gud": "good",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ppl": "people",
    "smth": "something",
    "sth": "something",
    # phonetic spellings ("sed" would otherwise be corrected to "used", "gona" to "gone")
    "sed": "said",
    "ses": "says",
    "sez": "says",
    "gona": "going to",
    "carnt": "can't",
    "cudnt": "couldn't",
    "hoo": "who",
    "shes": "she's",
    "hes": "he's",
    "theyre": "they're",
    "takin": "taking",
    "sum1": "someone",
    "some1": "someone",
    "any1": "anyone",
    "rly": "really",
    "w/": "with",
    "w/o": "without",
    "idk": "I don't know",
    "dunno": "don't know",
    "tbh": "to be honest",
    "imo": "in my opinion",
    "btw": "by the way",
    "esp": "especially",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "kinda": "kind of",
    "sorta": "sort of",
    "gf": "girlfriend",
    "bf": "boyfriend",
    "hubby": "husband",
    "tite": "tight",
    "cant": "can't",
    "dont": "don't",
    "wont": "won't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "isnt": "isn't",
    "im": "I'm",
    "ive": "I've",
    # units the speller would otherwise "correct" ("5 mins" is not "5 pins")
    "mins": "minutes",
    "min": "minute",
    "secs": "seconds",
    "hr": "hour",
    "hrs": "hours",
    "wks": "weeks",
    "yrs": "years",
    # clinical shorthand, as a nurse or physio writes a referral
    "c/o": "complaining of",
    "s/p": "after",
    "mva": "car crash",
    "rta": "road accident",
    "rtc": "road traffic collision",
    "lbp": "low back pain",
    "hx": "history of",
    "hx of": "history of",
    "h/o": "history of",
    "pmhx": "past medical history of",
    "ivdu": "injects drugs",
}
LOWER_ONLY = frozenset({"n", "r", "im", "hr"})  # "N", "R", "IM", "HR": north, right, intramuscular, heart rate
# shorthand that is a word in lower case ("I sob"): capitals only, and not in an ALL-CAPS message
CAPITALS_ONLY = {"SOB": "short of breath"}
_UNITS = {"h": "hours", "hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes", "wk": "weeks"}
_UNITS |= {"wks": "weeks", "yr": "years", "yrs": "years", "yo": "years old", "y/o": "years old"}

_WORD = re.compile(
    r"(?<![\w'])(" + "|".join(map(re.escape, sorted(SHORTHAND, key=len, reverse=True))) + r")(?![\w'])", re.IGNORECASE
)
_CAPITALS = re.compile(r"\b(" + "|".join(CAPITALS_ONLY) + r")\b")
# "3hr drive", "67yo": a number glued to its unit
_NUMBER_UNIT = re.compile(
    r"\b(\d+)(" + "|".join(map(re.escape, sorted(_UNITS, key=len, reverse=True))) + r")\b", re.IGNORECASE
)


# "Hx prostate Ca": a cancer as a case note writes it (Ca alone is also calcium)
_CANCER_SITES = (
    "prostate|breast|lung|bowel|colon|colorectal|kidney|renal|bladder|skin|ovarian|cervical|thyroid|pancreatic"
    "|stomach|liver|testicular|uterine|oesophageal|esophageal|rectal|throat|bone"
)
_SITE_CA = re.compile(rf"\b({_CANCER_SITES}) ca\b", re.IGNORECASE)
_CA_SITE = re.compile(rf"\bca ({_CANCER_SITES})\b", re.IGNORECASE)  # "Ca prostate"


# homophones a phonetic speller types for the words that matter here: "the pane in my back",
# "ill be around" (I'll), "i dont no why" (know); only where the context leaves no doubt
_HOMOPHONES = (
    (re.compile(r"\bpane(s)? (?=in (my|me|his|her)\b)", re.IGNORECASE), r"pain\1 "),
    (
        re.compile(
            r"(?<!\bfeel )(?<!\bfelt )(?<!\bfeeling )(?<!\bbeen )(?<!\bam )(?<!\bis )(?<!\bwas )(?<!\bso )(?<!\bvery )"
            r"\bill (?=(be|never|probably|just|not|go|have|get|try|see|do|need)\b)"
        ),
        "I'll ",
    ),
    (re.compile(r"\b(don'?t|dont|do not|didn'?t|didnt) no\b", re.IGNORECASE), r"\1 know"),
    (re.compile(r"\bwho rote\b", re.IGNORECASE), "who wrote"),
)


def spell_out(text: str) -> str:
    """``text`` with its text-speak and shorthand written as words (a normalised text in)."""
    shouting = sum(c.isupper() for c in text) >= sum(c.islower() for c in text)  # "MY BK HURTS N I CANT PEE"

    def spelt(match: re.Match) -> str:
        word = match.group(1)
        if word.casefold() in LOWER_ONLY and not word.islower() and not shouting:
            return word
        return SHORTHAND[word.casefold()]

    text = _NUMBER_UNIT.sub(lambda m: f"{m.group(1)} {_UNITS[m.group(2).casefold()]}", text)
    text = _WORD.sub(spelt, text)
    text = _SITE_CA.sub(lambda m: f"{m.group(1)} cancer", text)
    text = _CA_SITE.sub(lambda m: f"{m.group(1)} cancer", text)
    for pattern, replacement in _HOMOPHONES:
        text = pattern.sub(replacement, text)
    return text if shouting else _CAPITALS.sub(lambda m: CAPITALS_ONLY[m.group(1)], text)
