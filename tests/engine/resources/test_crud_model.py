"""A property test: random sequences of creates, reads, updates (PUT and PATCH), deletes and
paged lists on an inferred resource, through HTTP; after every step the sandbox agrees with a
plain dict of what was sent."""

from __future__ import annotations

import json

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from support import documents
from support.clients import AppClient

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings

THING = {"type": "object", "required": ["id", "name", "size"],
         "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                        "size": {"type": "integer", "minimum": 0},
                        "colour": {"type": ["string", "null"]}}}
FIELDS = {"type": "object", "properties": {
    "name": {"type": "string"}, "size": {"type": "integer", "minimum": 0},
    "colour": {"type": ["string", "null"]}}}
DOCUMENT = documents.document({
    "/things": {
        "post": {"operationId": "createThing",
                 "requestBody": documents.body({**FIELDS, "required": ["id", "name"],
                                                "properties": {**FIELDS["properties"],
                                                               "id": {"type": "string"}}}),
                 "responses": documents.answer(documents.ref("Thing"), "201")},
        "get": {"operationId": "listThings",
                "parameters": [documents.query("limit", {"type": "integer", "minimum": 1}),
                               documents.query("offset", {"type": "integer", "minimum": 0})],
                "responses": documents.answer({
                    "type": "object", "required": ["things", "total"],
                    "properties": {"things": {"type": "array", "items": documents.ref("Thing")},
                                   "total": {"type": "integer"}}})}},
    "/things/{thing_id}": {
        "parameters": [documents.path_param("thing_id")],
        "get": {"operationId": "getThing", "responses": documents.answer(documents.ref("Thing"))},
        "put": {"operationId": "putThing", "requestBody": documents.body(FIELDS),
                "responses": documents.answer(documents.ref("Thing"))},
        "patch": {"operationId": "patchThing", "requestBody": documents.body(FIELDS),
                  "responses": documents.answer(documents.ref("Thing"))},
        "delete": {"operationId": "deleteThing", "responses": documents.answer(None, "204")}},
}, {"Thing": THING}, name="things")
KEY = {"x-api-key": "k"}
BASE = "/things/v1/things"

ids = st.sampled_from(["a", "b", "c", "d", "e"])
changes = st.fixed_dictionaries({}, optional={
    "name": st.text(min_size=1, max_size=8), "size": st.integers(0, 10**6),
    "colour": st.one_of(st.none(), st.sampled_from(["red", "blue"]))})


class CrudAgainstADict(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sandbox = SANDBOX
        self.client = AppClient(self.sandbox.app)
        self.client.post("/_sandbox/reset")
        self.model: dict[str, dict] = {}

    @rule(thing_id=ids, fields=changes)
    def create(self, thing_id, fields):
        fields = {"name": "thing", **fields}
        response = self.client.post(BASE, headers=KEY, json={"id": thing_id, **fields})
        if thing_id in self.model:
            assert response.status_code == 409
            return
        assert response.status_code == 201, response.text
        self.model[thing_id] = {"id": thing_id, "size": 0, **fields}
        assert response.json() == self.model[thing_id]

    @rule(thing_id=ids)
    def read(self, thing_id):
        response = self.client.get(f"{BASE}/{thing_id}", headers=KEY)
        if thing_id not in self.model:
            assert response.status_code == 404
        else:
            assert response.json() == self.model[thing_id]

    @rule(thing_id=ids, fields=changes, method=st.sampled_from(["PUT", "PATCH"]))
    def update(self, thing_id, fields, method):
        response = self.client.request(method, f"{BASE}/{thing_id}", headers=KEY, json=fields)
        if thing_id not in self.model:
            assert response.status_code == 404
            return
        self.model[thing_id].update(fields)
        assert response.json() == self.model[thing_id]

    @rule(thing_id=ids)
    def delete(self, thing_id):
        response = self.client.request("DELETE", f"{BASE}/{thing_id}", headers=KEY)
        if self.model.pop(thing_id, None) is None:
            assert response.status_code == 404
        else:
            assert response.status_code == 204

    @precondition(lambda self: self.model)
    @rule(limit=st.integers(1, 4), offset=st.integers(0, 6))
    def page(self, limit, offset):
        listed = self.client.get(BASE, headers=KEY,
                                 params={"limit": limit, "offset": offset}).json()
        assert listed["things"] == list(self.model.values())[offset:offset + limit]
        assert listed["total"] == len(self.model)

    @invariant()
    def everything_listed_agrees(self):
        listed = self.client.get(BASE, headers=KEY, params={"limit": 100}).json()
        assert listed["things"] == list(self.model.values())

    def teardown(self) -> None:
        assert [str(v) for v in self.sandbox.monitor.violations()] == []


SANDBOX = None


def test_the_sandbox_agrees_with_a_dict(tmp_path):
    global SANDBOX
    folder = tmp_path / "specs" / "things"
    folder.mkdir(parents=True)
    (folder / "things.json").write_text(json.dumps(DOCUMENT))
    SANDBOX = create_app(Settings(specs_dirs=[folder.parent]))
    try:
        run = settings(max_examples=40, stateful_step_count=25, deadline=None,
                       suppress_health_check=list(HealthCheck))(CrudAgainstADict)
        run.TestCase().runTest()
    finally:
        SANDBOX.close()
