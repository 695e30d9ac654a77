"""Content and seed folders for extraction runs, as a user has them before the first extraction.

``new_content`` gives a content/ holding only the committed actor registry; ``seeds_dir`` fills a
seed folder; ``tree`` reads a folder back byte for byte. ``ARTICLES`` are the articles written for
the extraction-run tests (tests/ingest/articles/, with reports of one incident in ``merge/``);
``MAIN_TITLE`` is the main incident's title of the sample seed (``support.SAMPLE_SEED``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from support import REPO

ARTICLES = REPO / "tests" / "ingest" / "articles"
MAIN_TITLE = "US carries out strikes on Iran-backed militia group in Iraq"


def _registry() -> list[Path]:
    """The committed actor registry (not drafts a local `make html` may have added)."""
    listed = subprocess.run(["git", "ls-files", "content/actors/*.yaml"], cwd=REPO, capture_output=True, text=True)
    names = listed.stdout.split() if listed.returncode == 0 and listed.stdout.strip() else \
        [p.relative_to(REPO).as_posix() for p in (REPO / "content" / "actors").glob("*.yaml")]
    return sorted(REPO / n for n in names)


REGISTRY = _registry()


def new_content(root: Path) -> Path:
    """A content dir as a user has it before the first extraction: the actor registry only."""
    (root / "actors").mkdir(parents=True)
    for path in REGISTRY:
        shutil.copyfile(path, root / "actors" / path.name)
    return root


def seeds_dir(root: Path, *files: tuple[str, str | bytes | Path]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, body in files:
        if isinstance(body, Path):
            shutil.copyfile(body, root / name)
        elif isinstance(body, bytes):
            (root / name).write_bytes(body)
        else:
            (root / name).write_text(body, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def incident(**fields) -> dict:
    """A draft incident as entries hold it (a drone strike at Port Vale), with ``fields`` over it."""
    base = {"id": "x", "title": "Drone strike hits fuel depot in Port Vale", "date": "2024-03-02",
            "type": "drone-attack", "status": "draft",
            "actors": [{"ref": "river-brigade", "role": "perpetrator"}],
            "places": [{"ref": "port-vale", "role": "location"}], "sources": [{"seed": "a.txt"}]}
    base.update(fields)
    return base
