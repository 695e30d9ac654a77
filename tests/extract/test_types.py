"""Incident types beyond conflict, on short articles written for this test.

Before the vocabulary in data/types.yaml had them, a court sentence came out as `policy`, a runway
collision as `disaster` (the article recalled an earthquake), a bankruptcy as `other`, a walkout as
a protest or an airstrike. Each article here names its incident plainly in its headline or lead and
mentions another kind of event further down, which must not decide.
"""

from __future__ import annotations

import hashlib

import pytest

from chronicle.extract.article import Seed
from chronicle.extract.incidents import TypeClassifier
from chronicle.extract.analyse import extract_entries, load_toolkit


def main_type(text: str) -> str:
    seed = Seed("test.txt", text, hashlib.sha256(text.encode()).hexdigest())
    entries = extract_entries(seed, load_toolkit(None, [], []))
    return entries.incidents[entries.keys["main"]]["type"]


ARTICLES = [
    ("Title: Two planes clip wings on airport runway\nDate: 2024-01-03\n\n"
     "A passenger jet collided with a cargo plane while taxiing at Norvik airport on Tuesday. "
     "Nobody was hurt.\n\nThe region was last in the news when an earthquake struck it in 2019.\n",
     "accident"),
    ("Title: Former minister jailed for eight years\nDate: 2023-05-11\n\n"
     "A court in Velmar sentenced the former transport minister to eight years in prison on Wednesday "
     "for taking bribes.\n\nHe was arrested in 2021 after a raid on his office.\n", "court-ruling"),
    ("Title: Supreme court strikes down fuel tax\nDate: 2022-09-30\n\n"
     "The country's highest court ruled on Friday that the fuel tax passed last year breached the "
     "constitution.\n", "court-ruling"),
    ("Title: Retail chain files for bankruptcy\nDate: 2024-04-02\n\n"
     "Brightmart, a chain of 300 discount shops, filed for bankruptcy on Monday after its lenders "
     "refused to extend a loan. Creditors are owed about 400 million euros.\n", "business"),
    ("Title: Cholera outbreak spreads in river towns\nDate: 2023-03-20\n\n"
     "Health officials recorded 230 new cases of cholera over the weekend in towns along the river.\n",
     "outbreak"),
    ("Title: Voters back new constitution in referendum\nDate: 2022-07-26\n\n"
     "Voters approved a new constitution by a wide margin on Monday, with turnout at 61 percent, "
     "the electoral commission said.\n", "election"),
    ("Title: Leaders meet for regional summit on water\nDate: 2024-06-12\n\n"
     "Heads of state from six countries held talks in Dunmore on Wednesday on sharing the river's water.\n",
     "summit"),
    ("Title: Volcano erupts, sending ash over villages\nDate: 2021-09-20\n\n"
     "The volcano on the island erupted on Sunday, covering nearby villages in ash and forcing "
     "about 5,000 people from their homes.\n", "disaster"),
    ("Title: Tanker spills oil off northern coast\nDate: 2023-02-08\n\n"
     "An oil spill from a damaged tanker has reached three beaches, the coastguard said on Tuesday.\n",
     "accident"),
    ("Title: Crush at stadium gate leaves 12 dead\nDate: 2022-10-02\n\n"
     "Twelve fans died in a crush at a stadium gate on Saturday night as thousands tried to leave at once.\n",
     "accident"),
    ("Title: Army officers seize power, dissolve government\nDate: 2023-08-30\n\n"
     "Army officers announced on national television on Wednesday that they had seized power and "
     "dissolved the government, in what appeared to be a coup.\n", "coup"),
]


@pytest.mark.parametrize("text, expected", ARTICLES, ids=[e for _t, e in ARTICLES])
def test_the_headline_and_lead_give_the_type(text, expected):
    assert main_type(text) == expected


def test_the_body_decides_only_when_headline_and_lead_name_nothing():
    text = ("Title: Quiet end to a long week in Harlow\nDate: 2024-03-01\n\n"
            "Residents of Harlow woke to an unusual sight on Friday.\n\n"
            "A freight train derailed overnight near the station, spilling gravel across the tracks.\n")
    assert main_type(text) == "accident"


def test_every_type_in_the_vocabulary_has_a_label_a_group_and_keywords():
    import yaml
    from importlib import resources
    vocabulary = yaml.safe_load(resources.files("chronicle").joinpath("data", "types.yaml").read_text("utf-8"))
    for type_id, spec in vocabulary.items():
        assert spec.get("label") and spec.get("group"), type_id
        assert spec.get("keywords") or type_id == "other", type_id
    for new in ("strike-action", "court-ruling", "summit", "outbreak", "coup"):
        assert new in vocabulary


def test_a_contextual_keyword_counts_only_with_its_cue_and_then_claims_its_words():
    classifier = TypeClassifier.from_keywords({
        "airstrike": ["strike on"], "strike-action": ["strike | near: pay, union"], "other": []})
    assert classifier.classify("a strike on the depot") == "airstrike"
    assert classifier.classify("a strike on Monday over pay") == "strike-action"
    # the lead's cue resolves the headline's word too
    assert classifier.classify_weighted([("strike on Monday", 3), ("the union called a strike", 1)]) \
        == "strike-action"
