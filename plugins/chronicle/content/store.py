"""Writing entries into content/ without ever losing an editor's work.

Chronicle remembers, in ``content/.chronicle/manifest.json``, the SHA-256 of
every file it wrote and of every seed it extracted. A file whose bytes no
longer match what Chronicle wrote (or that Chronicle never wrote) belongs to
a person: extraction never touches it again, and writes any new proposal for
it under ``content/proposals/`` instead. Writes are atomic (temporary file,
then rename), so an interrupted run leaves no half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = Path(".chronicle") / "manifest.json"
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
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ManifestError(f"{path}: cannot be read ({exc}); restore it from git, or delete it to treat "
                                "every existing file as hand-edited") from exc
        return cls(dict(data.get("seeds", {})), dict(data.get("files", {})))

    def save(self, content_dir: Path) -> None:
        data = {"version": 1, "seeds": self.seeds, "files": self.files}
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomic(content_dir / MANIFEST, text.encode("utf-8"))


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
