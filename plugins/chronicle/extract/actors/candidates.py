"""A span a detector proposes (``Candidate``), how far it is trusted, and how overlaps are settled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chronicle.extract.actors.indexes import Identity


@dataclass(frozen=True)
class Candidate:
    """A span some detector proposes, before overlaps are settled and names resolved.

    mode: "fixed" (ident known), "define" (a name to resolve or create),
    "person" (a surname reference with a title or honorific), "alias" (an
    acronym), "ref" (a name that only counts if the article defines it).
    """

    start: int
    end: int
    priority: int
    mode: str
    ident: Identity | None = None
    name: str = ""
    kind: str = ""
    how: str = ""
    title: str | None = None
    aliases: tuple[str, ...] = ()
    fallback: bool = False  # person/alias: create a new actor when unresolved
    locative: bool = False  # ref: after "in", "at": a short form here is more likely a place


P_REGISTRY, P_TRANSLIT, P_REF, P_INSTITUTION, P_TITLE, P_ORG, P_STATE, P_NAME = range(8)


def select_spans(cands: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping spans: longest first, then the more trusted detector, then leftmost."""
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start, c.mode, c.name)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.start, c.end))
