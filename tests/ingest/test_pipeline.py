"""End to end: the real `chronicle extract` on seeds, into content dirs in tmp_path.

Each test starts from what a user has: the repo's actor registry
(content/actors) and some seeds. Articles written for these tests are in
tests/ingest/articles/; the sample seed is the repo's seeds/000_*.txt.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from support import sitegen
from support import SAMPLE_SEED, run_chronicle
from support.seeds import ARTICLES, MAIN_TITLE, REGISTRY, new_content, seeds_dir, tree

HEADER = "Title: US carries out strikes on Iran-backed militia group in Iraq\nDate: 2024-01-24\nSource: The Telegraph\n\n"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


# -- helpers ------------------------------------------------------------------------------------

def extract(content: Path, seeds: Path | None = None, *args: str) -> subprocess.CompletedProcess:
    cmd = ["extract", "--content", str(content)]
    if seeds is not None:
        cmd += ["--seeds", str(seeds)]
    return run_chronicle(*cmd, *args)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def incidents(content: Path) -> dict[str, dict]:
    return {p.stem: load(p) for p in sorted((content / "events").glob("*.yaml"))}


def by_title(content: Path, title: str) -> dict:
    found = [e for e in incidents(content).values() if e["title"] == title]
    assert len(found) == 1, sorted(incidents(content))
    return found[0]


def refs(entry: dict, key: str) -> set[str]:
    return {r["ref"] for r in entry.get(key) or []}


def strings(value) -> list[str]:
    """Every string (keys and values) in a YAML document."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}


def build_site(content: Path, out: Path, seeds: Path | None = None) -> subprocess.CompletedProcess:
    """`make html` on a tmp content dir: pelican with this repo's plugin and theme.

    With ``seeds``, extraction on build is switched on (as in pelican.conf.py) and reads them.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    conf = sitegen.write_conf(out.parent)
    if seeds is not None:
        with conf.open("a", encoding="utf-8") as handle:
            handle.write(f"CHRONICLE_EXTRACT_ON_BUILD = True\nCHRONICLE_SEEDS = {str(seeds)!r}\n")
    env = dict(os.environ, COLUMNS="200", TERM="dumb", NO_COLOR="1")
    return subprocess.run([sitegen.pelican_bin(), str(content), "-o", str(out), "-s", str(conf),
                           "--fatal", "errors"], capture_output=True, text=True, cwd=str(out.parent),
                          env=env, timeout=900)


# -- 1, 2: the sample seed ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("sample")
    content = new_content(work / "content")
    seeds = seeds_dir(work / "seeds", (SAMPLE_SEED.name, SAMPLE_SEED))
    result = ok(extract(content, seeds))
    assert "created: events/" in result.stdout
    return content


def test_sample_seed_main_incident(sample):
    main = by_title(sample, MAIN_TITLE)
    assert main["status"] == "draft"
    assert main["type"] == "airstrike"
    assert main["date"] == "unknown"
    assert {"united-states", "kataib-hezbollah", "lloyd-austin", "us-central-command"} <= refs(main, "actors")
    assert "iraq" in refs(main, "places")
    roles = {r["ref"]: r["role"] for r in main["actors"]}
    assert roles["united-states"] == "perpetrator"
    assert roles["kataib-hezbollah"] == "target"
    assert main["sources"][0]["publisher"] == "The Telegraph"
    assert main["sources"][0]["published"] is None  # no date anywhere: unknown, never guessed
    assert main["sources"][0]["seed"] == SAMPLE_SEED.name


def test_sample_seed_earlier_incidents_are_relative_to_the_main_one(sample):
    main = by_title(sample, MAIN_TITLE)
    others = [e for e in incidents(sample).values() if e["id"] != main["id"]]
    western = [e for e in others if e["type"] == "missile-attack"
               and refs(e, "places") & {"western-iraq", "iraq"}]
    assert len(western) == 1, others
    western = western[0]
    assert "western-iraq" in refs(western, "places")
    assert load(sample / "places" / "western-iraq.yaml")["within"] == "iraq"
    assert western["date"] == {"before": main["id"], "by": "days"}
    baghdad = [e for e in others if e["type"] == "airstrike" and "baghdad" in refs(e, "places")]
    assert len(baghdad) == 1, others
    assert isinstance(baghdad[0]["date"], dict) and baghdad[0]["date"].get("before") == main["id"]
    assert {"ref": western["id"], "relation": "response-to"} in main["related"]


def test_sample_seed_no_tehran_and_no_page_furniture(sample):
    for entry in incidents(sample).values():
        assert not refs(entry, "places") & {"tehran", "iran"}, entry["id"]
    assert not (sample / "places" / "tehran.yaml").exists()
    assert not (sample / "places" / "iran.yaml").exists()
    registry = {p.name for p in REGISTRY}
    written = [p for p in sample.rglob("*.yaml") if p.parent.name != "actors" or p.name not in registry]
    assert len(written) > 5
    for path in written:
        for text in strings(load(path)):
            for junk in ("Oops", "GETTY", "Telegraph free", "Missiles at a park", "Something went wrong"):
                assert junk not in text, f"{path.name}: {text!r}"


def test_sample_seed_result_passes_check(sample):
    result = run_chronicle("check", "--content", str(sample))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK (3 incidents" in result.stdout


def test_sample_seed_with_header(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("001_strikes.txt", HEADER + SAMPLE_SEED.read_text("utf-8")))
    ok(extract(content, seeds))
    main = by_title(content, MAIN_TITLE)
    assert main["date"] == "2024-01-23"  # "said Tuesday", published Wednesday 24 January
    assert main["id"].startswith("2024-01-23-")
    assert main["sources"][0]["published"] == "2024-01-24"
    baghdad = [e for e in incidents(content).values() if "baghdad" in refs(e, "places")]
    assert len(baghdad) == 1
    assert baghdad[0]["date"] == "2024-01"  # "earlier this month"
    western = [e for e in incidents(content).values() if e["type"] == "missile-attack"]
    assert len(western) == 1 and western[0]["date"] == {"before": main["id"], "by": "days"}
    ok(run_chronicle("check", "--content", str(content)))


# -- 3: two articles, one incident --------------------------------------------------------------

def test_two_articles_about_one_incident_give_one_file_with_two_sources(tmp_path):
    content = new_content(tmp_path / "content")
    first, second = ARTICLES / "hodeidah_gulf_post.txt", ARTICLES / "hodeidah_red_sea_observer.txt"
    ok(extract(content, None, str(first)))
    assert len(incidents(content)) == 1
    result = ok(extract(content, None, str(second)))
    assert "source added to: events/" in result.stdout
    assert "created: events/" not in result.stdout
    assert len(incidents(content)) == 1, sorted(incidents(content))
    (entry,) = incidents(content).values()
    assert entry["type"] == "drone-attack"
    assert entry["date"] == "2024-03-11"
    assert "houthis" in refs(entry, "actors")
    assert "al-hudaydah" in refs(entry, "places")
    assert [s["publisher"] for s in entry["sources"]] == ["Gulf Morning Post", "Red Sea Observer"]
    assert [s["seed"] for s in entry["sources"]] == [first.name, second.name]
    ok(run_chronicle("check", "--content", str(content)))
    # Extracting the second article again adds nothing.
    again = ok(extract(content, None, "--all", str(second)))
    assert "source added to" not in again.stdout
    assert len(incidents(content)["" + entry["id"]]["sources"]) == 2


def test_two_articles_in_one_run_give_one_incident(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("a.txt", ARTICLES / "hodeidah_red_sea_observer.txt"),
                      ("b.txt", ARTICLES / "hodeidah_gulf_post.txt"))
    result = ok(extract(content, seeds))
    assert len(incidents(content)) == 1, result.stdout
    (entry,) = incidents(content).values()
    assert [s["seed"] for s in entry["sources"]] == ["a.txt", "b.txt"]


# -- 4: determinism -----------------------------------------------------------------------------

def test_same_seeds_give_byte_identical_trees(tmp_path):
    seeds = seeds_dir(tmp_path / "seeds", (SAMPLE_SEED.name, SAMPLE_SEED),
                      ("001_strikes.txt", HEADER + SAMPLE_SEED.read_text("utf-8")),
                      ("010_gulf.txt", ARTICLES / "hodeidah_gulf_post.txt"),
                      ("011_observer.txt", ARTICLES / "hodeidah_red_sea_observer.txt"),
                      ("012_claim.txt", ARTICLES / "hodeidah_undated_claim.txt"))
    one, two = new_content(tmp_path / "a" / "content"), new_content(tmp_path / "b" / "content")
    ok(extract(one, seeds))
    ok(extract(two, seeds))
    first, second = tree(one), tree(two)
    assert sorted(first) == sorted(second)
    assert first == second
    assert len([k for k in first if k.startswith("events/")]) >= 6


# -- 5: hand-edited files -----------------------------------------------------------------------

def test_hand_edited_file_is_never_touched(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("001_strikes.txt", HEADER + SAMPLE_SEED.read_text("utf-8")))
    ok(extract(content, seeds))
    main = by_title(content, MAIN_TITLE)
    path = content / "events" / f"{main['id']}.yaml"
    text = path.read_text("utf-8")
    assert "status: draft\n" in text
    edited = text.replace(f"title: {MAIN_TITLE}\n", "title: US strikes Kataib Hezbollah sites in Iraq\n", 1)
    edited = edited.replace("status: draft\n", "status: reviewed\n", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    before = path.read_bytes()

    # --all re-extracts the unchanged seed: the edit stays, and no proposal is made up out of nothing.
    result = ok(extract(content, seeds, "--all"))
    assert path.read_bytes() == before
    assert f"left alone (hand-edited): events/{path.name}" in result.stdout
    assert not list((content / "proposals").glob("*.yaml")) if (content / "proposals").exists() else True

    # make html: extraction on build, then the site.
    build = build_site(content, tmp_path / "out", seeds=tmp_path / "seeds")
    assert build.returncode == 0, build.stdout + build.stderr
    assert path.read_bytes() == before
    page = (tmp_path / "out" / "incidents" / main["id"] / "index.html").read_text("utf-8")
    assert "US strikes Kataib Hezbollah sites in Iraq" in page

    # The seed changes: the edit still stays, and the new extraction is proposed next to it.
    seed = tmp_path / "seeds" / "001_strikes.txt"
    seed.write_text(seed.read_text("utf-8").replace(
        "Mr Austin said in a statement.",
        "Mr Austin said in a statement. A militia spokesman, Kadhim al-Fartousi, said two fighters were killed.",
        1), encoding="utf-8")
    result = ok(extract(content, seeds))
    assert path.read_bytes() == before
    proposals = sorted((content / "proposals").glob("*.yaml"))
    assert [p.name for p in proposals] == [f"{main['id']}.001_strikes.yaml"]
    assert f"proposal written: proposals/{proposals[0].name}" in result.stdout
    assert f"events/{path.name}" in result.stdout
    proposal = load(proposals[0])
    # Only what the seed now says that the entry lacks: the militia's spokesman and its toll. Not
    # the editor's own correction of the title, nor anything the seed said before.
    assert proposal["proposal-for"] == main["id"] and proposal["seed"] == "001_strikes.txt"
    assert proposal["add"]["actors"] == [{"ref": "kadhim-al-fartousi", "role": "spokesperson"}]
    assert proposal["add"]["casualties"] == {"killed": {"best": 2}}
    assert set(proposal["add"]) <= {"actors", "places", "casualties", "casualties-now", "related", "date",
                                    "date-now", "type", "type-now"}
    assert "title" not in proposal["add"] and "sources" not in proposal["add"]
    assert any("al-Fartousi" in item["text"] for item in proposal["evidence"])
    assert len(proposals[0].read_text("utf-8").splitlines()) < 25  # read in a minute
    assert "it adds actors kadhim-al-fartousi" in result.stdout
    # ... and the site still builds with a proposal lying in content/.
    build = build_site(content, tmp_path / "out2", seeds=tmp_path / "seeds")
    assert build.returncode == 0, build.stdout + build.stderr
    assert path.read_bytes() == before


def test_new_article_for_a_hand_edited_incident_becomes_a_proposal(tmp_path):
    content = new_content(tmp_path / "content")
    ok(extract(content, None, str(ARTICLES / "hodeidah_gulf_post.txt")))
    (path,) = (content / "events").glob("*.yaml")
    path.write_text(path.read_text("utf-8").replace("status: draft\n", "status: reviewed\n", 1), encoding="utf-8")
    before = path.read_bytes()
    result = ok(extract(content, None, str(ARTICLES / "hodeidah_red_sea_observer.txt")))
    assert path.read_bytes() == before
    assert "proposal written: proposals/" in result.stdout
    assert len(incidents(content)) == 1
    (proposal,) = (content / "proposals").glob("*.yaml")
    # The new source, and what the new article says that the entry lacks: nothing the entry has.
    add = load(proposal)["add"]
    assert [s["publisher"] for s in add["sources"]] == ["Red Sea Observer"]
    entry = load(path)
    for key in ("actors", "places"):
        assert not [r for r in add.get(key, []) if r in entry.get(key, [])]


# -- 6: unchanged seeds -------------------------------------------------------------------------

def test_unchanged_seed_is_not_extracted_again(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", (SAMPLE_SEED.name, SAMPLE_SEED),
                      ("010_gulf.txt", ARTICLES / "hodeidah_gulf_post.txt"))
    ok(extract(content, seeds))
    before, times = tree(content), mtimes(content)
    result = ok(extract(content, seeds))
    assert "unchanged seeds, not extracted again: 2" in result.stdout
    assert "created:" not in result.stdout and "updated:" not in result.stdout
    assert mtimes(content) == times
    assert tree(content) == before
    # --all extracts again, and leaves every file as it was.
    result = ok(extract(content, seeds, "--all"))
    assert "unchanged seeds" not in result.stdout
    assert "created:" not in result.stdout and "updated:" not in result.stdout
    assert "0 created, 0 updated" in result.stdout
    assert {k: v for k, v in tree(content).items() if k != ".chronicle/manifest.json"} == \
        {k: v for k, v in before.items() if k != ".chronicle/manifest.json"}
    assert {k: v for k, v in mtimes(content).items() if k != ".chronicle/manifest.json"} == \
        {k: v for k, v in times.items() if k != ".chronicle/manifest.json"}


# -- 7: bad seeds -------------------------------------------------------------------------------

def test_bad_seeds_are_named_and_good_ones_still_extracted(tmp_path, monkeypatch):
    monkeypatch.setenv("CHRONICLE_MAX_SEED_BYTES", "2000")
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(
        tmp_path / "seeds",
        ("001_empty.txt", ""),
        ("002_binary.txt", b"Headline\nsecond line\n\x00\x01\x02\x03binary"),
        ("003_huge.txt", "Big headline\n\n" + "Words and more words. " * 200),
        ("004_latin.txt", b"Headline\n\nIt was \x81\x8d\x8f broken.\n"),
        ("010_gulf.txt", ARTICLES / "hodeidah_gulf_post.txt"),
        ("099_nairobi.txt", ARTICLES / "nairobi_hostile.txt"),
    )
    result = extract(content, seeds)
    assert result.returncode == 1, result.stdout + result.stderr
    err = result.stderr
    assert f"{seeds / '001_empty.txt'}:1: empty seed" in err
    assert f"{seeds / '002_binary.txt'}:3: binary content" in err
    assert f"{seeds / '003_huge.txt'}:1: file is" in err and "CHRONICLE_MAX_SEED_BYTES" in err
    assert f"{seeds / '004_latin.txt'}:3: not UTF-8" in err
    assert "4 errors" in result.stdout
    # Nothing lost: the good seeds around them are extracted and recorded.
    assert len(incidents(content)) == 2
    manifest = (content / ".chronicle" / "manifest.json").read_text("utf-8")
    assert "010_gulf.txt" in manifest and "099_nairobi.txt" in manifest
    assert "001_empty.txt" not in manifest
    # The next run skips the good ones and still reports the bad ones.
    again = extract(content, seeds)
    assert again.returncode == 1
    assert "unchanged seeds, not extracted again: 2" in again.stdout
    assert "002_binary.txt" in again.stderr


def test_missing_seed_file_is_an_error_not_a_crash(tmp_path):
    content = new_content(tmp_path / "content")
    result = extract(content, None, str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert "nope.txt" in result.stderr and "Traceback" not in result.stderr


# -- 8: hostile article -------------------------------------------------------------------------

def test_hostile_article_is_kept_as_text_and_escaped_on_the_site(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("020_hostile.txt", ARTICLES / "nairobi_hostile.txt"))
    out = tmp_path / "out"
    build = build_site(content, out, seeds=seeds)  # make html: extracts, then builds
    assert build.returncode == 0, build.stdout + build.stderr
    assert "created: events/" in build.stdout
    (entry,) = incidents(content).values()
    assert SCRIPT in entry["title"] and IMG in entry["title"]
    assert SCRIPT in entry["summary"]
    assert any(IMG in s for s in strings(entry["sources"]))
    pages = sorted(out.rglob("*.html"))
    html = {p: p.read_text("utf-8") for p in pages}
    for page, text in html.items():
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
        assert "onerror=alert" not in text or "&lt;img" in text, page
    incident_page = html[out / "incidents" / entry["id"] / "index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in incident_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in incident_page


# -- 9: interrupted runs ------------------------------------------------------------------------

def _leftovers(content: Path) -> list[str]:
    return sorted(p.relative_to(content).as_posix() for p in content.rglob("*")
                  if p.is_file() and (p.name.endswith(".tmp") or p.name.startswith(".")))


@pytest.mark.parametrize("fail_at", [1, 3, 6])
def test_interrupted_run_leaves_no_partial_files(tmp_path, monkeypatch, fail_at):
    from chronicle.ingest.pipeline import extract_seeds, report_lines

    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("010_gulf.txt", ARTICLES / "hodeidah_gulf_post.txt"),
                      (SAMPLE_SEED.name, SAMPLE_SEED))
    extract_seeds([seeds / "010_gulf.txt"], content)
    before = tree(content)

    real_replace, calls = os.replace, []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(OSError):
        extract_seeds([seeds / SAMPLE_SEED.name], content)
    monkeypatch.setattr(os, "replace", real_replace)

    assert _leftovers(content) == []
    after = tree(content)
    for rel, data in before.items():
        if rel != ".chronicle/manifest.json":
            assert after[rel] == data, rel  # what was there is intact
    for rel, data in after.items():
        if rel.endswith(".yaml"):
            assert isinstance(yaml.safe_load(data), dict), rel  # whole files only

    # Running again finishes the job as if nothing had happened: no file is mistaken for an editor's.
    report = extract_seeds([seeds / SAMPLE_SEED.name], content)
    assert report.protected == [] and report.proposals == [] and report.errors == [], report_lines(report)
    clean = new_content(tmp_path / "clean")
    extract_seeds([seeds / "010_gulf.txt"], clean)
    extract_seeds([seeds / SAMPLE_SEED.name], clean)
    assert tree(content) == tree(clean)


# -- 10: possible duplicates --------------------------------------------------------------------

def test_partial_match_gives_a_new_draft_with_a_possible_duplicate_note(tmp_path):
    content = new_content(tmp_path / "content")
    ok(extract(content, None, str(ARTICLES / "hodeidah_gulf_post.txt")))
    (known,) = incidents(content).values()
    result = ok(extract(content, None, str(ARTICLES / "hodeidah_undated_claim.txt")))
    assert "possible duplicate: events/" in result.stdout
    assert len(incidents(content)) == 2
    new = next(e for e in incidents(content).values() if e["id"] != known["id"])
    assert new["date"] == "unknown" and new["status"] == "draft"
    assert "houthis" in refs(new, "actors") and "al-hudaydah" in refs(new, "places")
    (note,) = new["notes"]
    assert note["kind"] == "possible-duplicate-of" and note["ref"] == known["id"]
    assert len(incidents(content)[known["id"]]["sources"]) == 1  # the known incident is untouched
    ok(run_chronicle("check", "--content", str(content)))


# -- a seed edited so that its drafts get new ids -----------------------------------------------

def test_dating_a_seed_replaces_its_undated_drafts(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("000.txt", SAMPLE_SEED))
    ok(extract(content, seeds))
    old = sorted(incidents(content))
    assert all(i.startswith("undated-") for i in old)
    (tmp_path / "seeds" / "000.txt").write_text(HEADER + SAMPLE_SEED.read_text("utf-8"), encoding="utf-8")
    result = ok(extract(content, seeds))
    assert "removed (its seed no longer gives it): events/undated-us-carries-out" in result.stdout
    now = incidents(content)
    assert len(now) == 3, sorted(now)  # no stale duplicates of the same three incidents
    assert by_title(content, MAIN_TITLE)["date"] == "2024-01-23"
    ok(run_chronicle("check", "--content", str(content)))
    # Extracting it again from scratch gives the same tree (but for the manifest's history).
    clean = new_content(tmp_path / "clean")
    ok(extract(clean, seeds))
    assert tree(clean)["events/" + by_title(clean, MAIN_TITLE)["id"] + ".yaml"] == \
        tree(content)["events/" + by_title(content, MAIN_TITLE)["id"] + ".yaml"]
    assert sorted(incidents(clean)) == sorted(now)


def test_stale_draft_that_an_editor_touched_is_kept(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("000.txt", SAMPLE_SEED))
    ok(extract(content, seeds))
    main = by_title(content, MAIN_TITLE)
    path = content / "events" / f"{main['id']}.yaml"
    path.write_text(path.read_text("utf-8").replace("status: draft\n", "status: reviewed\n", 1), encoding="utf-8")
    before = path.read_bytes()
    (tmp_path / "seeds" / "000.txt").write_text(HEADER + SAMPLE_SEED.read_text("utf-8"), encoding="utf-8")
    result = ok(extract(content, seeds))
    assert path.read_bytes() == before
    assert f"events/{path.name}" not in [line.split(": ", 1)[-1] for line in result.stdout.splitlines()
                                         if line.startswith("removed")]
    # The Baghdad draft still refers to the edited main incident, so it stays too; check still passes.
    ok(run_chronicle("check", "--content", str(content)))
