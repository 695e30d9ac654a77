"""Documents checked against the JSON Schemas in ``schemas/``, and the schema's errors said in an
editor's words: which field, what is wrong with it, what it should be."""

from __future__ import annotations

import difflib
import functools
import json
from importlib import resources

import jsonschema_rs

from chronicle.content.problems import EntryFile, Problems, yaml_type
from chronicle.core.dates import DateError, parse_event_date

def load_schema(kind: str) -> dict:
    text = resources.files("chronicle").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    return json.loads(text)


class SchemaValidator:
    """jsonschema's error details with jsonschema-rs's speed.

    Validating 10,000 entries with jsonschema alone took seconds, most of a build. jsonschema-rs
    (compiled) checks each entry first; only an entry it rejects, or cannot read, goes through
    jsonschema, whose errors we turn into messages. Where the two could disagree (ECMA vs Python
    regex ``$``), jsonschema-rs is the stricter, so jsonschema still has the last word.
    """

    def __init__(self, schema: dict):
        self.schema = schema
        self.fast = jsonschema_rs.Draft202012Validator(schema)
        self._full = None  # made when first needed: importing jsonschema costs a clean build 0.07 s

    def iter_errors(self, data):
        try:
            if self.fast.is_valid(data):
                return iter(())
        except (ValueError, TypeError, OverflowError):
            pass  # a value JSON has no type for: let jsonschema say what it makes of it
        if self._full is None:
            from jsonschema import Draft202012Validator

            self._full = Draft202012Validator(self.schema)
        return self._full.iter_errors(data)


@functools.lru_cache(maxsize=1)
def validators(kinds: tuple[str, ...]) -> dict[str, SchemaValidator]:
    """kind -> its validator. Kept for the process: compiling the schemas would cost every load,
    and loading makes them before forking, so that worker processes inherit them."""
    return {kind: SchemaValidator(load_schema(kind)) for kind in kinds}


def schema_messages(validator: SchemaValidator, data, file: EntryFile, problems: Problems) -> bool:
    """Report schema errors; True when there were any."""
    found = False
    for error in sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        found = True
        path = tuple(error.absolute_path)
        where = ".".join(str(p) for p in path) or "the file"
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            extras = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
            for extra in extras:
                close = difflib.get_close_matches(str(extra), allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
                problems.add(file, path, f"unknown key '{extra}': {hint}", key=str(extra))
            continue
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            problems.add(file, path, f"missing required field '{missing}' in {where}: add it")
        elif error.validator == "enum":
            choices = ", ".join(str(c) for c in error.validator_value)
            problems.add(file, path, f"{where} is {error.instance!r}; it must be one of: {choices}")
        elif error.validator == "type":
            wanted = error.validator_value
            wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
            problems.add(file, path, f"{where} must be {_article(wanted)}, not {yaml_type(error.instance)}")
        elif error.validator == "pattern" and path and path[-1] in ("id", "ref", "before", "after"):
            problems.add(file, path, f"{where} {error.instance!r} must be lower-case letters, digits and hyphens "
                                     "(e.g. 'kataib-hezbollah')")
        elif error.validator == "pattern" and path and path[-1] in ("url", "website"):
            problems.add(file, path, f"{where} {error.instance!r} must be an http:// or https:// address")
        elif error.validator == "oneOf" and path and path[-1] == "date":
            problems.add(file, path, "date must be an EDTF string (2024-01-23, 2024-01, 2023-10~), 'unknown', "
                                     "{start: ..., end: ...} or {before: <incident id>, by: days}")
        else:
            problems.add(file, path, f"{where}: {error.message}")
    return found


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def date_problem(data: dict, file: EntryFile, problems: Problems) -> bool:
    """Report an event date that is well-typed but not a real date (the schema cannot tell);
    True if so."""
    if file.kind != "event" or not isinstance(data.get("date"), (str, int, dict)):
        return False
    try:
        parse_event_date(data["date"])
    except DateError as exc:
        problems.add(file, ("date",), str(exc))
        return True
    return False
