"""parse_yaml, the fast YAML constructor, gives exactly what PyYAML's own constructor gives with
the same resolvers, and finds every repeated key, on tricky documents and on generated ones
(hypothesis, reproducible). The loader and `chronicle check` under fuzzing are in
tests/content/test_fuzz_yaml.py.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=300,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["2024-01-23", "2024-02-30", "unknown", "x" * 300]))
random_data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=25)


# -- the fast constructor gives PyYAML's own result ------------------------------------------

TRICKY_YAML = [
    "x: yes\ny: No\nz: ~\nw: null\nv: .inf\nu: 0o17\nt: 017\ns: 1:20\nr: 0x1F\nq: 1e3\np: 2024-01-23",
    "base: &b {k: 1}\nother:\n  <<: *b\n  j: 2", "<<: {a: 1}\nb: 2", "s: !!set {a, b}", "o: !!omap [a: 1, b: 2]",
    "b: !!binary aGVsbG8=", "? [a, b]\n: c", "? {a: 1}\n: c", "t: !!timestamp 2024-01-01", "f: !!float 1",
    "i: !!int '3'", "s: !!str 3", "x: !foo bar", "- a\n- b", "plain", "= : x", "a: !!python/object:os.system x",
    "a: 1\na: 2", "list: []\nmap: {}\nnested: [[], {a: [b, {c: ~}]}]", "? a\n? b\n", "a: !!map {b: !!seq [c]}",
    # Repeated keys: the same text quoted and not, different text for the same value, deep down.
    "1: a\n'1': b", "yes: 1\ntrue: 2", "a: [{b: 1, c: 2, b: 3}]", "{a: 1, 'a': 2}", "k: {x: 1}\nk: {x: 2}",
    "- {a: 1}\n- {a: 1, a: 1}", "1: a\n1.0: b", "null: a\n~: b",
]


def _repeated_keys(text: str):
    """Every repeated key with where it is, found the slow way: on the whole node tree."""
    from chronicle.core.yamlio import _collect_marks, _TextDatesLoader

    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    found: list = []
    if node is not None:
        _collect_marks(node, (), {}, found)
    return found


def _standard_load(text: str):
    """PyYAML's own constructor with our loader's resolvers: what parse_yaml must give."""
    from chronicle.core.yamlio import YamlSyntaxError, _TextDatesLoader

    loader = _TextDatesLoader(text)
    try:
        return "data", loader.get_single_data()
    except yaml.YAMLError:
        return "refused", None
    except YamlSyntaxError:
        return "refused", None
    finally:
        loader.dispose()


def _parsed(text: str):
    from chronicle.core.yamlio import YamlSyntaxError, parse_yaml

    try:
        return "data", parse_yaml(text).data
    except YamlSyntaxError:
        return "refused", None


def test_tricky_yaml_parses_as_pyyaml_constructs_it():
    for text in TRICKY_YAML:
        assert repr(_parsed(text)) == repr(_standard_load(text)), text


def test_repeated_keys_are_all_found():
    """parse_yaml notes repeated keys while it builds the data; it must miss none."""
    from chronicle.core.yamlio import YamlSyntaxError, parse_yaml

    repeated = 0
    for text in TRICKY_YAML:
        try:
            found = parse_yaml(text).duplicate_keys
        except YamlSyntaxError:
            continue
        assert found == _repeated_keys(text), text
        repeated += bool(found)
    assert repeated == 6  # yes/true, 1/1.0 and null/~ are the same value under different text


@FUZZ
@given(random_data)
def test_generated_yaml_parses_as_pyyaml_constructs_it(data):
    for style in (False, None):  # block style, and flow where PyYAML chooses
        text = yaml.safe_dump(data, default_flow_style=style, allow_unicode=True)
        # As text: NaN equals nothing, and == takes 1, 1.0 and True for one another.
        assert repr(_parsed(text)) == repr(_standard_load(text)), text
