"""Red-flag rules: every row of the table triggers on its example and not on its negation."""

from __future__ import annotations

import pytest

from retrieval.safety import RED_FLAG_RULES, find_red_flags, urgent_notice


@pytest.mark.parametrize("rule", RED_FLAG_RULES, ids=lambda r: r.id)
def test_rule_triggers_on_its_example(rule):
    assert rule in find_red_flags(rule.example)


@pytest.mark.parametrize("rule", RED_FLAG_RULES, ids=lambda r: r.id)
def test_rule_is_silent_when_the_symptom_is_denied(rule):
    assert find_red_flags(rule.negated_example) == ()


def test_rule_ids_are_unique_and_every_rule_has_patterns():
    ids = [rule.id for rule in RED_FLAG_RULES]
    assert len(ids) == len(set(ids)) == 8
    assert all(rule.patterns and rule.concern for rule in RED_FLAG_RULES)


@pytest.mark.parametrize(
    "message, rule_id",
    [
        ("I can't pee properly and my back aches", "bladder_bowel"),
        ("suddenly numb between my legs", "saddle_numbness"),
        ("I think I have foot drop", "leg_weakness"),
        ("severe pain in my hip since a car accident", "injury"),
        ("I've lost a lot of weight without trying and my back hurts at night", "fever_weight_loss"),
        ("my back hurts and I have a fever", "fever_weight_loss"),
        ("I'm short of breath", "chest_pain"),
        ("could this be a blood clot in my leg?", "calf_clot"),
        ("I don't want to live anymore", "self_harm"),
        ("I have no idea why my chest hurts so much", "chest_pain"),  # a hedge is not a denial
        ("no fever, but my calf is swollen and painful", "calf_clot"),  # the denial ends at "but"
    ],
)
def test_more_phrasings(message, rule_id):
    assert rule_id in [rule.id for rule in find_red_flags(message)]


@pytest.mark.parametrize(
    "message",
    [
        "no chest pain, just tight glutes",
        "no fever or numbness, just a tight butt from cycling",
        "My butt goes numb after sitting all day",  # common and benign: not a saddle area
        "I fell asleep on the sofa and woke up with a sore butt",
        "my calf is not swollen",
        "can a glute massage help with sciatica?",
        "",
    ],
)
def test_ordinary_questions_are_not_red_flags(message):
    assert find_red_flags(message) == ()


def test_notice_says_emergency_and_names_the_concern():
    chest = next(r for r in RED_FLAG_RULES if r.id == "chest_pain")
    notice = urgent_notice((chest,))
    assert "emergency" in notice and chest.concern in notice and "doctor" in notice
    self_harm = next(r for r in RED_FLAG_RULES if r.id == "self_harm")
    crisis = urgent_notice((self_harm, chest))
    assert "emergency" in crisis and "988" in crisis and "116 123" in crisis
