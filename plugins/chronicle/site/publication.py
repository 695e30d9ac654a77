"""What the site says about itself and about when each entry was published: the facts that the
pages, the Atom feeds and the downloads all state, worked out in one place so they always agree.

Pure functions of the content and the settings; nothing here reads the clock, so the same content
gives the same days on any machine, on any day.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from chronicle.site import render
from chronicle.site.graph import SiteGraph
from chronicle.core.dates import EventDate, published_date
from chronicle.core.model import Incident
from chronicle.core.settings import Settings

# XML 1.0 and iCalendar forbid most control characters; YAML's "\x01" escapes can still put them in text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class SiteMeta:
    """What the feeds and downloads say about the site itself, from pelican.conf.py."""

    name: str
    subtitle: str = ""
    site_url: str = ""  # SITEURL without a trailing slash; "" when unset
    lang: str = "en"
    feed_entries: int = 50  # CHRONICLE_FEED_ENTRIES: newest incidents per Atom feed
    license_name: str = ""  # CHRONICLE_DATA_LICENSE: the data's licence, e.g. "CC BY 4.0"; "" when unset
    license_url: str = ""  # CHRONICLE_DATA_LICENSE_URL: where its terms are

    @property
    def license(self) -> dict | None:
        """The licence as the downloads record it, or None when none is set."""
        if not self.license_name:
            return None
        return {"name": self.license_name, "url": self.license_url or None}

    def license_text(self) -> str:
        if not self.license_name:
            return "No licence set: ask the publisher before reusing the data."
        return f"Licence: {self.license_name}" + (f" ({self.license_url})" if self.license_url else "")


def site_meta(settings: Settings) -> SiteMeta:
    return SiteMeta(name=settings.site_name, subtitle=settings.site_subtitle, site_url=settings.site_url,
                    lang=settings.lang, feed_entries=settings.feed_entries, license_name=settings.data_license,
                    license_url=render.safe_url(settings.data_license_url) or "")


# -- addresses ----------------------------------------------------------------------------------


def absolute_url(site_url: str, url: str) -> str | None:
    """Canonical address, only when SITEURL says where the site lives."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else None


def public_url(site_url: str, url: str) -> str:
    """A page's address for use off the site: absolute with SITEURL, else from the site root."""
    return absolute_url(site_url, url) or "/" + url


def entry_uuid(meta: SiteMeta, url: str) -> uuid.UUID:
    """A stable id for a page of this site (Atom ids, iCalendar UIDs).

    Derived from the site's name and the page address, not from SITEURL, so setting
    or moving SITEURL does not make every feed reader show every entry again.
    """
    return uuid.uuid5(uuid.NAMESPACE_URL, f"chronicle:{meta.name}/{url}")


def clean_text(text: str | None) -> str:
    """Text without the control characters that XML and iCalendar cannot carry."""
    return _CONTROL.sub("", text or "")


# -- when an entry was reported and changed ----------------------------------------------------


def reported_dates(incident: Incident) -> list[EventDate]:
    """The readable publication dates of an incident's sources, in source order."""
    return [date for date in (published_date(s.published) for s in incident.sources) if date is not None]


def first_reported(incident: Incident) -> EventDate | None:
    """The earliest publication date of the incident's sources: the incident page's "first reported"
    and the feeds' `published`."""
    return min(reported_dates(incident), key=EventDate.sort_key, default=None)


def last_updated(incident: Incident) -> EventDate | None:
    """When the entry last changed as content says it: the editor's `updated`, else the latest
    source's publication date; None when neither gives a date."""
    updated = published_date(incident.updated)
    if updated is not None:
        return updated
    return max(reported_dates(incident), key=EventDate.sort_key, default=None)


def last_changed(incident: Incident, graph: SiteGraph) -> dt.date | None:
    """The day the entry last changed (feeds' `updated`, iCalendar's DTSTAMP): ``last_updated``,
    else the day the incident ended. None when content gives no day at all."""
    updated = last_updated(incident)
    if updated is not None:
        return updated.lower
    date = graph.dates[incident.id]
    return date.upper or date.lower if incident.date.kind == "edtf" else None


def content_changed(graph: SiteGraph) -> dt.date | None:
    """The day the data last changed, from content only (see ``last_changed``): the same content
    gives the same day, whenever it is built."""
    return max((day for day in (last_changed(i, graph) for i in graph.incidents) if day is not None),
               default=None)
