"""The request pipeline on a vendor the engine has never heard of: validation, transport
errors, Prefer, generated answers and the response check, all in the document's own shapes.
Its answer is no record (a widget has a serial, no identity of its own), so nothing is
inferred and the operation is answered by generation."""

from __future__ import annotations

import pytest
import yaml
from support.clients import AppClient

from billing_sandbox.app import create_app
from billing_sandbox.engine.http.registry import Reply
from billing_sandbox.settings import Settings

ERROR = {"type": "object", "required": ["message", "code"],
         "properties": {"message": {"type": "string"}, "code": {"type": "string"},
                        "field": {"type": "string"}}}
DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "acme", "version": "1"},
    "servers": [{"url": "https://api.acme.example/v2"}],
    "security": [{"Key": []}],
    "paths": {
        "/widgets/{widget_id}": {
            "post": {
                "operationId": "updateWidget",
                "parameters": [{"name": "widget_id", "in": "path", "required": True,
                                "schema": {"type": "string", "format": "uuid"}},
                               {"name": "dry_run", "in": "query",
                                "schema": {"type": "boolean"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["size"],
                    "properties": {
                        "size": {"type": "number", "exclusiveMinimum": 0},
                        "colour": {"anyOf": [{"enum": ["red", "blue"]}, {"type": "null"}]},
                    }}}}},
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Widget"},
                        "examples": {"big": {"value": {"serial": "w-big", "size": 99}}}}}},
                    "400": {"description": "bad", "content": {"application/json": {
                        "schema": ERROR}}},
                    "404": {"description": "missing", "content": {"application/json": {
                        "schema": ERROR}}},
                },
            }
        }
    },
    "components": {
        "schemas": {"Widget": {"type": "object", "required": ["serial", "size"], "properties": {
            "serial": {"type": "string"}, "size": {"type": "number"}}}},
        "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "x-key"}},
    },
}
WIDGET = "/acme/v2/widgets/3f1d2c4b-0000-4000-8000-000000000001"
AUTH = {"x-key": "anything"}


@pytest.fixture
def sandbox(tmp_path):
    folder = tmp_path / "specs" / "acme"
    folder.mkdir(parents=True)
    (folder / "acme.yaml").write_text(yaml.safe_dump(DOCUMENT))
    built = create_app(Settings(specs_dirs=[tmp_path / "specs"]))
    yield built
    built.close()


def test_a_valid_request_gets_a_generated_valid_and_repeatable_answer(sandbox):
    client = AppClient(sandbox.app)
    first = client.post(WIDGET, headers=AUTH, json={"size": 2})
    again = client.post(WIDGET, headers=AUTH, json={"size": 2})
    assert first.status_code == 200
    assert set(first.json()) >= {"serial", "size"}
    assert first.json() == again.json()
    assert sandbox.monitor.violations() == []


def test_every_issue_is_named_with_its_location(sandbox):
    response = AppClient(sandbox.app).post(
        "/acme/v2/widgets/not-a-uuid?dry_run=perhaps", headers=AUTH,
        json={"size": 0, "colour": "green"})
    assert response.status_code == 400
    assert response.json()["code"]  # the documented error shape, filled
    assert response.json()["message"].startswith("widget_id")
    assert sandbox.monitor.violations() == []


def test_transport_errors_keep_the_documented_shape(sandbox):
    client = AppClient(sandbox.app)
    malformed = client.post(WIDGET, headers={**AUTH, "content-type": "application/json"},
                            content=b"{not json")
    assert malformed.status_code == 400 and "JSON" in malformed.json()["message"]
    wrong_type = client.post(WIDGET, headers={**AUTH, "content-type": "text/plain"},
                             content=b"size=1")
    assert wrong_type.status_code == 400 and "text/plain" in wrong_type.json()["message"]
    huge = client.post(WIDGET, headers=AUTH, json={"size": 1, "pad": "x" * (1024 * 1024)})
    # no 413 documented: the nearest documented error, a 400
    assert huge.status_code == 400 and "limit" in huge.json()["message"]
    unknown = client.get("/acme/v2/nothing-here", headers=AUTH)
    assert unknown.status_code == 404 and "nothing-here" in unknown.json()["message"]
    method = client.request("DELETE", WIDGET, headers=AUTH)
    assert method.status_code == 405 and "DELETE" in method.json()["message"]
    missing = client.post(WIDGET, json={"size": 1})
    assert missing.status_code == 401 and "x-key" in missing.json()["message"]
    assert all(r.headers["content-type"] == "application/json"
               for r in (malformed, wrong_type, huge, unknown, method, missing))


def test_prefer_picks_a_documented_response(sandbox):
    client = AppClient(sandbox.app)
    not_found = client.post(WIDGET, headers={**AUTH, "Prefer": "code=404"}, json={"size": 1})
    assert not_found.status_code == 404 and set(not_found.json()) >= {"message", "code"}
    example = client.post(WIDGET, headers={**AUTH, "Prefer": "example=big"}, json={"size": 1})
    assert example.json() == {"serial": "w-big", "size": 99}
    undocumented = client.post(WIDGET, headers={**AUTH, "Prefer": "code=418"}, json={"size": 1})
    assert undocumented.status_code == 400 and "418" in undocumented.json()["message"]


def test_a_handler_answer_that_breaks_the_document_is_recorded(sandbox):
    api = sandbox.apis["acme"]
    api.registry.handler("acme", "updateWidget")(lambda request: Reply(200, {"serial": 7}))
    AppClient(sandbox.app).post(WIDGET, headers=AUTH, json={"size": 1})
    violations = sandbox.monitor.violations()
    assert {v.operation_id for v in violations} == {"updateWidget"}
    assert {v.path for v in violations} == {"$.serial", "$.size"}  # a bad type, a missing field


def test_a_handler_crash_is_answered_in_the_vendor_shape_not_as_a_bare_500(sandbox):
    def crash(request):
        raise RuntimeError("boom")

    sandbox.apis["acme"].registry.handler("acme", "updateWidget")(crash)
    response = AppClient(sandbox.app).post(WIDGET, headers=AUTH, json={"size": 1})
    assert response.headers["content-type"] == "application/json"
    assert "message" in response.json()
