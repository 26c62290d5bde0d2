"""Bracket form bodies and query strings: parse -> assemble -> coerce.

Keys nest with brackets: ``customer[first_name]=Ann`` is ``{"customer": {"first_name": "Ann"}}``.
Where an index goes is read from the schema:

- an array of objects takes its index last (Chargebee): ``line_items[description][0]=Setup``
  is ``{"line_items": [{"description": "Setup"}]}``; index first (``line_items[0][amount]``)
  is understood too;
- an object whose properties are arrays (how Chargebee's published v1 document types
  ``addons``, ``charges``) is literal: ``addons[id][0]=a1`` is ``{"addons": {"id": ["a1"]}}``,
  and its arrays stay aligned by index: a row that skips a column gets that column's
  ``default`` (else ``None``) when a later row has it;
- an array of scalars is ``ids[0]=x``, ``ids[]=x`` or repeated ``ids=x&ids=y``;
- where the schema says nothing, a trailing index after names is an array of objects
  (``a[b][0]`` -> ``{"a": [{"b": ...}]}``) and any other index is literal.

Indices only order the items: gaps are closed (``[0]``, ``[5]`` give two items), and issues
name the final position. Values are converted as `params.coerce_value` says; keys the schema
does not know are kept, as text, for the validator to judge. A malformed key (``a[b``,
``a]``), an index over 1000, or a key that is both a value and a container (``a=1&a[b]=2``)
is an `Issue` of kind ``malformed`` located at the key as sent; that key is skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from ..errors import MISSING, Issue
from ..schema.model import model_for
from ..schema.views import SchemaView
from .coerce import coerce_parameter, coerce_texts, coerce_value

__all__ = ["parse_form_body", "parse_query", "coerce_parameter", "MAX_INDEX"]

MAX_INDEX = 1000
_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)").fullmatch
_SEGMENT = re.compile(r"\[([^\[\]]*)\]").findall
_MAX_CACHED_PATHS = 2048
APPEND: Any = type("Append", (), {"__repr__": lambda self: "[]"})()  # ``ids[]``: next index


class MalformedKey(ValueError):
    """A form key that cannot be read."""


class _Indexed(dict):
    """An array being assembled: index -> value, ordered when the body is complete."""


class _Repeated(list):
    """The texts of a key sent more than once."""


@lru_cache(maxsize=4096)
def split_key(key: str) -> tuple:
    """``a[b][0]`` -> ``("a", "b", 0)``; ``[]`` gives `APPEND`. Raises `MalformedKey`."""
    if "[" not in key and "]" not in key:
        if not key:
            raise MalformedKey("an empty name")
        return (key,)
    match = _KEY(key)
    if match is None:
        raise MalformedKey("brackets that do not pair up as name[key][key]")
    parts: list = [match.group(1)]
    for segment in _SEGMENT(match.group(2)):
        if not segment:
            parts.append(APPEND)
        elif segment.isdigit() and segment.isascii():
            index = int(segment)
            if index > MAX_INDEX:
                raise MalformedKey(f"index {index} is over {MAX_INDEX}")
            parts.append(index)
        else:
            parts.append(segment)
    if APPEND in parts[1:-1]:
        raise MalformedKey("[] anywhere but at the end")
    return tuple(parts)


def value_path(key: str, view: SchemaView | None) -> tuple:
    """Where the value of ``key`` goes, in nesting order, given the schema of the object
    holding it (``None``: no schema). Raises `MalformedKey`."""
    if view is None:
        parts = split_key(key)
        return (parts[0], *_unguided(parts[1:]))
    cache = view.paths
    path = cache.get(key)
    if path is None:
        path = _guided(split_key(key), view)
        if len(cache) < _MAX_CACHED_PATHS:
            cache[key] = path
    return path


def _guided(parts: tuple, view: SchemaView | None) -> tuple:
    out: list = []
    rest = list(parts)
    while rest:
        segment = rest[0]
        if view is None or not (view.is_object or view.is_array):
            if view is None:
                out.extend(_unguided(tuple(rest)))
            else:  # a scalar given brackets: kept as sent, for the validator to refuse
                out.extend(rest)
            break
        if segment is APPEND or isinstance(segment, int):
            if view.is_array:
                out.append(segment)
                view = view.item
            elif segment is APPEND:
                raise MalformedKey("[] on something that is not an array")
            else:
                out.append(str(segment))
                view = view.child(str(segment))
            del rest[0]
        elif view.is_object and (not view.is_array or segment in view.properties):
            out.append(segment)
            view = view.child(segment)
            del rest[0]
        else:  # a name inside an array of objects: the index comes last
            index = rest[-1]
            if len(rest) == 1 or not isinstance(index, int):
                raise MalformedKey(f"[{segment}] is inside a list and needs an index after "
                                   f"it, as in [{segment}][0]")
            out.append(index)
            view = view.item
            del rest[-1]
    return tuple(out)


def _unguided(parts: tuple) -> tuple:
    if len(parts) >= 2 and isinstance(parts[-1], int) and all(
            isinstance(part, str) and part for part in parts[:-1]):
        return (parts[-1], *parts[:-1])
    return parts


def _insert(root: dict, path: tuple, text: str) -> None:
    node: Any = root
    last = len(path) - 1
    for position in range(last):
        step = path[position]
        if step is APPEND:
            step = max(node, default=-1) + 1
        after = path[position + 1]
        wanted = _Indexed if (after is APPEND or type(after) is int) else dict
        child = node.get(step)
        if child is None:
            child = node[step] = wanted()
        elif type(child) is not wanted:
            raise MalformedKey(_BOTH)
        node = child
    step = path[last]
    if step is APPEND:
        step = max(node, default=-1) + 1
    known = node.get(step)
    if known is None:
        node[step] = text
    elif type(known) is str:
        node[step] = _Repeated((known, text))
    elif type(known) is _Repeated:
        known.append(text)
    else:
        raise MalformedKey(_BOTH)


_BOTH = "a key used both for a value and for a list or object"


def _assemble(pairs: list[tuple[str, str]], view: SchemaView | None, where: str,
              issues: list[Issue]) -> dict:
    root: dict = {}
    for key, text in pairs:
        try:
            path = value_path(key, view)
            if type(path[0]) is not str:
                raise MalformedKey("a name must come before any index")
            _insert(root, path, text)
        except MalformedKey as exc:
            issues.append(Issue((where, key), f"malformed parameter name {key!r}: {exc}",
                                "malformed", text))
    return root


def _finish(node: Any, view: SchemaView | None, location: tuple, issues: list[Issue]) -> Any:
    """The assembled tree as plain JSON values, converted to the schema's types."""
    kind = type(node)
    if kind is str:
        return coerce_value(node, view, location, issues)
    if kind is _Repeated:
        return coerce_texts(node, view, location, issues)
    if kind is _Indexed:
        item = view.item if view is not None and view.is_array else None
        return [_finish(node[index], item, location + (position,), issues)
                for position, index in enumerate(sorted(node))]
    if view is not None and not view.is_object:
        view = None
    if view is not None and view.is_columns:
        return _finish_columns(node, view, location, issues)
    result = {}
    for name, value in node.items():
        child = view.child(name) if view is not None else None
        if type(value) is str:  # the common case, without a call
            result[name] = coerce_value(value, child, location + (name,), issues)
        else:
            result[name] = _finish(value, child, location + (name,), issues)
    return result


_HOLE: Any = object()


def _finish_columns(node: dict, view: SchemaView, location: tuple,
                    issues: list[Issue]) -> dict:
    """Parallel arrays, one row per index used by any of them."""
    rows = sorted({index for value in node.values() if type(value) is _Indexed
                   for index in value})
    result = {}
    for name, value in node.items():
        child = view.child(name)
        if type(value) is not _Indexed:
            result[name] = _finish(value, child, location + (name,), issues)
            continue
        item = child.item if child is not None and child.is_array else None
        filler = None if item is None or item.default is MISSING else item.default
        column = [_finish(value[row], item, location + (name, position), issues)
                  if row in value else _HOLE for position, row in enumerate(rows)]
        while column and column[-1] is _HOLE:
            column.pop()
        result[name] = [filler if cell is _HOLE else cell for cell in column]
    return result


def parse_form_body(raw: bytes, schema: dict | None,
                    document: dict) -> tuple[dict, list[Issue]]:
    """An ``application/x-www-form-urlencoded`` body as the object ``schema`` describes."""
    issues: list[Issue] = []
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return {}, [Issue(("body",), "the body is not UTF-8 text", "malformed")]
    view = model_for(document).view(schema)
    root = _assemble(pairs, view, "body", issues)
    return _finish(root, view, ("body",), issues), issues


def parse_query(query_string: str, parameters: list[dict],
                document: dict) -> tuple[dict, list[Issue]]:
    """The query parameters of an operation, by name, converted to their schemas' types.

    A bracketed key whose name is a declared parameter (``status[is]=paid``,
    ``sort_by[asc]=date``, ``ids[0]=x``; style ``deepObject``) is assembled into that
    parameter's value as a form body would be. Keys the operation does not declare are
    returned as text under their names as sent (a list when repeated).
    """
    issues: list[Issue] = []
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return {}, [Issue(("query",), "the query string is not UTF-8 text", "malformed")]
    shape = _query_shape(parameters, document)
    declared = shape.properties
    plain: dict[str, list[str]] = {}
    nested: list[tuple[str, str]] = []
    unknown: dict[str, Any] = {}
    for key, text in pairs:
        if key in declared:
            plain.setdefault(key, []).append(text)
            continue
        cut = key.find("[")
        if cut > 0 and key[:cut] in declared:
            nested.append((key, text))
        elif key in unknown:
            known = unknown[key]
            unknown[key] = known + [text] if isinstance(known, list) else [known, text]
        else:
            unknown[key] = text
    values: dict[str, Any] = {}
    for name, texts in plain.items():
        values[name] = coerce_texts(texts, declared[name], ("query", name), issues)
    if nested:
        tree = _assemble(nested, shape, "query", issues)
        for name, node in tree.items():
            if name in values:
                issues.append(Issue(("query", name), f"{name!r} is given both as a value "
                                    "and with brackets", "malformed", plain[name][0]))
                continue
            values[name] = _finish(node, declared[name], ("query", name), issues)
    values.update(unknown)
    return values, issues


_shapes: dict[tuple, _QueryShape] = {}
_MAX_SHAPES = 4096


def _query_shape(parameters: list[dict], document: dict) -> _QueryShape:
    # Keyed by the parameter objects, not the list: callers may build a new list per request.
    key = (id(document), *map(id, parameters))
    shape = _shapes.get(key)
    if shape is not None:
        return shape
    declared = {}
    for parameter in parameters:
        if parameter.get("in") == "query" and "name" in parameter:
            schema = parameter.get("schema")
            if schema is None:  # a parameter described by `content`
                content = parameter.get("content") or {}
                schema = next(iter(content.values()), {}).get("schema")
            declared[parameter["name"]] = model_for(document).view(schema)
    if len(_shapes) >= _MAX_SHAPES:
        _shapes.clear()
    shape = _shapes[key] = _QueryShape(parameters, document, declared)
    return shape


class _QueryShape:
    """The query string seen as one object whose properties are the declared parameters."""

    is_object = True
    is_array = False

    def __init__(self, parameters: list[dict], document: dict,
                 declared: dict[str, SchemaView | None]) -> None:
        self.kept = (tuple(parameters), document)  # their ids key the cache: keep them alive
        self.properties = declared
        self.paths: dict = {}

    def child(self, name: str) -> SchemaView | None:
        return self.properties.get(name)

