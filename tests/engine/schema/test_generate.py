"""Synthesized bodies validate against their documented schemas, for whole vendor documents and for
small schemas exercising each keyword."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012
from support.clients import CHARGEBEE_V1

from billing_sandbox.engine.documents.reading import pointer_of, resolve_pointer
from billing_sandbox.engine.schema.generate import (
    example_names,
    generate_body,
    generate_value,
    pick_example,
)
from billing_sandbox.shipped import SHIPPED_SPECS

ZENSKAR = sorted((SHIPPED_SPECS / "zenskar").glob("*.yaml"))
DOCUMENT_URI = "urn:test:openapi-document"


def validation_errors(document: dict, pointer: str, value) -> list[str]:
    """Errors of ``value`` against the schema at ``pointer``, checked the way the server will:
    OAS 3.0/3.1 validator, format checking, the document in a registry for local $refs."""
    is_30 = str(document.get("openapi", "")).startswith("3.0")
    cls = OAS30Validator if is_30 else OAS31Validator
    resource = Resource.from_contents(
        document, default_specification=DRAFT4 if is_30 else DRAFT202012)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    validator = cls({"$ref": f"{DOCUMENT_URI}#{pointer}"}, registry=registry,
                    format_checker=cls.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}"[:300] for e in validator.iter_errors(value)]


def document_with(schemas: dict, version: str = "3.1.0") -> dict:
    return {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": schemas}}


def generated(schemas: dict, seed: str = "seed", version: str = "3.1.0", root: str = "Root"):
    """Generate components/schemas/<root> and assert it validates; return the value."""
    document = document_with(schemas, version)
    value = generate_value(schemas[root], document, seed)
    assert validation_errors(document, f"/components/schemas/{root}", value) == [], value
    return value


def json_responses(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation.get("responses", {}).items():
                at = pointer_of("paths", path, method, "responses", status)
                while "$ref" in response:  # a shared response in components/responses
                    at, response = response["$ref"][1:], resolve_pointer(document, response["$ref"])
                media = response.get("content", {}).get("application/json")
                if media is not None:
                    pointer = at + pointer_of("content", "application/json", "schema")
                    yield f"{method.upper()} {path} {status}", pointer, media


@pytest.fixture(scope="module")
def chargebee() -> dict:
    return json.loads(CHARGEBEE_V1.read_text(encoding="utf-8"))


def test_every_chargebee_response_body_validates(chargebee):
    failures, count = {}, 0
    for where, pointer, media in json_responses(chargebee):
        for seed in ("a", "b"):
            count += 1
            errors = validation_errors(chargebee, pointer, generate_body(media, chargebee, seed))
            if errors:
                failures[f"{where} seed={seed}"] = errors[:3]
    assert count > 2000
    assert failures == {}


def test_every_zenskar_response_body_validates():
    failures, count = {}, 0
    for path in ZENSKAR:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, pointer, media in json_responses(document):
            for seed in ("a", "b"):
                count += 1
                errors = validation_errors(document, pointer,
                                           generate_body(media, document, seed))
                if errors:
                    failures[f"{path.name} {where} seed={seed}"] = errors[:3]
    assert count >= 12
    assert failures == {}


def test_chargebee_invoice_looks_like_an_invoice(chargebee):
    media = chargebee["paths"]["/invoices/charge"]["post"]["responses"]["200"]["content"][
        "application/json"]
    invoice = generate_body(media, chargebee, "seed")["invoice"]
    assert invoice["currency_code"] == "USD"
    assert isinstance(invoice["line_items"], list) and len(invoice["line_items"]) == 1
    assert 1_600_000_000 < invoice["start_date"] < 1_800_000_000  # unix-time: a plausible instant


def test_same_seed_same_value_other_seed_other_ids(chargebee):
    schema = chargebee["components"]["schemas"]["Invoice"]
    first = generate_value(schema, chargebee, "one")
    assert generate_value(schema, chargebee, "one") == first
    other = generate_value(schema, chargebee, "two")
    assert other["id"] != first["id"]
    assert other != first


def test_uuid_ids_parse_and_differ_by_seed():
    schemas = {"Root": {"type": "object", "required": ["id"],
                        "properties": {"id": {"type": "string", "format": "uuid"}}}}
    first, second = generated(schemas, "s1")["id"], generated(schemas, "s2")["id"]
    assert uuid.UUID(first) != uuid.UUID(second)


def test_formats_are_well_formed():
    names = ["date-time", "date", "time", "email", "uri", "hostname", "ipv4", "ipv6", "byte"]
    schemas = {"Root": {"type": "object", "required": names, "properties": {
        name: {"type": "string", "format": name} for name in names}}}
    value = generated(schemas)
    assert datetime.fromisoformat(value["date-time"]).tzinfo is not None
    assert value["date-time"].endswith("Z")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value["date"])
    assert value["uri"].startswith("https://")
    assert "@" in value["email"]


def test_3_1_exclusive_minimum_and_maximum_are_numbers():
    schemas = {"Root": {"type": "object", "required": ["amount", "count", "rate"], "properties": {
        "amount": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.02},
        "count": {"type": "integer", "exclusiveMinimum": 4, "exclusiveMaximum": 6},
        "rate": {"type": "number", "exclusiveMinimum": 99.5},
    }}}
    value = generated(schemas)
    assert 0 < value["amount"] < 0.02
    assert value["count"] == 5
    assert value["rate"] > 99.5


def test_3_0_boolean_exclusive_minimum_and_nullable():
    schemas = {"Root": {"type": "object", "required": ["count", "note", "ratio"], "properties": {
        "count": {"type": "integer", "minimum": 7, "maximum": 8, "exclusiveMinimum": True},
        "note": {"type": "string", "nullable": True, "maxLength": 4},
        "ratio": {"type": "number", "minimum": 0, "maximum": 1, "exclusiveMaximum": True,
                  "multipleOf": 0.25},
    }}}
    value = generated(schemas, version="3.0.3")
    assert value["count"] == 8
    assert isinstance(value["note"], str) and len(value["note"]) <= 4
    assert value["ratio"] in (0, 0.25, 0.5, 0.75)


def test_lengths_items_and_patterns_are_honoured():
    schemas = {"Root": {"type": "object", "required": ["code", "tags", "short", "sku"],
                        "properties": {
        "code": {"type": "string", "minLength": 40},
        "short": {"type": "string", "maxLength": 2},
        "tags": {"type": "array", "minItems": 3, "uniqueItems": True,
                 "items": {"type": "string", "enum": ["a", "b", "c", "d"]}},
        "sku": {"type": "string", "pattern": r"^SKU-[A-Z]{3}-\d{4}$"},
    }}}
    value = generated(schemas)
    assert len(value["code"]) >= 40 and len(value["short"]) <= 2
    assert len(set(value["tags"])) >= 3
    assert re.fullmatch(r"SKU-[A-Z]{3}-\d{4}", value["sku"])


def test_any_of_with_null_prefers_the_value():
    schemas = {"Money": {"type": "object", "required": ["amount"],
                         "properties": {"amount": {"type": "integer", "minimum": 1}}},
               "Root": {"type": "object", "required": ["total", "label"], "properties": {
                   "total": {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Money"}]},
                   "label": {"type": ["null", "string"]}}}}
    value = generated(schemas)
    assert value["total"]["amount"] >= 1
    assert isinstance(value["label"], str)


def test_one_of_value_matches_exactly_one_branch():
    # An integer also matches the number branch, so only a fractional number is valid.
    schemas = {"Root": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]}}
    for seed in ("a", "b", "c"):
        value = generated(schemas, seed)
        assert isinstance(value, float) and value != int(value)


def test_one_of_with_discriminator_names_the_branch():
    schemas = {
        "Card": {"type": "object", "required": ["kind"], "additionalProperties": False,
                 "properties": {"kind": {"type": "string"}, "last4": {"type": "string"}}},
        "Bank": {"type": "object", "required": ["kind"], "additionalProperties": False,
                 "properties": {"kind": {"type": "string"}, "iban": {"type": "string"}}},
        "Root": {"oneOf": [{"$ref": "#/components/schemas/Card"},
                           {"$ref": "#/components/schemas/Bank"}],
                 "discriminator": {"propertyName": "kind"}}}
    assert generated(schemas)["kind"] == "Card"


def test_all_of_merges_properties_and_bounds():
    schemas = {"Base": {"type": "object", "required": ["id"],
                        "properties": {"id": {"type": "string", "maxLength": 10}}},
               "Root": {"allOf": [{"$ref": "#/components/schemas/Base"},
                                  {"type": "object", "required": ["n"],
                                   "properties": {"n": {"type": "integer", "maximum": 3},
                                                  "id": {"minLength": 8}}}]}}
    value = generated(schemas)
    assert 8 <= len(value["id"]) <= 10 and value["n"] <= 3


def test_recursive_schemas_terminate():
    schemas = {
        "Node": {"type": "object", "required": ["name", "parent"], "properties": {
            "name": {"type": "string"},
            "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "next": {"$ref": "#/components/schemas/Node"}}},
        "Root": {"$ref": "#/components/schemas/Node"}}
    value = generated(schemas)
    depth, node = 0, value
    while node["parent"] is not None:
        node, depth = node["parent"], depth + 1
    assert depth == 1  # the first level is filled in, the recursion below it stops at null
    assert "children" not in value and "next" not in value  # optional recursion is not entered


def test_write_only_properties_stay_out_of_responses_unless_required():
    schemas = {"Root": {"type": "object", "required": ["pin"], "properties": {
        "password": {"type": "string", "writeOnly": True},
        "pin": {"type": "string", "writeOnly": True},
        "name": {"type": "string"}}}}
    assert set(generated(schemas)) == {"pin", "name"}


def test_schema_examples_and_defaults_are_used_when_valid():
    schemas = {"Root": {"type": "object", "required": ["status", "quantity", "bad", "none"],
                        "properties": {
        "status": {"type": "string", "example": "active"},
        "quantity": {"type": "integer", "default": 1},
        "bad": {"type": "integer", "minimum": 10, "example": 3},
        "none": {"type": "string", "example": None, "examples": ["listed"]}}}}
    value = generated(schemas)
    assert value["status"] == "active" and value["quantity"] == 1
    assert value["bad"] >= 10 and value["none"] == "listed"


def test_ids_follow_the_documented_shape_but_vary():
    schemas = {"Root": {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string", "example": "inv_8Ab3x9", "pattern": "^inv_"}}}}
    first, second = generated(schemas, "a")["id"], generated(schemas, "b")["id"]
    assert first.startswith("inv_") and len(first) == len("inv_8Ab3x9")
    assert first != second


def test_empty_schema_and_maps():
    assert generated({"Root": {}}) == {}
    value = generated({"Root": {"type": "object", "minProperties": 2,
                                "additionalProperties": {"type": "integer"}}})
    assert len(value) == 2 and all(isinstance(v, int) for v in value.values())


def test_field_names_give_realistic_values():
    schemas = {"Root": {"type": "object", "properties": {
        "email": {"type": "string"}, "currency": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "integer"},
        "currency_code": {"type": "string", "enum": ["EUR", "GBP"]}}}}
    value = generated(schemas)
    assert "@" in value["email"] and value["currency"] == "USD"
    assert value["currency_code"] in ("EUR", "GBP")
    assert 1_600_000_000 < value["updated_at"] < 1_800_000_000


# --- documented examples -------------------------------------------------------------------------

EXAMPLES_DOCUMENT = {
    "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
    "components": {
        "examples": {"Paid": {"summary": "paid", "value": {"status": "paid"}}},
        "schemas": {"Invoice": {"type": "object", "required": ["status"], "properties": {
            "status": {"type": "string", "enum": ["paid", "open"]}}, "example": None}}}}


def test_pick_example_named_via_ref_and_unnamed_first():
    media = {"schema": {"$ref": "#/components/schemas/Invoice"}, "example": None,
             "examples": {"open": {"value": {"status": "open"}},
                          "paid": {"$ref": "#/components/examples/Paid"}}}
    assert example_names(media) == ["open", "paid"]
    assert pick_example(media, EXAMPLES_DOCUMENT, "paid") == (True, {"status": "paid"})
    assert pick_example(media, EXAMPLES_DOCUMENT) == (True, {"status": "open"})
    assert pick_example(media, EXAMPLES_DOCUMENT, "missing") == (False, None)


def test_pick_example_falls_back_to_the_schema_and_ignores_null():
    with_schema_example = {"schema": {"type": "object", "example": {"status": "open"}}}
    assert pick_example(with_schema_example, EXAMPLES_DOCUMENT) == (True, {"status": "open"})
    only_nulls = {"schema": {"$ref": "#/components/schemas/Invoice"}, "example": None}
    assert pick_example(only_nulls, EXAMPLES_DOCUMENT) == (False, None)
    assert example_names(only_nulls) == []


def test_generate_body_returns_valid_examples_and_replaces_invalid_ones():
    schema = {"$ref": "#/components/schemas/Invoice"}
    valid = {"schema": schema, "example": {"status": "paid"}}
    assert generate_body(valid, EXAMPLES_DOCUMENT, "s") == {"status": "paid"}
    invalid = {"schema": schema, "examples": {"wrong": {"value": {"status": "lost"}}}}
    body = generate_body(invalid, EXAMPLES_DOCUMENT, "s", example="wrong")
    assert body["status"] in ("paid", "open")
    body["status"] = "changed"  # callers may change what they get
    assert generate_body(valid, EXAMPLES_DOCUMENT, "s") == {"status": "paid"}


# --- property test: random small schemas ---------------------------------------------------------

def _integer(version: str):
    @st.composite
    def build(draw):
        low = draw(st.integers(-1000, 1000))
        multiple = draw(st.sampled_from([None, 1, 3, 7]))
        high = low + draw(st.integers(2 + 2 * (multiple or 1), 500))
        schema: dict = {"type": "integer"}
        exclusive = draw(st.booleans())
        if version.startswith("3.0"):
            schema.update(minimum=low, maximum=high, exclusiveMinimum=exclusive,
                          exclusiveMaximum=draw(st.booleans()))
        elif exclusive:
            schema.update(exclusiveMinimum=low, maximum=high)
        elif draw(st.booleans()):
            schema.update(minimum=low)
        if multiple:
            schema["multipleOf"] = multiple
        if draw(st.booleans()):
            schema["format"] = draw(st.sampled_from(["int32", "int64"]))
        return schema
    return build()


def _number(version: str):
    @st.composite
    def build(draw):
        low = draw(st.floats(-1e4, 1e4, allow_nan=False))
        multiple = draw(st.sampled_from([None, 0.5, 0.1, 0.01, 2]))
        high = low + draw(st.floats(0.001, 1e3)) + 3 * (multiple or 0)
        key_low = "minimum" if version.startswith("3.0") else "exclusiveMinimum"
        schema = {"type": "number", key_low: low, "exclusiveMaximum" if version >= "3.1"
                  else "maximum": high}
        if version.startswith("3.0"):
            schema.update(exclusiveMinimum=True, exclusiveMaximum=True)
        if multiple:
            schema["multipleOf"] = multiple
        return schema
    return build()


def _string():
    @st.composite
    def build(draw):
        schema: dict = {"type": "string"}
        choice = draw(st.sampled_from(["plain", "format", "pattern", "enum"]))
        if choice == "format":
            schema["format"] = draw(st.sampled_from(
                ["uuid", "date-time", "date", "time", "email", "ipv4", "ipv6", "byte", "uri"]))
        elif choice == "pattern":
            schema["pattern"] = draw(st.sampled_from(
                [r"^[A-Z]{2}\d{3}$", r"^(cus|inv)_[a-z0-9]{8,12}$", r"^\w+@\w+\.com$",
                 r"^[^\s]{3,}$", r"^(?:\+|00)\d{6,10}$", r"^x(ab|cd)*y$"]))
        elif choice == "enum":
            schema["enum"] = draw(st.lists(st.text(max_size=5), min_size=1, max_size=4))
        else:
            low = draw(st.integers(0, 30))
            schema.update(minLength=low, maxLength=low + draw(st.integers(0, 30)))
        return schema
    return build()


def _schemas(version: str):
    is_31 = version.startswith("3.1")
    leaves = st.one_of(
        _integer(version), _number(version), _string(),
        st.just({"type": "boolean"}), st.just({}),
        st.just({"$ref": "#/components/schemas/Node"}),
        st.builds(lambda v: {"const": v}, st.integers() | st.text(max_size=4)),
    )

    def extend(children):
        def obj(props, data):
            names = list(props)
            schema = {"type": "object", "properties": props,
                      "required": [n for n in names if data[n]]}
            if data.get("_closed"):
                schema["additionalProperties"] = False
            return schema
        keys = st.sampled_from(["id", "email", "amount", "created_at", "name", "status_code",
                                "currency", "tags", "items", "customer_id", "zip"])
        objects = st.dictionaries(keys, children, max_size=5).flatmap(
            lambda props: st.builds(
                obj, st.just(props),
                st.fixed_dictionaries({**{n: st.booleans() for n in props},
                                       "_closed": st.booleans()})))
        arrays = st.builds(
            lambda items, low, extra: {"type": "array", "items": items, "minItems": low,
                                       "maxItems": low + extra},
            children, st.integers(0, 3), st.integers(0, 2))
        nullable = children.map(
            (lambda c: {"anyOf": [c, {"type": "null"}]}) if is_31
            else (lambda c: {**c, "nullable": True}))
        one_of = st.builds(lambda s, i: {"oneOf": [s, i]}, _string(), _integer(version))
        all_of = st.builds(
            lambda a, b: {"allOf": [{"type": "object", "required": ["left"],
                                     "properties": {"left": a}},
                                    {"type": "object", "properties": {"right": b}}]},
            children, children)
        return st.one_of(objects, arrays, nullable, one_of, all_of)

    return st.recursive(leaves, extend, max_leaves=12)


NODE = {"type": "object", "required": ["value"], "properties": {
    "value": {"type": "integer"},
    "next": {"$ref": "#/components/schemas/Node"},
    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}


VERSIONED_SCHEMAS = st.one_of(*(st.tuples(st.just(version), _schemas(version))
                                for version in ("3.0.3", "3.1.0")))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versioned=VERSIONED_SCHEMAS, seed=st.text(max_size=8))
def test_random_schemas_generate_valid_deterministic_values(versioned, seed):
    version, root = versioned
    document = document_with({"Root": root, "Node": NODE}, version)
    value = generate_value(root, document, seed)
    assert validation_errors(document, "/components/schemas/Root", value) == []
    assert generate_value(root, document, seed) == value


def test_a_decimal_multiple_divides_exactly_as_validators_compute_it():
    # hypothesis found -8431.62 for multipleOf 0.01: -8431.62 / 0.01 is 843161.9999999999
    schema = {"type": "number", "minimum": -8493.8984375, "maximum": -8192.8684375,
              "exclusiveMinimum": True, "multipleOf": 0.01}
    document = document_with({"Root": schema, "Node": NODE}, "3.0.3")
    for seed in map(str, range(300)):
        value = generate_value(schema, document, seed)
        assert validation_errors(document, "/components/schemas/Root", value) == [], value
