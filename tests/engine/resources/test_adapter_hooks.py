"""What an adapter plugs into the inferred operations of its vendor: a shelf that keeps a
resource as records of its own (in another shape, under another kind), the vendor's events of
a change, and what falls due when the clock moves. Other vendors keep the engine's ways."""

from __future__ import annotations

import json

import pytest
from support import documents
from support.clients import AppClient

from billing_sandbox import app as app_module
from billing_sandbox.app import create_app
from billing_sandbox.control.state import STATE_FORMAT
from billing_sandbox.engine.http.generic_profile import GenericProfile
from billing_sandbox.engine.observe.events import VendorEvent
from billing_sandbox.engine.resources.changes import Change
from billing_sandbox.engine.resources.storage import CallScope, Shelf
from billing_sandbox.engine.schema.model import model_for
from billing_sandbox.settings import Settings
from billing_sandbox.vendors.adapter import VendorAdapter

THING = {"type": "object", "required": ["id", "name"],
         "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                        "size": {"type": "integer"}}}
DOCUMENT = documents.document({
    "/things": {
        "post": {"operationId": "createThing", "requestBody": documents.body(THING),
                 "responses": documents.answer(documents.ref("Thing"))},
        "get": {"operationId": "listThings", "responses": documents.answer({
            "type": "object", "properties": {"things": {
                "type": "array", "items": documents.ref("Thing")}}})}},
    "/things/{thing_id}": {
        "parameters": [documents.path_param("thing_id")],
        "get": {"operationId": "getThing", "responses": documents.answer(documents.ref("Thing"))},
        "post": {"operationId": "updateThing", "requestBody": documents.body(THING),
                 "responses": documents.answer(documents.ref("Thing"))}},
}, {"Thing": THING}, name="things")
KEY = {"x-api-key": "k"}


class LedgerShelf(Shelf):
    """Keeps things as "item" records with the name upper-cased and the size in a field of
    another name: what the API shows is made from them."""

    def __init__(self, scope: CallScope, resource) -> None:
        super().__init__(scope.repo, resource)

    def get(self, key):
        item = self.repo.get("item", str(key))
        return None if item is None else {"id": item["id"], "name": item["label"].lower(),
                                          "size": item["weight"]}

    def put(self, record: dict) -> dict:
        self.repo.put("item", record["id"], {"id": record["id"],
                                             "label": record["name"].upper(),
                                             "weight": record.get("size", 0) + 1})
        return self.get(record["id"])

    def all(self):
        return [self.get(key) for key in self.repo.ids("item")]


def named_events(change: Change) -> list[VendorEvent]:
    name = f"{change.resource.name}_{change.change}"
    return [VendorEvent(f"ev_{len(change.data)}", name, change.scope.now,
                        {"event_type": name, "content": {change.resource.name: change.data}})]


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    folder = tmp_path / "specs" / "things"
    folder.mkdir(parents=True)
    (folder / "api.json").write_text(json.dumps(DOCUMENT))
    moved: list[str] = []
    adapter = VendorAdapter(
        name="things",
        profile=lambda directory: GenericProfile(model_for(DOCUMENT), directory),
        register=lambda registry, services: None,
        load_records=lambda services, tenant, records: None,
        shelves={"thing": LedgerShelf},
        resource_events=named_events,
        on_time=lambda services, tenant: moved.append(tenant))
    monkeypatch.setattr(app_module, "shipped_adapters", lambda: {"things": adapter})
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text("things:\n  t1:\n    api_key: k\n    things: [{id: seeded, name: Seed}]\n")
    sandbox = create_app(Settings(specs_dirs=[folder.parent], fixtures=[fixtures]))
    yield sandbox, AppClient(sandbox.app), moved
    assert [str(v) for v in sandbox.monitor.violations()] == []
    sandbox.close()


def test_a_shelf_keeps_the_resource_as_the_adapters_records(sandbox):
    app, client, _ = sandbox
    made = client.post("/things/v1/things", headers=KEY, json={"id": "a", "name": "Box",
                                                               "size": 1})
    assert made.json() == {"id": "a", "name": "box", "size": 2}  # as the shelf reads it
    assert client.get("/things/v1/things/a", headers=KEY).json() == made.json()
    updated = client.post("/things/v1/things/a", headers=KEY, json={"id": "a", "name": "Lid"})
    assert updated.json() == {"id": "a", "name": "lid", "size": 3}
    listed = client.get("/things/v1/things", headers=KEY).json()["things"]
    assert [t["id"] for t in listed] == ["seeded", "a"]  # fixtures go through the shelf too
    records = app.store.snapshot("things/t1")["things/t1"]
    assert "things" not in records and records["item"]["a"]["label"] == "LID"


def test_changes_are_announced_as_the_vendor_names_them(sandbox):
    app, client, _ = sandbox
    client.post("/things/v1/things", headers=KEY, json={"id": "a", "name": "Box"})
    client.post("/things/v1/things/a", headers=KEY, json={"id": "a", "name": "Lid"})
    logged = [entry.event for entry in app.control.events.entries()]
    assert [event.type for event in logged] == ["thing_created", "thing_updated"]
    assert logged[1].payload["content"]["thing"]["name"] == "lid"


def test_moving_the_clock_brings_every_tenant_up_to_it_and_so_does_each_call(sandbox):
    _, client, moved = sandbox
    assert client.request("PUT", "/_sandbox/clock", json={"advance": "P1D"}).status_code == 200
    assert moved == ["t1"]
    client.get("/things/v1/things/seeded", headers=KEY)
    assert moved == ["t1", "t1"]


def test_a_state_document_may_not_hold_a_shelved_resource_under_its_own_kind(sandbox):
    _, client, _ = sandbox
    state = {"format": STATE_FORMAT, "vendors": {"things": {"t1": {"api_key": "k", "records": {
        "things": {"x": {"id": "x", "name": "X"}}}}}}}
    refused = client.request("PUT", "/_sandbox/state", json=state)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "vendors.things.t1.records.things"
    assert "kept as the vendor's own records" in refused.json()["message"]
