"""The parse cache never lies: a changed file is parsed again, and a load from the cache gives
exactly what a load without it gives."""

from __future__ import annotations

from chronicle.content.load import load_content
from chronicle.content.parse_cache import ParseCache
from support import sitegen


def test_changed_yaml_is_parsed_again_not_taken_from_the_cache(tmp_path):
    content = sitegen.copy_fixture(tmp_path / "content")
    cache_file = tmp_path / "cache" / "yaml.marshal"
    cache = ParseCache.load(cache_file)
    first, problems = load_content(content, cache)
    cache.save()
    assert problems == [] and cache_file.exists()
    entry = content / "events" / "ceasefire-talks.yaml"
    text = entry.read_text("utf-8")
    # Same size, so only the content (not the size) tells the cache the file changed.
    entry.write_text(text.replace("type: agreement", "type: agreemenT"), encoding="utf-8")
    cache = ParseCache.load(cache_file)
    second, problems = load_content(content, cache)
    assert [p.message for p in problems if "ceasefire-talks" in p.path] != []
    assert any(":" in str(p) and "type" in p.message for p in problems)
    entry.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    third, problems = load_content(content, ParseCache.load(cache_file))
    assert problems == []
    assert third.incidents["ceasefire-talks"].title.startswith("Edited ")
    assert first.incidents["ceasefire-talks"].title == third.incidents["ceasefire-talks"].title[len("Edited "):]


def test_cached_load_equals_uncached_load(tmp_path):
    content = sitegen.copy_fixture(tmp_path / "content")
    plain, _ = load_content(content)
    cache = ParseCache.load(tmp_path / "cache.marshal")
    load_content(content, cache)
    cache.save()
    warm = ParseCache.load(tmp_path / "cache.marshal")
    cached, _ = load_content(content, warm)
    assert warm.entries and len(warm.used) == len(warm.entries)
    assert cached.incidents == plain.incidents and cached.actors == plain.actors and cached.places == plain.places
