"""Rebuilds write only what changed: unchanged files keep their mtimes, stale ones go, the cache never lies.

Whole builds of the fixture site, one after another. The parse cache on its own is tested in
tests/content/test_parse_cache.py, the build's fingerprint of its inputs in
tests/engine/test_build_state.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import sitegen


def files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(work: Path):
    result = sitegen.built(work / "content", work / "out", cwd=work)
    return result


@pytest.fixture
def site(tmp_path) -> Path:
    sitegen.copy_fixture(tmp_path / "content")
    build(tmp_path)
    return tmp_path


def test_rebuild_with_nothing_changed_touches_nothing(site):
    before = files(site / "out")
    result = build(site)
    assert "nothing changed" in result.stdout
    assert files(site / "out") == before  # same bytes and the same mtimes, theme files included
    assert "theme/css/chronicle.css" in before


def test_one_edit_rewrites_only_the_files_it_changes(site):
    before = files(site / "out")
    entry = site / "content" / "events" / "ceasefire-talks.yaml"
    entry.write_text(entry.read_text("utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    build(site)
    after = files(site / "out")
    assert sorted(after) == sorted(before)
    changed = [rel for rel in after if after[rel][0] != before[rel][0]]
    assert "incidents/ceasefire-talks/index.html" in changed
    # The search index: the record of the renamed incident, the terms of its title, the version.
    assert {"search/index/meta.json", "search/index/docs/0.json"} <= set(changed)
    assert any(rel.startswith("search/index/terms/") for rel in changed)
    assert "Renamed " in after["incidents/ceasefire-talks/index.html"][0].decode("utf-8")
    assert 0 < len(changed) < len(after) // 2
    for rel, (data, mtime) in after.items():
        if rel in before and data == before[rel][0]:
            assert mtime == before[rel][1], f"{rel} was rewritten with the same content"


def test_a_deleted_entry_loses_its_pages_and_nothing_else_is_rewritten(site):
    (site / "content" / "events" / "ceasefire-talks.yaml").unlink()
    before = files(site / "out")
    build(site)
    after = files(site / "out")
    assert not (site / "out" / "incidents" / "ceasefire-talks").exists()
    # Its page goes, and so do pages only it filled (its type's, its month's): no stale page is left.
    assert set(after) < set(before)
    assert "incidents/ceasefire-talks/index.html" not in after and "types/agreement/index.html" not in after
    for rel, (data, mtime) in after.items():
        if rel in before and data == before[rel][0]:
            assert mtime == before[rel][1], f"{rel} was rewritten with the same content"


def test_a_deleted_output_file_is_written_again(site):
    before = files(site / "out")
    (site / "out" / "actors" / "index.html").unlink()
    result = build(site)
    assert "nothing changed" not in result.stdout
    after = files(site / "out")
    assert after["actors/index.html"][0] == before["actors/index.html"][0]
    assert {rel: v for rel, v in after.items() if rel != "actors/index.html"} == \
        {rel: v for rel, v in before.items() if rel != "actors/index.html"}


def test_a_corrupt_cache_is_ignored(site):
    before = {rel: data for rel, (data, _m) in files(site / "out").items()}
    for path in (site / "cache").rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x00garbage" * 10)
    build(site)
    assert {rel: data for rel, (data, _m) in files(site / "out").items()} == before


def test_a_cold_build_fingerprints_what_its_workers_loaded(tmp_path, monkeypatch):
    """On a cold build the fingerprint is made after loading, from the hashes the loading workers
    took; the next build makes it up front. They must agree, or nothing would ever be skipped."""
    import json

    content = sitegen.write_content(tmp_path / "content", sitegen.realistic_data(500))
    monkeypatch.setenv("CHRONICLE_JOBS", "2")
    assert "nothing changed" not in build(tmp_path).stdout
    record = json.loads((tmp_path / "cache" / "chronicle" / "last-build.json").read_text("utf-8"))
    entry_files = [p for p in content.rglob("*.yaml")]
    assert len(entry_files) > 600 and all(str(p) in record["inputs"] for p in entry_files)
    assert "nothing changed" in build(tmp_path).stdout
