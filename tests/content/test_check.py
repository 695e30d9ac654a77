"""`chronicle check`: every kind of problem an editor can make, reported as path:line:column."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle.content.load import load_content
from support import REPO, run_chronicle, write

EVENT = "events/2024-03-02-port-vale-shelling.yaml"


def problems_of(content: Path) -> list[str]:
    result = run_chronicle("check", "--content", str(content))
    assert result.returncode == (1 if result.stderr.strip() else 0), result
    return [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


def edit(content: Path, rel: str, old: str, new: str) -> None:
    path = content / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def test_valid_content_passes(valid_content):
    result = run_chronicle("check", "--content", str(valid_content))
    assert result.returncode == 0, result.stderr
    assert "OK (2 incidents, 2 actors, 2 places)" in result.stdout
    assert result.stderr == ""


def test_impossible_date_is_reported_with_line_and_column(valid_content):
    edit(valid_content, EVENT, "date: 2024-03-02", "date: 2024-02-30")
    result = run_chronicle("check", "--content", str(valid_content))
    assert result.returncode == 1
    line = next(l for l in result.stderr.splitlines() if "2024-02-30" in l)
    assert line.startswith(f"{valid_content / EVENT}:3:7: ")
    assert "February 2024 has 29 days" in line


@pytest.mark.parametrize("old,new,expected", [
    ("actors:\n", "actrs:\n", r":6:1: unknown key 'actrs': did you mean 'actors'\?"),
    ("title: Shelling of Port Vale harbour\n", "", r":1:1: missing required field 'title'"),
    ("status: reviewed", "status: checked", r":5:9: status is 'checked'; it must be one of: draft, reviewed"),
    ("killed: {low: 2, best: 3, high: 5}", "killed: {low: two}", r":13:17: casualties.killed.low must be an integer, not text"),
    ("type: missile-attack", "type: missle-attack", r":4:7: unknown type 'missle-attack'"),
    ("ref: Portvale", "ref: Port Valley", r":10:10: unknown place 'Port Valley': did you mean 'port-vale'\?"),
    ("ref: Brigade of the River", "ref: brigade-of-the-sea", r":7:10: unknown actor 'brigade-of-the-sea'"),
    ("url: https://news.example/harbour", "url: javascript:alert(1)", r":17:10: sources.0.url .*must be an http:// or https://"),
    ("title: Harbour shelled", "title: [unclosed", r":17:8: YAML syntax error: expected ',' or '\]'"),
    ("title: Shelling of Port Vale harbour", "title: [1, 2]", r":2:8: title must be a string, not a list"),
])
def test_each_kind_of_problem(valid_content, old, new, expected):
    edit(valid_content, EVENT, old, new)
    found = problems_of(valid_content)
    assert any(re.search(expected, p) and p.startswith(str(valid_content / EVENT)) for p in found), found


def test_duplicate_id_and_alias_claimed_twice(valid_content):
    write(valid_content, "actors/copy.yaml", """
        id: river-brigade
        name: Copy
        kind: armed group
        """)
    write(valid_content, "actors/rival.yaml", """
        id: rival
        name: Rival Brigade
        aliases: [rn]
        kind: armed group
        """)
    found = problems_of(valid_content)
    assert any("copy.yaml:1:5: id 'river-brigade' does not match the file name" in p for p in found), found
    assert any("copy.yaml:1:5: duplicate id 'river-brigade'" in p for p in found), found
    assert any("rival.yaml:3:11: 'rn' is also a name or alias of actor 'northland'" in p for p in found), found


def test_duplicate_key_empty_binary_and_non_mapping_files(valid_content):
    write(valid_content, "places/twice.yaml", "id: twice\nname: Twice\nname: Again\nkind: city\n")
    write(valid_content, "places/empty.yaml", "\n")
    (valid_content / "places" / "blob.yaml").write_bytes(b"\x00\x01\x02binary")
    write(valid_content, "places/list.yaml", "- just\n- a list\n")
    found = problems_of(valid_content)
    assert any("twice.yaml:3:1: key 'name' appears twice" in p for p in found), found
    assert any("empty.yaml:1:1: file is empty" in p for p in found), found
    assert any("blob.yaml:1:1: file is binary" in p for p in found), found
    assert any("list.yaml:1:1: a place file must be a mapping" in p for p in found), found


def test_related_and_relative_dates_must_point_at_incidents(valid_content):
    rel = "events/2024-03-04-northland-response.yaml"
    edit(valid_content, rel, "ref: 2024-03-02-port-vale-shelling", "ref: 2024-03-02-port-vale-shellin")
    edit(valid_content, rel, "date: 2024-03~", "date: {after: nowhere, by: days}")
    found = problems_of(valid_content)
    assert any("unknown event '2024-03-02-port-vale-shellin': did you mean '2024-03-02-port-vale-shelling'" in p
               for p in found), found
    assert any(":3:15: unknown event 'nowhere'" in p for p in found), found


def test_within_loop_is_reported(valid_content):
    edit(valid_content, "places/northland-country.yaml", "kind: country", "kind: country\nwithin: port-vale")
    found = problems_of(valid_content)
    assert any("'within' makes a loop" in p for p in found), found


def test_references_resolve_by_id_or_any_alias(valid_content):
    content, problems = load_content(valid_content)
    assert problems == []
    assert content.actor("RN").id == "northland"
    assert content.actor("brigade of the river").id == "river-brigade"  # case and spacing folded
    assert content.place("Portvale").id == "port-vale"
    assert content.actor("nobody") is None
    shelling = content.incidents["2024-03-02-port-vale-shelling"]
    assert content.actor(shelling.actors[0].ref).name == "River Brigade"


def test_merging_two_actors_is_a_one_file_edit(valid_content):
    """Add the other's name as an alias to one file, delete the other: references still resolve."""
    edit(valid_content, "actors/northland.yaml", "aliases: [Northland, RN]",
         "aliases: [Northland, RN, River Brigade, Brigade of the River]")
    (valid_content / "actors" / "river-brigade.yaml").unlink()
    content, problems = load_content(valid_content)
    assert problems == []
    assert content.actor("Brigade of the River").id == "northland"


def test_missing_content_dir_is_an_error(tmp_path):
    result = run_chronicle("check", "--content", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "no such content directory" in result.stderr


def test_places_may_share_a_name_but_then_only_ids_resolve(valid_content):
    write(valid_content, "places/port-vale-south.yaml", """
        id: port-vale-south
        name: Port Vale
        kind: city
        within: northland-country
        """)
    found = problems_of(valid_content)
    # The shelling refers to "Portvale", an alias only one of them has: still fine.
    assert found == []
    edit(valid_content, EVENT, "ref: Portvale", "ref: Port Vale")
    found = problems_of(valid_content)
    assert any(":10:10: 'Port Vale' names more than one place (port-vale, port-vale-south); write the id" in p
               for p in found), found
    content, _ = load_content(valid_content)
    assert content.place("port-vale-south").name == "Port Vale"


def test_every_problem_of_every_file_in_one_run(valid_content):
    """A wrong date used to keep the entry out, and with it the check of its references."""
    edit(valid_content, EVENT, "date: 2024-03-02", "date: 2024-02-30")
    edit(valid_content, EVENT, "ref: Brigade of the River", "ref: brigade-of-the-sea")
    edit(valid_content, EVENT, "type: missile-attack", "type: missle-attack")
    edit(valid_content, "actors/river-brigade.yaml", "kind: armed group", "kind: armed gang")
    found = problems_of(valid_content)
    assert any("February 2024 has 29 days" in p for p in found), found
    assert any(":7:10: unknown actor 'brigade-of-the-sea'" in p for p in found), found
    assert any(":4:7: unknown type 'missle-attack'" in p for p in found), found
    assert any("river-brigade.yaml" in p and "armed gang" in p for p in found), found


def test_check_names_a_command_the_user_can_run(valid_content, tmp_path):
    edit(valid_content, EVENT, "date: 2024-03-02", "date: 2024-02-30")
    result = run_chronicle("check", "--content", str(valid_content))
    again = re.search(r"run `([^`]+)` again", result.stderr).group(1)
    rerun = subprocess.run(shlex.split(again), cwd=REPO, capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}"))
    assert rerun.returncode == 1 and "February 2024 has 29 days" in rerun.stderr, (again, rerun.stderr)
    made = subprocess.run(["make", "-s", "check", f"INPUT={valid_content}"], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert made.returncode != 0 and "run `make check` again" in made.stderr, made.stderr


def test_evidence_an_edit_leaves_behind_is_a_warning(valid_content):
    edit(valid_content, EVENT, "      - field: date\n        text: The harbour was shelled on Saturday.\n        line: 3",
         "      - text: The harbour was shelled on Saturday by the Brigade of the River.\n        line: 3\n"
         "        supports: {date: '2024-03-01', actors: [river-brigade, northland], casualties: {killed: {best: 3}}}")
    line = (valid_content / EVENT).read_text().splitlines().index(next(
        l for l in (valid_content / EVENT).read_text().splitlines() if "supports:" in l)) + 1
    result = run_chronicle("check", "--content", str(valid_content))
    assert result.returncode == 0, result.stderr  # warnings: the site still builds
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert any(f":{line}:" in w and "supports date '2024-03-01', but the date is now '2024-03-02'" in w for w in warnings)
    assert any("supports actor 'northland', which this incident no longer names" in w for w in warnings)
    assert not any("river-brigade" in w for w in warnings)  # named through its alias: still supported
    assert any("supports killed best 3, but the incident now has low 2, best 3, high 5" in w for w in warnings)
    assert len(warnings) == 3, warnings


def test_check_refuses_windows_device_names(valid_content):
    write(valid_content, "actors/con.yaml", "id: con\nname: Con Group\nkind: armed group\n")
    result = run_chronicle("check", "--content", str(valid_content))
    assert result.returncode == 1
    assert re.search(r"actors/con\.yaml:1:5: id 'con' is a device name Windows reserves", result.stderr), \
        result.stderr


@pytest.mark.parametrize("text", [b"- attack\n- protest\n", b"\xff\xfe\x00binary\x00", b"attack: [unclosed\n"])
def test_a_broken_types_file_is_reported_and_extraction_still_runs(valid_content, tmp_path, text):
    """content/types.yaml as a list, as binary, as bad YAML: `check` names the file, and `extract`
    (whose type classifier reads the file's keywords) carries on with the built-in types rather
    than stopping with a traceback."""
    (valid_content / "types.yaml").write_bytes(text)
    assert any(line.startswith(f"{valid_content / 'types.yaml'}:") for line in problems_of(valid_content))
    seeds = tmp_path / "seeds"
    write(seeds, "harbour.txt", "Rebels shelled the harbour of Port Vale on 2 March 2024, officials said.\n")
    result = run_chronicle("extract", "--content", str(valid_content), "--seeds", str(seeds))
    assert "Traceback" not in result.stderr, result.stderr
