"""Validators validates against the document as written, whether a schema's references are
inlined when its validator is made or left to the registry."""

from billing_sandbox.engine.schema.validation import Validators


def _book(schemas: dict, openapi: str = "3.1.0") -> Validators:
    return Validators({"openapi": openapi, "info": {"title": "t", "version": "1"}, "paths": {},
                       "components": {"schemas": schemas}})


def _where(issues) -> list[tuple]:
    return sorted((issue.location, issue.kind) for issue in issues)


def test_a_recursive_schema_is_checked_at_every_depth():
    children = {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
    book = _book({"Node": {"type": "object", "required": ["name"],
                           "properties": {"name": {"type": "string"}, "children": children}}})
    pointer = "/components/schemas/Node"
    deep = {"name": "a", "children": [{"name": "b", "children": [{"name": 3}, {}]}]}

    assert book.issues(pointer, {"name": "a", "children": [{"name": "b"}]}, ("body",)) == []
    assert _where(book.issues(pointer, deep, ("body",))) == [
        (("body", "children", 0, "children", 0, "name"), "type"),
        (("body", "children", 0, "children", 1, "name"), "required"),
    ]


def test_keywords_beside_a_ref_apply_as_well_as_the_ref():
    book = _book({
        "Amount": {"type": "integer", "minimum": 1},
        "Charge": {"type": "object", "properties": {
            "amount": {"$ref": "#/components/schemas/Amount", "maximum": 100}}},
    })
    pointer = "/components/schemas/Charge"

    assert book.issues(pointer, {"amount": 50}, ("body",)) == []
    assert _where(book.issues(pointer, {"amount": 0}, ("body",))) == [
        (("body", "amount"), "minimum")]
    assert _where(book.issues(pointer, {"amount": 101}, ("body",))) == [
        (("body", "amount"), "maximum")]


def test_a_ref_shaped_const_is_compared_as_data():
    book = _book({"Amount": {"type": "integer"},
                  "Literal": {"const": {"$ref": "#/components/schemas/Amount"}}})
    pointer = "/components/schemas/Literal"

    assert book.issues(pointer, {"$ref": "#/components/schemas/Amount"}, ("body",)) == []
    assert _where(book.issues(pointer, 5, ("body",))) == [(("body",), "const")]


def test_a_discriminator_still_picks_the_mapped_schema():
    book = _book({
        "Card": {"type": "object", "required": ["kind", "last4"],
                 "properties": {"kind": {"type": "string"}, "last4": {"type": "string"}}},
        "Bank": {"type": "object", "required": ["kind", "iban"],
                 "properties": {"kind": {"type": "string"}, "iban": {"type": "string"}}},
        "Source": {"oneOf": [{"$ref": "#/components/schemas/Card"},
                             {"$ref": "#/components/schemas/Bank"}],
                   "discriminator": {"propertyName": "kind",
                                     "mapping": {"card": "#/components/schemas/Card",
                                                 "bank": "#/components/schemas/Bank"}}},
    })
    pointer = "/components/schemas/Source"

    assert book.issues(pointer, {"kind": "card", "last4": "4242"}, ("body",)) == []
    assert _where(book.issues(pointer, {"kind": "bank", "last4": "4242"}, ("body",))) == [
        (("body", "iban"), "required")]


def test_openapi_30_nullable_and_refs_together():
    book = _book({"Name": {"type": "string", "nullable": True, "maxLength": 3},
                  "Holder": {"type": "object",
                             "properties": {"name": {"$ref": "#/components/schemas/Name"}}}},
                 openapi="3.0.3")
    pointer = "/components/schemas/Holder"

    assert book.issues(pointer, {"name": None}, ("body",)) == []
    assert _where(book.issues(pointer, {"name": "abcd"}, ("body",))) == [
        (("body", "name"), "maxLength")]
