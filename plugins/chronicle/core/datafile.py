"""Reading the rule files extraction ships (data/*.yaml) or is given instead.

They are plain YAML mappings and lists, read once per run; PyYAML's C parser
(libyaml, in PyYAML's wheels) reads them about ten times faster than its Python
one, which took 0.17 s of every run. Without libyaml the Python parser is used.
"""

from __future__ import annotations

from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_rules(text: str):
    """The data of a YAML rule file's text, as yaml.safe_load gives it."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def read_rules(path: str | Path):
    return parse_rules(Path(path).read_text(encoding="utf-8"))
