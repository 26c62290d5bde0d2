"""A routing table built once from connexion's own routes: a request to a documented operation
is routed with a dict lookup and a few string comparisons instead of connexion's walk of
starlette routes (a regular expression per mount and per route, a scope copied per level).

connexion stays the authority: the table answers only where it is certain to pick what
connexion picks, the first route in connexion's order whose path and method match, and
otherwise says nothing (None), and the request goes through connexion as before: unknown
paths, wrong methods (405), trailing-slash redirects, ``HEAD`` on a ``GET``, a path holding a
line feed (where a regular expression's ``$`` and ``.`` behave apart from a split on ``/``),
a root path, and mounts or routes whose shape is not plain literal or ``{name}`` segments.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.convertors import StringConvertor
from starlette.routing import Mount, Route, Router

_Segments = tuple[str | None, ...]  # a literal segment, or None for a {name} parameter
_Key = tuple[str, int, str | None]  # method, segment count, first segment (None: a parameter)


@dataclass(frozen=True)
class _Route:
    segments: _Segments
    operation_id: str
    params: tuple[tuple[int, str], ...]  # (segment index, parameter name)


@dataclass(frozen=True)
class _Mount:
    prefix: str
    below: str  # the prefix and a slash: what a path under the mount starts with
    # candidates in connexion's order; the key with first segment None holds the routes whose
    # first segment is a parameter
    table: dict[_Key, tuple[_Route, ...]] | None  # None: undecidable


class FastRoutes:
    """(method, path) -> (mount prefix, operationId, path parameters), or None: ask connexion."""

    def __init__(self, router: Router) -> None:
        self._mounts = [_mount(route) for route in router.routes]

    def find(self, method: str, path: str) -> tuple[str, str, dict[str, str]] | None:
        if "\n" in path:
            return None
        for mount in self._mounts:
            if mount is None:
                return None  # a route of a shape this table does not read: connexion decides
            if not path.startswith(mount.below):
                continue
            if mount.table is None:
                return None
            # connexion: the first mount whose prefix matches takes the request, routed or not
            parts = path[len(mount.below):].split("/")
            count = len(parts)
            candidates = mount.table.get((method, count, parts[0]))
            if candidates is None:
                candidates = mount.table.get((method, count, None), ())
            for route in candidates:
                if _matches(route.segments, parts):
                    params = {name: parts[index] for index, name in route.params}
                    return mount.prefix, route.operation_id, params
            return None
        return None


def _matches(segments: _Segments, parts: list[str]) -> bool:
    """``parts`` has as many segments (the table is keyed by their count)."""
    for segment, part in zip(segments, parts):  # noqa: B905
        if segment is None:
            if not part:  # a parameter matches one or more characters
                return False
        elif segment != part:
            return False
    return True


def _mount(route: object) -> _Mount | None:
    """The table of one of connexion's mounts (one vendor API at one base path)."""
    if not isinstance(route, Mount) or "{" in route.path or not isinstance(route.app, Router):
        return None
    routes: list[tuple[_Route, set[str]]] = []
    router: object = route.app
    while isinstance(router, Router):  # connexion chains a second API at the same base path
        for inner in router.routes:
            parsed = _route(inner)
            if parsed is None:
                return _Mount(route.path.rstrip("/"), route.path.rstrip("/") + "/", None)
            routes.append(parsed)
        router = router.default
    return _Mount(route.path.rstrip("/"), route.path.rstrip("/") + "/", _table(routes))


def _route(route: object) -> tuple[_Route, set[str]] | None:
    if not isinstance(route, Route) or not route.methods or not route.path.startswith("/"):
        return None
    operation_id = getattr(route.endpoint, "operation_id", None)
    if not isinstance(operation_id, str):
        return None
    segments: list[str | None] = []
    params: list[tuple[int, str]] = []
    for index, part in enumerate(route.path_format[1:].split("/")):
        if part.startswith("{") and part.endswith("}") and part.count("{") == 1:
            name = part[1:-1]
            if type(route.param_convertors.get(name)) is not StringConvertor:
                return None
            segments.append(None)
            params.append((index, name))
        elif "{" in part or "}" in part:
            return None  # a literal and a parameter in one segment
        else:
            segments.append(part)
    return _Route(tuple(segments), operation_id, tuple(params)), route.methods


def _table(routes: list[tuple[_Route, set[str]]]) -> dict[_Key, tuple[_Route, ...]]:
    table: dict[_Key, list[_Route]] = {}
    firsts: dict[tuple[str, int], set[str | None]] = {}
    for route, methods in routes:
        for method in methods:
            if method == "HEAD":
                continue  # starlette adds it to GET routes: left to connexion
            firsts.setdefault((method, len(route.segments)), set()).add(route.segments[0])
    for route, methods in routes:  # in connexion's order
        for method in methods:
            if method == "HEAD":
                continue
            count, first = len(route.segments), route.segments[0]
            # a route whose first segment is a parameter is a candidate under every first
            # segment (after the routes before it), and under None for the others
            keys = [first] if first is not None else [*firsts[(method, count)]]
            for key in keys:
                table.setdefault((method, count, key), []).append(route)
    return {key: tuple(found) for key, found in table.items()}
