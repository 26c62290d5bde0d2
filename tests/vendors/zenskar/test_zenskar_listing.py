"""Ordering and cursor pages of Zenskar listings."""

from __future__ import annotations

import pytest

from billing_sandbox.engine.errors import ApiError
from billing_sandbox.vendors.zenskar.listing import ordered, page

ITEMS = [  # oldest first, as the ledger lists them
    {"id": "a", "created_at": "2026-01-01T00:00:00Z", "amount": "100.00", "due": None},
    {"id": "b", "created_at": "2026-01-02T00:00:00.5Z", "amount": "9.50", "due": "2026-03-01"},
    {"id": "c", "created_at": "2026-01-02T00:00:00.5Z", "amount": "-20.00", "due": "2026-02-01"},
    {"id": "d", "created_at": "2026-01-02T00:00:00Z", "amount": "20.00", "due": "2026-02-01"},
]


def ids(items):
    return [item["id"] for item in items]


def test_the_default_is_newest_first_and_equal_times_keep_the_newest_first():
    assert ids(ordered(ITEMS, None)) == ["c", "b", "d", "a"]


def test_decimal_strings_sort_by_value_and_missing_values_go_last():
    assert ids(ordered(ITEMS, "amount")) == ["c", "b", "d", "a"]
    assert ids(ordered(ITEMS, "-amount")) == ["a", "d", "b", "c"]
    assert ids(ordered(ITEMS, "due")) == ["c", "d", "b", "a"]


def test_an_unknown_order_field_is_refused_naming_the_choices():
    with pytest.raises(ApiError) as caught:
        ordered(ITEMS, "-colour")
    assert caught.value.status == 400 and caught.value.param == "order"
    assert "created_at" in caught.value.message


def test_cursors_walk_the_pages_both_ways():
    items = [{"n": n} for n in range(5)]
    first = page(items, None, 2)
    assert (first["results"], first["previous"], first["total_count"]) == (items[:2], None, 5)
    second = page(items, first["next"], 2)
    assert second["results"] == items[2:4]
    last = page(items, second["next"], 2)
    assert (last["results"], last["next"]) == (items[4:], None)
    assert page(items, last["previous"], 2)["results"] == items[2:4]
    assert page(items, None, None)["results"] == items  # limit defaults to 10


@pytest.mark.parametrize("cursor", ["zzz", "cG9zaXRpb246LTE=", "%%%"])
def test_a_cursor_no_page_gave_is_refused(cursor):
    with pytest.raises(ApiError) as caught:
        page([], cursor, 10)
    assert caught.value.status == 400 and caught.value.param == "cursor"
