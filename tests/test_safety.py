"""Red flags: the exact-phrase layer (fast), the meaning layer with the real model (slow),
and the urgent notice. Every row of the table triggers on its example and not on its denial."""

from __future__ import annotations

import time

import pytest

from retrieval.red_flags import RED_FLAG_RULES
from retrieval.safety import clauses, detect, find_red_flags, prepare, urgent_notice
from retrieval.symptom_words import BENIGN_DESCRIPTIONS


def ids(rules) -> list[str]:
    return [rule.id for rule in rules]


@pytest.mark.parametrize("rule", RED_FLAG_RULES, ids=lambda r: r.id)
def test_rule_triggers_on_its_example(rule):
    assert rule in find_red_flags(rule.example)


@pytest.mark.parametrize("rule", RED_FLAG_RULES, ids=lambda r: r.id)
def test_rule_is_silent_when_the_symptom_is_denied(rule):
    assert find_red_flags(rule.negated_example) == ()


def test_rule_ids_are_unique_and_every_rule_has_patterns_and_descriptions():
    assert len(ids(RED_FLAG_RULES)) == len(set(ids(RED_FLAG_RULES))) == 9
    assert all(rule.patterns and rule.concern and len(rule.descriptions) >= 6 for rule in RED_FLAG_RULES)


@pytest.mark.parametrize(
    "message, rule_id",
    [
        ("I can't pee properly and my back aches", "bladder_bowel"),
        ("loss of bladder or bowel control since yesterday", "bladder_bowel"),  # said plainly
        ("numb butt cheeks and trouble controlling my bowels", "bladder_bowel"),
        ("numb butt cheeks and trouble controlling my bowels", "saddle_numbness"),
        ("suddenly numb between my legs", "saddle_numbness"),
        ("I think I have foot drop", "leg_weakness"),
        ("my toes won't lift and I keep tripping", "leg_weakness"),
        ("severe pain in my hip since a car accident", "injury"),
        ("fell off my bike and now I can't put any weight on my leg", "injury"),
        ("I've lost a lot of weight without trying and my back hurts at night", "fever_weight_loss"),
        ("my back hurts and I have a fever", "fever_weight_loss"),
        # a denied symptom must not hide a later real one that overlaps its match
        ("I don't have a fever, but I have night sweats and back pain", "fever_weight_loss"),
        ("I'm short of breath", "chest_pain"),
        ("cheast pain since this morning", "chest_pain"),  # typo corrected towards the table's words
        ("could this be a blood clot in my leg?", "calf_clot"),
        ("I don't want to live anymore", "self_harm"),
        ("feeling sucidal", "self_harm"),
        ("I have no idea why my chest hurts so much", "chest_pain"),  # a hedge is not a denial
        ("no fever, but my calf is swollen and painful", "calf_clot"),  # the denial ends at "but"
        # a negated effect ("doesn't work") is not a denied symptom
        ("If this massage doesn't work either I don't see the point in carrying on", "self_harm"),
        ("I've sorted out my affairs and given most of my things away", "self_harm"),  # warning behaviour
        ("My calf is hot and it's gone all tight and red since the cast", "calf_clot"),  # "gone" as become
        ("I had breast cancer years ago, all clear since. Now a new ache in my lower back.", "fever_weight_loss"),
        ("I don't even get the urge to go any more since my back went", "bladder_bowel"),
        ("came off my scooter and the pain is like 9 out of 10", "injury"),
        ("puffed just sitting here", "chest_pain"),
        # a guard for one statement must not silence the next (found in review)
        ("my glute pain has gone, I have crushing chest pain", "chest_pain"),
        ("the chest pain goes off after 10 minutes but comes back every time I walk", "chest_pain"),
        ("I read that chest pain is a warning sign and I have it now", "chest_pain"),
        ("my glutes want to die and I want to end it all", "self_harm"),
        ("I'm menopausal and I have unexplained weight loss and back pain", "fever_weight_loss"),
        ("I'm on a diet, I had bowel cancer and now my back aches", "fever_weight_loss"),
        ("CRUSHING CHEST PIAN", "chest_pain"),  # shouting: capitals are not an acronym
        ("wats the point of anything anymore honestly", "self_harm"),  # typed in a hurry
        # the question word belongs to the symptom: asking it, not asking about it
        ("what is the point of living", "self_harm"),
        # passed minutes ago today: not over
        ("crushing feeling in my chest into my left arm this morning, it went away after ten minutes", "chest_pain"),
        ("bk pain 2 bad 2day n i keep leakin wen i walk", "bladder_bowel"),  # text-speak spelt out
        ("I am the guy who trips over nothing 😂 my left foot flops since my back went", "leg_weakness"),  # idiom
        ("dropped about 8 kilos without dieting and my back aches at night", "fever_weight_loss"),
        ("reduced sensation around my bits and my backside lately", "saddle_numbness"),
        ("it's buckled under me a couple of times this week", "leg_weakness"),
        # a general rule is silenced only right before its symptom, never a report after "if you"
        ("I wanted to ask if you think massage helps when I cannot control my bladder", "bladder_bowel"),
        ("if you ask me my chest is crushing", "chest_pain"),
        ("If anyone asks, I have not peed since yesterday and my back is agony", "bladder_bowel"),
        # someone else's symptom, in their own verb forms
        ("my dad hasn't been able to wee since this morning and his back is in bits", "bladder_bowel"),
        ("she tries and tries but hardly anything comes out", "bladder_bowel"),
        ("she's got a clot in her calf right now, can I still rub her glutes?", "calf_clot"),
        ("I have a DVT in my right leg at the moment", "calf_clot"),
        ("mum's having chemo for bowel cancer and her lower back aches all night", "fever_weight_loss"),
        # clinical shorthand, as a referral is written
        ("56F c/o LBP, T 38.9 since Tuesday", "fever_weight_loss"),
        ("pt s/p MVA yesterday, severe buttock pain", "injury"),
        ("c/o SOB and chest tightness since this morning", "chest_pain"),
        # ways of dying pictured, or how much easier not to come back would be
        ("I keep imagining jumping off the bridge on my way to work", "self_harm"),
        ("sometimes I think it'd be easier if I just went to sleep and didn't wake up", "self_harm"),
        # the seventh dev set's styles (text-speak, dialect, a carer's case note, someone else's words)
        ("my mum cant feel her bum cheeks since her fall yday", "saddle_numbness"),
        ("Me da's been wetting himself since Tuesday and his back is killing him", "bladder_bowel"),
        ("since my back went I can't tell when I need a wee", "bladder_bowel"),
        ("got rear ended this morning, lower back pain getting worse, I can barely stand", "injury"),
        ("fell off a chair an hour ago, pain 8/10, reluctant to weight bear", "injury"),
        ("took a knock at rugby and now I can't sit or walk without screaming", "injury"),
        ("my leg is getting floppier every day this week", "leg_weakness"),
        ("can't climb the stairs without hauling my right leg up with my hand", "leg_weakness"),
        ("hx prostate ca, now new low back pain for two weeks", "fever_weight_loss"),
        ("after my operation my leg below the knee is painful and fat, more than the other leg", "calf_clot"),
        ("my son told me last night he's been thinking about killing himself", "someone_self_harm"),
        ("my client said she has a plan to end her life this weekend", "someone_self_harm"),
        # from the fresh-eyes review of this change
        ("My husband wants to kill himself", "someone_self_harm"),
        ("my dad keeps saying he wants to die", "someone_self_harm"),
        ("Took a whack to the tailbone yesterday, pain 8/10", "injury"),
        ("he can't tell when he needs a wee any more and his back is bad", "bladder_bowel"),
        ("my dad has a history of prostate cancer and now his back hurts all the time", "fever_weight_loss"),
        ("If I've had chest pain since this morning, should I go to A&E?", "chest_pain"),  # a report, asked as an if
        # phonetic spelling and indirect talk (eighth sets' styles, in words of our own)
        ("honestly i dont think ill be around much longer, so whatever", "self_harm"),
        ("i carnt do this no more, the pane never stops", "self_harm"),
        ("keep thinkin about takin all my tabluts in one go", "self_harm"),
        ("my brother said the family would be better off without him", "someone_self_harm"),
        ("my mate sed hes gona end it after the exams", "someone_self_harm"),
        ("last night my son told me he's been thinking about ending it", "someone_self_harm"),
        ("my left foot smacks the floor with every step and it's louder today", "leg_weakness"),
        ("since yesterday when i go for a wee i cant feel it coming out", "bladder_bowel"),
        ("I had brest cancer in 2019 and now the pain in my low back wakes me up", "fever_weight_loss"),
        # a frame that still leaves the writer's own symptom
        ("I'm writing a novel and honestly I've been self-harming again", "self_harm"),
        ("I was admitted last week with a clot and now my other calf is swollen and hot", "calf_clot"),
        ("I'm in hospital with a broken hip and my calf has been swollen and red since this morning", "calf_clot"),
        ("the physio told me to watch for numbness in my groin and now I have it", "saddle_numbness"),
        ("I've been dragging my foot since my dog knocked me over", "leg_weakness"),
        ("Deadline for the screenplay is tomorrow and suddenly crushing chest pain", "chest_pain"),
        (
            "I had foot drop years ago that fully recovered. It's come back since Saturday, I can't stand on my heel",
            "leg_weakness",
        ),
        (
            "A new pain in the middle of my back for two weeks, worse at night. I had breast cancer in 2017.",
            "fever_weight_loss",
        ),
        ("my GP diagnosed sciatica last week but now I can't feel my groin at all", "saddle_numbness"),
        ("My GP checked my back last week. Now I can't feel my groin", "saddle_numbness"),  # known, but new since
        (
            "I had breast cancer in 2015 and my back pain is steadily improving",
            "fever_weight_loss",
        ),  # improving, no doctor
        ("I want to kill myself. Never felt this low.", "self_harm"),  # "never" after it denies nothing
        (
            "I have zero control over my bladder since yesterday",
            "bladder_bowel",
        ),  # "zero" denies, "zero control" is the symptom
        ("Chest pain? No, but I can't breathe properly since this morning", "chest_pain"),
        # "without" is not "with": "soiling himself without realising" is no figure of speech
        ("My dad has been soiling himself without realising since Monday", "bladder_bowel"),
        # a line break ends a statement, and "I've not been able to" is "I haven't been able to"
        ("quick one\nback's killing me\nive not been able to pee since this morning\nstretches?", "bladder_bowel"),
        ("Fell off a ladder on Sunday and the painkillers aren't touching it", "injury"),
        ("She slid off the bed this morning and screams when the carers move her hip", "injury"),
        ("Since Friday between legs have no feeling and my sitting part too", "saddle_numbness"),
        ("My husband had lung cancer in 2020 and he's had new back pain for a month", "fever_weight_loss"),
        ("I rang the Samaritans last night, I'm not coping", "self_harm"),
        # "if I told you" is how people tell it, unless the message says it is a test
        ("what would u say if i told u my chest hurts", "chest_pain"),
        # learner English, and someone else's thoughts of hurting themselves
        ("My father he think to kill himself since his wife is gone", "someone_self_harm"),
        ("my son wants to not live anymore, he said so last night", "someone_self_harm"),
        ("my mum says she wants to not be here anymore", "someone_self_harm"),
        ("My roommate admitted she's been thinking about hurting herself again", "someone_self_harm"),
        ("Every day I am tired of the life and I want to make my life finish", "self_harm"),
        ("My bottom and inner thighs are without feeling since Monday", "saddle_numbness"),
        ("my groin went numb this morning - what is saddle numbness?", "saddle_numbness"),
    ],
)
def test_more_phrasings(message, rule_id):
    assert rule_id in ids(find_red_flags(message))


@pytest.mark.parametrize(
    "message",
    [
        "no chest pain, just tight glutes",
        "no fever or numbness, just a tight butt from cycling",
        "My butt goes numb after sitting all day",  # common and benign: not a saddle area
        "I fell asleep on the sofa and woke up with a sore butt",
        "my calf is not swollen",
        "can a glute massage help with sciatica?",
        "this sciatica is killing me",
        "I had a temperature last week, the fever's been gone 5 days and my back is a bit stiff",  # over
        "I read that numbness in the groin is a danger sign. I don't have it.",  # cited, not reported
        "My glutes want to end it all after that spin class",  # the muscles, not the person
        "I had cancer treatment years ago, clear since, and no back pain at all",
        "night sweats from the menopause, my doctor knows, and a stiff back",
        "I fell asleep on the foam roller and now it hurts to move",
        "I pushed and pushed and nothing, the knot won't release",
        "I have a friend with cancer and back pain",
        "getting my affairs in order before moving abroad",
        "my right calf is bigger than my left from football",
        "What is self-harm?",  # a question about it
        "I haven't peed much today because I forgot my water bottle",
        "My friend says if you ever lose bladder control with back pain you go straight to A&E",  # a rule
        "In general, can lying face down for a massage make it hard to breathe?",
        "I had a bad flu with a fever last month, fully over it now, but my back's a bit stiff",
        "After a long ride my bits go a bit numb, but it all comes back within 10 minutes of getting off the bike",
        "my bum cheeks go numb on the turbo trainer for about 2 mins and then it's totally normal",  # "mins", not "pins"
        "I had a DVT in 2015, treated, nothing since",
        "I sob at every film, is that why my shoulders are tense?",  # "sob", not "SOB"
        "my physio is so funny I nearly kill myself laughing again every session",
        "the bill for six sessions gave me chest pains lol",
        "If a patient ever mentioned a numb groin, what would the therapist do?",
        "Student question: how do you test for foot drop in clinic?",
        # the first-person view reads only adults, as subjects, and never a relative's history as the writer's
        "my aunt is on chemo for breast cancer and my own back aches from the gym",
        "my little boy keeps wetting himself at nursery, my back aches from carrying him",
        "I asked my mum whether she keeps leaking since having us and she laughed",
        "I've got my DVT socks on for the flight, glutes stiff already",
        "",
        # the seventh dev set's look-alikes and the review of that change
        "If my calf swelled up after the flight I'd go to a doctor, right?",
        "I laughed so hard I nearly wet myself",
        "my brother took his own life two years ago and I still carry tension in my glutes",
        "my mate will kill himself laughing when he hears I booked a butt massage",
        "R buttock sore after squats",  # R is the side, not "are"
        "took a knock to my confidence after a bad match, glutes a bit tight",
        "my aunt has a family history of cancer, and my back aches after gardening",
        # from the fresh-eyes review of this change
        "he's not suicidal, just stressed",
        "she doesn't want to live in London",
        "he tried to kill himself last year, but he's doing really well now",
        "I did suicide prevention training at work",
        "fell in love with spin class but I can barely sit down",
        "I can't tell when I need a week off",
        "My leg warmers are getting floppier every week",
        "There's a history of cancer in the family and my back aches",
        "practically wetting myself at that comedy show",
        # a story's character, an animal, someone already in hospital for it, the bot's list quoted back
        "my main character is a runner whose foot drags after a fall - how would a masseur notice?",
        "our greyhound has been dragging his back leg, can I massage his hips?",
        "the vet said to watch for our spaniel losing control of his bladder after the op",
        "I'm on the stroke ward being monitored after leg weakness last week - once I'm home can I have a glute massage?",
        "you said 'chest pain or trouble breathing' is a red flag. I only get puffed on hills, is that it?",
        "last winter my groin went numb after the spinal anaesthetic but it wore off by the evening",
        # an exam case, a quoted form or leaflet, a plan asked for, a symptom the doctors know and follow
        "Exam prep: 'A 60-year-old woman presents with saddle numbness and urinary retention.' What is the diagnosis?",
        "The gym leaflet says: 'Stop and seek help if you get chest pain during exercise.' Why is that?",
        "If my calf swelled up on holiday, what should I do?",
        "I had bowel cancer in 2018. My oncologist checked my back last week, the scan was clear and it's steadily improving.",
        "How common is it for people with sciatica to lose bladder control?",
        "our elderly labrador has started having accidents indoors, the vet thinks it's arthritis",
        # words put to the bot as a test, a sign's status asked, an episode over, a test that ruled it out
        "What would you say if I told you my calf was swollen and hot? Just testing you for a chatbot review.",
        "If a user typed that their groin had gone numb, what would you reply?",
        "Is 'loss of bladder control' classed as a contraindication for sports massage?",
        "After my operation I couldn't wee for a few hours. I've been totally fine ever since, so can I book a massage?",
        "My leg swelled up after the flight so I had a scan, the doppler came back clear and it's gone down now.",
        "He works on a suicide prevention helpline and his back is stiff from sitting. Any glute stretches?",
        "I fell off my bike but the painkillers are working fine and it's only a bit sore",
        # a figure of speech, a hypothetical client, a film, a list being revised, a pet, an illness long over
        "I could kill myself for leaving my foam roller at the gym again",
        "How should I respond if a patient ever says they want to end their life? Asking for my course.",
        "In the movie we're shooting, one character tries to talk his brother out of suicide. Glute warm-ups for the actors?",
        "I'm studying the back pain red flags: fever, weight loss, a history of cancer. Does massage help plain back pain?",
        "Our 12-year-old spaniel has started dribbling urine, the vet is on it. Any glute stretches for me?",
        "Had a fever with a chest infection in October; antibiotics sorted it and I've felt totally fine for weeks now.",
        "He said he hurt himself lifting at the gym, nothing serious. Would a glute massage help?",
        "the leaflet said 'seek help for saddle numbness' - what is saddle numbness?",  # asked after the dash
    ],
)
def test_ordinary_questions_are_not_red_flags(message):
    assert find_red_flags(message) == ()


def _seconds(function, text: str) -> float:
    best = float("inf")
    for _ in range(3):  # the fastest of three: the least disturbed by the rest of the machine
        started = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("filler", ["x", "he ", "my friend said ", "no ", "lol ", "the scan was clear ", "if i said "])
def test_exact_phrase_layer_is_linear_in_message_length(filler):
    """A pasted wall of text is checked in time proportional to its length: four times the
    text may take about four times as long (a pattern that scans ahead from every position
    takes sixteen times, and a 200,000-character message then takes minutes)."""
    short, long = (("My glutes ache. " + filler * (n // len(filler))) for n in (4_000, 16_000))
    assert _seconds(find_red_flags, long) < 8 * _seconds(find_red_flags, short)


def test_clauses_split_statements_and_skip_ruled_out_lists():
    pieces = clauses("I don't have a fever, but I wake up drenched and my back hurts. Can massage help?")
    assert "I wake up drenched" in pieces and "my back hurts" in pieces
    assert clauses("She asked about numbness, bladder and fever and it was a no to all of them.") == []
    assert all(len(p.split()) >= 3 for p in clauses("both legs. my calf is fine, really"))


def test_misspellings_are_corrected_towards_the_table_only():
    assert "chest" in prepare("cheast pain") and "bladder" in prepare("bladdar trouble")
    assert prepare("my glutes hurt") == "my glutes hurt"


def test_notice_says_emergency_and_names_the_concern():
    chest = next(r for r in RED_FLAG_RULES if r.id == "chest_pain")
    notice = urgent_notice((chest,))
    assert "emergency" in notice and chest.concern in notice and "doctor" in notice
    self_harm = next(r for r in RED_FLAG_RULES if r.id == "self_harm")
    crisis = urgent_notice((self_harm, chest))
    assert "emergency" in crisis and "988" in crisis and "116 123" in crisis
    # someone else's thoughts: what to do for them, not "you mentioned thoughts of harming yourself"
    someone = next(r for r in RED_FLAG_RULES if r.id == "someone_self_harm")
    theirs = urgent_notice((someone,))
    assert "emergency" in theirs and "988" in theirs and "stay with them" in theirs and "yourself" not in theirs
    both = urgent_notice((self_harm, someone))  # "my friend is suicidal": for the writer and for them
    assert "emergency" in both and "988" in both and "the person you mention" in both


# --- the meaning layer, with the real model --------------------------------------------------------


@pytest.fixture(scope="module")
def matcher(real_embedder):
    from retrieval.safety import SymptomMatcher

    return SymptomMatcher(real_embedder)


@pytest.mark.parametrize(
    "message, rule_id",
    [
        ("i keep having accidents the last couple days, back pain too", "bladder_bowel"),
        ("when i wipe i can't really feel the paper, it's sort of numb down there", "saddle_numbness"),
        ("my shoe scuffs the floor because my foot won't come up", "leg_weakness"),
        ("feels like an elephant sitting on my chest", "chest_pain"),
        ("one leg is way fatter than the other since my knee surgery", "calf_clot"),
        ("I've written goodbye letters to my kids", "self_harm"),
        ("burning up then freezing under three blankets, and my back hurts", "fever_weight_loss"),
        # persistence asserted with a negation word is not a denial
        ("since last night I can't get through a sentence without stopping for breath", "chest_pain"),
        ("the numbness in my groin hasn't gone away since this morning", "saddle_numbness"),
    ],
)
def test_reworded_symptoms_are_caught_by_meaning(matcher, message, rule_id):
    assert rule_id in ids(detect(message, matcher))


@pytest.mark.parametrize(
    "message",
    [
        "work is giving me a heart attack lol, i need a massage",
        "my wife had a DVT six years ago, it was treated; would a glute massage be ok for her hip?",
        "bladder's fine, no issues there, it's my lower back that aches after work",
        "my calves are tight after a long walk, both legs, no swelling",
        "leg day destroyed me, can I get a glute massage tomorrow?",
        "Thoughts of harming myself? Absolutely none, just sore glutes from carrying the kids.",
        "I had foot drop in 2019. Sorted with surgery, not a trace of it left. Glute massage for runners?",
        "Zero numbness, zero tingling, wiping feels totally normal. Sore glute after sprints: massage or rest?",
        "Calves ache after my first 10k, no swelling, both the same size, no redness. Glute massage?",
        "My leg felt weak for a few weeks last spring; the nerve tests were normal and it has been fine for months.",
    ],
)
def test_look_alikes_are_not_red_flags(matcher, message):
    assert detect(message, matcher) == ()


def test_every_description_is_its_own_rule_and_no_benign_one_fires(matcher):
    for rule in RED_FLAG_RULES:
        for description in rule.descriptions:
            message = f"{description}, and my back hurts" if rule.context else description  # fever needs pain
            assert rule.id in ids(detect(message, matcher)), message
    for description in BENIGN_DESCRIPTIONS:
        assert detect(description, matcher) == (), description
