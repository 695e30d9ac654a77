"""Reading and writing the YAML files editors work on.

Reading keeps the line and column of every key and value so that a problem can
be reported as ``path:line:column``. Only PyYAML's safe loader is used, and
timestamps are left as strings: ``date: 2024-01-23`` stays the text the editor
wrote, which is what EDTF parsing wants.

Writing is deterministic: the same data gives byte-identical text.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Callable


import yaml

Path_ = tuple  # a path into the document: ("actors", 0, "ref")


# An entry is a few dozen values a few levels deep. Far more is a mistake or an attack
# (deep nesting overflows the recursive composer; aliases nested in aliases, "billion
# laughs", expand to more values than memory holds): refuse it with a clear message.
MAX_DEPTH = 50
MAX_VALUES = 100_000


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay strings. Refuses deep nesting."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"values nested more than {MAX_DEPTH} levels deep; an entry needs a few",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# The same loader on libyaml's C parser: about ten times faster, which is most of a cold build's
# time. Used only to read files that parse; a file that does not is read again by the Python
# loader, so that error messages are the same whether or not libyaml is installed.
_FastTextDatesLoader = type("_FastTextDatesLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})

for _loader in (_TextDatesLoader, _FastTextDatesLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _tag_resolver(loader_class):
    """``resolve`` for a loader without path resolvers, as PyYAML's BaseResolver.resolve decides
    it, with each first character's list of patterns made once: libyaml's composer calls it for
    every value of every file (a fifth of parsing, made up anew each time)."""
    table = loader_class.yaml_implicit_resolvers
    wildcard = tuple(table.get(None, ()))
    patterns = {first: tuple(resolvers) + wildcard for first, resolvers in table.items() if first is not None}
    defaults = {yaml.ScalarNode: loader_class.DEFAULT_SCALAR_TAG, yaml.SequenceNode: loader_class.DEFAULT_SEQUENCE_TAG,
                yaml.MappingNode: loader_class.DEFAULT_MAPPING_TAG}
    assert not loader_class.yaml_path_resolvers

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            for tag, pattern in patterns.get(value[:1], wildcard):
                if pattern.match(value):
                    return tag
        return defaults[kind]

    return resolve


_FastTextDatesLoader.resolve = _tag_resolver(_FastTextDatesLoader)


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class YamlSyntaxError(Exception):
    mark: Mark
    message: str


class Document:
    """Parsed data, duplicate keys, and where each part starts (worked out only when asked)."""

    def __init__(self, data: object, duplicate_keys: list[tuple[Path_, str, Mark]],
                 text: str | Callable[[], str] | None = None):
        self.data = data
        self.duplicate_keys = duplicate_keys
        self._text = text
        self._marks: dict[Path_, Mark] | None = None

    @property
    def marks(self) -> dict[Path_, Mark]:
        """document path -> where its value starts; ("key", name) paths mark the key itself.

        Only a file with a problem needs them, so they come from parsing its text again on demand:
        collecting them for every file took as long as parsing it.
        """
        if self._marks is None:
            self._marks = {}
            text = self._text() if callable(self._text) else self._text
            if text is not None:
                node, _data, _unsure = _load(_FastTextDatesLoader, text)
                if node is not None:
                    _collect_marks(node, (), self._marks, [])
        return self._marks

    def mark_of(self, path: Path_) -> Mark:
        """The mark of the deepest part of ``path`` that exists in the file."""
        path = tuple(path)
        marks = self.marks
        while path and path not in marks:
            path = path[:-1]
        return marks.get(path, Mark(1, 1))


def _mark(node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root) -> None:
    """Raise YamlSyntaxError when aliases make the document loop or expand beyond reason.

    Counts values as a reader of the data sees them (an alias repeats its anchor's whole
    value), without expanding anything: each node's size is computed once.
    """
    size: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) once known
    stack = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = [size[id(c)] for c in _children(node)]
            values = 1 + sum(c[0] for c in children)
            depth = 1 + max((c[1] for c in children), default=0)
            if values > MAX_VALUES or depth > MAX_DEPTH:
                raise YamlSyntaxError(_mark(node), f"anchors and aliases (&name, *name) expand this value to "
                                                   f"over {MAX_VALUES:,} values or {MAX_DEPTH} levels; "
                                                   "write the values out instead of aliasing them")
            size[key] = (values, depth)
            continue
        if key in size:
            continue
        if key in active:
            raise YamlSyntaxError(_mark(node), "an alias (*name) refers to the value that contains it; "
                                               "remove the alias")
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


def _collect_marks(node, path, marks, duplicates):
    marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if key in seen:
                duplicates.append((path, key, _mark(key_node)))
            seen.add(key)
            marks[path + (("key", key),)] = _mark(key_node)
            _collect_marks(value_node, path + (key,), marks, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_marks(item, path + (index,), marks, duplicates)


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _flow_shallow(text: str) -> bool:
    """Whether [ and { nest at most MAX_DEPTH deep (roughly: quotes are not skipped)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return True  # no deeper than there are openings (an entry has a few)
    depth = peak = 0
    for char in _NOT_BRACKET.sub("", text):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        peak = max(peak, depth)
    return peak <= MAX_DEPTH


def _too_deep(node, depth: int = 1):
    """The first value of a tree without aliases nested deeper than MAX_DEPTH, or None (one light pass)."""
    if depth > MAX_DEPTH:
        return node
    if isinstance(node, yaml.MappingNode):
        children = (value for _key, value in node.value)
    elif isinstance(node, yaml.SequenceNode):
        children = iter(node.value)
    else:
        return None
    for child in children:
        if not isinstance(child, yaml.ScalarNode):
            found = _too_deep(child, depth + 1)
            if found is not None:
                return found
    return None


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_MERGE_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})  # "<<" and "="


class _Unusual(Exception):
    """A node _PlainData leaves to PyYAML's own constructor (merge keys, !!set, !!omap, own tags)."""


class _TooDeep(Exception):
    """_PlainData met a collection nested more than MAX_DEPTH deep."""


class _PlainData:
    """The data of a tree without aliases whose collections are plain lists and mappings: what
    PyYAML's constructor makes of it, in a fifth of the time (its general machinery, built for
    anchors and recursive structures, was a third of parsing). Scalars other than strings still
    go through ``construct``.

    The same walk checks depth and notes whether any mapping may repeat a key, so that the
    tree is walked once: ``unsure_keys`` is set when a mapping lost a key to a duplicate or has a
    key that is not a plain string (whose text may equal another key's).
    Raises _Unusual, _TooDeep, or TypeError for a key a dict cannot hold."""

    def __init__(self, construct):
        self.construct = construct
        self.unsure_keys = False

    def __call__(self, node, depth: int = 1):
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self.construct(node, deep=True)
        if depth > MAX_DEPTH:
            raise _TooDeep
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self(item, depth + 1) for item in node.value]
        if kind is yaml.MappingNode and node.tag == _MAP:
            data = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is yaml.ScalarNode and key_node.tag == _STR:
                    key = key_node.value
                elif key_node.tag in _MERGE_KEYS:
                    raise _Unusual
                else:
                    self.unsure_keys = True
                    key = self(key_node, depth + 1)
                data[key] = self(value_node, depth + 1)
            if len(data) != len(node.value):
                self.unsure_keys = True
            return data
        raise _Unusual


def _load(loader_class, text: str):
    """The document's node tree and data, and whether it may repeat a key; (None, None, False)
    for an empty document."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None, False
        # Only an anchor (&name) lets an alias repeat a value, so without one the tree has
        # no shared nodes: its size is the file's, and depth is all there is to check.
        if "&" in text:
            _check_expansion(node)
            return node, loader.construct_document(node), True
        plain = _PlainData(loader.construct_object)
        try:
            return node, plain(node), plain.unsure_keys
        except (_TooDeep, _Unusual, TypeError):
            # A value nested too deep is refused; anything else (a key nested that deep included)
            # goes the general way, with its wording of errors.
            if (deep := _too_deep(node)) is not None:
                raise YamlSyntaxError(_mark(deep), f"values nested more than {MAX_DEPTH} levels deep; "
                                                   "an entry needs a few") from None
            return node, loader.construct_document(node), True
    finally:
        loader.dispose()


def parse_yaml(text: str) -> Document:
    """Parse one YAML document safely, keeping marks. Raises YamlSyntaxError."""
    try:
        try:
            if not _flow_shallow(text):
                raise yaml.YAMLError("deep")  # libyaml's composer recurses in C: let the Python one refuse it
            node, data, unsure_keys = _load(_FastTextDatesLoader, text)
        except yaml.YAMLError:
            node, data, unsure_keys = _load(_TextDatesLoader, text)  # the Python loader words the error
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = exc.problem or str(exc)
        context = f" ({exc.context})" if exc.context else ""
        raise YamlSyntaxError(where, f"YAML syntax error: {problem}{context}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; it carries an offset, not a mark
        before = text[: exc.position]
        where = Mark(before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        raise YamlSyntaxError(where, f"character U+{exc.character:04X} is not allowed in YAML; "
                                     "delete it or retype the text around it") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Mark(1, 1), f"YAML error: {' '.join(str(exc).split())}") from None
    duplicates: list = []
    if unsure_keys and _has_duplicate_keys(node):
        _collect_marks(node, (), {}, duplicates)
    return Document(data, duplicates, text)


def _has_duplicate_keys(node) -> bool:
    if isinstance(node, yaml.MappingNode):
        keys = [k.value if isinstance(k, yaml.ScalarNode) else str(k) for k, _v in node.value]
        return len(set(keys)) != len(keys) or any(_has_duplicate_keys(v) for _k, v in node.value)
    if isinstance(node, yaml.SequenceNode):
        return any(_has_duplicate_keys(item) for item in node.value)
    return False


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks, no aliases."""

    def ignore_aliases(self, data):
        return True

    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key: what editors expect to see.
        return super().increase_indent(flow, False)


class Flow(dict):
    """A mapping written on one line, ``{date: '2024-01-23', actors: [a, b]}``, where block style
    would give each value lines of its own (evidence's ``supports``)."""


def _flow_representer(dumper, value: Flow):
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(Flow, _flow_representer)


def dump_yaml(data, schema: str | None = None) -> str:
    """Deterministic YAML for ``data`` (key order as given), with a schema header."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    header = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return header + body
