"""A call that routes to no operation is answered in the vendor's documented error shape."""

from __future__ import annotations

import pytest
from support.clients import AppClient
from support.error_documents import STATUS_ERRORS
from support.specs import sandbox_for

from billing_sandbox.engine.documents.vendors import Operation
from billing_sandbox.engine.http.unrouted import stand_in

BEARER = {"Authorization": "Bearer anything"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    built = sandbox_for(tmp_path_factory.mktemp("unrouted"), {"ledgerly": STATUS_ERRORS})
    yield built
    built.close()


@pytest.mark.parametrize("path", ["/customers/c1/nothing", "/customers/c%0A1/x", "/nowhere"])
def test_an_unknown_path_answers_the_documented_404(sandbox, path):
    answer = AppClient(sandbox.app).get(f"/ledgerly/api/v1{path}", headers=BEARER)
    assert answer.status_code == 404
    body = answer.json()
    assert set(body) == {"status", "error", "code"}
    assert body["status"] == 404 and body["code"] == "object_not_found"
    assert sandbox.monitor.violations() == []


def test_a_wrong_method_answers_405_in_the_shape_of_the_paths_errors(sandbox):
    answer = AppClient(sandbox.app).request("DELETE", "/ledgerly/api/v1/customers",
                                            headers=BEARER)
    assert answer.status_code == 405
    assert answer.json() == {"status": 405, "error": answer.json()["error"]}
    assert "DELETE" in answer.json()["error"]


def _operation(method: str, path: str, *codes: str) -> Operation:
    return Operation("v", f"{method} {path}", method, path, "", [], None,
                     {code: {} for code in codes}, None)


def test_the_stand_in_is_the_nearest_operation_that_documents_the_status():
    operations = [_operation("get", "/customers", "200", "404"),
                  _operation("post", "/customers/{id}", "200"),
                  _operation("get", "/customers/{id}", "200", "404"),
                  _operation("get", "/plans/{code}", "200", "4XX")]
    assert stand_in(operations, "GET", "/customers/c1/x", 404) is operations[2]
    assert stand_in(operations, "GET", "/plans/p1/x", 404) is operations[3]
    assert stand_in(operations, "PUT", "/customers/c1", 405) is operations[1]
    assert stand_in(operations, "PUT", "/elsewhere", 405) is operations[0]
