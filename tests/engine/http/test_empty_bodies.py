"""An empty request body: an empty form is a form whose fields are all missing; an empty JSON
body is no body at all."""

from __future__ import annotations

import pytest
import yaml
from support.clients import AppClient

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings

FORM = "application/x-www-form-urlencoded"
ERROR = {"type": "object", "required": ["message"],
         "properties": {"message": {"type": "string"}, "param": {"type": "string"}}}
OK = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
BAD = {"description": "bad", "content": {"application/json": {"schema": ERROR}}}


def _operation(media_type: str, required_body: bool) -> dict:
    body = {"content": {media_type: {"schema": {
        "type": "object", "required": ["term_ends_at"],
        "properties": {"term_ends_at": {"type": "integer"}}}}}}
    if required_body:
        body["required"] = True
    return {"requestBody": body, "responses": {"200": OK, "400": BAD}}


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "terms", "version": "1"},
    "paths": {
        "/forms/{id}/change_term_end": {"post": {"operationId": "formTerm",
                                                 **_operation(FORM, False)}},
        "/json/{id}/change_term_end": {"post": {"operationId": "jsonTerm",
                                                **_operation("application/json", False)}},
        "/required/{id}/change_term_end": {"post": {"operationId": "requiredTerm",
                                                    **_operation("application/json", True)}},
    },
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    specs = tmp_path_factory.mktemp("specs")
    (specs / "terms").mkdir()
    (specs / "terms" / "terms.yaml").write_text(yaml.safe_dump(DOCUMENT))
    built = create_app(Settings(specs_dirs=[specs]))
    yield AppClient(built.app)
    built.close()


@pytest.mark.parametrize("content_type", [FORM, FORM + "; charset=utf-8"])
def test_an_empty_form_misses_its_required_fields(client, content_type):
    answer = client.post("/terms/forms/s1/change_term_end",
                         headers={"content-type": content_type}, content=b"")
    assert answer.status_code == 400
    assert answer.json()["param"] == "term_ends_at"


def test_an_empty_json_body_of_an_optional_body_is_no_body(client):
    for headers in ({"content-type": "application/json"}, {}):
        answer = client.post("/terms/json/s1/change_term_end", headers=headers, content=b"")
        assert answer.status_code == 200, answer.text


def test_a_required_body_that_is_empty_is_refused(client):
    for headers in ({"content-type": "application/json"}, {"content-type": FORM}):
        answer = client.post("/terms/required/s1/change_term_end", headers=headers,
                             content=b"")
        assert answer.status_code == 400
        assert "required" in answer.json()["message"]
