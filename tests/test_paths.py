"""Names become ids, ids become file names: nothing is ever written outside content/ or output/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import sitegen
from chronicle.core.ids import MAX_ID_CHARS, WINDOWS_RESERVED, slugify
from chronicle.content.store import inside
from support import run_chronicle, write
from support.seeds import new_content, seeds_dir

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HOSTILE_NAMES = ["../../etc/passwd", "/etc/passwd", "..\\..\\windows\\system32", "a\x00b", "???", "", "CON",
                 "nul", "Com1", "LPT9", "aux", "x" * 500, "word " * 100, "Ḩalab [Aleppo]", "--", "-.-", "ﷺ",
                 "中国", "\u202eevil", "%2e%2e%2f", "file.yaml", ".hidden"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_name_gives_a_safe_id_or_none(name):
    slug = slugify(name)
    assert slug == "" or ID.match(slug), slug
    assert len(slug) <= MAX_ID_CHARS and slug not in WINDOWS_RESERVED
    assert slugify(name) == slug  # the same on every run


def test_long_names_that_share_a_start_stay_distinct():
    first, second = "Committee " * 40 + "North", "Committee " * 40 + "South"
    assert slugify(first) != slugify(second)
    assert len(slugify(first)) <= MAX_ID_CHARS


@pytest.mark.parametrize("rel", ["../escape.yaml", "events/../../escape.yaml", "/etc/passwd", "a\x00b.yaml"])
def test_writes_outside_the_root_are_refused(tmp_path, rel):
    with pytest.raises(ValueError):
        inside(tmp_path / "content", rel)
    assert inside(tmp_path / "content", "events/x.yaml") == tmp_path / "content" / "events" / "x.yaml"


def test_check_refuses_windows_device_names(valid_content):
    write(valid_content, "actors/con.yaml", "id: con\nname: Con Group\nkind: armed group\n")
    result = run_chronicle("check", "--content", str(valid_content))
    assert result.returncode == 1
    assert re.search(r"actors/con\.yaml:1:5: id 'con' is a device name Windows reserves", result.stderr), \
        result.stderr


def snapshot_outside(root):
    """Every path under ``root`` except the content and output trees."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if not str(p.relative_to(root)).startswith(("content", "out", "seeds")))


HOSTILE_TITLES = {
    "001_traversal.txt": "../../../../etc/passwd",
    "002_absolute.txt": "/tmp/chronicle-escape",
    "003_nothing.txt": "???",
    "004_device.txt": "CON",
    "005_long.txt": "Committee " * 50,
    "006_fire_a.txt": "Fire at the port!",
    "007_fire_b.txt": "Fire at the port?",
}
PLACES = {"006_fire_a.txt": "Lagos in Nigeria", "007_fire_b.txt": "Valparaíso in Chile"}


def test_hostile_titles_stay_inside_and_alike_titles_get_distinct_ids(tmp_path):
    content = new_content(tmp_path / "content")
    files = []
    for name, title in HOSTILE_TITLES.items():
        where = PLACES.get(name, "Kabul in Afghanistan")
        files.append((name, f"Title: {title}\nDate: 2024-06-05\nSource: Example Wire\n\n"
                            f"A fire broke out at the port of {where} on Wednesday, officials said.\n"))
    seeds = seeds_dir(tmp_path / "seeds", *files)
    before = snapshot_outside(tmp_path)
    result = run_chronicle("extract", "--content", str(content), "--seeds", str(seeds))
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot_outside(tmp_path) == before  # nothing written beside content/
    assert not (tmp_path.parent / "etc").exists() and not list(Path("/tmp").glob("chronicle-escape*"))
    ids = sorted(p.stem for p in (content / "events").glob("*.yaml"))
    assert all(ID.match(i) and len(i) <= MAX_ID_CHARS + 12 for i in ids), ids
    fires = [i for i in ids if "fire-at-the-port" in i]
    assert fires == ["2024-06-05-fire-at-the-port", "2024-06-05-fire-at-the-port-2"], ids
    assert "warning: 007_fire_b.txt: incident id '2024-06-05-fire-at-the-port' is taken" in result.stderr
    check = run_chronicle("check", "--content", str(content))
    assert check.returncode == 0, check.stderr
    # Extracting again changes nothing: the slugs are deterministic.
    again = run_chronicle("extract", "--content", str(content), "--seeds", str(seeds), "--all")
    assert again.returncode == 0 and sorted(p.stem for p in (content / "events").glob("*.yaml")) == ids
    out = tmp_path / "out"
    build = sitegen.build(content, out)
    assert build.returncode == 0, build.stderr
    added = set(snapshot_outside(tmp_path)) - set(before)
    assert {a for a in added if not a.startswith("cache")} <= {"test.conf.py", "__pycache__"}, added  # Pelican's cache
