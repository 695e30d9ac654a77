"""The content store: a path given to write is always inside its root, or refused."""

from __future__ import annotations

import pytest

from chronicle.content.store import inside


@pytest.mark.parametrize("rel", ["../escape.yaml", "events/../../escape.yaml", "/etc/passwd", "a\x00b.yaml"])
def test_writes_outside_the_root_are_refused(tmp_path, rel):
    with pytest.raises(ValueError):
        inside(tmp_path / "content", rel)
    assert inside(tmp_path / "content", "events/x.yaml") == tmp_path / "content" / "events" / "x.yaml"
