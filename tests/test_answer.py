"""Reply composition with the real model and the committed index."""

from __future__ import annotations

import re

import pytest

from retrieval.answer import KINDS, Composer
from retrieval.corpus import load_corpus
from retrieval.red_flags import RED_FLAG_RULES
from retrieval.render import DISCLAIMER, EXAMPLE_QUESTIONS, REPLY_DISCLAIMER_MD, deep_link, escape_markdown
from retrieval.smalltalk import smalltalk_kind

DISCLAIMER_MD = REPLY_DISCLAIMER_MD  # every reply ends with the short line; the full text is in ask --json
REPLY_KEYS = {"query", "kind", "lead", "passages", "missing_topic", "disclaimer", "markdown"}


@pytest.fixture(scope="module")
def composer(real_searcher):
    return Composer(real_searcher)


@pytest.fixture(scope="module")
def bodies(settings):
    return {a.id: a.body for a in load_corpus(settings.corpus_dir)}


def test_disclaimer_wording():
    assert "not medical advice" in DISCLAIMER
    assert "qualified health professional" in DISCLAIMER


@pytest.mark.parametrize(
    "message, kind",
    [
        ("What causes sciatica?", "answer"),
        ("What is the capital of France?", "no_match"),
        ("I have crushing chest pain, can a massage fix it?", "red_flag"),
        ("hello!", "smalltalk"),
        ("who wrote these articles?", "sources"),
        ("   ", "invalid"),
    ],
)
def test_every_kind_ends_with_the_disclaimer(composer, message, kind):
    reply = composer.reply(message)
    assert reply.kind == kind and kind in KINDS
    assert reply.markdown.rstrip().endswith(DISCLAIMER_MD)
    assert reply.disclaimer == DISCLAIMER
    data = reply.to_json()
    assert set(data) == REPLY_KEYS and data["query"] == message


def test_answer_lead_is_quoted_verbatim_from_the_best_passage(composer, bodies):
    reply = composer.reply("what percentage of adults get low back pain?")
    assert reply.kind == "answer"
    assert reply.lead in bodies[reply.passages[0].hit.chunk.article_id]
    assert reply.lead in reply.passages[0].hit.chunk.text
    assert "39 percent of adults" in reply.lead
    assert f"“{escape_markdown(reply.lead)}”" in reply.markdown


def test_lead_brings_the_sentence_it_leans_on(composer, bodies):
    reply = composer.reply("and the injury risk?", ["how do glutes matter for sports?"])
    assert reply.kind == "answer"
    if reply.lead.startswith("They"):
        pytest.fail(f"lead starts with a dangling pronoun: {reply.lead!r}")
    assert reply.lead in bodies[reply.passages[0].hit.chunk.article_id]


def test_answers_cite_up_to_three_passages_with_attribution(composer):
    reply = composer.reply("Why would tight glutes cause knee pain?")
    assert 1 <= len(reply.passages) <= 3
    for passage in reply.passages:
        article = passage.hit.article
        # the title links to the article, scrolled to the quoted sentence
        assert f"[{escape_markdown(article['title'])}]({deep_link(article['url'], passage.sentence)})" in reply.markdown
        assert escape_markdown(article["publisher"]) in reply.markdown
        assert f"*{escape_markdown(passage.hit.chunk.section or 'Introduction')}*" in reply.markdown
    assert "John Staughton" in composer.reply("what causes sciatica?").markdown  # author where known


def test_the_answering_sentence_is_bold(composer):
    reply = composer.reply("what percentage of adults get low back pain?")
    first = reply.passages[0]
    assert f"**{escape_markdown(first.sentence)}**" in reply.markdown


def test_both_articles_cited_when_they_make_the_same_point(composer):
    reply = composer.reply("What causes sciatica?")
    assert "Both articles make this point." in reply.markdown
    articles = [p.hit.chunk.article_id for p in reply.passages[:2]]
    assert len(set(articles)) == 2 and reply.passages[1].corroborates
    assert "piriformis" in reply.passages[0].sentence and "piriformis" in reply.passages[1].sentence
    # cited as a one-sentence quote, not a second near-identical passage
    assert reply.markdown.count(escape_markdown(reply.passages[1].hit.chunk.text)) == 0


def test_no_corroboration_claim_when_only_one_article_says_it(composer):
    reply = composer.reply("which journal published research on gluteus trigger points?")
    assert reply.kind == "answer" and "Both articles" not in reply.markdown


def test_follow_up_is_searched_with_the_previous_question(composer):
    # Alone, "who said that?" names nothing the articles cover; after a question about knee
    # pain it asks who made the knee claim (Dr. Joel Seedman). Ignoring history fails here.
    assert composer.reply("who said that?").kind == "no_match"
    followed = composer.reply("who said that?", ["is chronic knee pain a sign of weak glutes?"])
    assert followed.kind == "answer" and "Seedman" in followed.lead
    followed = composer.reply("and for athletes?", ["can a butt massage help with sciatica?"])
    assert followed.kind == "answer" and "athlet" in followed.passages[0].hit.chunk.text.lower()
    knees = composer.reply("what about knees?", ["does butt massage help back pain?"])
    assert "knee" in knees.passages[0].hit.chunk.text.lower()


def test_a_new_topic_after_an_answer_is_not_a_follow_up(composer):
    reply = composer.reply("What is the capital of France?", ["what causes sciatica?"])
    assert reply.kind == "no_match"


def test_no_match_lists_topics_and_examples_without_passages(composer):
    reply = composer.reply("Which laptop should I buy for programming?")
    assert reply.kind == "no_match" and reply.passages == () and reply.lead is None
    for heading in ("Relieves Knee Pain", "Relieve Lower Back Pain", "Better Athletic Performance"):
        assert heading in reply.markdown
    assert sum(q in reply.markdown for q in EXAMPLE_QUESTIONS) >= 2
    assert "Source 1" not in reply.markdown


@pytest.mark.parametrize(
    "message, named",
    [
        ("Which massage gun should I buy?", "massage gun"),
        ("Can children get a glute massage?", "children"),
        ("Does insurance pay for a sports massage?", "insurance"),
        ("how often should I get a butt massage?", "how often"),
        ("does butt massage get rid of cellulite?", "cellulite"),
    ],
)
def test_near_domain_questions_are_declined_naming_what_is_missing(composer, message, named):
    reply = composer.reply(message)
    first = reply.markdown.splitlines()[0]
    assert reply.kind == "no_match" and first.startswith("The articles don't") and named in first, first
    assert "In short" not in reply.markdown and not reply.passages


def test_a_missing_topic_in_the_users_own_word_is_quoted(composer):
    # far from every passage, named because the nearest unanswered question is about it too
    first = composer.reply("can i get one if im pregnant").markdown.splitlines()[0]
    assert first == "The articles don't mention “pregnant”, so I won't guess.", first
    # a topic written for the purpose is not the user's word, and reads as a noun phrase
    first = composer.reply("Which massage gun should I buy?").markdown.splitlines()[0]
    assert first.startswith("The articles don't mention massage gun") and "“" not in first, first


def test_a_follow_up_whose_own_topic_is_not_covered_is_declined(composer):
    reply = composer.reply("and how often should I get one?", ["can a butt massage help my sciatica?"])
    assert reply.kind == "no_match" and "how often" in reply.markdown.split("\n")[0]


def test_a_follow_up_about_the_passage_its_question_found_is_answered(composer):
    # alone, "where did he publish it?" is far from everything; after the question that found
    # Dr. Alvarez's passage it asks where that research appeared
    asked = ["which doctor linked trigger points in the gluteus maximus to knee pain?"]
    assert composer.reply("where did he publish it?").kind == "no_match"
    reply = composer.reply("where did he publish it?", asked)
    assert reply.kind == "answer" and "American Family Physician" in reply.lead
    assert composer.reply("and how often should I get one?", asked).kind == "no_match"  # its own topic still counts


def test_text_speak_and_regional_talk_are_read_as_words(composer):
    assert composer.reply("glute massage gud for sciatca??").kind == "answer"
    assert composer.reply("reckon I need a physio or a massage for me glutes not switching on, mate?").kind == "answer"
    knees = composer.reply("whats leaftv say abt knees")
    assert knees.kind == "answer" and knees.passages[0].hit.chunk.article_id.startswith("leaftv")


def test_a_near_miss_is_quoted_as_such(composer):
    reply = composer.reply("will a butt massage help me move better in general")
    assert reply.kind == "answer" and reply.markdown.startswith("**The closest the articles come:**")
    assert "Both articles" not in reply.markdown  # corroboration is claimed only for a direct answer


def test_misspelt_words_are_corrected_and_the_reply_says_so(composer):
    reply = composer.reply("what causes siatica?")
    assert reply.kind == "answer" and "piriformis" in reply.lead
    assert "_Spelling: I searched “sciatica” for “siatica”._" in reply.markdown


def test_a_vague_follow_up_leans_on_its_context(composer):
    searcher = composer.searcher
    asked = ("what runs through it?", ["Where is the piriformis muscle?"])
    assert "sciatic nerve" in searcher.search(asked[0], context=asked[1]).hits[0].chunk.text
    plain = searcher.with_config(vague_context_weight=searcher.config.context_weight)
    assert "sciatic nerve" not in plain.search(asked[0], context=asked[1]).hits[0].chunk.text


def test_a_question_naming_one_article_is_answered_from_it(composer):
    for name, publisher in (("Organic Facts", "Organic Facts"), ("LEAFtv", "LEAFtv")):
        reply = composer.reply(f"How does the {name} piece explain a weak glute on one side causing knee pain?")
        assert reply.kind == "answer" and reply.passages[0].hit.article["publisher"] == publisher
        assert reply.passages[0].hit.score < 2  # the score it reports is its own, not the ranking bonus
    # ...and so does a follow-up of a question that names it
    result = composer.searcher.search(
        "and what does he say about knee pain?", context=["who wrote the Organic Facts one?"]
    )
    assert result.hits[0].article["publisher"] == "Organic Facts"


def test_the_other_one_is_the_article_the_previous_question_did_not_name(composer):
    for named, other in (("Organic Facts", "LEAFtv"), ("LEAFtv", "Organic Facts")):
        reply = composer.reply("does the other one agree?", [f"What does the {named} article say causes sciatica?"])
        assert reply.kind == "answer" and reply.passages[0].hit.article["publisher"] == other
        assert "sciatic" in reply.passages[0].hit.chunk.text.casefold()
    # ...or, when it named none, the article its best passage came from
    first = composer.reply("what causes sciatica?").passages[0].hit.article["publisher"]
    again = composer.reply("what does the other article say?", ["what causes sciatica?"])
    assert again.kind == "answer" and again.passages[0].hit.article["publisher"] != first


def test_questions_about_the_sources_are_answered_from_the_front_matter(composer):
    who = composer.reply("who wrote these articles?")
    assert who.kind == "sources" and "John Staughton" in who.markdown and "names no author" in who.markdown
    assert "https://www.leaf.tv/" in who.markdown and "Organic Facts" in who.markdown
    bio = composer.reply("who is John Staughton?")
    assert bio.kind == "sources" and "traveling writer" in bio.markdown and "Sheriff Nottingham" in bio.markdown
    which = composer.reply("which article talks about stride?")
    assert which.kind == "sources" and "closest to your question is from *Butt Massage Benefits*" in which.markdown
    # ...and quotes it, verbatim
    assert which.lead and which.lead in which.passages[0].hit.chunk.text and which.lead in which.markdown
    when = composer.reply("When were these articles published?")
    assert when.kind == "no_match" and when.markdown.startswith("The articles don't say when they were published")
    # "these articles" is not a pointer to the previous question
    assert composer.reply("who wrote these articles?", ["what causes sciatica?"]).kind == "sources"
    # asking which they are and what the front matter cannot tell: the list, and what is not known
    both = composer.reply("Which sources are you actually using? Are any of them peer-reviewed?")
    assert both.kind == "sources" and "don't say whether they were peer reviewed" in both.markdown
    assert "LEAFtv" in both.markdown and "Organic Facts" in both.markdown
    # a letter's sign-off is not what the question is about
    letter = (
        "Dear colleagues, I am writing to enquire which licence is required to offer glute massage. Best regards, Dana"
    )
    assert composer.reply(letter).missing_topic not in (None, "dana", "Dana")


def test_the_publisher_is_never_named_as_something_the_articles_dont_mention(composer):
    first = composer.reply("What studies or journals does the Organic Facts article cite?").markdown.splitlines()[0]
    assert "organic facts" not in first.casefold(), first


def test_a_number_the_articles_state_beside_a_word_of_the_question_rules_out_abstaining(composer):
    assert composer.reply("what does the 2018 study say?").kind == "answer"
    # a number alone, or with a number the articles never state, is no evidence
    assert composer.reply("What happened in 2018?").kind == "no_match"
    assert composer.reply("What is 39 percent of 200?").kind == "no_match"


def test_no_match_in_another_script_suggests_english(composer):
    reply = composer.reply("ما هي عاصمة فرنسا؟")
    assert reply.kind == "no_match" and "in English" in reply.markdown


@pytest.mark.parametrize("rule", RED_FLAG_RULES, ids=lambda r: r.id)
def test_each_red_flag_rule_gets_an_urgent_notice_first(composer, rule):
    reply = composer.reply(rule.example)
    assert reply.kind == "red_flag"
    first_block = reply.markdown.split("\n\n")[0]
    assert "emergency" in first_block.lower()
    if rule.show_passages is False:
        assert reply.passages == ()


@pytest.mark.parametrize("rule", RED_FLAG_RULES, ids=lambda r: r.id)
def test_negated_symptoms_are_not_red_flags(composer, rule):
    assert composer.reply(rule.negated_example).kind != "red_flag"


def test_red_flag_passages_only_when_the_question_is_clearly_on_topic(composer):
    on_topic = composer.reply("I've lost control of my bladder and my back hurts, should I get a butt massage?")
    assert on_topic.kind == "red_flag" and on_topic.passages
    assert on_topic.markdown.index("emergency") < on_topic.markdown.index("Source 1")
    off_topic = composer.reply("I have crushing chest pain, can a massage fix it?")
    assert off_topic.kind == "red_flag" and not off_topic.passages


@pytest.mark.parametrize(
    "message, kind",
    [
        ("Hi", "greeting"),
        ("good morning!", "greeting"),
        ("thanks a lot", "thanks"),
        ("ok thanks!", "thanks"),
        ("What can you do?", "capabilities"),
        ("help", "capabilities"),
        ("bye", "bye"),
        ("hi, can massage help sciatica?", None),
        ("thanks, but what about knees?", None),
    ],
)
def test_smalltalk_detection(message, kind):
    assert smalltalk_kind(message) == kind


def test_smalltalk_replies_are_friendly_with_examples(composer):
    assert EXAMPLE_QUESTIONS[0] in composer.reply("hello").markdown
    capabilities = composer.reply("what can you do?").markdown
    assert "two articles" in capabilities and "Relieves Back Pain" in capabilities
    assert composer.reply("thank you").kind == "smalltalk"


def test_replies_carry_the_questions_they_list_as_suggestions(composer):
    """The page turns them into buttons; only replies that list questions carry them."""
    for message in ("hello", "what can you do?", "?!", "Write me a poem about cats"):
        reply = composer.reply(message)
        assert reply.suggestions and all(q in reply.markdown for q in reply.suggestions), message
    for message in ("thank you", "bye", "What causes sciatica?"):
        assert composer.reply(message).suggestions == (), message


@pytest.mark.parametrize("message", ["", "   ", "\u200b", "🙂🙂🙂", "?!", None, 42])
def test_unusable_input_gets_a_friendly_prompt(composer, message):
    reply = composer.reply(message)
    assert reply.kind == "invalid"
    assert "Please type a question" in reply.markdown and EXAMPLE_QUESTIONS[0] in reply.markdown


LONG_STORY = (
    "Can a butt massage help with my sciatica? I work at a desk for nine hours a day and I drive a long way to the "
    "office. For the last month I have had a shooting pain that starts in my lower back, goes through my hip and runs "
    "down the back of my left leg. It is worse when I have been sitting for a while and a little better when I walk "
    "around. My physiotherapist said my piriformis is very tight. I stretch in the morning and the evening, I sleep on "
    "a firm mattress, I changed my office chair, and I tried a standing desk for a week. Some days are fine and some "
    "days I can hardly sit through a meeting. A friend told me that a massage of the glutes might release the pressure "
    "on the nerve. "
) * 3


def test_long_input_is_searched_by_its_start_with_a_note(composer):
    long = composer.reply(LONG_STORY)  # about 2,000 characters, more than the model reads
    assert long.kind == "answer" and "searched its first part" in long.markdown
    # Junk after the question dilutes what the model reads; the reply stays graceful.
    drowned = composer.reply("What causes sciatica? " + "please " * 5000)
    assert drowned.kind in ("answer", "no_match") and "searched its first part" in drowned.markdown


def test_user_text_never_reaches_the_markdown_unescaped(composer):
    for message in (
        "<img src=x onerror=alert(1)> sciatica",
        "[x](javascript:alert(1)) knees",
        "![i](https://evil.example/x.png) glutes",
    ):
        markdown = composer.reply(message).markdown
        assert "<img" not in markdown and "javascript:" not in markdown and "evil.example" not in markdown


def test_composer_validates_its_arguments(real_searcher):
    with pytest.raises(ValueError, match="max_passages"):
        Composer(real_searcher, max_passages=0)


def test_markdown_contains_only_links_this_module_wrote(composer):
    markdown = composer.reply("What causes sciatica?").markdown
    for url in re.findall(r"\]\((.*?)\)", markdown):
        assert url.startswith(("https://www.organicfacts.net/", "https://www.leaf.tv/"))


# Found by a fresh-eyes review of the guards: reports that a guard must not silence...
GUARDED_REPORTS = [
    "im over it i dont want to be here anymore",
    "I'm over it all, I want to kill myself",
    "honestly I am over it, I just want to end it all",
    "I was over it, I wanted to end my life",
    "cant breathe properly, could a chest infection cause that?",
    "Does stress cause chest pain? because I've got it right now",
    "Would massage make it worse - calf swollen hot and red since long flight",
    "Might have a clot, calf is swollen and hot, would massage make it worse?",
    "Cant control bladder since yesterday, can sciatica cause that?",
    "can a disc cause bladder leaks, started leaking yesterday",
    "please help if you can I can't feel my groin",
    "help if you can legs giving way all week",
    "numbness in my groin and inner thighs keeps coming back every few minutes, started this afternoon",
    "My groin and bum have been numb on and off today, it goes away for a few minutes then comes back",
    "The sciatica comes back within minutes of standing, and now I've lost feeling around my anus and genitals",
    "what is the point of living",
    "crushing feeling in my chest into my left arm this morning, it went away after ten minutes",
]
# ...and look-alikes that new words must not flag.
NEW_LOOK_ALIKES = [
    "I'm taking all my meds as prescribed and the back pain is still there",
    "What's the point in carrying on with physio if it doesn't help?",
    "I keep stubbing my toe on the coffee table lol",
    "The old deckchair collapsed under me at the barbecue, bum is a bit bruised",
    "Haven't had a wee since lunch, too busy at work lol",
    "the massage oil keeps leaking out of the bottle",
    "my blister keeps leaking",
    "my eyes keep leaking watching sad films lol",
    "my calf was swollen and hot from a DVT but it was treated and has cleared up, can I have a massage today?",
    "I had crushing chest pain earlier in the year but it cleared up after antibiotics",
    "Had foot drop from a slipped disc, fully recovered, I fell over earlier tripping on the cat lol",
    "no numbness n tingling in my groin, just a sore lower back",
    "In general, can lying face down for a massage make it hard to breathe?",
    "After a long ride my bits go a bit numb, but it all comes back within 10 minutes of getting off the bike",
]


# A fresh-eyes review of this session's red-flag change (2026-12-01, third session) wrote these
# against its first version: every one was a regression then.
REVIEWED_REPORTS = [
    "Climbing stairs gives me chest pains lol should I worry",
    "Walking uphill gives me chest pains haha probably nothing",
    "I almost died when the crushing chest pain came back this morning",
    "I nearly died in a car crash on Friday and I still can't put weight on my leg",
    "Sorry if you get this a lot I haven't been able to pee since yesterday and my back is agony",
    "Even if you think I'm overreacting I have crushing chest pain right now",
    "How should we proceed: client c/o saddle numbness and urinary retention since yesterday",
    "How do you handle a client who has lost control of their bladder since their fall yesterday?",
    "had breast cancer in 2019, now bk/spine pain",
    "my crotch went numb for like 10 minutes and then it was fine but I'm scared",
    "Last night my privates went numb for about 20 minutes then it was fine",
]
REVIEWED_LOOK_ALIKES = [
    "My mum had breast cancer years ago and now I have lower back pain after deadlifts",
    "my dad's had prostate cancer, anyway my back pain is from gardening",
    "I SOB EVERY TIME I GET A DEEP TISSUE MASSAGE, IS THAT NORMAL?",
    "I've got a blood clot under my big toenail after dropping a dumbbell on it",
    "I've got a blood clot in my eye from coughing, glutes are fine",
    "Imagine stepping off the bus after a 3 hour ride, my glutes are numb",
    "picture jumping off the bus after a 10 hour ride lol my bum",
    "my son keeps wetting himself at nursery, anyway my glutes ache from carrying him",
    "my son (4) keeps wetting himself since starting school, and my lower back aches",
]


@pytest.mark.parametrize(
    "message", ["can I see your sources?", "i want to see your sources", "where's your source for that"]
)
def test_asking_for_the_sources_lists_them(composer, message):
    assert composer.reply(message).kind == "sources"


@pytest.mark.parametrize("message", GUARDED_REPORTS + REVIEWED_REPORTS)
def test_guards_do_not_silence_a_report(composer, message):
    assert composer.reply(message).kind == "red_flag"


@pytest.mark.parametrize("message", NEW_LOOK_ALIKES + REVIEWED_LOOK_ALIKES)
def test_new_symptom_words_do_not_flag_look_alikes(composer, message):
    assert composer.reply(message).kind != "red_flag"
