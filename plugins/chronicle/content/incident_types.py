"""Incident types: the built-in vocabulary (``data/types.yaml``), extended or overridden by a
project's ``content/types.yaml``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from chronicle.content.problems import Problems
from chronicle.content.read import display_path, read_document
from chronicle.content.validate import SchemaValidator, load_schema, schema_messages
from chronicle.core.datafile import parse_rules
from chronicle.core.model import IncidentType


def load_types(content_dir: Path, problems: Problems) -> dict[str, IncidentType]:
    """Built-in types, extended or overridden by ``content/types.yaml``; what is wrong with that
    file goes to ``problems``, and a file with problems adds nothing."""
    merged = dict(_builtin())
    extra_path = content_dir / "types.yaml"
    if extra_path.exists():
        file = read_document(extra_path, display_path(extra_path), problems, "types")
        if file is not None:
            validator = SchemaValidator(load_schema("types"))
            if not schema_messages(validator, file.doc.data, file, problems):
                merged.update(file.doc.data)
    return {tid: IncidentType(tid, spec["label"], spec["group"], spec.get("description", ""))
            for tid, spec in merged.items()}


def load_types_ignoring_problems(content_dir: Path) -> dict[str, IncidentType]:
    """The types as the build sees them, for extraction and ingest: what is wrong with
    ``content/types.yaml`` is left for ``chronicle check`` and the build to report."""
    return load_types(content_dir, Problems())


def type_keywords(content_dir: Path | None) -> dict[str, list[str]]:
    """Type id -> keywords, in vocabulary order (the extractor's classifier reads this)."""
    merged = _builtin()
    if content_dir is not None and (content_dir / "types.yaml").exists():
        try:
            extra = yaml.safe_load((content_dir / "types.yaml").read_text("utf-8")) or {}
            merged.update({k: v for k, v in extra.items() if isinstance(v, dict)})
        except yaml.YAMLError:
            pass  # reported by check
    return {tid: list(spec.get("keywords") or []) for tid, spec in merged.items()}


def _builtin() -> dict[str, dict]:
    return parse_rules(resources.files("chronicle").joinpath("data", "types.yaml").read_text("utf-8"))
