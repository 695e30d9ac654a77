"""The actor detectors as a rule chain: listed in order, switched off by name, added to without editing code."""

from __future__ import annotations

import dataclasses
import re

import pytest

from chronicle.core.model import Actor
from chronicle.extract.actors import STANDARD_DETECTORS, find_actors
from chronicle.extract.actors.candidates import P_NAME, Candidate
from chronicle.extract.actors.detectors.names import object_candidates
from chronicle.extract.analyse import analyse_article, load_toolkit
from chronicle.extract.article import Seed, Sentence
from chronicle.extract.chain import Rule, RuleChain, UnknownRule

STANDARD_ORDER = ("registry", "institution", "person", "org", "state", "name", "acronym", "descriptor",
                  "appositive_person", "employer", "object", "nationality")

KH = Actor("kataib-hezbollah", "Kataib Hezbollah", "armed group", aliases=("Kata'ib Hizballah", "KH"))


def mentions(text: str, registry=(), **kw) -> set[tuple[str, str]]:
    return {(m.text, m.actor_id) for m in find_actors([Sentence(0, text, 0, 1)], list(registry), **kw)}


# -- the standard chain ---------------------------------------------------------------------------


def test_the_standard_detectors_are_listed_in_the_order_they_run():
    assert STANDARD_DETECTORS.names() == STANDARD_ORDER
    assert STANDARD_DETECTORS.names(enabled_only=True) == STANDARD_ORDER
    assert [rule.name for rule in STANDARD_DETECTORS] == list(STANDARD_ORDER)
    assert STANDARD_DETECTORS.active == tuple(rule.run for rule in STANDARD_DETECTORS)
    assert STANDARD_DETECTORS["object"] is object_candidates


# Sentences from the repository's articles (the registry one aside), each with the one mention
# only that detector finds: switched off, the mention goes and nothing else changes.
ONLY_FOUND_BY = [
    ("registry", "Rockets were fired at the base, a KH statement said.", ("KH", "kataib-hezbollah")),
    ("institution", "He denied a White House statement that Baghdad had been warned beforehand.",
     ("White House", "white-house")),
    ("person", "The vote was called after Prime Minister Antonio Costa resigned in November amid a corruption "
               "investigation.", ("Prime Minister Antonio Costa", "antonio-costa")),
    ("org", "Shares in Baltic Freight Lines rose 14 percent in Stockholm.",
     ("Baltic Freight Lines", "baltic-freight-lines")),
    ("state", "A little-known Iran-backed group calling itself Tashkil al-Waritheen said it had carried out the "
              "attack on al-Harir.", ("Iran-backed", "iran")),
    ("name", "All of the wounded have gone back to duty and no installation was damaged, CENTCOM said.",
     ("CENTCOM", "centcom")),
    ("descriptor", "Trenitalia, the passenger operator, said it was running replacement buses between the "
                   "affected stations.", ("Trenitalia", "trenitalia")),
    ("appositive_person", "His lawyer, Miguel Sarmento, said outside the courthouse that they would appeal to the "
                          "Lisbon Court of Appeal.", ("Miguel Sarmento", "miguel-sarmento")),
    ("employer", "Rheinchem chief executive Thomas Berger said the company would cooperate fully with the "
                 "authorities.", ("Rheinchem", "rheinchem")),
    ("object", "Valencia CF had reached the final after knocking out Real Betis in April.",
     ("Real Betis", "real-betis")),
    ("nationality", "The defending champion, Ireland's Niamh O'Donnell, faded to seventh after leading for most "
                    "of the race.", ("Niamh O'Donnell", "niamh-odonnell")),
]


@pytest.mark.parametrize(("detector", "text", "mention"), ONLY_FOUND_BY, ids=[c[0] for c in ONLY_FOUND_BY])
def test_disabling_a_detector_removes_exactly_its_mentions(detector, text, mention):
    every = mentions(text, [KH])
    without = mentions(text, [KH], detectors=STANDARD_DETECTORS.disable(detector))
    assert mention in every
    assert every - without == {mention}
    assert without <= every


def test_disabling_the_acronym_detector_leaves_the_spelled_out_name_to_the_others():
    text = "Members of the Irish Nurses and Midwives Organisation (INMO) walked out on Tuesday."
    whole = ("Irish Nurses and Midwives Organisation (INMO)", "irish-nurses-and-midwives-organisation")
    assert whole in mentions(text)
    assert whole not in mentions(text, detectors=STANDARD_DETECTORS.disable("acronym"))


def test_every_standard_detector_finds_something_the_others_do_not():
    assert {c[0] for c in ONLY_FOUND_BY} | {"acronym"} == set(STANDARD_ORDER)


def test_no_detector_no_actor_and_the_standard_chain_is_left_as_it_was():
    text = "Valencia CF had reached the final after knocking out Real Betis in April."
    assert mentions(text, detectors=STANDARD_DETECTORS.only()) == set()
    assert mentions(text, detectors=STANDARD_DETECTORS.only("object")) == {("Real Betis", "real-betis")}
    assert STANDARD_DETECTORS.disable("object").enable("object") == STANDARD_DETECTORS
    assert STANDARD_DETECTORS.names(enabled_only=True) == STANDARD_ORDER


def vessel_candidates(ctx) -> list[Candidate]:
    """A detector a project might add: ships named after "MV" ("the MV Galaxy Leader")."""
    return [Candidate(m.start(1), m.end(1), P_NAME, "define", name=m.group(1), kind="other", how="name")
            for m in re.finditer(r"\bMV ([A-Z]\w+(?: [A-Z]\w+)*)", ctx.text)]


def test_a_detector_added_by_name_runs_where_it_is_put():
    text = "Houthi fighters seized the MV Galaxy Leader in the Red Sea."
    assert ("Galaxy Leader", "galaxy-leader") not in mentions(text)
    chain = STANDARD_DETECTORS.after("name", "vessel", vessel_candidates)
    assert chain.names()[5:8] == ("name", "vessel", "acronym")
    assert ("Galaxy Leader", "galaxy-leader") in mentions(text, detectors=chain)
    assert "vessel" not in STANDARD_DETECTORS.names()


def test_the_toolkit_carries_the_detectors_through_analyse_article():
    text = "Valencia CF had reached the final after knocking out Real Betis in April.\n"
    seed = Seed("final.txt", text, "0" * 64)
    kit = load_toolkit(None, [], [])
    found = {m.actor_id for m in analyse_article(seed, kit).actors}
    without = dataclasses.replace(kit, actor_detectors=kit.actor_detectors.disable("object"))
    assert "real-betis" in found
    assert {m.actor_id for m in analyse_article(seed, without).actors} == found - {"real-betis"}


# -- unknown and repeated names -------------------------------------------------------------------


@pytest.mark.parametrize("change", [
    lambda chain: chain.disable("objects"),
    lambda chain: chain.enable("objects"),
    lambda chain: chain.only("name", "objects"),
    lambda chain: chain.before("objects", "vessel", vessel_candidates),
    lambda chain: chain.after("objects", "vessel", vessel_candidates),
    lambda chain: chain.replace("objects", vessel_candidates),
    lambda chain: chain["objects"],
])
def test_an_unknown_detector_name_is_an_error_that_lists_the_known_ones(change):
    with pytest.raises(UnknownRule) as caught:
        change(STANDARD_DETECTORS)
    assert str(caught.value) == ("no detector named 'objects'; the detectors are: " + ", ".join(STANDARD_ORDER))
    assert isinstance(caught.value, LookupError)


def test_an_unknown_name_fails_before_anything_runs():
    with pytest.raises(UnknownRule):
        find_actors([Sentence(0, "Acme said.", 0, 1)], [], detectors=STANDARD_DETECTORS.disable("nme"))


def test_two_rules_may_not_share_a_name():
    with pytest.raises(ValueError, match="two detectors may not share a name: name"):
        STANDARD_DETECTORS.push("name", vessel_candidates)
    with pytest.raises(ValueError, match="two rules may not share a name: a"):
        RuleChain.of(("a", 1), ("a", 2))


# -- the chain on its own -------------------------------------------------------------------------


def test_chain_edits_keep_order_and_state_and_never_change_the_original():
    chain = RuleChain.of(("a", "A"), ("b", "B"), ("c", "C"))
    assert chain.before("a", "z", "Z").names() == ("z", "a", "b", "c")
    assert chain.after("b", "z", "Z").names() == ("a", "b", "z", "c")
    assert chain.push("z", "Z").names() == ("a", "b", "c", "z")
    off = chain.disable("b", "c")
    assert off.names() == ("a", "b", "c") and off.names(enabled_only=True) == ("a",) and off.active == ("A",)
    assert off.replace("b", "B2").rules[1] == Rule("b", "B2", enabled=False)
    assert off.enable("c").active == ("A", "C")
    assert chain.only("c", "a").active == ("A", "C")  # the chain's order, not the order asked in
    assert chain.active == ("A", "B", "C") and len(chain) == 3
