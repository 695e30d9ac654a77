"""Run Pagefind over the written site, then make its output byte-identical from build to build.

Pagefind (pinned in pyproject.toml) writes output/pagefind/: its JavaScript, WASM, and index
files named by hash. Word indexes and page fragments come out the same every run, but the
filter indexes list their values, and the metadata file lists the filters, in hash-map order,
which changes between runs (Pagefind issue #638 says so for filters and metadata). So after
Pagefind runs, ``normalise_bundle`` sorts those lists, writes the files again under names
taken from their new content, and points the metadata and pagefind-entry.json at them.

The files are gzip-compressed CBOR behind a ``pagefind_dcd`` signature; the small CBOR codec
here covers the types those files use, and refuses (stopping the build) anything it cannot
write back exactly as it read, so a Pagefind upgrade that changes the format is caught.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

from .outputs import OutputDir

SIGNATURE = b"pagefind_dcd"


class SearchIndexError(SystemExit):
    """Indexing failed: the build stops with exit status 1 after saying why."""

    def __init__(self, message: str) -> None:
        print(message)
        super().__init__(1)


# -- a minimal CBOR codec (RFC 8949: unsigned and negative integers, byte and text strings,
#    arrays and maps, definite lengths) -------------------------------------------------------

def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise ValueError(f"integer too large for CBOR: {value}")


def cbor_encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unsupported CBOR value: {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value.items())
    raise ValueError(f"unsupported CBOR value: {value!r}")


def cbor_decode(data: bytes):
    value, end = _decode_at(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes left after the CBOR value")
    return value


def _decode_at(data: bytes, pos: int):
    major, info = data[pos] >> 5, data[pos] & 31
    pos += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError(f"unsupported CBOR item (major type {major}, info {info})")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 2:
        return data[pos:pos + arg], pos + arg
    if major == 3:
        return data[pos:pos + arg].decode("utf-8"), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _decode_at(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(arg):
            key, pos = _decode_at(data, pos)
            mapping[key], pos = _decode_at(data, pos)
        return mapping, pos
    raise ValueError(f"unsupported CBOR major type {major}")


# -- Pagefind's files ---------------------------------------------------------------------------

def read_pagefind_file(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind index file")
    body = raw[len(SIGNATURE):]
    value = cbor_decode(body)
    if cbor_encode(value) != body:
        raise ValueError(f"{path}: cannot write this Pagefind file back unchanged")
    return value


def write_pagefind_file(directory: Path, prefix: str, suffix: str, value, digits: int) -> str:
    """Write value under a name from its content hash; returns the hash part of the name."""
    body = SIGNATURE + cbor_encode(value)
    name = f"{prefix}{hashlib.sha256(body).hexdigest()[:digits]}"
    # mtime=0: no build time in the gzip header.
    (directory / f"{name}{suffix}").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return name


def sorted_filter(index: list) -> list:
    """A filter index is [name, [[value, [page numbers]], ...]]: values A-Z, page numbers ascending."""
    name, values = index
    return [name, sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])]


def normalise_bundle(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language in sorted(entry["languages"]):
        info = entry["languages"][language]
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pagefind_file(meta_path)
        # [version, pages, index chunks, filters [[name, file hash]], sorts [[name, pages]], meta keys]
        filters, sorts = meta[3], meta[4]
        renamed = []
        for filter_name, file_hash in filters:
            old = bundle / "filter" / f"{file_hash}.pf_filter"
            new_hash = write_pagefind_file(old.parent, f"{language}_", ".pf_filter",
                                           sorted_filter(read_pagefind_file(old)), 7)
            if new_hash != file_hash:
                old.unlink()
            renamed.append([filter_name, new_hash])
        meta[3] = sorted(renamed)
        meta[4] = sorted(sorts, key=lambda s: s[0])
        new_meta = write_pagefind_file(bundle, f"pagefind.{language}_", ".pf_meta", meta, 10)
        new_meta = new_meta.removeprefix("pagefind.")
        if new_meta != info["hash"]:
            meta_path.unlink()
        info["hash"] = new_meta
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def pagefind_command(site: Path, bundle: Path) -> list[str]:
    import pagefind_bin  # the binary in the pagefind[bin] wheel: nothing is downloaded

    return [str(pagefind_bin.get_executable()), "--site", str(site), "--output-path", str(bundle), "--silent"]


def index_site(site: Path, output: OutputDir) -> None:
    """Index the written site into site/pagefind/ (search UI files, WASM, index chunks).

    Pagefind writes its bundle afresh into a scratch folder; only files whose bytes differ
    are then copied into site/pagefind/, so a rebuild does not rewrite the whole index.
    """
    with tempfile.TemporaryDirectory(prefix="chronicle-pagefind-") as scratch:
        bundle = Path(scratch) / "pagefind"
        result = subprocess.run(pagefind_command(site, bundle), capture_output=True, text=True)
        if result.returncode != 0 or not (bundle / "pagefind-entry.json").exists():
            raise SearchIndexError(f"{result.stdout}{result.stderr}\nPagefind could not index {site} for search "
                                   f"(exit status {result.returncode}); the pages are written, search is not.")
        try:
            normalise_bundle(bundle)
        except (ValueError, KeyError, IndexError, OSError) as error:
            raise SearchIndexError(f"Could not make Pagefind's index in {bundle} reproducible: {error}. "
                                   "Pagefind's file format may have changed; check the version pinned "
                                   "in pyproject.toml.") from error
        output.copy_tree(bundle, "pagefind")
