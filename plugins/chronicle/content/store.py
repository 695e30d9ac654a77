"""Writing entries into content/ without ever losing an editor's work.

Chronicle remembers, in ``content/.chronicle/manifest.json``, the SHA-256 of
every file it wrote and of every seed it extracted. A file whose bytes no
longer match what Chronicle wrote (or that Chronicle never wrote) belongs to
a person: extraction never touches it again, and writes any new proposal for
it under ``content/proposals/`` instead. Writes are atomic (temporary file,
then rename), so an interrupted run leaves no half-written file.

The manifest is saved now and then, not after every file; what a run writes
in between is noted first in ``content/.chronicle/.manifest.journal`` (see
``journal``), so that a run killed before it saves the manifest does not leave
its own files looking like an editor's.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = Path(".chronicle") / "manifest.json"
JOURNAL = Path(".chronicle") / ".manifest.journal"  # "<sha256> <rel>" (or "- <rel>") a line; see journal()
PROPOSALS = "proposals"
SCHEMAS = Path(".chronicle") / "schemas"  # copies of the plugin's schemas, for editors' tools
SCHEMA_KINDS = {"events": "event", "actors": "actor", "places": "place", PROPOSALS: "proposal"}


def schema_ref(folder: str) -> str:
    """The ``$schema`` written into ``content/<folder>/<id>.yaml``: the copy inside content/ itself,
    so the reference is the same wherever content/ sits, whichever folder extraction ran from."""
    return f"../{SCHEMAS.as_posix()}/{SCHEMA_KINDS[folder]}.schema.json"


def install_schemas(content_dir: Path, schemas_dir: Path) -> None:
    """Copy the plugin's schemas into content/.chronicle/schemas/, where they differ (a plugin
    upgrade updates them; unchanged ones are not written, so their mtimes stay)."""
    for kind in sorted(set(SCHEMA_KINDS.values())):
        data = (schemas_dir / f"{kind}.schema.json").read_bytes()
        target = content_dir / SCHEMAS / f"{kind}.schema.json"
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    seeds: dict[str, dict] = field(default_factory=dict)  # seed name -> {"sha256": ..., "incidents": [...]}
    files: dict[str, str] = field(default_factory=dict)  # "events/x.yaml" -> sha256 of bytes written

    @classmethod
    def load(cls, content_dir: Path) -> "Manifest":
        path = content_dir / MANIFEST
        data = {}
        if path.exists():
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise ManifestError(f"{path}: cannot be read ({exc}); restore it from git, or delete it to treat "
                                    "every existing file as hand-edited") from exc
        manifest = cls(dict(data.get("seeds", {})), dict(data.get("files", {})))
        manifest._replay(content_dir)
        return manifest

    def _replay(self, content_dir: Path) -> None:
        """Take in the journal of a run that stopped before saving the manifest: a file that holds
        what the run noted it would write is Chronicle's; one it noted it would remove, and that is
        gone, is forgotten. A file holding anything else (an edit since) is left as the manifest says."""
        try:
            lines = (content_dir / JOURNAL).read_text("utf-8", errors="replace").splitlines()
        except OSError:
            return
        noted: dict[str, set[str]] = {}
        for line in lines:
            digest, _, rel = line.partition(" ")
            if rel:
                noted.setdefault(rel, set()).add(digest)
        for rel, digests in sorted(noted.items()):
            try:
                path = inside(content_dir, rel)
            except ValueError:
                continue
            if path.is_file():
                digest = sha256(path.read_bytes())
                if digest in digests:
                    self.files[rel] = digest
            elif "-" in digests and not path.exists():
                self.files.pop(rel, None)

    def save(self, content_dir: Path) -> None:
        data = {"version": 1, "seeds": self.seeds, "files": self.files}
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomic(content_dir / MANIFEST, text.encode("utf-8"))
        (content_dir / JOURNAL).unlink(missing_ok=True)  # all it noted is in the manifest now


def journal(content_dir: Path, changes: list[tuple[str, str | None]]) -> None:
    """Note, before changing them, the files about to be written (rel, sha256 of the bytes) or
    removed (rel, None); the next ``Manifest.load`` takes them in if the manifest was not saved
    since (the run was killed). Appended and synced: a line costs a few bytes, whatever the
    manifest's size."""
    if not changes:
        return
    path = content_dir / JOURNAL
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.writelines(f"{digest or '-'} {rel}\n" for rel, digest in changes)
        handle.flush()
        os.fsync(handle.fileno())


class ManifestError(RuntimeError):
    pass


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def inside(root: Path, rel: str) -> Path:
    """``root / rel``, refusing any ``rel`` that would land outside ``root`` (ids are checked
    before they get here; this is the last guard before a write)."""
    path = Path(root, rel)
    if os.path.isabs(rel) or "\x00" in rel or not path.resolve().is_relative_to(Path(root).resolve()):
        raise ValueError(f"refusing to write {rel!r}: it is outside {root}")
    return path


def is_hand_edited(content_dir: Path, rel: str, manifest: Manifest) -> bool:
    """True when a person owns the file: changed since Chronicle wrote it, or never written by it."""
    path = content_dir / rel
    if not path.exists():
        return False
    recorded = manifest.files.get(rel)
    return recorded is None or recorded != sha256(path.read_bytes())


def write_entry(content_dir: Path, rel: str, text: str, manifest: Manifest) -> str:
    """Write one entry Chronicle owns; returns "created", "updated" or "unchanged"."""
    data = text.encode("utf-8")
    path = inside(content_dir, rel)
    existed = path.exists()
    if existed and path.read_bytes() == data:
        manifest.files[rel] = sha256(data)
        return "unchanged"
    write_atomic(path, data)
    manifest.files[rel] = sha256(data)
    return "updated" if existed else "created"
