"""Spec file text into the JSON data model, within limits a hostile file cannot get past.

YAML is built from LibYAML's events where it can (ten times faster than the pure
Python loader on large documents), and read by the pure Python loader otherwise.

A spec file comes from a pull request as often as from the app, so reading it
must cost time and memory in proportion to its size: YAML aliases are
expanded within a budget (a 400-byte "billion laughs" file would otherwise
grow to gigabytes), nesting is limited, and nothing here recurses, so a deep
document is refused with a message rather than a ``RecursionError``.
"""

from __future__ import annotations

import json
import typing as t

import yaml

from ..errors import SpecFileError

Format = t.Literal["json", "yaml"]

#: Deepest nesting of objects and arrays a spec file may have. A 300-level
#: schema is about 600 levels; real specs stay under 50.
MAX_DEPTH: t.Final = 1000

#: Nodes that YAML aliases (``*name``) may add to a document, in all. Anchors
#: that reuse a parameter or a response a few dozen times stay far below it.
MAX_ALIAS_NODES: t.Final = 100_000


def parse_document(text: str, fmt: Format, *, name: str) -> dict[str, t.Any]:
    """Parse ``text`` into the JSON data model that OpenAPI is defined over.

    YAML may have integer keys (``200:`` unquoted) or dates; they become the
    strings OpenAPI means, so the checks see one shape.
    """
    try:
        data = json.loads(text) if fmt == "json" else _yaml(text)
    except json.JSONDecodeError as error:
        raise SpecFileError(
            f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    except _TooBig as error:
        raise SpecFileError(f"{name} {error}") from None
    except yaml.YAMLError as error:
        if _is_value_type(error):
            raise SpecFileError(f"{name} cannot be read: {_value_problem(error)}.") from error
        raise SpecFileError(f"{name} is not valid YAML: {_yaml_problem(error)}.") from error
    except RecursionError:
        raise SpecFileError(_too_deep(name)) from None
    if not isinstance(data, dict):
        found = "nothing" if data is None else f"a {type(data).__name__}"
        raise SpecFileError(f"{name} holds {found}, not an OpenAPI document (a mapping).")
    return t.cast(dict[str, t.Any], json_model(data, name))


def _yaml(text: str) -> object:
    """YAML text as data: LibYAML's events built straight into objects where it can.

    Anything the fast path does not handle as :class:`yaml.SafeLoader` would (merge
    keys, explicit tags, complex keys, limits reached, errors) is read again by
    :class:`_SpecLoader`, so results and messages are the same either way.
    """
    if _CParser is not None:
        try:
            return _build(yaml.parse(text, Loader=_CParser))
        except (_Fallback, yaml.YAMLError):
            pass
    return yaml.load(text, Loader=_SpecLoader)


class _Fallback(Exception):
    """The fast path cannot build this document as SafeLoader would."""


#: LibYAML's loader, when PyYAML was built with it.
_CParser: t.Final = getattr(yaml, "CSafeLoader", None)
_RESOLVER: t.Final = yaml.SafeLoader("")
#: Scalar tags built by SafeLoader's own constructors (timestamps become text later).
_SCALAR_TAGS: t.Final = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_COLLECTION_TAGS: t.Final = frozenset({None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _scalar(event: yaml.ScalarEvent, seen: dict[tuple[str, str], object]) -> object:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    key = (tag, event.value)
    if key not in seen:
        if tag not in _SCALAR_TAGS:
            raise _Fallback
        node = yaml.ScalarNode(tag, event.value)
        seen[key] = _RESOLVER.yaml_constructors[tag](_RESOLVER, node)
    return seen[key]


def _build(events: t.Iterable[yaml.Event]) -> object:
    """Objects from a single document's events, with the limits of :class:`_SpecLoader`.

    Aliases share the object of their anchor, as SafeLoader's do; what they add is
    counted against :data:`MAX_ALIAS_NODES`, before anything is copied.
    """
    root: list[object] = []
    # Open collections: (container, pending mapping key or _NO_KEY, anchor, nodes before it).
    stack: list[tuple[t.Any, object, str | None, int]] = []
    anchors: dict[str, tuple[object, int]] = {}
    seen: dict[tuple[str, str], object] = {}
    nodes = aliased = 0
    documents = 0

    def add(value: object) -> None:
        if not stack:
            root.append(value)
            return
        container, key, anchor, start = stack[-1]
        if isinstance(container, list):
            container.append(value)
        elif key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _Fallback  # a complex key: SafeLoader refuses it with its own message
            stack[-1] = (container, value, anchor, start)
        else:
            container[key] = value
            stack[-1] = (container, _NO_KEY, anchor, start)

    for event in events:
        if len(stack) >= MAX_DEPTH and isinstance(event, yaml.NodeEvent):
            raise _Fallback  # SafeLoader's own limit gives the message
        if isinstance(event, yaml.ScalarEvent):
            nodes += 1
            value = _scalar(event, seen)
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            add(value)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in _COLLECTION_TAGS:
                raise _Fallback
            nodes += 1
            container: dict[t.Any, object] | list[object] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            add(container)
            stack.append((container, _NO_KEY, event.anchor, nodes))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, _, anchor, start = stack.pop()
            if anchor is not None:
                anchors[anchor] = (container, nodes - start + 1)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise _Fallback  # unknown, or inside its own anchor
            value, size = anchors[event.anchor]
            nodes += size
            aliased += size
            if aliased > MAX_ALIAS_NODES:
                raise _Fallback
            add(value)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Fallback
    if len(root) != 1:
        raise _Fallback
    return root[0]


_NO_KEY: t.Final = object()


class _TooBig(yaml.YAMLError):
    """The YAML text would expand past a limit; the message finishes "``name`` …"."""


class _SpecLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that counts what aliases add and how deep nodes go.

    Both are counted on the node graph, before any Python object is built, so
    a bomb is refused after reading a few hundred bytes of it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}  # id(node) -> nodes it stands for, fully expanded
        self._aliased = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        alias = self.check_event(yaml.AliasEvent)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooBig(
                f"nests more than {MAX_DEPTH} levels deep; no OpenAPI document needs that."
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if alias:
            size = self._sizes.get(id(node))
            if size is None:
                raise _TooBig("has an alias inside its own anchor; JSON cannot hold a cycle.")
            self._aliased += size
            if self._aliased > MAX_ALIAS_NODES:
                raise _TooBig(
                    f"uses YAML aliases that expand to more than {MAX_ALIAS_NODES} nodes; "
                    "write the document without them, or reuse parts with $ref."
                )
        elif node is not None and id(node) not in self._sizes:
            sizes = [self._sizes.get(id(child), 1) for child in _children(node)]
            self._sizes[id(node)] = 1 + sum(sizes)
        return node


def _children(node: yaml.Node) -> t.Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def json_model(data: object, name: str) -> object:
    """``data`` as JSON would read it back: string keys, dates as text. No recursion.

    A copy, within :data:`MAX_DEPTH` (also for JSON text, which ``json.loads``
    parses up to the recursion limit), for documents parsed here and documents
    given as Python data (:class:`~contractkit.ClientContract`) alike.

    :param name: the document, as errors name it.
    """
    root: list[object] = [None]
    # Each entry: (source container, target container, key in target, depth).
    stack: list[tuple[object, t.Any, t.Any, int]] = [(data, root, 0, 1)]
    while stack:
        source, target, slot, depth = stack.pop()
        if isinstance(source, dict):
            if depth > MAX_DEPTH:
                raise SpecFileError(_too_deep(name))
            copied: dict[str, object] = {}
            target[slot] = copied
            for key, value in source.items():
                text = _json_key(key, name)
                copied[text] = None  # holds the key's place, so document order is kept
                stack.append((value, copied, text, depth + 1))
        elif isinstance(source, list):
            if depth > MAX_DEPTH:
                raise SpecFileError(_too_deep(name))
            items: list[object] = [None] * len(source)
            target[slot] = items
            stack.extend((value, items, index, depth + 1) for index, value in enumerate(source))
        elif source is None or isinstance(source, (str, bool, int, float)):
            target[slot] = source
        else:
            # Dates, timestamps, binary and sets: the text json.dumps(default=str) gives.
            target[slot] = str(source)
    return root[0]


def _json_key(key: object, name: str) -> str:
    """The string ``json.dumps`` makes of a mapping key; the same refusals too."""
    if isinstance(key, str):
        return key
    if isinstance(key, (bool, int, float)) or key is None:
        return json.dumps(key)  # true, 200, 1.5, NaN, null: as JSON spells them
    raise SpecFileError(
        f"{name} holds data JSON cannot represent: a mapping key {type(key).__name__} "
        f"({str(key)[:40]!r}); quote it."
    )


def _too_deep(name: str) -> str:
    return f"{name} nests more than {MAX_DEPTH} levels deep; no OpenAPI document needs that."


#: YAML 1.1's "value" type: PyYAML resolves a plain ``=`` to it, and has no constructor for it.
_VALUE_TAG: t.Final = "tag:yaml.org,2002:value"


def _is_value_type(error: yaml.YAMLError) -> bool:
    return isinstance(error, yaml.constructor.ConstructorError) and _VALUE_TAG in str(error.problem)


def _value_problem(error: yaml.YAMLError) -> str:
    """Where a bare ``=`` is, why PyYAML stops there, and the fix.

    The file is valid YAML 1.1, whose "value" key type (``=``) PyYAML
    recognises in a plain scalar but cannot build; quoted, it is a string.
    """
    mark = getattr(error, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "a value"
    return (
        f"{where} holds a bare '=', which YAML 1.1 reads as its 'value' type "
        f"({_VALUE_TAG}) and PyYAML cannot build into data; quote it ('=') to mean the text"
    )


def _yaml_problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"{error.problem} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(error).split())
