"""The import rules of docs/architecture.md, as .importlinter states them, hold for the plugin, and
the tests under tests/ are laid out as the plugin is: a folder per package, whole-build tests at the top."""

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


# -- the tests mirror the plugin ------------------------------------------------------------------

TESTS = REPO / "tests"
# The only tests that sit loose at tests/: rules about the whole code base and runs of the whole
# build or of `chronicle` end to end. A test of one package goes in that package's folder; tests of
# cli.py or generator.py may sit here too, named test_cli*.py, test_generator*.py.
WHOLE_RUN = {
    "test_architecture.py": "the import rules and this layout",
    "test_settings_documented.py": "every setting the code reads is in README",
    "test_build_parallel.py": "a build over several processes writes what one process writes",
    "test_incremental.py": "rebuilds write only what changed",
    "test_editor_loop.py": "the editor's loop: preview, deletions, proposals",
    "test_nothing_lost.py": "extraction killed at random, two builds at once",
    "test_bench_compare.py": "make bench-compare: another revision's builds and this tree's, in turn",
}


def packages() -> set[Path]:
    """Every package of the plugin (subpackages too), relative to plugins/chronicle/."""
    return {path.parent.relative_to(PLUGIN) for path in PLUGIN.rglob("__init__.py")} - {Path(".")}


def module_homes() -> dict[str, set[Path]]:
    """Each module's name, with the packages holding a module (or subpackage) of that name."""
    homes: dict[str, set[Path]] = {}
    for path in PLUGIN.rglob("*.py"):
        module = path.parent if path.name == "__init__.py" else path.with_suffix("")
        if module != PLUGIN:
            homes.setdefault(module.name, set()).add(module.parent.relative_to(PLUGIN))
    return homes


def python_files() -> list[Path]:
    """Every Python file under tests/ but the helpers of tests/support/, relative to tests/."""
    return sorted(path.relative_to(TESTS) for path in TESTS.rglob("*.py")
                  if path.relative_to(TESTS).parts[0] != "support" and "__pycache__" not in path.parts)


def test_every_test_folder_is_a_package_and_every_package_has_one():
    folders = {path.name for path in TESTS.iterdir()
               if path.is_dir() and path.name not in ("support", "__pycache__") and not path.name.startswith(".")}
    top_packages = {str(package) for package in packages() if len(package.parts) == 1}
    assert not folders - top_packages, f"folders under tests/ that are no package of plugins/chronicle/: " \
                                       f"{sorted(folders - top_packages)} (shared helpers go in tests/support/)"
    assert not top_packages - folders, f"packages of plugins/chronicle/ without a folder under tests/: " \
                                       f"{sorted(top_packages - folders)}"


def test_each_test_file_sits_in_the_folder_of_its_package():
    top_modules = {path.stem for path in PLUGIN.glob("*.py")} - {"__init__"}
    misplaced = []
    for rel in python_files():
        if rel.name == "conftest.py":
            continue
        if not rel.name.startswith("test_"):
            misplaced.append(f"{rel}: helpers go in tests/support/")
        elif rel.parent == Path("."):
            if rel.name not in WHOLE_RUN and rel.stem.split("_")[1] not in top_modules:
                misplaced.append(f"{rel}: loose at tests/; put it in the folder of the package it tests")
        elif rel.parent not in packages():
            misplaced.append(f"{rel}: tests/{rel.parent}/ mirrors no package of plugins/chronicle/")
    assert not misplaced, "\n".join(misplaced)
    assert {name for name in WHOLE_RUN if not (TESTS / name).exists()} == set(), "WHOLE_RUN lists a file no more"


def test_a_test_named_for_a_module_sits_with_that_module():
    homes = module_homes()
    wrong = []
    for rel in python_files():
        if not rel.name.startswith("test_") or rel.parent == Path("."):
            continue
        package = rel.parent
        name = rel.stem.removeprefix("test_")
        if name.startswith(f"{package.name}_"):
            wrong.append(f"{rel}: the folder already says {package.name}; drop the prefix")
        here = {home for home in homes.get(name, ()) if home == package or package in home.parents}
        if name in homes and not here:
            where = sorted(f"{home}/" if home != Path(".") else "the top" for home in homes[name])
            wrong.append(f"{rel}: {name} is a module of {', '.join(where)} in plugins/chronicle/, not of {package}/")
    assert not wrong, "\n".join(wrong)
