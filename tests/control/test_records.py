"""The shapes a state document's records are held to before a restore."""

from __future__ import annotations

from support.server import DEMO_FIXTURES

from billing_sandbox.app import vendor_specs
from billing_sandbox.control.records import KINDS, record_problems
from billing_sandbox.core import RECORD_KINDS
from billing_sandbox.core.clock import Clock
from billing_sandbox.engine.resources.seeding import ResourceSeeder
from billing_sandbox.fixtures import fixture_records, read_fixtures
from billing_sandbox.shipped import SHIPPED_SPECS
from billing_sandbox.tenant_keys import without_keys
from billing_sandbox.vendors.catalog import shipped_adapters


def test_every_kind_the_ledger_keeps_has_a_shape():
    assert set(RECORD_KINDS) <= set(KINDS)


def test_the_records_the_demo_fixtures_make_pass():
    adapters = shipped_adapters()
    seeders = {spec.name: ResourceSeeder.for_spec(spec, adapters[spec.name].shelves)
               for spec in vendor_specs([SHIPPED_SPECS])}
    made = fixture_records(read_fixtures(DEMO_FIXTURES), list(adapters), adapters, Clock(),
                           seeders=seeders)
    checked = 0
    for namespace, kinds in made.items():  # as a state document holds them: keys apart
        vendor = namespace.split("/")[0]
        for kind, records in without_keys(kinds).items():
            problems = record_problems(kind, records) if kind in KINDS else \
                seeders[vendor].problems(kind, records)  # a kind of the vendor's document
            assert list(problems) == [], kind
            checked += len(records)
    assert checked > 10


def test_a_problem_names_the_record_and_field():
    assert list(record_problems("counter", {"n": {"id": "n", "value": "7"}})) == [
        ("n.value", "'7' is not of type 'integer'")]
    assert list(record_problems("counter", {"n": {"id": "n"}}))[0][0] == "n.value"
    assert list(record_problems("counter", {"n": ["id"]})) == [
        ("n", "must be a record (an object)")]
    assert list(record_problems("widget", {}))[0][0] == ""


def test_children_are_listed_as_this_version_or_an_earlier_one_kept_them():
    base = valid(KINDS["bank_transaction"])
    linked = {k: v for k, v in base.items() if k != "payment_ids"}
    listed = {k: v for k, v in base.items() if k not in ("payment_count", "payment_tail")}
    assert list(record_problems("bank_transaction", {base["id"]: linked})) == []
    assert list(record_problems("bank_transaction", {base["id"]: listed})) == []
    neither = {k: v for k, v in linked.items() if k != "payment_tail"}
    [(field, reason)] = record_problems("bank_transaction", {base["id"]: neither})
    assert field == f"{base['id']}.payment_count"
    assert "payment_count and payment_tail" in reason and "payment_ids" in reason


ODD_VALUES = [None, "", "x", "USD", "usd", 0, 7, -1, 1.5, 2.0, True, False, [], ["a"], [1],
              [{}], [{"id": "l", "amount": "1"}], {}, {"USD": 1}, {"USD": "1"}, "draft", "paid"]


def valid(schema: dict):
    """A value the schema accepts (the first choice of each rule)."""
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return valid(schema["anyOf"][0])
    kind = schema.get("type", "object")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object":
        return {name: valid(sub) for name, sub in schema.get("properties", {}).items()}
    return {"string": "USD", "integer": 1, "number": 1.5, "boolean": True,
            "array": [valid(schema["items"])] if "items" in schema else []}[kind]


def test_the_quick_check_never_passes_a_record_jsonschema_refuses():
    """Every field of a record of every kind, replaced by each odd value (or dropped): when
    the quick check lets it through, jsonschema finds nothing wrong either."""
    from billing_sandbox.control.records import _CHECKERS, _VALIDATORS

    for kind, schema in KINDS.items():
        base = valid(schema)
        assert _CHECKERS[kind](base) and not list(_VALIDATORS[kind].iter_errors(base))
        variants = [base] + [{k: v for k, v in base.items() if k != name}
                             for name in schema["properties"]]
        variants += [{**base, name: value} for name in schema["properties"]
                     for value in ODD_VALUES]
        for record in variants:
            if _CHECKERS[kind](record):
                assert not list(_VALIDATORS[kind].iter_errors(record)), (kind, record)
