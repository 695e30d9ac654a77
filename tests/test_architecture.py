"""The import rules of docs/architecture.md, as .importlinter states them, hold for the plugin."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

from support import REPO

CONTRACTS = REPO / ".importlinter"
PLUGIN = REPO / "plugins" / "chronicle"


def test_imports_follow_the_contracts():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), str(CONTRACTS), "--no-cache"], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def named_in_contracts() -> set[str]:
    config = configparser.ConfigParser()
    config.read(CONTRACTS, encoding="utf-8")
    named = set()
    for section in config.sections():
        for key in ("source_modules", "forbidden_modules"):
            named.update(config[section].get(key, "").split())
        containers = config[section].get("containers", "").split()
        layers = config[section].get("layers", "").replace("|", " ").split()
        named.update(f"{container}.{layer}" for container in containers for layer in layers)
    return named


def test_every_module_has_a_place_in_the_rules():
    # A new module must be put in its layer: named in a contract, or inside a package that is.
    modules = {f"chronicle.{path.stem}" for path in PLUGIN.glob("*.py") if path.stem != "__init__"}
    modules |= {f"chronicle.{path.name}" for path in PLUGIN.iterdir()
                if path.is_dir() and (path / "__init__.py").exists()}
    assert modules, "no modules found under plugins/chronicle"
    assert modules - named_in_contracts() == set()


def test_only_the_entry_points_sit_at_the_top():
    # The folder listing is the architecture: every stage lives in its package (core, content,
    # extract, ingest, site, engine); the top holds the Pelican hooks and the two entry points.
    assert sorted(path.name for path in PLUGIN.glob("*.py")) == ["__init__.py", "cli.py", "generator.py"]
