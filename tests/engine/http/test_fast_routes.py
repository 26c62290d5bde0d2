"""The routing table (fast_routes.py) answers exactly as connexion does wherever it answers, and
answers for every operation of the shipped documents, the control plane's and Chargebee's
published v1 document; everything else (unknown paths, wrong methods, HEAD, odd paths) is
left to connexion."""

from __future__ import annotations

import asyncio
import re

import pytest
from starlette.exceptions import HTTPException
from support.specs import dropped_in

from billing_sandbox.engine.documents.vendors import discover_vendors, load_vendor
from billing_sandbox.engine.http.fast_routes import FastRoutes
from billing_sandbox.engine.http.routing import build_router, routed_operation
from billing_sandbox.shipped import CONTROL_SPEC, SHIPPED_SPECS

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# values for a path parameter: plain, with characters a regex treats apart, and the literal
# segments of other routes (an id "charge" on /invoices/{id} vs /invoices/charge)
VALUES = ("x1", "a-b.c", "a b", "%2F", "ü", "charge", "list", "delete", "{id}")


@pytest.fixture(scope="module")
def mounts(tmp_path_factory):
    specs = discover_vendors(SHIPPED_SPECS)
    specs.append(load_vendor(CONTROL_SPEC))
    folder = dropped_in(tmp_path_factory.mktemp("v1"), "cbv1")
    specs.append(load_vendor(folder / "cbv1"))
    found = [(f"/{spec.name}{base}", spec) for spec in specs for base in spec.base_paths]
    found += [(base, spec) for spec in specs if spec.name == "chargebee"
              for base in spec.base_paths]  # a vendor on its own port: the bare base paths
    return found


class Connexion:
    """connexion's router over the same documents, and what it does with a request:
    ('routed', base path, operationId, path parameters), ('status', a status it answers
    itself: 405, a redirect) or ('unrouted',)."""

    def __init__(self, documents) -> None:
        self.seen: list[tuple] = []
        self.router = build_router(self._endpoint, documents)
        self.loop = asyncio.new_event_loop()

    async def _endpoint(self, scope, receive, send) -> None:
        base_path, operation_id = routed_operation(scope)
        self.seen.append(("routed", base_path, operation_id, dict(scope.get("path_params", {})))
                         if operation_id else ("unrouted",))

    async def _send(self, message) -> None:
        if message["type"] == "http.response.start":
            self.seen.append(("status", message["status"]))

    @staticmethod
    async def _receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    def answer(self, method: str, path: str) -> tuple:
        self.seen.clear()
        scope = {"type": "http", "method": method, "path": path, "root_path": "",
                 "query_string": b"", "headers": [], "app": object()}
        try:
            self.loop.run_until_complete(self.router(scope, self._receive, self._send))
        except HTTPException as exc:
            self.seen.append(("status", exc.status_code))
        return self.seen[0]


@pytest.fixture(scope="module")
def connexion(mounts):
    built = Connexion(mounts)
    yield built
    built.loop.close()


@pytest.fixture(scope="module")
def table(connexion):
    return FastRoutes(connexion.router.router)


def cases(mounts):
    for prefix, spec in mounts:
        for operation in spec.operations:
            for value in VALUES:
                path = prefix + re.sub(r"\{[^}]+\}", value, operation.path)
                yield operation.method.upper(), path, value in ("x1", "a-b.c", "ü")
                for method in METHODS:
                    yield method, path, False
                for variant in (path + "/", path + "/more", path.replace(value, "", 1),
                                path.replace(value, "a\nb", 1), path + "\n"):
                    yield operation.method.upper(), variant, False
        for extra in ("", "/", "/nowhere", "//"):
            yield "GET", prefix + extra, False
    yield "GET", "/", False
    yield "POST", "/unknown/api/v1/x", False


def test_the_table_answers_as_connexion_does(mounts, connexion, table):
    decided = 0
    for method, path, own in cases(mounts):
        found = table.find(method, path)
        if own:  # an operation's own method on a path of plain values: always in the table
            assert found is not None, (method, path)
        if found is not None:
            decided += 1
            assert ("routed", *found) == connexion.answer(method, path), (method, path)
    assert decided > 1000


def test_every_operation_is_routed_to_itself(mounts, table):
    """A path made from an operation's own template with a value that is no other route's
    literal reaches that operation (no two documented operations share a path shape)."""
    for prefix, spec in mounts:
        for operation in spec.operations:
            path = prefix + re.sub(r"\{[^}]+\}", "x1", operation.path)
            found = table.find(operation.method.upper(), path)
            assert found is not None and found[:2] == (prefix, operation.operation_id), path


def test_what_the_table_leaves_to_connexion(table, connexion):
    for method, path in [("HEAD", "/chargebee/api/v2/invoices"),  # starlette's HEAD on GET
                         ("DELETE", "/chargebee/api/v2/invoices"),  # 405
                         ("GET", "/chargebee/api/v2/invoices/"),  # a redirect
                         ("GET", "/chargebee/api/v2/customers/c\n1"),
                         ("GET", "/chargebee/api/v2"), ("GET", "/elsewhere/x")]:
        assert table.find(method, path) is None
        assert connexion.answer(method, path)[0] != "routed" or method == "HEAD"
