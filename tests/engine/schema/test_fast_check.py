"""The compiled check never accepts what the Python validator refuses, and the answers a
client sees are the Python validator's."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS31Validator

from billing_sandbox.engine.schema.fast_check import _CERTAIN, fast_check
from billing_sandbox.engine.schema.validation import Validators

CHECKER = OAS31Validator.FORMAT_CHECKER

SCHEMAS = [
    {"type": "integer", "format": "int64"},
    {"type": "integer", "format": "int32", "minimum": 1},
    {"type": "number", "format": "double", "exclusiveMinimum": 0},
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "uuid", "maxLength": 36},
    {"type": "string", "enum": ["paid", "void"]},
    {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
    {"type": "string", "pattern": "^[a-z]+$"},
    {"pattern": "^\\d+(\\.\\d+)?$", "format": "int64"},
    {"type": "string", "pattern": "\\Aab\\Z"},  # Python's own syntax
    {"type": "string", "pattern": "(?i)paid"},
    {"type": "object", "required": ["id"], "additionalProperties": False,
     "properties": {"id": {"type": "string"}, "amount": {"type": "integer", "format": "int64"},
                    "lines": {"type": "array", "items": {"type": "object"}, "maxItems": 2}}},
]
INSTANCES = [
    0, 1, -1, 2**31 - 1, 2**31, -(2**31) - 1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**70,
    1.0, 1.5, 1e30, float("nan"), float("inf"), True, False, None, "", "paid", "x" * 40,
    "2026-01-31", "2026-01-31T10:00:00Z", "2026-01-31t10:00:00z", "2026-02-30T10:00:00Z",
    "2026-02-28", "2026-02-28T23:59:59.123+05:30", "0999-01-01", "2026-02-28T24:00:00Z",
    "2026-02-28T10:00:00Z\n",
    "ab", "abc", "PAID", "12.50", "12.", "a\n",
    "7a1c0d2e-0000-4000-8000-000000000101", "7a1c0d2e-0000-4000-8000-00000000010",
    "7A1C0D2E-0000-4000-8000-000000000101", "{7a1c0d2e-0000-4000-8000-000000000101}",
    "7a1c0d2e000040008000000000000101", "urn:uuid:7a1c0d2e-0000-4000-8000-000000000101",
    "7a1c0d2e-0000-4000-8000-000000000101\n", "7a1c0d2e-0000-4000-8000-0000000001-01",
    [], [1], (1, 2), {"id": "a"}, {"id": "a", "amount": 2**63}, {"id": "a", "amount": 5},
    {"id": 1}, {"id": "a", "extra": 1}, {"id": "a", "lines": [{}, {}, {}]},
    {"id": "a", "lines": ({}, {})}, {"id": "a", "amount": Decimal("5")}, {1: "a"}, {"a", "b"},
    b"bytes",
]


def test_whatever_the_compiled_check_accepts_the_python_validator_accepts():
    for schema in SCHEMAS:
        check = fast_check(schema, CHECKER)
        python = OAS31Validator(schema, format_checker=CHECKER)
        for instance in INSTANCES:
            if check is not None and check(instance):
                assert python.is_valid(instance), (schema, instance)


def test_schemas_it_cannot_check_like_python_are_left_to_python():
    for schema in ({"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
                   {"type": "number", "multipleOf": 0.1},
                   {"$ref": "#/components/schemas/X"}):
        assert fast_check(schema, CHECKER) is None


def test_patterns_are_matched_as_python_matches_them():
    check = fast_check({"type": "string", "pattern": "\\Aab\\Z"}, CHECKER)  # not Rust syntax
    assert check("ab") and not check("abc")
    check = fast_check({"properties": {"n": {"pattern": "^\\d+$"}}}, CHECKER)
    assert check({"n": "12"}) and not check({"n": "1x"}) and check({"n": 5})


def test_an_int64_above_its_bound_is_refused_with_pythons_message():
    book = Validators({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
                       "components": {"schemas": {"Amount": {"type": "integer",
                                                             "format": "int64"}}}})
    pointer = "/components/schemas/Amount"

    assert book.issues(pointer, 2**63 - 1, ("body", "amount")) == []
    [issue] = book.issues(pointer, 2**63, ("body", "amount"))
    assert (issue.location, issue.kind) == (("body", "amount"), "format")
    assert not book.is_valid(pointer, 2**63)


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_what_is_recognised_without_python_is_what_python_accepts(data):
    """The certain patterns (uuid, date-time, date) only ever accept what the format checker's
    own function accepts."""
    for name, certain in _CERTAIN.items():
        value = data.draw(st.from_regex(certain.__self__, fullmatch=True))
        assert certain(value)
        assert CHECKER.conforms(value, name), (name, value)


def test_the_certain_patterns_leave_the_doubtful_to_python():
    for name, value in [("date-time", "2026-02-29T10:00:00Z"),
                        ("date-time", "2026-01-31T10:00:00Z"),
                        ("date-time", "2026-01-01t10:00:00z"), ("date", "2026-01-31"),
                        ("date", "0999-01-01"), ("date-time", "2026-01-01T10:00:00Z\n")]:
        assert not _CERTAIN[name](value)

