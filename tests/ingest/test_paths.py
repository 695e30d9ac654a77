"""Titles become ids, ids become file names: nothing extraction or the build writes lands outside
content/ or output/, whatever the articles' titles hold. (Ids from hostile names are checked one by
one in tests/core/test_ids.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

from chronicle.core.ids import MAX_ID_CHARS
from support import run_chronicle, sitegen
from support.seeds import new_content, seeds_dir

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
