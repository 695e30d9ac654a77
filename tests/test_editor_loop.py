"""The editor's loop as an editor meets it: live preview, deletions that stay deleted, readable proposals."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import yaml

from support import sitecheck
from support import sitegen
from support import SAMPLE_SEED, run_chronicle
from support.seeds import MAIN_TITLE, new_content, seeds_dir

WAIT = 90  # seconds a rebuild may take on a loaded 2-core machine: far more than the 0.3 s it needs


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], cwd: Path, log: Path):
    """A process group started for the test, always killed at the end, however the test ends."""
    env = dict(os.environ, COLUMNS="200", TERM="dumb", NO_COLOR="1")
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def wait_for(predicate, what: str, log: Path, seconds: float = WAIT):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {seconds} s; the server said:\n{log.read_text()[-3000:]}")


def fetched(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_devserver_rebuilds_after_an_edit_and_survives_a_broken_file(tmp_path):
    """`make devserver`: the real `pelican --autoreload --listen`, an entry edited twice."""
    sitegen.copy_fixture(tmp_path / "content")
    conf = sitegen.write_conf(tmp_path)
    port, log = free_port(), tmp_path / "devserver.log"
    page = f"http://127.0.0.1:{port}/incidents/ceasefire-talks/"
    entry = tmp_path / "content" / "events" / "ceasefire-talks.yaml"
    command = [sitegen.pelican_bin(), "content", "-o", "out", "-s", str(conf), "--fatal", "errors",
               "--autoreload", "--listen", "--port", str(port), "--bind", "127.0.0.1"]
    with running(command, tmp_path, log) as process:
        first = wait_for(lambda: fetched(page), "first page", log)
        assert "Ceasefire talks" in first and "Live edit" not in first
        entry.write_text(entry.read_text("utf-8").replace("title: ", "title: Live edit of ", 1), encoding="utf-8")
        wait_for(lambda: "Live edit of" in (fetched(page) or ""), "rebuilt page", log)
        # A broken file is reported, and the preview goes on: the fix is picked up too.
        good = entry.read_text("utf-8")
        entry.write_text(good + "title: [\n", encoding="utf-8")
        wait_for(lambda: "ceasefire-talks.yaml" in log.read_text() and "YAML syntax error" in log.read_text(),
                 "report of the broken file", log)
        # ... once: a broken build used to start again at once, without a change, for ever.
        reported = log.read_text().count("YAML syntax error")
        time.sleep(3)
        assert log.read_text().count("YAML syntax error") == reported, log.read_text()[-2000:]
        entry.write_text(good.replace("Live edit of", "Fixed edit of"), encoding="utf-8")
        wait_for(lambda: "Fixed edit of" in (fetched(page) or ""), "page rebuilt after the fix", log)
        assert process.poll() is None
        assert "waiting for another build" not in log.read_text()


def test_regenerate_rebuilds_after_an_edit(tmp_path):
    """`make regenerate`: `pelican --autoreload` without a server, the page on disk."""
    sitegen.copy_fixture(tmp_path / "content")
    conf = sitegen.write_conf(tmp_path)
    log = tmp_path / "regenerate.log"
    page = tmp_path / "out" / "incidents" / "ceasefire-talks" / "index.html"
    entry = tmp_path / "content" / "events" / "ceasefire-talks.yaml"
    command = [sitegen.pelican_bin(), "content", "-o", "out", "-s", str(conf), "--fatal", "errors", "--autoreload"]
    with running(command, tmp_path, log):
        wait_for(lambda: page.exists() and "Chronicle:" in log.read_text(), "first build", log)
        entry.write_text(entry.read_text("utf-8").replace("title: ", "title: Regenerated ", 1), encoding="utf-8")
        wait_for(lambda: "Regenerated" in page.read_text("utf-8"), "rebuilt page", log)
        assert "waiting for another build" not in log.read_text()


# -- deleted and renamed drafts stay so ----------------------------------------------------------

def _extract(content: Path, seeds: Path, *more: str):
    result = run_chronicle("extract", "--content", str(content), "--seeds", str(seeds), *more)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _citing(content: Path, seed_name: str) -> dict[str, dict]:
    found = {}
    for path in sorted((content / "events").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if any(s.get("seed") == seed_name for s in data.get("sources") or []):
            found[path.stem] = data
    return found


def test_deleted_and_renamed_drafts_are_not_written_again(tmp_path):
    content = new_content(tmp_path / "content")
    seeds = seeds_dir(tmp_path / "seeds", ("001_strikes.txt", SAMPLE_SEED.read_text("utf-8")))
    _extract(content, seeds)
    drafts = _citing(content, "001_strikes.txt")
    assert len(drafts) >= 2, drafts  # the sample article gives a main incident and earlier ones
    main_id = next(i for i, d in drafts.items() if d["title"] == MAIN_TITLE)
    deleted_id = next(i for i in sorted(drafts) if i != main_id)
    # The editor deletes a junk draft, and renames the main one (a new id), reviewing it.
    (content / "events" / f"{deleted_id}.yaml").unlink()
    old = content / "events" / f"{main_id}.yaml"
    renamed = content / "events" / "us-strikes-on-kataib-hezbollah.yaml"
    data = yaml.safe_load(old.read_text("utf-8"))
    data.update(id="us-strikes-on-kataib-hezbollah", status="reviewed")
    data["related"] = [r for r in data.get("related", []) if r["ref"] != deleted_id]  # as check would ask
    renamed.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    old.unlink()
    kept = {rel: (content / rel).read_bytes() for rel in ("events/us-strikes-on-kataib-hezbollah.yaml",)}

    # Extracting again as is, then after the seed changes (a Date header: every id changes).
    first = _extract(content, seeds, "--all")
    seed = seeds / "001_strikes.txt"
    seed.write_text("Date: 2024-01-24\nSource: The Telegraph\n\n" + seed.read_text("utf-8"), encoding="utf-8")
    second = _extract(content, seeds)
    third = _extract(content, seeds, "--all")
    for result in (first, second, third):
        assert "created: events/" not in result.stdout, result.stdout
    assert "not written again: " in second.stdout and deleted_id in first.stdout
    now = _citing(content, "001_strikes.txt")
    duplicates = [i for i, d in now.items() if d["title"] == MAIN_TITLE and i != "us-strikes-on-kataib-hezbollah"]
    assert duplicates == [], sorted(now)  # no public duplicate of the renamed incident
    assert deleted_id not in now and main_id not in now
    assert not [i for i in now if i.endswith(deleted_id.split("-", 3)[-1])]  # nor under a dated id
    assert {rel: (content / rel).read_bytes() for rel in kept} == kept  # the editor's file, byte-identical
    # What the seed says that the renamed incident lacks is proposed beside it, never over it.
    for proposal in (content / "proposals").glob("*.yaml") if (content / "proposals").exists() else []:
        data = yaml.safe_load(proposal.read_text("utf-8"))
        assert data["proposal-for"] == "us-strikes-on-kataib-hezbollah", data
    check = run_chronicle("check", "--content", str(content))
    assert check.returncode == 0, check.stderr


# -- drafts and notes off the public site; drafts and the home map ------------------------------

def _build(content: Path, out: Path, *settings: str) -> subprocess.CompletedProcess:
    conf = sitegen.write_conf(out.parent)
    command = [sitegen.pelican_bin(), str(content), "-o", str(out), "-s", str(conf), "--fatal", "errors"]
    if settings:
        command += ["-e", *settings]  # one -e: a second would replace the first
    env = dict(os.environ, COLUMNS="200", TERM="dumb", NO_COLOR="1")
    result = subprocess.run(command, capture_output=True, text=True, cwd=out.parent, env=env, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


def _drafts(content: Path) -> list[str]:
    return sorted(p.stem for p in (content / "events").glob("*.yaml")
                  if yaml.safe_load(p.read_text("utf-8"))["status"] == "draft")


def test_drafts_and_notes_can_be_kept_off_the_public_site(tmp_path):
    content = sitegen.copy_fixture(tmp_path / "content")
    drafts = _drafts(content)
    assert drafts and (tmp_path / "content" / "events" / "terminal-fire-report.yaml").read_text().count("notes:")
    shown, hidden = tmp_path / "shown" / "out", tmp_path / "hidden" / "out"
    shown.parent.mkdir(), hidden.parent.mkdir()
    _build(content, shown)
    _build(content, hidden, "CHRONICLE_PUBLISH_DRAFTS=false", "CHRONICLE_PUBLISH_NOTES=false")
    for draft in drafts:  # the default shows drafts, with their badge
        assert "Draft" in (shown / "incidents" / draft / "index.html").read_text("utf-8")
        assert not (hidden / "incidents" / draft).exists()
    every_file = "\n".join(p.read_text("utf-8", errors="replace") for p in hidden.rglob("*") if p.is_file()
                           and p.suffix in (".html", ".json", ".csv", ".atom", ".ics", ".geojson"))
    for draft in drafts:
        assert f"/incidents/{draft}/" not in every_file and f'"{draft}"' not in every_file
    assert "likely the same drone attack" in (shown / "downloads" / "chronicle.json").read_text("utf-8")
    assert "likely the same drone attack" not in every_file
    report = sitecheck.check_site(hidden)
    assert report.links == [] and report.markup == [] and report.unsafe == []


def _home_map(out: Path) -> str:
    page = (out / "index.html").read_text("utf-8")
    return re.search(r"<figure class=\"map[^\"]*\".*?</figure>", page, re.S).group(0)


def test_a_draft_does_not_reshape_the_home_map(tmp_path):
    content = sitegen.copy_fixture(tmp_path / "content")
    before, after = tmp_path / "before" / "out", tmp_path / "after" / "out"
    before.parent.mkdir(), after.parent.mkdir()
    _build(content, before)
    # Junk a run of extraction might leave: a draft far away, at a place of its own.
    (content / "places" / "far-island.yaml").write_text(
        "id: far-island\nname: Far Island\nkind: area\ncoordinates: {lat: -60.5, lon: 150.25}\nstatus: draft\n")
    (content / "events" / "junk-far-away.yaml").write_text(
        "id: junk-far-away\ntitle: Sport result at Far Island\ndate: '2014'\ntype: sport\nstatus: draft\n"
        "places:\n- {ref: far-island, role: location}\nsources: []\n")
    _build(content, after)
    assert (after / "incidents" / "junk-far-away" / "index.html").exists()
    assert _home_map(after) == _home_map(before).replace(f"but the {len(_drafts(content)) - 1} drafts",
                                                         f"but the {len(_drafts(content))} drafts")
    assert "Far Island" not in _home_map(after)
