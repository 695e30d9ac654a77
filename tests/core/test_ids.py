"""Names become ids: whatever a name holds, its id is safe as a file name and the same on every run.

That nothing extraction writes lands outside content/ is checked end to end in
tests/ingest/test_paths.py; that writes outside a root are refused, in tests/content/test_store.py.
"""

from __future__ import annotations

import re

import pytest

from chronicle.core.ids import MAX_ID_CHARS, WINDOWS_RESERVED, slugify

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HOSTILE_NAMES = ["../../etc/passwd", "/etc/passwd", "..\\..\\windows\\system32", "a\x00b", "???", "", "CON",
                 "nul", "Com1", "LPT9", "aux", "x" * 500, "word " * 100, "Ḩalab [Aleppo]", "--", "-.-", "ﷺ",
                 "中国", "\u202eevil", "%2e%2e%2f", "file.yaml", ".hidden"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_name_gives_a_safe_id_or_none(name):
    slug = slugify(name)
    assert slug == "" or ID.match(slug), slug
    assert len(slug) <= MAX_ID_CHARS and slug not in WINDOWS_RESERVED
    assert slugify(name) == slug  # the same on every run


def test_long_names_that_share_a_start_stay_distinct():
    first, second = "Committee " * 40 + "North", "Committee " * 40 + "South"
    assert slugify(first) != slugify(second)
    assert len(slugify(first)) <= MAX_ID_CHARS
