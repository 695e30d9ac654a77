"""Incident types: the built-in vocabulary (``data/types.yaml``), extended or overridden by a
project's ``content/types.yaml``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from chronicle.content.problems import Problems
from chronicle.content.read import display_path, read_document
from chronicle.content.validate import SchemaValidator, load_schema, schema_messages
from chronicle.core.datafile import parse_rules
from chronicle.core.model import IncidentType


def load_types(content_dir: Path, problems: Problems) -> dict[str, IncidentType]:
    """Built-in types, extended or overridden by ``content/types.yaml``; what is wrong with that
    file goes to ``problems``, and a file with problems adds nothing."""
    merged = {**_builtin(), **_project_types(content_dir, problems)}
    return {tid: IncidentType(tid, spec["label"], spec["group"], spec.get("description", ""))
            for tid, spec in merged.items()}


def load_types_ignoring_problems(content_dir: Path) -> dict[str, IncidentType]:
    """The types as the build sees them, for extraction and ingest: what is wrong with
    ``content/types.yaml`` is left for ``chronicle check`` and the build to report."""
    return load_types(content_dir, Problems())


def type_keywords(content_dir: Path | None) -> dict[str, list[str]]:
    """Type id -> keywords, in vocabulary order (the extractor's classifier reads this). A
    ``content/types.yaml`` with problems adds nothing here either: ``chronicle check`` and the
    build report them."""
    merged = _builtin()
    if content_dir is not None:
        merged.update(_project_types(content_dir, Problems()))
    return {tid: list(spec.get("keywords") or []) for tid, spec in merged.items()}


def _project_types(content_dir: Path, problems: Problems) -> dict[str, dict]:
    """The types ``content/types.yaml`` adds or overrides, once it reads and validates; else none."""
    path = content_dir / "types.yaml"
    if not path.exists():
        return {}
    file = read_document(path, display_path(path), problems, "types")
    if file is None or schema_messages(SchemaValidator(load_schema("types")), file.doc.data, file, problems):
        return {}
    return file.doc.data


def _builtin() -> dict[str, dict]:
    return parse_rules(resources.files("chronicle").joinpath("data", "types.yaml").read_text("utf-8"))
