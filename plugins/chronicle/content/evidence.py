"""Evidence an edit has left behind: a source's sentence that still claims to support a value the
entry no longer has. Warnings, not errors: the site builds."""

from __future__ import annotations

from chronicle.content.problems import Problem, read_text
from chronicle.core.dates import DateError, parse_event_date
from chronicle.core.model import Content, Figure, Incident
from chronicle.core.yamlio import Document, Mark, YamlSyntaxError, parse_yaml


def evidence_warnings(content: Content) -> list[Problem]:
    """Evidence that supports what an entry no longer says: an editor changed the date, removed an
    actor or corrected a figure, and the sentence that gave the old value still claims to support
    it. Warnings, not errors: the site builds, and the editor updates ``supports`` or removes
    the sentence."""
    warnings = []
    for incident in sorted(content.incidents.values(), key=lambda i: i.path):
        found = [(where, message) for where, message in _stale_evidence(incident, content)]
        if not found:
            continue
        marks = _marks_of(incident.path)
        for where, message in found:
            mark = marks.mark_of(where) if marks is not None else Mark(1, 1)
            warnings.append(Problem(incident.path, mark.line, mark.column, message, warning=True))
    return sorted(warnings)


def _marks_of(path: str) -> Document | None:
    try:
        return parse_yaml(read_text(path))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return None


def _stale_evidence(incident: Incident, content: Content):
    """(document path, message) for each value an evidence sentence supports that the incident lacks."""
    actors = {_resolved(content.actor, r.ref) for r in incident.actors}
    places = {_resolved(content.place, r.ref) for r in incident.places}
    for s, source in enumerate(incident.sources):
        for e, item in enumerate(source.evidence):
            where = ("sources", s, "evidence", e, "supports")
            line = f"evidence (seed line {item.line})" if item.line else "evidence"
            for field_name, value in item.supports.items():
                stale = []
                if field_name == "date" and not isinstance(value, bool):
                    if not _same_date(value, incident.date):
                        stale = [f"date {_shown(value)}, but the date is now {_shown(incident.date.text or 'as set')}"]
                elif field_name == "type" and isinstance(value, str) and value != incident.type:
                    stale = [f"type '{value}', but the type is now '{incident.type}'"]
                elif field_name in ("actors", "places") and isinstance(value, list):
                    have, resolve = (actors, content.actor) if field_name == "actors" else (places, content.place)
                    stale = [f"{field_name[:-1]} '{ref}', which this incident no longer names"
                             for ref in value if isinstance(ref, str) and _resolved(resolve, ref) not in have]
                elif field_name == "casualties" and isinstance(value, dict):
                    stale = [f"{kind} {_figure_text(fig)}, but the incident now has "
                             f"{_figure_text(incident.casualties.get(kind))}"
                             for kind, fig in value.items() if isinstance(fig, dict)
                             and incident.casualties.get(kind) != Figure(fig.get("low"), fig.get("best"), fig.get("high"))]
                for what in stale:
                    yield where + (field_name,), (f"{line} supports {what}: after an edit, take it out of "
                                                  f"'supports' (or remove the sentence if it supports nothing else)")


def _resolved(resolve, ref: str) -> str:
    entry = resolve(ref)
    return entry.id if entry is not None else ref


def _same_date(value, date) -> bool:
    try:
        return parse_event_date(value) == date
    except (DateError, TypeError, ValueError):
        return False


def _shown(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return f"'{value}'"


def _figure_text(figure) -> str:
    if figure is None:
        return "no figure"
    values = figure if isinstance(figure, dict) else {"low": figure.low, "best": figure.best, "high": figure.high}
    return ", ".join(f"{k} {v}" for k, v in values.items() if v is not None) or "no figure"

