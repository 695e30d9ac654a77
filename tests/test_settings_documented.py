"""Every setting the code reads is in README's settings table, so an editor or maintainer can find it."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAME = re.compile(r"\bCHRONICLE_[A-Z][A-Z_]*[A-Z]\b")


def names_read(folders: list[Path]) -> dict[str, str]:
    """Each CHRONICLE_ name in the Python sources under ``folders``, with a file that names it."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            for name in NAME.findall(path.read_text("utf-8")):
                found.setdefault(name, str(path.relative_to(REPO)))
    return found


def documented() -> set[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    table = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in NAME.findall(row.split(" | ")[0])}


def test_every_setting_the_code_reads_is_in_the_readme_table():
    read = names_read([REPO / "plugins", REPO / "benchmarks"])
    assert len(read) >= 10  # the scan finds the settings at all
    missing = {name: path for name, path in read.items() if name not in documented()}
    assert not missing, f"add these to README's Settings table: {missing}"


def test_the_table_lists_no_setting_the_code_does_not_read():
    read = names_read([REPO / "plugins", REPO / "benchmarks"])
    assert not documented() - set(read), "README's Settings table names settings nothing reads"


READS_A_SETTING = re.compile(r"os\.environ|getenv|[\"']CHRONICLE_[A-Z_]+[\"']|settings\.get\(|settings\[[\"']")


def test_settings_are_read_in_one_module():
    # core/settings.py reads them all, so each has one default and one place to look it up.
    plugin = REPO / "plugins" / "chronicle"
    home = plugin / "core" / "settings.py"
    assert READS_A_SETTING.search(home.read_text("utf-8"))  # the pattern finds the reading at all
    elsewhere = {str(path.relative_to(REPO)): READS_A_SETTING.findall(path.read_text("utf-8"))
                 for path in sorted(plugin.rglob("*.py")) if path != home}
    assert {path: found for path, found in elsewhere.items() if found} == {}
