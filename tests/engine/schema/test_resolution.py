"""Resolution.is_valid (what generation, inference and conform ask of a schema object) gives
the Python validator's answer, whether or not its compiled check answered first."""

from __future__ import annotations

import json

import pytest
from support.clients import CHARGEBEE_V1

from billing_sandbox.engine.schema.generate import generate_value
from billing_sandbox.engine.schema.resolution import Resolution


def _variants(value):
    """The value and values near it: fields dropped, emptied, of another type."""
    yield value
    yield None
    yield "text"
    yield 12
    if isinstance(value, dict):
        for key in list(value)[:8]:
            yield {k: v for k, v in value.items() if k != key}
            yield {**value, key: None}
            yield {**value, key: "x"}
            yield {**value, key: -1}
        yield {**value, "not_documented": 1}


@pytest.fixture(scope="module")
def document():
    return json.loads(CHARGEBEE_V1.read_text())


def test_the_compiled_answer_is_the_python_validators(document):
    resolution = Resolution(document)
    python = Resolution(document)
    python._fast_check = lambda schema: None  # the Python validator alone
    compiled = 0
    for name, schema in list(document["components"]["schemas"].items())[:60]:
        value = generate_value(schema, document, f"seed/{name}")
        for variant in _variants(value):
            assert resolution.is_valid(schema, variant) == python.is_valid(schema, variant), (
                name, variant)
        compiled += resolution._validators[id(schema)][2] is not None
    assert compiled > 30  # most of the document's schemas are checked compiled first


def test_a_schema_that_cannot_be_inlined_is_left_to_python():
    document = {"openapi": "3.1.0", "components": {"schemas": {
        "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
    }}}
    resolution = Resolution(document)
    node = document["components"]["schemas"]["Node"]
    assert resolution.is_valid(node, {"next": {"next": {}}})
    assert not resolution.is_valid(node, {"next": {"next": 1}})
    assert resolution._validators[id(node)][2] is None  # recursive: a $ref stays


def test_a_link_is_held_to_the_uri_format():
    resolution = Resolution({"openapi": "3.1.0"})
    link = {"type": "string", "format": "uri"}
    assert resolution.is_valid(link, "https://example.com/docs#404")
    assert not resolution.is_valid(link, "customer 'x' not found")
