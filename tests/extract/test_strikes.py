"""Military strikes and drone attacks, on articles written for this test: their type and who struck.

Before the keywords in data/types.yaml covered them, "Navy strikes kill four" came out as `other`
(a labour strike must not become an airstrike, so the bare word "strike" is no keyword) and
"Drone kills two guards" as a plain `attack`. A walkout is `strike-action`: "strike" counts for it
only near words of work and pay, and where it does, "strike on Monday" is no airstrike.
"""

from __future__ import annotations

import hashlib

import pytest

from chronicle.extract.article import Seed
from chronicle.extract.analyse import extract_entries, load_toolkit


def main_incident(text: str) -> dict:
    seed = Seed("test.txt", text, hashlib.sha256(text.encode()).hexdigest())
    entries = extract_entries(seed, load_toolkit(None, [], []))
    return entries.incidents[entries.keys["main"]]


def main_type(text: str) -> str:
    return main_incident(text)["type"]


ARTICLES = {
    "airstrike": (
        "Title: Navy strikes kill four fighters at coastal camp\nDate: 2022-03-14\n\n"
        "Naval aircraft hit a camp used by insurgents on the coast of Cabo Delgado on Sunday, "
        "killing four of them, the defence ministry said.\n"
    ),
    "drone-attack": (
        "Title: Drone kills two guards at border post\nDate: 2021-08-02\n\n"
        "An explosive-laden drone hit a border post north of the town on Monday, "
        "killing two guards and wounding five, officials said.\n"
    ),
    "strike-action": (
        "Title: Dockers go on strike at three ports\nDate: 2024-05-02\n\n"
        "Workers at three ports walked out on Thursday in a strike over pay, the union said.\n"
    ),
}

# "strike" in both senses, the headline alone deciding nothing: the words around it decide.
LABOUR_OR_MILITARY = [
    ("Title: Strike on Monday shuts city buses\nDate: 2024-02-05\n\n"
     "Bus drivers began a strike on Monday after wage talks with the transit authority failed, "
     "leaving commuters stranded.\n", "strike-action"),
    ("Title: Strike on Monday shuts border crossing\nDate: 2024-02-05\n\n"
     "A strike on Monday killed three soldiers at the crossing and damaged the customs building, "
     "the army said.\n", "airstrike"),
    ("Title: Teachers strike for a second week\nDate: 2023-10-09\n\n"
     "Secondary school teachers stayed away from classrooms for a second week, their union said, "
     "as the dispute over salaries dragged on.\n", "strike-action"),
    ("Title: Hospital staff stage 24-hour strike\nDate: 2023-11-14\n\n"
     "Cleaners and porters at the city hospital stopped work at dawn on Tuesday.\n", "strike-action"),
]


@pytest.mark.parametrize("text, expected", LABOUR_OR_MILITARY)
def test_a_strike_is_a_walkout_or_an_attack_by_the_words_around_it(text, expected):
    assert main_type(text) == expected


@pytest.mark.parametrize("expected", sorted(ARTICLES))
def test_strikes_and_drones_are_typed_by_what_they_did(expected):
    assert main_type(ARTICLES[expected]) == expected


STRIKE_BY_A_STATE = (
    "Title: Turkish strikes kill 12 militants in northern Iraq\nDate: 2023-12-24\n\n"
    "Turkish warplanes hit caves and shelters used by PKK militants in the Metina region of northern Iraq "
    "overnight, killing 12 of them, the defence ministry in Ankara said on Sunday.\n\n"
    "The raids followed an attack on a Turkish base in the area on Friday in which six soldiers were killed.\n"
)


def test_a_state_named_with_its_strikes_is_the_perpetrator_not_the_target_of_the_earlier_attack():
    # "Turkish strikes kill ...": the mention ends with the acting noun; the attack on "a Turkish base"
    # the raids answered must not make Turkey the target of its own strikes.
    roles = {a["ref"]: a["role"] for a in main_incident(STRIKE_BY_A_STATE)["actors"]}
    assert roles["turkey"] == "perpetrator"
    assert roles["pkk"] == "target"


STRIKES_ON_VILLAGES = (
    "Title: Nine dead in Turkish strikes on villages in northern Syria\nDate: 2022-11-20\n\n"
    "Nine people were killed on Sunday in Turkish strikes on villages near Kobani, "
    "the Kurdish-led administration of the region said.\n"
)


def test_a_state_named_with_its_strikes_after_in_is_an_actor_not_a_location():
    incident = main_incident(STRIKES_ON_VILLAGES)
    assert "turkey" in {a["ref"] for a in incident["actors"]}
    assert "turkey" not in {p["ref"] for p in incident.get("places", []) if p["role"] == "location"}
