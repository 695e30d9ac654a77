"""Places read the actor rules the article is analysed with, not the built-in ones."""

from __future__ import annotations

import dataclasses
import functools
from types import MappingProxyType

from chronicle.extract.actors import load_actor_rules
from chronicle.extract.analyse import analyse_article, load_toolkit
from chronicle.extract.article import Seed, Sentence
from chronicle.extract.places import find_places


@functools.cache
def kit():
    return load_toolkit(None, [], [])


def with_demonym(word: str):
    """The built-in actor rules with one more demonym for the first state."""
    rules = load_actor_rules()
    first = rules.states[0]
    states = (dataclasses.replace(first, demonyms=first.demonyms + (word,)),) + rules.states[1:]
    return dataclasses.replace(rules, states=states)


def with_group_keyword(word: str):
    rules = load_actor_rules()
    return dataclasses.replace(rules, group_keywords=MappingProxyType({**rules.group_keywords, word: "organisation"}))


def places(text: str, **kw) -> list[str]:
    return [m.name for m in find_places([Sentence(0, text, 0, 1)], [], kit().gazetteer, **kw)]


def test_a_demonym_of_the_given_actor_rules_is_no_site_or_village():
    assert places("They met at the Zorbian mine.") == ["Zorbian mine"]
    assert places("They met at the Zorbian mine.", actor_rules=with_demonym("Zorbian")) == []
    assert places("Fighting spread to the Zorbian village on Monday.", actor_rules=with_demonym("Zorbian")) == []


def test_a_possessive_before_an_organisation_of_the_given_actor_rules_is_a_place():
    text = "Spain's Diego Ortega won the stage on Sunday."
    assert places(text) == []  # a nationality: "Spain's Diego Ortega"
    assert places(text, actor_rules=with_group_keyword("ortega")) == ["Spain"]  # as in "Spain's Socialist Party"


def test_analyse_article_hands_the_toolkit_s_actor_rules_to_places():
    seed = Seed("mine.txt", "Gunmen attacked the Zorbian mine on Monday.\n", "0" * 64)
    assert "Zorbian mine" in {m.name for m in analyse_article(seed, kit()).places}
    own = dataclasses.replace(kit(), actor_rules=with_demonym("Zorbian"))
    assert "Zorbian mine" not in {m.name for m in analyse_article(seed, own).places}
