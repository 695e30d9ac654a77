"""Helpers for the site tests: build a site with Pelican, and generate synthetic content.

``generate(directory, n)`` writes ``n`` plausible incidents (with actors and
nested places) that pass ``load_content``; the same ``n`` and ``seed`` always
give the same files. Run it directly to make a big site for benchmarking:

    .venv/bin/python tests/support/sitegen.py /tmp/big 10000
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
PLUGINS = REPO / "plugins"
THEME = REPO / "theme"
FIXTURE = REPO / "tests" / "site" / "fixture"  # the fixture site's content/


def pelican_bin() -> str:
    candidate = Path(sys.executable).parent / "pelican"
    return str(candidate) if candidate.exists() else str(REPO / ".venv" / "bin" / "pelican")


def write_conf(directory: Path, site_url: str = "", recent: int = 100, settings: dict | None = None) -> Path:
    """A Pelican settings file for a test build: this repo's plugin and theme, no extraction."""
    conf = directory / "test.conf.py"
    conf.write_text(
        "\n".join([
            'SITENAME = "Chronicle test"',
            'SITESUBTITLE = "A timeline of fictional incidents for testing"',
            f"SITEURL = {site_url!r}",
            'DEFAULT_LANG = "en"',
            'TIMEZONE = "UTC"',
            f"THEME = {str(THEME)!r}",
            f"PLUGIN_PATHS = [{str(PLUGINS)!r}]",
            'PLUGINS = ["chronicle"]',
            "ARTICLE_PATHS = []",
            "PAGE_PATHS = []",
            "STATIC_PATHS = []",
            "DIRECT_TEMPLATES = []",
            "FEED_ALL_ATOM = None",
            "CATEGORY_FEED_ATOM = None",
            "TRANSLATION_FEED_ATOM = None",
            "AUTHOR_FEED_ATOM = None",
            "AUTHOR_FEED_RSS = None",
            "DELETE_OUTPUT_DIRECTORY = False",
            "THEME_STATIC_PATHS = []",
            "RELATIVE_URLS = True",
            'JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}',
            "CHRONICLE_EXTRACT_ON_BUILD = False",
            f"CHRONICLE_TIMELINE_RECENT = {recent}",
            *(f"{name} = {value!r}" for name, value in (settings or {}).items()),
            "",
        ]),
        encoding="utf-8",
    )
    return conf


def build(content: Path, output: Path, site_url: str = "", recent: int = 100,
          cwd: Path | None = None, settings: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``pelican content -o output -s conf --fatal errors`` and return the finished process;
    ``settings`` adds to the test settings (name -> value)."""
    conf = write_conf(output.parent, site_url, recent, settings)
    env = dict(os.environ, COLUMNS="200", TERM="dumb", NO_COLOR="1")
    return subprocess.run(
        [pelican_bin(), str(content), "-o", str(output), "-s", str(conf), "--fatal", "errors"],
        capture_output=True, text=True, cwd=str(cwd or output.parent), env=env, timeout=900,
    )


def built(content: Path, output: Path, **options) -> subprocess.CompletedProcess:
    """``build``, failing the test with the build's own words (the end of its output) unless it succeeded."""
    result = build(content, output, **options)
    assert result.returncode == 0, (result.stdout[-3000:] + result.stderr[-3000:]) or "the build failed silently"
    return result


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    return target


# -- synthetic content --------------------------------------------------------------------------

TYPES = ["airstrike", "drone-attack", "missile-attack", "bombing", "armed-clash", "attack", "protest",
         "arrest", "statement", "agreement", "disaster", "cyberattack"]
ROLES = ["perpetrator", "target", "victim", "participant", "spokesperson", "mentioned"]
WORDS = ["northern", "river", "harbour", "central", "eastern", "old", "new", "upper", "lower", "west"]


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def synthetic_data(n: int, seed: int = 7, years: int = 5) -> dict[str, list[dict]]:
    """YAML-shaped dicts for n incidents, about n/20 actors and a country/region/city tree."""
    rng = random.Random(seed)
    n_actors = max(5, n // 20)
    n_regions = max(2, n // 400)
    n_cities = max(4, n // 50)
    places = [{"id": "country-0", "name": "Synthland", "kind": "country"}]
    for r in range(n_regions):
        places.append({"id": f"region-{r}", "name": f"{rng.choice(WORDS).title()} Province {r}",
                       "kind": "region", "within": "country-0"})
    city_ids = []
    for c in range(n_cities):
        city_ids.append(f"city-{c}")
        places.append({"id": f"city-{c}", "name": f"{rng.choice(WORDS).title()} Town {c}", "kind": "city",
                       "within": f"region-{rng.randrange(n_regions)}",
                       "coordinates": {"lat": round(rng.uniform(-60, 60), 4),
                                       "lon": round(rng.uniform(-170, 170), 4)}})
    kinds = ["armed group", "military", "government", "person", "organisation", "media"]
    actors = [{"id": f"actor-{a}", "name": f"Synthetic Actor {a}", "kind": kinds[a % len(kinds)],
               "aliases": [f"SA{a}"]} for a in range(n_actors)]
    incidents = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.02:
            date = "unknown"
        elif roll < 0.1:
            date = f"{2020 + rng.randrange(years)}-{rng.randint(1, 12):02d}"
        else:
            date = f"{2020 + rng.randrange(years)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        data = {
            "id": f"incident-{i:05d}",
            "title": f"Incident {i} near {rng.choice(WORDS)} district",
            "date": date,
            "type": rng.choice(TYPES),
            "status": rng.choice(["draft", "reviewed"]),
            "summary": f"Synthetic incident number {i}, with *some* markdown.",
            "actors": [{"ref": f"actor-{rng.randrange(n_actors)}" if rng.random() < 0.8
                        else f"SA{rng.randrange(n_actors)}", "role": rng.choice(ROLES)}
                       for _ in range(rng.randint(1, 3))],
            "places": [{"ref": rng.choice(city_ids), "role": "location"}],
            "sources": [{"publisher": "Synthetic Wire", "url": f"https://example.com/wire/{i}",
                         "published": date if date[:1].isdigit() else None}],
        }
        if i > 0 and rng.random() < 0.1:
            data["related"] = [{"ref": f"incident-{rng.randrange(i):05d}",
                                "relation": rng.choice(["response-to", "part-of", "follows"])}]
        incidents.append(data)
    return {"places": places, "actors": actors, "events": incidents}


# Words for summaries: plain news vocabulary, so text costs what real summaries cost to render.
PROSE = ("the a of in to and at after before near forces officials said reported residents local "
         "district building convoy checkpoint market road bridge village town night morning statement "
         "spokesperson ministry witnesses people injured killed damaged fire shelling clashes protest "
         "police army group members strike area control border talks agreement released detained "
         "hospital school aid supplies power water homes families fled returned week month").split()


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    """Cumulative Zipf weights: rank 1 is picked most, then 1/2^s as often, 1/3^s..."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1.0 / rank ** exponent
        cumulative.append(total)
    return cumulative


def _summary(rng: random.Random, i: int) -> str:
    words = [rng.choice(PROSE) for _ in range(rng.randint(100, 300))]
    words[0] = words[0].capitalize()
    words[rng.randrange(5, 60)] = f"*{rng.choice(PROSE)}*"  # some markdown, as editors write
    cut = rng.randrange(40, len(words) - 20)
    return (" ".join(words[:cut]) + ".\n\n" + rng.choice(PROSE).capitalize() + " " + " ".join(words[cut:])
            + f" ([report](https://example.com/report/{i})).")


def realistic_data(n: int, seed: int = 11, years: int = 10) -> dict[str, list[dict]]:
    """YAML-shaped dicts for n incidents shaped like a long conflict's timeline.

    About one actor per 5 incidents and one place per 10, picked with Zipf-skewed
    odds so that a few actors and places have thousands of incidents; 2-4 actors
    and 1-2 places per incident, 100-300-word summaries, 1-4 sources, related
    links. ``make bench`` builds it, and the scale tests check what it makes.
    """
    rng = random.Random(seed)
    n_places = max(12, n // 10)
    n_countries = max(1, n_places // 200)
    n_regions = max(2, n_places // 20)
    places = [{"id": f"country-{c}", "name": f"Country {c}", "kind": "country"} for c in range(n_countries)]
    places += [{"id": f"region-{r}", "name": f"{rng.choice(WORDS).title()} Province {r}", "kind": "region",
                "within": f"country-{r % n_countries}"} for r in range(n_regions)]
    leaves = []
    for c in range(n_places - n_countries - n_regions):
        kind = "city" if c % 4 else "site"
        leaves.append(f"{kind}-{c}")
        places.append({"id": f"{kind}-{c}", "name": f"{rng.choice(WORDS).title()} {kind.title()} {c}", "kind": kind,
                       "within": f"region-{rng.randrange(n_regions)}",
                       "coordinates": {"lat": round(rng.uniform(-60, 60), 4), "lon": round(rng.uniform(-170, 170), 4)}})
    n_actors = max(10, n // 5)
    kinds = ["armed group", "military", "government", "person", "organisation", "media", "political party"]
    actors = [{"id": f"actor-{a}", "name": f"{rng.choice(WORDS).title()} Actor {a}", "kind": kinds[a % len(kinds)],
               "aliases": [f"A{a}"], "status": "reviewed" if a % 3 else "draft",
               "description": f"Actor {a}, one of the parties in the synthetic conflict."}
              for a in range(n_actors)]
    actor_odds, place_odds = _zipf_weights(n_actors), _zipf_weights(len(leaves))
    publishers = ["Synthetic Wire", "Daily Example", "Example Broadcasting", "The Test Gazette", "Sample News"]
    incidents = []
    for i in range(n):
        year, month, day = 2015 + rng.randrange(years), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month:02d}-{day:02d}" if rng.random() < 0.92 else f"{year}-{month:02d}"
        chosen_actors = dict.fromkeys(rng.choices(range(n_actors), cum_weights=actor_odds, k=rng.randint(2, 4)))
        chosen_places = dict.fromkeys(rng.choices(leaves, cum_weights=place_odds, k=rng.randint(1, 2)))
        data = {
            "id": f"incident-{i:05d}",
            "title": f"{rng.choice(TYPES).replace('-', ' ').capitalize()} near the {rng.choice(WORDS)} "
                     f"{rng.choice(PROSE)} ({i})",
            "date": date,
            "type": rng.choice(TYPES),
            "status": rng.choice(["draft", "reviewed", "reviewed"]),
            "summary": _summary(rng, i),
            "actors": [{"ref": f"actor-{a}", "role": rng.choice(ROLES)} for a in chosen_actors],
            "places": [{"ref": p, "role": "location" if k == 0 else "mentioned"} for k, p in enumerate(chosen_places)],
            "sources": [{"publisher": rng.choice(publishers), "title": f"Report {s} on incident {i}",
                         "url": f"https://example.com/{s}/{i}", "published": date}
                        for s in range(rng.randint(1, 4))],
        }
        if rng.random() < 0.3:
            data["casualties"] = {"killed": {"best": rng.randrange(1, 40)}}
        if i > 0 and rng.random() < 0.3:
            data["related"] = [{"ref": f"incident-{rng.randrange(i):05d}",
                                "relation": rng.choice(["response-to", "part-of", "follows"])}
                               for _ in range(rng.randint(1, 2))]
        incidents.append(data)
    return {"places": places, "actors": actors, "events": incidents}


def write_content(directory: Path, data: dict[str, list[dict]]) -> Path:
    """Write YAML-shaped dicts as content/<folder>/<id>.yaml."""
    for folder, entries in data.items():
        (directory / folder).mkdir(parents=True, exist_ok=True)
        for entry in entries:
            _dump(directory / folder / f"{entry['id']}.yaml", entry)
    return directory


def generate(directory: Path, n: int, seed: int = 7, years: int = 5) -> Path:
    """Write synthetic content that passes load_content; same n and seed, same files."""
    return write_content(directory, synthetic_data(n, seed, years))


def synthetic_content(n: int, seed: int = 7):
    """The same content as ``generate`` as model objects, without YAML or EDTF parsing (fast)."""
    from chronicle.core.model import (Actor, Content, Incident, Place, Related, RoleRef, Source, name_key)
    from chronicle.content.incident_types import load_types_ignoring_problems
    from chronicle.core.dates import parse_event_date

    data = synthetic_data(n, seed)
    places = {p["id"]: Place(p["id"], p["name"], p["kind"], within=p.get("within"),
                             latitude=(p.get("coordinates") or {}).get("lat"),
                             longitude=(p.get("coordinates") or {}).get("lon")) for p in data["places"]}
    actors = {a["id"]: Actor(a["id"], a["name"], a["kind"], tuple(a["aliases"])) for a in data["actors"]}
    incidents = {}
    for d in data["events"]:
        date = parse_event_date(d["date"])
        incidents[d["id"]] = Incident(
            d["id"], d["title"], date, d["type"], d["status"], d["summary"],
            actors=tuple(RoleRef(a["ref"], a["role"]) for a in d["actors"]),
            places=tuple(RoleRef(p["ref"], p["role"]) for p in d["places"]),
            related=tuple(Related(r["ref"], r["relation"]) for r in d.get("related", [])),
            sources=tuple(Source(s["publisher"], None, s["url"], s["published"], None) for s in d["sources"]))
    content = Content(incidents, actors, places, load_types_ignoring_problems(Path("/nonexistent")))
    content.actor_index = {name_key(alias): a.id for a in actors.values() for alias in (a.name, *a.aliases)}
    content.place_index = {name_key(p.name): p.id for p in places.values()}
    return content


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    generate(target, count)
    print(f"wrote {count} incidents to {target}")
