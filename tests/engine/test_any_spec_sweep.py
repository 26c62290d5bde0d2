"""Any spec drops in: every operation of Chargebee's published v1 document answers a valid
request with a documented, schema-valid response, and refuses an invalid one in its shape.
The sweep's ids name nothing stored: an operation on a record answers the documented 404 (a
create naming a plan that does not exist too); the others answer 200."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlencode

import pytest
from support.clients import AppClient
from support.specs import dropped_in

from billing_sandbox.app import create_app
from billing_sandbox.engine.schema.generate import generate_value
from billing_sandbox.engine.schema.operations import compile_operation
from billing_sandbox.settings import Settings

AUTH = {"Authorization": "Basic " + base64.b64encode(b"any_key:").decode()}


def form_pairs(value, prefix=""):
    """Chargebee's bracket encoding of a nested value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from form_pairs(item, f"{prefix}[{key}]" if prefix else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from form_pairs(item, f"{prefix}[{index}]")
    elif isinstance(value, bool):
        yield prefix, "true" if value else "false"
    elif value is not None:
        yield prefix, str(value)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    built = create_app(Settings(specs_dirs=[dropped_in(tmp_path_factory.mktemp("specs"))]))
    yield built
    built.close()


def test_every_v1_operation_answers_a_valid_request_with_a_valid_response(sandbox):
    api = sandbox.apis["cbv1"]
    client = AppClient(sandbox.app)
    assert len(api.spec.operations) == 104
    for operation in api.spec.operations:
        compiled = compile_operation(api.spec.document, operation)
        path = re.sub(r"\{[^}]+\}", "sweep_id_1", operation.path)
        body = None
        headers = dict(AUTH)
        query = {}
        for slot in compiled.parameters:
            if slot.required and slot.location == "query":
                query.update(dict(form_pairs(
                    generate_value(slot.schema, api.spec.document, seed=slot.name), slot.name)))
        if compiled.body_media:
            schema = compiled.body_media[0].definition.get("schema", {})
            value = generate_value(schema, api.spec.document, seed=operation.operation_id)
            body = urlencode(list(form_pairs(value)))
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = client.request(operation.method, f"/cbv1/api/v1{path}", headers=headers,
                                  content=body, params=query)
        binding = api.resources.bindings.get(operation.operation_id)
        expected = {404} if binding and (binding.item_param or binding.parent) else {200}
        if binding and binding.action == "create":
            expected = {200, 404}  # 404: a body field naming a record the sweep did not make
        assert response.status_code in expected, (operation.operation_id, response.text[:500])
        assert response.json() is not None
    assert [str(v) for v in sandbox.monitor.violations()] == []


def test_invalid_charge_is_refused_in_the_documented_error_shape(sandbox):
    client = AppClient(sandbox.app)
    response = client.post("/cbv1/api/v1/invoices/charge", headers={
        **AUTH, "Content-Type": "application/x-www-form-urlencoded"},
        content="customer_id=c1&amount=0")
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "invalid_request"
    assert "api_error_code" in body
    assert "amount" in body["message"] or "description" in body["message"]
    assert [str(v) for v in sandbox.monitor.violations()] == []


def test_a_vendor_without_credentials_in_fixtures_still_needs_some(sandbox):
    client = AppClient(sandbox.app)
    response = client.post("/cbv1/api/v1/invoices/charge",
                           headers={"Content-Type": "application/x-www-form-urlencoded"},
                           content="customer_id=c1&amount=100&description=x")
    assert response.status_code == 401
    assert "api_error_code" in response.json()
