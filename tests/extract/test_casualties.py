"""Casualty figures, on sentences and short articles written for this test.

Before: "14 killed and 25 injured" gave only the injured (the noun was left out), numbers in
words past twenty ("one hundred", "two dozen") were not read, a range kept one end, a toll that
rose kept the first figure, and the 48 dead of an earthquake years before were given to the
runway collision an article reported.
"""

from __future__ import annotations

import hashlib

import pytest

from chronicle.extract.article import Seed, Sentence
from chronicle.extract.incidents import find_casualties
from chronicle.extract.analyse import extract_entries, load_toolkit


def figures(text: str) -> dict:
    return find_casualties(Sentence(0, text, 0, 1))


@pytest.mark.parametrize("text, expected", [
    ("Fourteen people were killed and 25 injured in the blast.", {"killed": {"best": 14}, "injured": {"best": 25}}),
    ("The clashes left 14 killed and 25 injured.", {"killed": {"best": 14}, "injured": {"best": 25}}),
    ("One hundred people died in the fire.", {"killed": {"best": 100}}),
    ("A dozen guards were wounded.", {"injured": {"best": 12}}),
    ("Two dozen passengers were hurt.", {"injured": {"best": 24}}),
    ("At least eleven villagers were killed.", {"killed": {"low": 11}}),
    ("Nearly 200 residents were evacuated.", {"displaced": {"best": 200}}),
    ("Up to forty people are missing.", {"missing": {"high": 40}}),
    ("Between 10 and 15 miners were killed.", {"killed": {"low": 10, "high": 15}}),
    ("Police arrested twenty-three people overnight.", {"arrested": {"best": 23}}),
    ("A 19-year-old was shot dead near the station.", {"killed": {"best": 1}}),
    ("The storm killed three people and injured a dozen others.", {"killed": {"best": 3}, "injured": {"best": 12}}),
    # a part of a group named by its casualty word is no count of that category
    ("The toll rose after four of the injured died in hospital.", {}),
])
def test_every_category_and_number_in_a_sentence_is_read(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "Scores of people were injured in the crush.",  # vague: no figure rather than a guess
    "Dozens were wounded.",
    "The quake that struck on March 6 caused panic.",
    "Since 2019 killed off the old rules, nobody has complained.",
])
def test_vague_counts_and_dates_give_no_figure(text):
    assert figures(text) == {}


def test_a_date_is_not_a_count():
    assert figures("The quake that hit on March 6 killed 12 people.") == {"killed": {"best": 12}}


def main_incident(text: str) -> dict:
    seed = Seed("test.txt", text, hashlib.sha256(text.encode()).hexdigest())
    entries = extract_entries(seed, load_toolkit(None, [], []))
    return entries.incidents[entries.keys["main"]]


def test_a_toll_that_rose_replaces_the_first_figure():
    incident = main_incident(
        "Title: Bus plunges into ravine\nDate: 2023-06-02\n\n"
        "A bus carrying farm workers plunged into a ravine near Pellam on Thursday, killing six people.\n\n"
        "The death toll had risen to nine by Friday morning, a regional official said.\n")
    assert incident["casualties"]["killed"] == {"best": 9}


def test_casualties_of_an_earlier_disaster_in_the_background_are_not_the_incidents():
    incident = main_incident(
        "Title: Two planes collide on runway, killing five\nDate: 2024-01-03\n\n"
        "A passenger jet collided with a small survey plane on the runway at Norvik airport on Tuesday, "
        "killing five of the six crew on the smaller aircraft.\n\n"
        "The airport was closed for two days in 2019, when 48 people died in an earthquake that hit the region.\n\n"
        "The new terminal, opened in 2021, was not damaged.\n")
    assert incident["casualties"]["killed"] == {"best": 5}


def test_casualties_of_the_attack_a_response_answers_are_not_the_responses():
    incident = main_incident(
        "Title: Army shells rebel base\nDate: 2024-02-11\n\n"
        "Army artillery shelled a rebel base outside Koro on Sunday, killing eight fighters, a military source said.\n\n"
        "The army said the shelling was a response to the ambush of a convoy, in which 11 soldiers were wounded.\n")
    assert incident["casualties"] == {"killed": {"best": 8}}


@pytest.mark.parametrize("text, expected", [
    ("Five of the six people on the small plane were killed.", {"killed": {"best": 5}}),
    ("Five coast guard crew members died.", {"killed": {"best": 5}}),
    ("Everyone survived, though 14 passengers were treated for minor injuries.", {"injured": {"best": 14}}),
    ("One of the five suspects was arrested at the border.", {}),  # five is the group
])
def test_shares_of_a_group_and_treated_people(text, expected):
    assert figures(text) == expected


def test_the_toll_of_an_event_of_another_kind_is_not_the_incidents():
    incident = main_incident(
        "Title: Jet and survey plane collide on runway\nDate: 2024-01-02\n\n"
        "A passenger jet collided with a survey plane on the runway at Norvik airport on Tuesday evening.\n\n"
        "The survey plane was carrying supplies to towns hit by the earthquake, which killed at least 48 "
        "people. Five of the six crew on the survey plane died.\n")
    assert incident["casualties"] == {"killed": {"best": 5}}


def test_people_taken_to_hospital_are_injured():
    assert figures("Six people were pulled alive from the rubble and taken to the district hospital in Tamo.") \
        == {"injured": {"best": 6}}


def test_a_rate_is_no_toll():
    assert figures("The minister said the disease killed about 8,000 women every year.") == {}


def test_a_running_total_is_not_the_incidents_toll():
    incident = main_incident(
        "Title: Landslide buries homes in hill village\nDate: 2026-09-07\n\n"
        "A landslide buried 14 houses in the village of Tarku early on Sunday, officials said.\n\n"
        "The disaster authority said 63 people had died in floods and landslides across the country during "
        "this monsoon.\n")
    assert "killed" not in incident.get("casualties", {})
