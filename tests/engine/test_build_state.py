"""The build's record of its inputs: a fingerprint left for later on a cold build takes the hashes
loading read. (That an unchanged rebuild is skipped, whole builds, is tests/test_incremental.py.)"""

from __future__ import annotations

from pathlib import Path

from support import sitegen


def test_a_deferred_fingerprint_takes_the_hashes_loading_read(tmp_path):
    from chronicle.engine import build_state

    content = sitegen.copy_fixture(tmp_path / "content")
    theme = Path(sitegen.THEME)
    state = build_state.BuildState.start(tmp_path / "cache", content, theme, {})
    assert state.pending is not None and state.fingerprint == ""  # no earlier build: left for later
    entry = sorted((content / "events").glob("*.yaml"))[0]
    state.inputs_read({str(entry): (1, 2, "hash-as-read")})
    assert state.hashes[str(entry)] == [1, 2, "hash-as-read"]  # what loading read, not read again
    hashed_here = build_state.BuildState.start(tmp_path / "cache", content, theme, {})
    hashed_here.inputs_read({})  # nothing read by loading: every file hashed, as up front
    assert hashed_here.hashes[str(entry)][2] != "hash-as-read"
    assert hashed_here.fingerprint != state.fingerprint
