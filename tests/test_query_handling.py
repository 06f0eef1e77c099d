"""Query handling without a model: spelling correction, corpus terms, everyday words,
follow-ups that point at the sources."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from retrieval.followup import is_follow_up
from retrieval.shorthand import spell_out
from retrieval.spelling import Speller, specific
from retrieval.terms import LAY_WORDS, TermStats, content_stems, with_lay_words
from retrieval.text import without_frame

CORPUS_WORDS = (
    "sciatica piriformis endorphins massage glutes knees knee back pain staughton seedman alvarez gluteus muscle"
)


@pytest.fixture(scope="module")
def speller():
    return Speller.from_texts([CORPUS_WORDS])


@pytest.mark.parametrize(
    "typed, fixed",
    [
        ("siatica", "sciatica"),
        ("pirifomis", "piriformis"),
        ("endorfins", "endorphins"),
        ("masage", "massage"),
        ("gluts", "glutes"),
        ("kness", "knees"),
        ("staughten", "staughton"),
        ("seedmen", "seedman"),
        ("musle", "muscle"),
        ("kne", "knee"),  # three letters: a dropped letter
        ("bak", "back"),
        ("bck", "back"),
        ("pian", "pain"),
    ],
)
def test_misspelt_corpus_words_are_corrected(speller, typed, fixed):
    assert speller.suggestion(typed) == fixed
    corrected = speller.correct(f"does {typed} matter")
    assert corrected.text == f"does {fixed} matter" and corrected.corrections == ((typed, fixed),)


@pytest.mark.parametrize(
    "word",
    [
        "insurance",
        "kids",
        "children",
        "desk",
        "massage",
        "ur",
        "u",
        "abt",
        "hips",
        "lol",
        "idk",
        "ppl",
        "omg",
        "HRT",
        "MRI",
    ]
    + ["McKenzie", "iPhone"],  # a capital inside: a name or a brand
)
def test_real_words_and_short_tokens_are_left_alone(speller, word):
    assert speller.suggestion(word) is None


def test_speller_needs_a_vocabulary():
    with pytest.raises(ValueError, match="empty"):
        Speller(Counter())


def test_specific_words_are_rare_in_english():
    assert specific("piriformis") and specific("Seedman") and specific("stride")
    assert not specific("golf") and not specific("world") and not specific("2018") and not specific("dr")


def test_everyday_words_map_to_the_articles_words():
    assert with_lay_words("can a massage on my bum help") == "can a massage on my bum help butt"
    assert with_lay_words("no lay words here") == "no lay words here"
    assert "behind" not in LAY_WORDS  # "behind my knee" is not a body part
    assert "butt" in content_stems("my tush hurts")


def test_term_statistics_and_rare_evidence():
    texts = ["tight piriformis and sciatica", "knee pain and stride", "knee pain again", "general glute talk"]
    stats = TermStats.build(texts)
    assert stats.rare(content_stems("piriformis knee"), max_passages=1) == ["piriformi"]
    assert stats.rare(content_stems("knee"), max_passages=2) == ["knee"]
    evidence = stats.evidence(["piriformi"], np.arange(4))
    assert evidence.tolist() == [1.0, 0.0, 0.0, 0.0]
    assert stats.idf("piriformi") > stats.idf("knee")


@pytest.mark.parametrize(
    "message, follows",
    [
        ("who wrote these articles?", False),
        ("is this site legit?", False),
        ("what do these texts say about knees?", False),
        ("what about knees?", True),
        ("who said that?", True),
        ("and for athletes?", True),
        ("wats his actual job title tho", True),  # "his" points back too
        ("says who?", True),  # a bare question word asks about the answer before
        ("why?", True),
        ("how so", True),
        ("what does the Organic Facts one say?", True),
        ("sciatica?", False),  # one word, but its own topic
    ],
)
def test_the_sources_are_not_a_follow_up_pointer(message, follows):
    assert is_follow_up(message) is follows


@pytest.mark.parametrize(
    "typed, spelt",
    [
        ("glute massage gud for sciatica??", "glute massage good for sciatica??"),
        ("whats leaftv say abt knees", "what's leaftv say about knees"),
        ("bum numb after 3hr drive", "bum numb after 3 hours drive"),
        ("how much r massages", "how much are massages"),
        ("R buttock pain, IM injection, HR 110", "R buttock pain, IM injection, HR 110"),  # a side, a route, a rate
        ("MY BK HURTS N I CANT PEE", "MY back HURTS & I can't PEE"),  # capitals are not shorthand when all are
        ("im SOB on the stairs", "I'm short of breath on the stairs"),
        ("I sob when my back hurts", "I sob when my back hurts"),  # a word in lower case
        ("Hx prostate Ca, c/o LBP", "history of prostate cancer, complaining of low back pain"),
        ("w/ or w/o oil?", "with or without oil?"),
        # phonetic spellings and homophones, only where the context leaves no doubt
        ("she sed hes gona see a physio", "she said he's going to see a physio"),
        ("hoo rote the leaftv one", "who wrote the leaftv one"),
        ("the pane in my bak", "the pain in my bak"),  # "bak" is the speller's
        ("a window pane", "a window pane"),
        ("i dont no, ill be fine", "i don't know, I'll be fine"),
        ("I feel ill because of it", "I feel ill because of it"),
    ],
)
def test_text_speak_and_shorthand_are_spelt_out(typed, spelt):
    assert spell_out(typed) == spelt


@pytest.mark.parametrize(
    "typed, searched",
    [
        (
            "Dear Sir/Madam, I am writing to enquire whether massage helps sciatica. Kind regards, Ms J. Okafor",
            "I am writing to enquire whether massage helps sciatica.",
        ),
        ("Hi, does it help knees? Thanks!", "does it help knees?"),
        ("my nan wants to know whether it helps her hips", "whether it helps her hips"),
        ("what is the best oil for a butt massage", "what is the best oil for a butt massage"),
        ("Thanks", "Thanks"),  # nothing else: left as it is
    ],
)
def test_a_letters_frame_and_who_is_asking_are_not_searched(typed, searched):
    assert without_frame(typed) == searched
