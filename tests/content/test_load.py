"""Loading content/ in worker processes gives exactly what loading in one process gives:
the same entries, the same problems at the same lines, and a cache that knows every good file."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from support import sitegen
from chronicle.content.parse_cache import ParseCache
from chronicle.engine.processes import in_batches
from chronicle.content.entries import READ_BATCH, entry_names
from chronicle.content.load import load_content

TWO_PROCESSES = functools.partial(in_batches, processes=2)  # what the build hands loading

SIZE = 3 * READ_BATCH  # enough files that loading does go to workers


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """A generated site with one of each kind of problem among its files."""
    directory = sitegen.write_content(tmp_path_factory.mktemp("load") / "content", sitegen.realistic_data(SIZE))
    events = sorted((directory / "events").glob("*.yaml"))
    events[3].write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")  # YAML syntax
    text = events[10].read_text("utf-8")
    events[10].write_text(text.replace("status: ", "colour: red\nstatus: ", 1), encoding="utf-8")  # schema
    text = events[20].read_text("utf-8")
    events[20].write_text(text.replace("- ref: ", "- ref: no-such-actor\n  role: target\n- ref: ", 1),
                          encoding="utf-8")  # unknown reference
    (directory / "events" / "copy-of-one.yaml").write_text(events[30].read_text("utf-8"), encoding="utf-8")
    (directory / "events" / "empty.yaml").write_text("", encoding="utf-8")
    (directory / "events" / "binary.yaml").write_bytes(b"\x00\x01\x02")
    return directory


def test_workers_load_exactly_what_one_process_loads(content):
    alone, alone_problems = load_content(content, spread=None)
    shared, shared_problems = load_content(content, spread=TWO_PROCESSES)
    assert len(alone.incidents) > SIZE - 10
    assert shared.incidents == alone.incidents
    assert list(shared.incidents) == list(alone.incidents)
    assert shared.actors == alone.actors and shared.places == alone.places
    assert shared.actor_index == alone.actor_index and shared.place_index == alone.place_index
    assert shared_problems == alone_problems
    found = "\n".join(map(str, shared_problems))
    for expected in ("YAML syntax error", "unknown key 'colour'", "unknown actor 'no-such-actor'",
                     "does not match the file name 'copy-of-one.yaml'", "file is empty", "file is binary"):
        assert expected in found
    # Problems found after the workers (here: the unknown actor) still point at their line.
    unknown = next(p for p in shared_problems if "no-such-actor" in p.message)
    assert "no-such-actor" in Path(unknown.path).read_text("utf-8").splitlines()[unknown.line - 1]


def test_workers_fill_the_cache_and_a_warm_load_reads_it(content, tmp_path):
    cache = ParseCache.load(tmp_path / "yaml.marshal")
    cold, cold_problems = load_content(content, cache, spread=TWO_PROCESSES)
    cache.save()
    # Every distinct file that parsed cleanly is cached (the broken YAML, empty and binary files
    # are not; the copy shares its original's entry).
    parsed_ok = len({path.read_bytes() for path in content.rglob("*.yaml")}) - 3
    assert len(cache.entries) == parsed_ok and len(cache.used) == parsed_ok
    warm_cache = ParseCache.load(tmp_path / "yaml.marshal")
    assert len(warm_cache.entries) == parsed_ok
    warm, warm_problems = load_content(content, warm_cache, spread=TWO_PROCESSES)
    assert warm.incidents == cold.incidents and warm_problems == cold_problems
    assert warm_cache.used == set(warm_cache.entries)  # every entry was read from the cache
    assert len(warm_cache.entries) == parsed_ok  # and none was parsed and added again


def test_every_model_object_survives_the_trip_from_a_worker():
    import pickle

    fixture, problems = load_content(sitegen.FIXTURE)
    assert problems == []
    back = pickle.loads(pickle.dumps(fixture))
    assert back.incidents == fixture.incidents and back.actors == fixture.actors and back.places == fixture.places
    kinds = {type(obj).__name__ for incident in fixture.incidents.values()
             for obj in (*incident.actors, *incident.related, *incident.sources, *incident.notes,
                         *incident.casualties.values(), *(e for s in incident.sources for e in s.evidence))}
    kinds |= {type(a).__name__ for actor in fixture.actors.values() for a in actor.affiliations}
    # The fixture has one of each, so each class's way of pickling is exercised.
    assert kinds >= {"RoleRef", "Related", "Source", "Note", "Figure", "EvidenceItem", "Affiliation"}


def test_entry_names_are_the_folder_s_yaml_files_by_name(tmp_path):
    events = tmp_path / "events"
    events.mkdir()
    for name in ("b.yaml", "a.yaml", "C.yaml", ".a.yaml.swp", ".hidden.yaml", "notes.txt", "a.yml", "a.yaml~"):
        (events / name).write_text("id: x\n", encoding="utf-8")
    assert entry_names(tmp_path, "events") == ["C.yaml", "a.yaml", "b.yaml"]
    assert entry_names(tmp_path, "places") == []  # no folder: nothing, not an error
    (tmp_path / "actors").write_text("a file, not a folder", encoding="utf-8")
    assert entry_names(tmp_path, "actors") == []


@pytest.mark.parametrize("size", [0, 1, 4095, 65536, 65537, 300_001])
def test_files_are_read_whole_with_their_stat(tmp_path, size):
    from chronicle.content.read import _read_bytes

    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    path = tmp_path / "entry.yaml"
    path.write_bytes(data)
    raw, stat = _read_bytes(path)
    assert raw == data and stat.st_size == size and stat.st_mtime_ns == path.stat().st_mtime_ns


def test_a_reading_process_that_fails_stops_loading_with_its_error(content, monkeypatch):
    import os

    from chronicle.content import entries as content_module

    real = content_module._read_entry

    def failing(path, *args):
        if str(path).endswith("0300.yaml"):
            raise ValueError("a bug met while reading")
        return real(path, *args)

    monkeypatch.setattr(content_module, "_read_entry", failing)
    with pytest.raises(RuntimeError, match="a bug met while reading"):
        load_content(content, spread=TWO_PROCESSES)

    def dying(path, *args):
        if str(path).endswith("0300.yaml"):
            os._exit(3)
        return real(path, *args)

    monkeypatch.setattr(content_module, "_read_entry", dying)
    with pytest.raises(RuntimeError, match=r"stopped \(exit status 3\)"):
        load_content(content, spread=TWO_PROCESSES)
