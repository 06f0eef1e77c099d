"""Answerability and questions about the sources, decided without a model: synthetic search
results and a synthetic front matter."""

from __future__ import annotations

import pytest

from retrieval.annotations import Uncovered
from retrieval.answerability import ANSWER_TYPES, Judge, ask_clause, unknown_phrase
from retrieval.search import SearchResult
from retrieval.sources import named_articles, sources_question
from retrieval.terms import TermStats

CORPUS = [
    "Sciatica is caused by a tight piriformis muscle.",
    "Butt massage relieves knee pain and helps your stride.",
    "Endorphins give temporary relief from pain.",
]
ARTICLES = {
    "a": {
        "title": "Butt Massage Benefits",
        "author": "John Staughton",
        "publisher": "Organic Facts",
        "url": "https://a.example",
    },
    "b": {"title": "4 Reasons", "author": None, "publisher": "LEAFtv", "url": "https://b.example"},
}


@pytest.fixture(scope="module")
def judge():
    return Judge(TermStats.build(CORPUS), " ".join(CORPUS), unanswered_texts=["Which massage gun should I buy?"])


def result(relevance=0.6, answered=0.6, unanswered=0.3, abstained=False, nearest=None, rescued=False) -> SearchResult:
    """A search result whose nearest answered texts average ``answered`` and whose nearest
    not-covered questions average ``unanswered`` (the nearest of them: massage guns)."""
    topic = Uncovered("product", "massage guns", "Which massage gun should I buy?")
    return SearchResult(
        query="q",
        abstained=abstained,
        hits=(),
        relevance=relevance,
        support=answered,
        uncovered=topic,
        uncovered_similarity=unanswered if nearest is None else nearest,
        answered_evidence=answered,
        unanswered_evidence=unanswered,
        rescued=rescued,
    )


def test_the_asking_part_of_a_message():
    assert ask_clause("I run a lot. My knees hurt. Why would my glutes matter?") == "Why would my glutes matter?"
    assert ask_clause("I run a lot. my knees hurt") == "my knees hurt"


@pytest.mark.parametrize(
    "question, kind",
    [
        ("how often should I get one?", "frequency"),
        ("how many times a week is ok", "frequency"),
        ("how long until it works?", "duration"),
        ("should I get it before or after my run?", "timing"),
        ("how much does a massage cost?", "price"),
        ("will insurance pay for it?", "price"),
        ("glute massage frequency", "frequency"),  # the bare keyword names the type too
        ("booty massage timing", "timing"),
        ("how much do they usually charge?", "price"),
        ("what's the fee for a session", "price"),
        ("How many people took part in the 2018 study?", "study_size"),
        ("what was the sample size?", "study_size"),
    ],
)
def test_answer_types_the_articles_never_give_are_declined_and_named(judge, question, kind):
    verdict = judge.judge(question, result())
    assert not verdict.answerable and verdict.reason == "answer_type" and verdict.answer_type.name == kind


@pytest.mark.parametrize(
    "question",
    [
        "my knees hurt after football every week, could it be my glutes?",  # when it hurts, not how often to go
        "I cycle daily, so why would tight glutes matter?",
    ],
)
def test_a_frequency_said_of_something_else_is_not_a_frequency_question(judge, question):
    assert judge.judge(question, result()).answerable


@pytest.mark.parametrize("question", ["weekly?", "weekly or monthly?", "is it ok to get one every day?"])
def test_a_frequency_asked_about_is_one(judge, question):
    assert judge.judge(question, result()).answer_type.name == "frequency"


def test_how_many_people_get_it_is_not_a_study_size(judge):
    assert judge.judge("how many people get lower back pain?", result()).answerable


def test_a_publishers_name_is_not_a_topic_the_articles_miss():
    front = "Butt Massage Benefits John Staughton Organic Facts 4 Reasons LEAFtv"
    judge = Judge(TermStats.build(CORPUS), " ".join(CORPUS), front_matter=front)
    assert judge.focal("is it the Organic Facts article that says relief is temporary?") == []
    assert "acupuncture" in judge.focal("does the Organic Facts article talk about acupuncture?")


def test_which_article_says_it_is_a_check_of_attribution():
    from retrieval.sources import checks_attribution

    assert checks_attribution("Is it the Organic Facts article that says the relief is temporary?")
    assert checks_attribution("which one quotes Dr Seedman?")
    assert not checks_attribution("what does the Organic Facts article say about knees?")


def test_an_answer_type_the_corpus_gives_is_not_declined(judge):
    # "temporary relief": the corpus says how long the effect lasts, so that is left to search
    assert judge.judge("how long does the relief last?", result()).answerable
    priced = Judge(TermStats.build(CORPUS), " ".join(CORPUS) + " A session costs $80.")
    assert priced.judge("how much does it cost?", result()).answerable


def test_a_question_nearer_to_what_the_articles_dont_cover_is_declined_with_its_topic(judge):
    # a close not-covered question names the topic; a distant one leaves it to the user's words
    close = judge.judge("which massage gun should I buy?", result(answered=0.55, unanswered=0.8))
    assert not close.answerable and close.reason == "not_covered" and close.missing_topic == "massage guns"
    distant = judge.judge("which massage gun should I buy?", result(answered=0.55, unanswered=0.65, nearest=0.6))
    assert not distant.answerable and distant.missing_topic == "massage gun"


def test_supported_questions_are_answered_strongly_or_as_a_near_miss(judge):
    strong = judge.judge("what causes sciatica?", result(answered=0.8, unanswered=0.3))
    assert strong.answerable and strong.strong
    near = judge.judge("what causes sciatica?", result(answered=0.52, unanswered=0.5))
    assert near.answerable and not near.strong
    assert not judge.judge("what causes sciatica?", result(answered=0.5, unanswered=0.56)).answerable
    assert not judge.judge("capital of France", result(abstained=True)).answerable
    assert judge.judge("which massage gun?", result(answered=0.5, unanswered=0.9), check=False).answerable


def test_a_specific_word_the_articles_never_use_needs_a_clear_margin(judge):
    # "circulation": not in the corpus, rare in English; a narrow margin is not enough
    narrow = judge.judge("does butt massage improve circulation?", result(answered=0.6, unanswered=0.59, nearest=0.6))
    assert not narrow.answerable and narrow.missing_topic == "circulation"
    assert judge.judge("does butt massage improve circulation?", result(answered=0.7, unanswered=0.5)).answerable
    # a word the answered questions use is covered, however rare
    covered = Judge(TermStats.build(CORPUS), " ".join(CORPUS), ["does rubbing improve circulation?"])
    assert covered.judge("does butt massage improve circulation?", result(answered=0.6, unanswered=0.59)).answerable
    # how a question is asked ("specifically") and a lay word for the articles' own ("masseuse") name nothing
    for asked in ("does it help my knee pain specifically?", "will any masseuse do?"):
        assert judge.judge(asked, result(answered=0.6, unanswered=0.59, nearest=0.6)).answerable


def test_a_rare_word_that_kept_search_from_abstaining_does_not_cover_an_unknown_subject(judge):
    # "piriformis" is rare in the corpus, so search did not abstain; "golgi" is what is asked about
    asked = "in neuroscience, what do golgi tendon organs say about the piriformis?"
    assert not judge.judge(asked, result(answered=0.6, unanswered=0.3, rescued=True)).answerable
    assert judge.judge(asked, result(answered=0.6, unanswered=0.3)).answerable  # relevant by itself: the margin decides
    # ...but an everyday word is how people ask, not what they ask about
    assert judge.judge("what is the piriformis, in this context?", result(rescued=True)).answerable


@pytest.mark.parametrize(
    "message, phrase",
    [
        ("can kids get a butt massage?", "kids"),
        ("thinking of buying one of those massage chairs for my home office", "massage chairs"),
        ("does a piriformis massage help sciatica?", None),  # every word is the articles'
        ("lol can u tho", None),
    ],
)
def test_the_missing_topic_is_named_in_the_users_words(message, phrase):
    assert unknown_phrase(message, TermStats.build(CORPUS)) == phrase


def test_answer_types_are_checked_against_the_shipped_corpus(settings):
    from retrieval.corpus import load_corpus

    text = " ".join(a.body for a in load_corpus(settings.corpus_dir))
    assert {t.name for t in ANSWER_TYPES if not t.answered.search(text)} == {
        "frequency",
        "duration",
        "timing",
        "price",
        "study_size",
    }


@pytest.mark.parametrize(
    "message, about_author, which, unknown",
    [
        ("who wrote these articles?", False, False, None),
        ("who is John Staughton?", True, False, None),
        ("staughton bio", True, False, None),
        ("is the organic facts guy a trainer or what", True, False, None),
        ("link to the LEAFtv one?", False, False, None),
        ("which article talks about stride?", False, True, None),
        ("When were these articles published?", False, False, "when they were published"),
        ("Were these peer reviewed?", False, False, "whether they were peer reviewed"),
        ("what topics do your articles cover?", False, False, None),
        ("what are your sources?", False, False, None),
        ("can you list your sources please", False, False, None),
        ("organic facts link", False, False, None),
        ("what uni did the writer go to", True, False, None),
    ],
)
def test_questions_about_the_sources(message, about_author, which, unknown):
    asked = sources_question(message, ARTICLES)
    assert asked is not None
    assert (asked.about_author, asked.which_article, asked.unknown) == (about_author, which, unknown)


@pytest.mark.parametrize(
    "message",
    [
        "what does the research say about knees?",
        "who is dr seedman and what are his credentials?",
        "what mechanism links glute inhibition to knee pain?",
        "which one is better for sciatica, ice or heat?",
        "what do the articles say about sciatica?",
        # "your sources" as the frame of a question about the content
        "if my glutes are lazy, what suffers according to your sources?",
        "my physio says bridges fix knee pain, is that what your sources say?",
        # naming an article and a person is not asking about its author when it asks what it says or cites
        "does the organic facts one say if health insurance covers glute massage when a doctor refers you?",
        "who did the knee research in the organic facts piece?",
    ],
)
def test_questions_about_the_content_are_not_about_the_sources(message):
    assert sources_question(message, ARTICLES) is None


def test_asking_about_the_author_in_the_biographys_words_gets_the_biography():
    articles = {
        **ARTICLES,
        "a": {**ARTICLES["a"], "author_bio": "He co-founded the literary journal, Sheriff Nottingham."},
    }
    assert sources_question("What literary journal did the Organic Facts author co-found?", articles).about_author
    assert not sources_question("who wrote the leaftv one?", articles).about_author
    # a claim's evidence is about the content, even when it mentions the writer
    claim = "Is there research behind the claim that tight glutes cause back pain, or is it the writer's opinion?"
    assert sources_question(claim, articles) is None
    # what the writer says is content; asking whether the author is qualified is about the author
    assert sources_question("What does the writer say about using a foam roller?", articles).about_author is False
    assert sources_question("Is the author qualified, or is it just opinion?", articles).about_author


def test_a_question_about_a_quoted_expert_is_about_the_content():
    assert sources_question("Who is the expert quoted on knee pain in the LEAFtv article?", ARTICLES) is None


def test_asking_which_sources_and_what_they_cannot_tell_lists_them():
    asked = sources_question("Which sources are you actually using? Are any of them peer-reviewed?", ARTICLES)
    assert asked.listed and asked.unknown == "whether they were peer reviewed"
    assert not sources_question("Were these peer reviewed?", ARTICLES).listed


def test_a_follow_up_on_the_author_stays_about_the_author():
    first = sources_question("who is John Staughton?", ARTICLES)
    assert sources_question("what else has he done?", ARTICLES, previous=first).about_author
    assert sources_question("what else has he done?", ARTICLES) is None


def test_an_article_is_named_by_its_publisher_or_author_not_its_title():
    named = {
        text: set(named_articles(text, ARTICLES))
        for text in (
            "how does the organic facts piece explain knee pain?",
            "what does Staughton say about sciatica?",
            "does leaf tv mention the piriformis?",
            "what are the butt massage benefits?",  # a question, not the title
        )
    }
    assert list(named.values()) == [{"a"}, {"a"}, {"b"}, set()]
