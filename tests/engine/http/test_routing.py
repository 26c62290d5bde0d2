"""connexion routes over a routing-only OpenAPI 3.0 view of each vendor document, which it takes
without checking it (RoutingSpecification): the check it skips must pass for every document
the sandbox serves."""

from __future__ import annotations

import json

import pytest
from connexion.spec import OpenAPISpecification
from support import documents
from support.clients import AppClient
from support.specs import dropped_in

from billing_sandbox.app import create_app
from billing_sandbox.engine.documents.vendors import discover_vendors, load_vendor
from billing_sandbox.engine.http.routing import RoutingSpecification, build_router, routing_document
from billing_sandbox.settings import Settings
from billing_sandbox.shipped import CONTROL_SPEC, SHIPPED_SPECS


def served_specs():
    specs = discover_vendors(SHIPPED_SPECS)
    specs.append(load_vendor(CONTROL_SPEC))
    return specs


@pytest.mark.parametrize("spec", served_specs(), ids=lambda s: s.name)
def test_each_routing_document_passes_connexions_own_check(spec):
    OpenAPISpecification._validate_spec(routing_document(spec))  # raises InvalidSpecification


def test_the_routing_document_of_chargebee_v1_passes_connexions_own_check(tmp_path):
    spec = load_vendor(dropped_in(tmp_path, "chargebee_v1") / "chargebee_v1")
    assert len(spec.operations) == 104
    OpenAPISpecification._validate_spec(routing_document(spec))


def test_the_unchecked_specification_routes_like_the_checked_one():
    spec = served_specs()[0]
    checked = OpenAPISpecification(routing_document(spec))
    unchecked = RoutingSpecification(routing_document(spec))
    assert unchecked.raw == checked.raw and dict(unchecked) == dict(checked)
    router = build_router(lambda scope, receive, send: None, [("/x", spec)])
    paths = {route.path for route in router.router.routes}
    assert paths == {"/x"}


def test_a_literal_path_is_matched_before_a_template_listed_first(tmp_path):
    thing = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    found = {"type": "object", "required": ["found"], "properties": {"found": {
        "type": "array", "items": documents.ref("Thing")}}}
    item = {"parameters": [documents.path_param("thing")],
            "get": {"operationId": "getThing", "responses": documents.answer(
                documents.ref("Thing"))}}
    search = {"get": {"operationId": "searchThings", "responses": documents.answer(found)}}
    document = documents.document({"/things/{thing}": item, "/things/search": search},
                                  {"Thing": thing}, name="acme")
    folder = tmp_path / "specs" / "acme"
    folder.mkdir(parents=True)
    (folder / "api.json").write_text(json.dumps(document))
    sandbox = create_app(Settings(specs_dirs=[folder.parent], fixtures=[]))
    client = AppClient(sandbox.app)
    answered = client.get("/acme/v1/things/search", headers={"x-api-key": "k"})
    assert answered.status_code == 200 and "found" in answered.json()
    missing = client.get("/acme/v1/things/t1", headers={"x-api-key": "k"})
    assert missing.status_code == 404 and "t1" in missing.json()["message"]  # read, unstored
    sandbox.close()
