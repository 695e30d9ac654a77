"""Load ``content/`` into the model, and say precisely what is wrong with it (``chronicle check``,
and the build before it makes anything).

Read this first: ``load_content`` is loading in order. Each step is a module of its own:
``read`` (a file to a parsed document), ``validate`` (the JSON Schemas, in an editor's words),
``builders`` (a document to a model object), ``entries`` (every entry file, in worker processes
when there are many, and one file for each id), ``incident_types``, ``references`` (names,
aliases and every reference resolved), each adding to the ``problems`` found. ``public`` (what
the site shows) and ``evidence`` (evidence an edit left behind) work on the loaded content.
"""

from __future__ import annotations

from pathlib import Path

from chronicle.content.entries import Spread, claim_ids, entry_paths, read_entries
from chronicle.content.incident_types import load_types
from chronicle.content.parse_cache import ParseCache
from chronicle.content.problems import Problem, Problems
from chronicle.content.references import actor_index, check_references, place_index
from chronicle.core.model import Content


def load_content(content_dir: Path, cache: ParseCache | None = None,
                 spread: Spread | None = None) -> tuple[Content, list[Problem]]:
    """Load and validate everything in ``content_dir``.

    Returns the content (entries with problems left out) and every problem
    found, sorted by file and line. A ``cache`` spares parsing files parsed before;
    ``spread(work, count)`` runs work(n) for every batch n < count, maybe in worker processes
    (the build passes ``engine.processes.in_batches``), and returns {n: result}.
    """
    problems = Problems()
    types = load_types(content_dir, problems)
    paths = entry_paths(content_dir)
    entries, claims = claim_ids(paths, read_entries(paths, cache, spread), problems)
    content = Content(entries["event"], entries["actor"], entries["place"], types)
    content.actor_index = actor_index(content.actors, claims, problems)
    content.place_index, ambiguous = place_index(content.places)
    check_references(content, claims, ambiguous, problems)
    return content, problems.sorted()
