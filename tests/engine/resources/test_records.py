"""Records made from requests: a form field the request's schema does not describe (an API
version's newer parameter, say) arrives as text and is read as the resource's field takes it;
what the record could not hold is left out."""

from __future__ import annotations

from support import documents

from billing_sandbox.engine.resources.model import Resource
from billing_sandbox.engine.resources.records import Recorder
from billing_sandbox.engine.schema.model import model_for

THING = {"type": "object", "properties": {
    "id": {"type": "string"}, "size": {"type": "integer", "minimum": 0},
    "active": {"type": "boolean"}, "ratio": {"type": ["number", "null"]},
    "status": {"type": "string", "enum": ["on", "off"]}}}


def recorder() -> Recorder:
    document = documents.document({}, {"Thing": THING})
    resource = Resource("thing", "things", schema=THING, fields=frozenset(THING["properties"]))
    return Recorder(model_for(document), resource)


def test_text_is_read_as_the_field_s_type():
    assert recorder().fields_of({"size": "30", "active": "true", "ratio": "0.5",
                                 "status": "on", "id": "007"}) == {
        "size": 30, "active": True, "ratio": 0.5, "status": "on", "id": "007"}


def test_text_the_field_cannot_hold_is_left_out():
    assert recorder().fields_of({"size": "-1", "active": "maybe", "status": "both",
                                 "unknown": "x"}) == {}
