"""Date expressions found in sentences and resolved against the publication date."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from edtf import parse_edtf

from chronicle.extract.article import DateMention, Sentence
from chronicle.extract.temporal import (
    DEFAULT_RULES_PATH,
    DateRules,
    find_dates,
    load_date_rules,
)
from chronicle.core.dates import parse_edtf_text

WED = dt.date(2024, 1, 24)  # a Wednesday
FRI = dt.date(2024, 1, 5)


@pytest.fixture(scope="module")
def rules() -> DateRules:
    return load_date_rules()


def sentences(*texts: str, paragraph: int = 0) -> list[Sentence]:
    return [Sentence(i, t, paragraph, i + 1) for i, t in enumerate(texts)]


def dates(text: str, anchor: dt.date | None, rules: DateRules) -> list[DateMention]:
    found = find_dates(sentences(text), anchor, rules)
    for d in found:  # every value must be one chronicle.core.dates and edtf accept
        assert d.text == text[d.start:d.end]
        if d.value is not None:
            parse_edtf(d.value)
            parse_edtf_text(d.value)
    return found


def one(text: str, anchor: dt.date | None, rules: DateRules) -> DateMention:
    found = dates(text, anchor, rules)
    assert len(found) == 1, found
    return found[0]


# ----------------------------------------------------------------- by domain


def test_storm(rules):
    d = one("The storm made landfall in Florida late Tuesday, officials said.", WED, rules)
    assert (d.text, d.value, d.precision) == ("late Tuesday", "2024-01-23", "day")
    d = one("The system first formed late last year over the Atlantic.", WED, rules)
    assert (d.text, d.value, d.precision) == ("late last year", "2023-10~/2023-12~", "approximate")
    parsed = parse_edtf_text(d.value)
    assert (parsed.lower, parsed.upper) == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
    d = one("Flooding has displaced thousands since mid-October.", WED, rules)
    assert (d.text, d.value, d.precision) == ("since mid-October", "2023-10-15~/2024-01-24", "range")
    parsed = parse_edtf_text(d.value)
    assert (parsed.lower, parsed.upper) == (dt.date(2023, 10, 15), WED)


def test_election(rules):
    d = one("Voters went to the polls on January 20.", WED, rules)
    assert (d.value, d.precision) == ("2024-01-20", "day")
    d = one("The count was certified earlier this month.", WED, rules)
    assert (d.text, d.value, d.precision) == ("earlier this month", "2024-01", "month")
    d = one("Turnout in March 2023 was the lowest on record.", WED, rules)
    assert (d.text, d.value, d.precision) == ("March 2023", "2023-03", "month")
    d = one("The party has governed since 2019.", WED, rules)
    assert (d.text, d.value, d.precision) == ("since 2019", "2019/2024-01-24", "range")
    d = one("Parliament was dissolved in 2019.", WED, rules)
    assert (d.text, d.value, d.precision) == ("2019", "2019", "year")


def test_court_ruling(rules):
    d = one("The judgment, dated 20/01/2024, was published online.", WED, rules)
    assert (d.text, d.value, d.precision) == ("20/01/2024", "2024-01-20", "day")
    d = one("The appeal was lodged on 2024-01-20.", WED, rules)
    assert d.value == "2024-01-20"
    d = one("The court will rule on Monday.", WED, rules)
    assert d.value == "2024-01-29"  # forward-looking clause: the next Monday
    d = one("The judge said Tuesday that the case would go ahead.", WED, rules)
    assert (d.text, d.value, d.precision) == ("Tuesday", "2024-01-23", "day")
    d = one("The verdict came just days after the jury retired.", WED, rules)
    assert (d.text, d.value, d.precision, d.relation, d.gap) == (
        "days after", None, "relative", "after", "days")


def test_cyberattack(rules):
    found = dates("In recent weeks, and in the past 24 hours, hackers hit three banks.", WED, rules)
    assert [(d.text, d.value, d.precision) for d in found] == [
        ("recent weeks", "2023-12-27~/2024-01-24", "approximate"),
        ("the past 24 hours", "2024-01-23/2024-01-24", "range"),
    ]
    d = one("The breach was discovered two days ago.", WED, rules)
    assert (d.value, d.precision) == ("2024-01-22", "day")
    d = one("Systems went down overnight.", WED, rules)
    assert (d.value, d.precision) == ("2024-01-23/2024-01-24", "range")
    d = one("A ransom note arrived a day earlier.", WED, rules)
    assert (d.relation, d.gap, d.value) == ("before", "days", None)


def test_match(rules):
    d = one("United won 2-1 on Saturday.", WED, rules)
    assert (d.text, d.value) == ("Saturday", "2024-01-20")
    d = one("The team plays next Monday.", WED, rules)
    assert (d.text, d.value) == ("next Monday", "2024-01-29")
    d = one("They lost last Friday.", WED, rules)
    assert (d.text, d.value) == ("last Friday", "2024-01-19")
    d = one("The striker scored on Monday night.", WED, rules)
    assert (d.text, d.value) == ("Monday night", "2024-01-22")
    d = one("Fans celebrated over the weekend.", WED, rules)
    assert (d.value, d.precision) == ("2024-01-20/2024-01-21", "range")
    d = one("The coach was sacked weeks later.", WED, rules)
    assert (d.relation, d.gap) == ("after", "weeks")


# ------------------------------------------------------- resolution details


@pytest.mark.parametrize("text, value, precision", [
    ("today", "2024-01-24", "day"),
    ("yesterday", "2024-01-23", "day"),
    ("said Wednesday", "2024-01-24", "day"),  # the anchor's own weekday is the anchor
    ("this week", "2024-01-22/2024-01-28", "range"),
    ("last week", "2024-01-15/2024-01-21", "range"),
    ("earlier this week", "2024-01-22/2024-01-24", "range"),
    ("last month", "2023-12", "month"),
    ("this year", "2024", "year"),
    ("last year", "2023", "year"),
    ("a week ago", "2024-01-17~", "approximate"),
    ("three weeks ago", "2024-01-03~", "approximate"),
    ("five months ago", "2023-08~", "approximate"),
    ("in early March", "2023-03-01~/2023-03-10~", "approximate"),
    ("by the end of October", "2023-10-21~/2023-10-31~", "approximate"),
    ("in mid-2022", "2022-05~/2022-08~", "approximate"),
    ("since Tuesday", "2024-01-23/2024-01-24", "range"),
    ("since October 7", "2023-10-07/2024-01-24", "range"),
    ("Jan. 20", "2024-01-20", "day"),
    ("20 January", "2024-01-20", "day"),
    ("the 20th of January", "2024-01-20", "day"),
    ("January 20, 2024", "2024-01-20", "day"),
    ("Dec. 25", "2023-12-25", "day"),
    ("in December", "2023-12", "month"),
    ("Tuesday, Jan. 23, 2024", "2024-01-23", "day"),
])
def test_anchor_resolution(rules, text, value, precision):
    found = dates(f"It happened {text}.", WED, rules)
    assert [(d.value, d.precision) for d in found] == [(value, precision)]


def test_yearless_date_goes_back_to_the_most_recent_month(rules):
    d = one("The fire started on December 28.", FRI, rules)
    assert (d.text, d.value, d.precision) == ("December 28", "2023-12-28", "day")
    assert one("Results came in December.", FRI, rules).value == "2023-12"
    # forward-looking clause: the next one
    assert one("The trial will open on March 3.", FRI, rules).value == "2024-03-03"


def test_numeric_dates_day_first_by_default_and_configurable(rules):
    assert one("Filed 03/04/2024.", WED, rules).value == "2024-04-03"
    us = dataclasses.replace(rules, day_first=False)
    assert one("Filed 03/04/2024.", WED, us).value == "2024-03-04"
    # a part above 12 decides on its own, whatever the setting
    assert one("Filed 20/01/2024.", WED, us).value == "2024-01-20"
    assert one("Filed 01/20/2024.", WED, rules).value == "2024-01-20"


@pytest.mark.parametrize("text", [
    "Some 2,500 troops were deployed.",
    "There have been 150 attacks on US forces.",
    "Subscribe: 1 month, then 1 year for just $9.",
    "Protesters march 20 miles to the capital.",
    "In May's speech she urged calm.",
    "He was born on 31 February.",
    "The score was 3-1 after 90 minutes.",
])
def test_numbers_that_are_not_dates(rules, text):
    assert dates(text, WED, rules) == []


def test_no_anchor_means_no_guess(rules):
    texts = ["said Tuesday", "on January 20", "earlier this month", "since mid-October",
             "two days ago", "over the weekend", "late last year"]
    for text in texts:
        d = one(text, None, rules)
        assert (d.value, d.precision) == (None, "unknown"), text
    # what does not need the anchor is still resolved
    assert one("on January 20, 2024", None, rules).value == "2024-01-20"
    assert one("since March 2023", None, rules).value == "2023-03/.."
    d = one("days after", None, rules)
    assert (d.precision, d.relation, d.gap) == ("relative", "after", "days")


def test_order_and_determinism(rules):
    sents = sentences(
        "On Tuesday, rockets hit the base, days after a drone attack.",
        "The attack on January 20 was the 150th since mid-October.",
    )
    first = find_dates(sents, WED, rules)
    assert [(d.sentence, d.text) for d in first] == [
        (0, "Tuesday"), (0, "days after"), (1, "January 20"), (1, "since mid-October")]
    assert find_dates(sents, WED, rules) == first
    assert find_dates(sents, WED) == first  # default rules are the packaged file


def test_rules_come_from_an_editable_file(tmp_path):
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    custom = tmp_path / "dates.yaml"
    custom.write_text(text.replace("  6: [Sunday]", "  6: [Sunday, Domingo]"), encoding="utf-8")
    rules = load_date_rules(custom)
    assert one("It rained on Domingo.", WED, rules).value == "2024-01-21"
    assert dates("It rained on Domingo.", WED, load_date_rules()) == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.day_first = False  # type: ignore[misc]


# ------------------------------------------------------- months as modifiers


@pytest.mark.parametrize("text, span", [
    ("Ruto won December's mayoral election.", "December"),
    ("Turnout in the December election was low.", "December"),
    ("After the March vote, protests grew.", "March"),
    ("In December’s presidential election, turnout fell.", "December"),
])
def test_month_modifying_an_event_noun(rules, text, span):
    d = one(text, WED, rules)
    assert (d.text, d.precision) == (span, "month")
    assert d.value == {"December": "2023-12", "March": "2023-03"}[span]
    # the month of publication itself counts as not after it
    assert one(text, dt.date(2024, 3, 31), rules).value == (
        "2023-12" if span == "December" else "2024-03")
    d = one(text, None, rules)
    assert (d.value, d.precision) == (None, "unknown")


@pytest.mark.parametrize("text", [
    "May said the vote was fair.",
    "Theresa May's election campaign faltered.",
    "Prime Minister Theresa May's vote failed.",
    "They march on the capital before the vote.",
    "The March government collapsed.",
])
def test_month_modifier_not_a_name_or_verb(rules, text):
    assert dates(text, WED, rules) == []
