"""The model's vocabularies (kinds, roles, relations, statuses) are the schemas' enums.

The code needs them in order (the actors index groups by kind in ACTOR_KINDS' order) and the
schemas need them to validate editors' YAML: written in both, they are checked here to agree."""

from __future__ import annotations

import pytest

from chronicle.content.validate import load_schema
from chronicle.core import model


def _enum(kind: str, *path: str) -> list[str]:
    node = load_schema(kind)
    for step in path:
        node = node[step]
    return node["enum"]


@pytest.mark.parametrize("words, kind, path", [
    (model.ACTOR_KINDS, "actor", ("properties", "kind")),
    (model.PLACE_KINDS, "place", ("properties", "kind")),
    (model.STATUSES, "event", ("properties", "status")),
    (model.STATUSES, "actor", ("properties", "status")),
    (model.STATUSES, "place", ("properties", "status")),
    (model.RELATIONS, "event", ("properties", "related", "items", "properties", "relation")),
    (model.ACTOR_ROLES, "event", ("$defs", "actorRef", "properties", "role")),
    (model.PLACE_ROLES, "event", ("$defs", "placeRef", "properties", "role")),
])
def test_model_vocabulary_is_the_schema_enum(words, kind, path):
    assert list(words) == _enum(kind, *path)
