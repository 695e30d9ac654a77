"""Every setting Chronicle reads, read here and nowhere else.

Settings come from ``pelican.conf.py`` (or ``pelican -e NAME=value``); a few that matter outside a
build (job counts, timings, the seed size limit, the command to suggest) are read from the
environment too. README's Settings table documents each one, and tests/test_settings_documented.py
holds the table, this module and the code to each other.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_SEED_BYTES = 2_000_000


@dataclass(frozen=True)
class Settings:
    """A build's settings, with Chronicle's defaults filled in."""

    site_name: str = "Chronicle"  # SITENAME
    site_subtitle: str = ""  # SITESUBTITLE
    site_url: str = ""  # SITEURL, without a trailing slash; "" when unset (links are relative)
    lang: str = "en"  # DEFAULT_LANG
    content: Path = Path("content")  # PATH
    theme_static_dir: str = "theme"  # THEME_STATIC_DIR: where the theme's static files go in output/
    extract_on_build: bool = False  # CHRONICLE_EXTRACT_ON_BUILD: extract new seeds before building
    seeds: Path = Path("seeds")  # CHRONICLE_SEEDS
    jobs: int | None = None  # CHRONICLE_JOBS (settings, else environment): processes; None: one per CPU
    timings: bool = False  # CHRONICLE_TIMINGS (settings or environment): print each stage's time
    cache: Path | None = Path("cache") / "chronicle"  # CHRONICLE_CACHE_PATH, else <CACHE_PATH>/chronicle
    atlas: Path | None = None  # CHRONICLE_ATLAS: world-atlas's folder; None: node_modules/world-atlas
    publish_drafts: bool = True  # CHRONICLE_PUBLISH_DRAFTS
    publish_notes: bool = True  # CHRONICLE_PUBLISH_NOTES
    timeline_recent: int = 100  # CHRONICLE_TIMELINE_RECENT: incidents on the home page
    feed_entries: int = 50  # CHRONICLE_FEED_ENTRIES: newest incidents per Atom feed
    data_license: str = ""  # CHRONICLE_DATA_LICENSE: the data's licence, e.g. "CC BY 4.0"
    data_license_url: str = ""  # CHRONICLE_DATA_LICENSE_URL: where its terms are


def read_settings(pelican: Mapping, environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings of a build from Pelican's settings (and the environment where noted)."""
    jobs = pelican.get("CHRONICLE_JOBS") or environ.get("CHRONICLE_JOBS")
    return Settings(
        site_name=pelican.get("SITENAME", "Chronicle") or "Chronicle",
        site_subtitle=pelican.get("SITESUBTITLE", "") or "",
        site_url=(pelican.get("SITEURL") or "").rstrip("/"),
        lang=pelican.get("DEFAULT_LANG", "en") or "en",
        content=Path(pelican.get("PATH", "content")),
        theme_static_dir=pelican.get("THEME_STATIC_DIR", "theme"),
        extract_on_build=bool(pelican.get("CHRONICLE_EXTRACT_ON_BUILD", False)),
        seeds=Path(pelican.get("CHRONICLE_SEEDS", "seeds")),
        jobs=int(jobs) if jobs else None,
        timings=bool(pelican.get("CHRONICLE_TIMINGS") or environ.get("CHRONICLE_TIMINGS")),
        cache=_cache_folder(pelican),
        atlas=Path(pelican["CHRONICLE_ATLAS"]) if pelican.get("CHRONICLE_ATLAS") else None,
        publish_drafts=pelican.get("CHRONICLE_PUBLISH_DRAFTS", True),
        publish_notes=pelican.get("CHRONICLE_PUBLISH_NOTES", True),
        timeline_recent=int(pelican.get("CHRONICLE_TIMELINE_RECENT", 100)),
        feed_entries=int(pelican.get("CHRONICLE_FEED_ENTRIES", 50)),
        data_license=str(pelican.get("CHRONICLE_DATA_LICENSE") or ""),
        data_license_url=str(pelican.get("CHRONICLE_DATA_LICENSE_URL") or ""),
    )


def _cache_folder(pelican: Mapping) -> Path | None:
    """CHRONICLE_CACHE_PATH, else <CACHE_PATH>/chronicle; None (no cache) when set to '' or None."""
    if "CHRONICLE_CACHE_PATH" in pelican:
        chosen = pelican["CHRONICLE_CACHE_PATH"]
        return Path(chosen) if chosen else None
    return Path(pelican.get("CACHE_PATH") or "cache") / "chronicle"


def max_seed_bytes(environ: Mapping[str, str] = os.environ) -> int:
    """CHRONICLE_MAX_SEED_BYTES (environment): the largest seed extraction reads, so a project
    can raise it without code."""
    value = environ.get("CHRONICLE_MAX_SEED_BYTES", "").strip()
    if not value:
        return DEFAULT_MAX_SEED_BYTES
    try:
        limit = int(value.replace("_", ""))
    except ValueError:
        raise ValueError(f"CHRONICLE_MAX_SEED_BYTES={value!r} is not a whole number of bytes") from None
    if limit <= 0:
        raise ValueError(f"CHRONICLE_MAX_SEED_BYTES={value!r} must be positive")
    return limit


def command_given(environ: Mapping[str, str] = os.environ) -> str | None:
    """CHRONICLE_COMMAND (environment): how to run Chronicle again, as ``make check`` words it."""
    return environ.get("CHRONICLE_COMMAND") or None
