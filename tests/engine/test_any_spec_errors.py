"""Every error the engine writes for Chargebee's published v1 document, dropped in unchanged,
is within its contract: for every operation, a call without credentials (401), on an unknown
path (404), with a wrong method (405), a wrong content type (415), a body over the limit
(413) and an invalid one (400) answers a documented status with a body valid against the
documented schema, enums included, holding nothing made up; the contract monitor records
nothing."""

from __future__ import annotations

import base64
import re

import pytest
from support.clients import AppClient
from support.specs import dropped_in

from billing_sandbox.app import create_app
from billing_sandbox.engine.http.pipeline import MAX_BODY
from billing_sandbox.settings import Settings

AUTH = {"Authorization": "Basic " + base64.b64encode(b"any_key:").decode()}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BASE = "/cbv1/api/v1"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    built = create_app(Settings(specs_dirs=[dropped_in(tmp_path_factory.mktemp("specs"))]))
    yield built
    built.close()


def _within_contract(api, operation, answer, expected_status):
    """The answer's status is the expected one, documented, and its body valid against the
    documented schema; returns the body."""
    assert answer.status_code == expected_status, (operation.operation_id, answer.text[:300])
    compiled = api.compiled(operation.operation_id)
    found = compiled.response_for(answer.status_code)
    assert found is not None, (operation.operation_id, answer.status_code)
    slot = next(s for s in found[1] if s.media_type == "application/json")
    body = answer.json()
    problems = api.schemas.issues(slot.schema_pointer, body, ("$",))
    assert problems == [], (operation.operation_id, answer.status_code, body, problems)
    return body


def _filled(path: str, value: str = "sweep_id_1") -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def _invalid_request(api, operation) -> tuple[dict, str | None, str] | None:
    """(query, form body, the field at fault) that break the operation's contract."""
    compiled = api.compiled(operation.operation_id)
    for slot in compiled.parameters:
        if slot.location == "query" and slot.required:
            return {}, None, slot.name  # left out
    if compiled.body_media:
        schema = api.schemas.effective(compiled.body_media[0].definition.get("schema", {}))
        required = schema.get("required") or []
        if required:
            return {}, "", required[0]  # an empty form
        found = _breakable(api, schema)
        if found is not None:
            return {}, *found
    for slot in compiled.parameters:
        if slot.location == "query" and api.schemas.effective(slot.schema).get("type") in (
                "integer", "boolean"):
            return {slot.name: "not-a-number"}, None, slot.name
    return None


def _breakable(api, schema: dict, key: str = "", field: str = "") -> tuple[str, str] | None:
    """A form field of ``schema`` (nested objects one level down) and a text it refuses."""
    for name, sub in (schema.get("properties") or {}).items():
        sub = api.schemas.effective(sub)
        sent, named = (f"{key}[{name}]", f"{field}.{name}") if key else (name, name)
        if sub.get("type") in ("integer", "boolean") or "enum" in sub:
            return f"{sent}=not-a-number", named
        if isinstance(sub.get("maxLength"), int):
            return f"{sent}={'x' * (sub['maxLength'] + 1)}", named
        if sub.get("type") == "object" and not key:
            found = _breakable(api, sub, name, name)
            if found is not None:
                return found
    return None


def test_every_error_of_every_v1_operation_is_within_the_contract(sandbox):
    api = sandbox.apis["cbv1"]
    client = AppClient(sandbox.app)
    sandbox.monitor.clear()
    for operation in api.spec.operations:
        method, path = operation.method.upper(), BASE + _filled(operation.path)
        compiled = api.compiled(operation.operation_id)

        unauthenticated = _within_contract(api, operation, client.request(method, path), 401)
        assert unauthenticated["api_error_code"] == "api_authentication_failed"
        assert "param" not in unauthenticated  # nothing made up

        unknown = BASE + "/no_such_thing" + operation.path if "{" not in operation.path else (
            BASE + _filled(operation.path, "a%0Ab"))
        not_found = _within_contract(api, operation,
                                     client.request(method, unknown, headers=AUTH), 404)
        assert not_found["api_error_code"] == "resource_not_found" and "param" not in not_found

        wrong_method = _within_contract(api, operation,
                                        client.request("PUT", path, headers=AUTH), 405)
        assert wrong_method["api_error_code"] == "http_method_not_supported"

        too_large = _within_contract(api, operation, client.request(
            method, path, headers={**AUTH, **FORM}, content=b"a" * (MAX_BODY + 1)), 400)
        assert "limit" in too_large["message"] and "param" not in too_large

        if compiled.body_media:
            wrong_type = _within_contract(api, operation, client.request(
                method, path, headers={**AUTH, "Content-Type": "text/plain"},
                content=b"x=1"), 400)
            assert "text/plain" in wrong_type["message"]

        invalid = _invalid_request(api, operation)
        if invalid is None:  # it takes nothing but a path parameter (any string): no 400
            assert not compiled.body_media and all(
                s.location in ("path", "header") and s.schema.get("type") == "string"
                for s in compiled.parameters), operation.operation_id
        else:
            query, body, field = invalid
            headers = {**AUTH, **FORM} if body is not None else AUTH
            refused = _within_contract(api, operation, client.request(
                method, path, headers=headers, params=query,
                content=body.encode() if body is not None else None), 400)
            assert refused["param"] == field and refused["type"] == "invalid_request"
    assert [str(v) for v in sandbox.monitor.violations()] == []


def test_an_empty_form_is_refused_for_its_missing_required_field(sandbox):
    answer = AppClient(sandbox.app).post(f"{BASE}/subscriptions/s1/change_term_end",
                                         headers={**AUTH, **FORM}, content=b"")
    assert answer.status_code == 400
    assert answer.json()["param"] == "term_ends_at"
    assert answer.json()["api_error_code"] == "param_wrong_value"
