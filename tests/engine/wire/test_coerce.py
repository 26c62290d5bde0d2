import pytest

from billing_sandbox.engine.wire.coerce import coerce_parameter

INTS = {"type": "array", "items": {"type": "integer"}}


def coerce(raw, schema, document=None, location=("query", "p")):
    return coerce_parameter(raw, schema, document or {}, location)


@pytest.mark.parametrize(("raw", "schema", "expected"), [
    ("42", {"type": "integer"}, 42),
    ("-7", {"type": "integer"}, -7),
    ("2.50", {"type": "number"}, 2.5),
    ("3", {"type": "number"}, 3),
    ("1e3", {"type": "number"}, 1000.0),
    ("True", {"type": "boolean"}, True),
    ("inv_1", {"type": "string"}, "inv_1"),
    ("007", {"type": ["string", "integer"]}, "007"),
    ("5", {"anyOf": [{"type": "integer"}, {"type": "null"}]}, 5),
    ("x", {}, "x"),
])
def test_scalars_become_the_schema_type(raw, schema, expected):
    value, issues = coerce(raw, schema)
    assert issues == []
    assert value == expected and type(value) is type(expected)


def test_an_empty_parameter_is_not_null_but_an_empty_form_field_is():
    value, issues = coerce("", {"type": ["integer", "null"]})
    assert value == "" and [i.kind for i in issues] == ["type"]
    assert coerce("", {"type": ["integer", "null"]}, location=("body", "p")) == (None, [])


@pytest.mark.parametrize(("raw", "schema", "expected"), [
    ("12.5", {"type": "integer"}, "integer"),
    ("nan", {"type": "number"}, "number"),
    ("1", {"type": "boolean"}, "boolean"),
    ("x", {"type": ["integer", "boolean"]}, ["boolean", "integer"]),
])
def test_a_text_of_the_wrong_type_is_an_issue_at_the_given_location(raw, schema, expected):
    value, issues = coerce(raw, schema, location=("path", "invoice-id"))
    assert value == raw
    assert [(i.location, i.kind, i.value, i.expected) for i in issues] == [
        (("path", "invoice-id"), "type", raw, expected)]


@pytest.mark.parametrize("raw", [["1", "2", "3"], "1,2,3", "[1,2,3]", "['1', '2', '3']"])
def test_arrays_come_repeated_comma_separated_or_bracketed(raw):
    assert coerce(raw, INTS) == ([1, 2, 3], [])


def test_a_bad_array_item_is_located_at_its_position():
    _, issues = coerce("1,x", INTS, location=("header", "x-ids"))
    assert [(i.location, i.value) for i in issues] == [(("header", "x-ids", 1), "x")]


def test_several_values_for_a_scalar_are_left_for_the_validator():
    assert coerce(["1", "2"], {"type": "integer"}) == (["1", "2"], [])


def test_local_refs_are_followed():
    document = {"components": {"schemas": {"Limit": {"type": "integer", "maximum": 100}}}}
    assert coerce("10", {"$ref": "#/components/schemas/Limit"}, document) == (10, [])


def test_an_object_parameter_may_be_json():
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    assert coerce('{"a": 1}', schema) == ({"a": 1}, [])
    assert [i.kind for i in coerce("a=1", schema)[1]] == ["type"]


STATUSES = {"anyOf": [{"type": "string", "enum": ["succeeded", "failed"]},
                      {"type": "integer"}]}


@pytest.mark.parametrize(("raw", "expected"), [
    ("404", 404), ("failed", "failed"), ("succeeded", "succeeded")])
def test_a_text_becomes_the_first_alternative_it_is_valid_against(raw, expected):
    for keyword in ("anyOf", "oneOf"):
        schema = {keyword: STATUSES["anyOf"]}
        value, issues = coerce(raw, schema)
        assert issues == [] and value == expected and type(value) is type(expected)


def test_a_plain_string_alternative_takes_any_text_when_it_comes_first():
    value, _ = coerce("404", {"anyOf": [{"type": "string"}, {"type": "integer"}]})
    assert value == "404"
    value, _ = coerce("404", {"anyOf": [{"type": "integer"}, {"type": "string"}]})
    assert value == 404


def test_an_array_of_alternatives_coerces_each_item_by_its_branch():
    value, issues = coerce(["404", "failed", "500"], {"type": "array", "items": STATUSES},
                           location=("query", "http_statuses[]"))
    assert issues == [] and value == [404, "failed", 500]


def test_a_text_no_alternative_accepts_keeps_the_type_it_reads_as():
    """``99`` is meant as a status code: the validator then says it is below 100."""
    statuses = {"anyOf": [{"type": "string", "enum": ["succeeded", "failed"]},
                          {"type": "integer", "minimum": 100}]}
    assert coerce("99", statuses) == (99, [])
    assert coerce("pending", statuses) == ("pending", [])
