"""The shapes a state document's records are held to before a restore."""

from __future__ import annotations

from support.server import DEMO_FIXTURES

from billing_sandbox.control.records import KINDS, record_problems
from billing_sandbox.core import RECORD_KINDS
from billing_sandbox.core.clock import Clock
from billing_sandbox.fixtures import fixture_records, read_fixtures
from billing_sandbox.vendors.catalog import shipped_adapters


def test_every_kind_the_ledger_keeps_has_a_shape():
    assert set(RECORD_KINDS) <= set(KINDS)


def test_the_records_the_demo_fixtures_make_pass():
    adapters = shipped_adapters()
    made = fixture_records(read_fixtures(DEMO_FIXTURES), list(adapters), adapters, Clock())
    checked = 0
    for kinds in made.values():
        for kind, records in kinds.items():
            assert list(record_problems(kind, records)) == [], kind
            checked += len(records)
    assert checked > 10


def test_a_problem_names_the_record_and_field():
    assert list(record_problems("counter", {"n": {"id": "n", "value": "7"}})) == [
        ("n.value", "'7' is not of type 'integer'")]
    assert list(record_problems("counter", {"n": {"id": "n"}}))[0][0] == "n.value"
    assert list(record_problems("counter", {"n": ["id"]})) == [
        ("n", "must be a record (an object)")]
    assert list(record_problems("widget", {}))[0][0] == ""
