"""Store: transactions over namespaced records, in memory or kept in a data file."""

import enum
import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from billing_sandbox.store import Store, StoreError


class Color(enum.Enum):
    RED = "red"


class Status(enum.StrEnum):
    PAID = "paid"


class Number(enum.IntEnum):
    ONE = 1


class Label(str):
    pass


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path):
    opened = Store.open(None if request.param == "memory" else tmp_path / "data.json")
    yield opened
    opened.close()


def put_all(store, namespace, kind, records):
    with store.transaction(namespace) as repo:
        for record_id, record in records.items():
            repo.put(kind, record_id, record)


# Records by kind and id


def test_put_get_delete_and_count(store):
    with store.transaction("zenskar/demo") as repo:
        assert repo.get("invoice", "inv_1") is None
        repo.put("invoice", "inv_1", {"status": "draft", "total": 1000})
        assert repo.get("invoice", "inv_1") == {"status": "draft", "total": 1000}
        assert repo.count("invoice") == 1
    with store.transaction("zenskar/demo") as repo:
        repo.put("invoice", "inv_1", {"status": "approved"})
        assert repo.get("invoice", "inv_1") == {"status": "approved"}, "put replaces, no merge"
    with store.transaction("zenskar/demo") as repo:
        repo.delete("invoice", "inv_1")
        repo.delete("invoice", "never_there")
        assert repo.get("invoice", "inv_1") is None
        assert repo.count("invoice") == 0
    assert store.is_empty()


def test_ids_are_oldest_first_and_a_replaced_record_keeps_its_place(store):
    put_all(store, "t/1", "invoice", {"c": {}, "a": {}, "b": {}})
    with store.transaction("t/1") as repo:
        repo.put("invoice", "a", {"v": 2})
        repo.put("invoice", "d", {})
        repo.delete("invoice", "c")
        assert list(repo.ids("invoice")) == ["a", "b", "d"]
        assert repo.count("invoice") == 3
    with store.transaction("t/1") as repo:
        assert list(repo.ids("invoice")) == ["a", "b", "d"]


def test_get_and_put_copy_so_callers_cannot_change_the_store(store):
    record = {"lines": [{"amount": 1}]}
    with store.transaction("t/1") as repo:
        repo.put("invoice", "i", record)
        record["lines"][0]["amount"] = 99
        fetched = repo.get("invoice", "i")
        fetched["lines"].append("junk")
    with store.transaction("t/1") as repo:
        assert repo.get("invoice", "i") == {"lines": [{"amount": 1}]}


def test_a_view_is_decoded_once_and_shared_until_the_record_is_written(store):
    put_all(store, "t/1", "invoice", {"i": {"n": 1}})
    with store.transaction("t/1") as repo:
        first = repo.view("invoice", "i")
        assert repo.view("invoice", "i") is first, "one decode for every reader"
        assert repo.get("invoice", "i") is not first, "get is always the caller's own copy"
        repo.put("invoice", "i", {"n": 2})
        assert repo.view("invoice", "i") == {"n": 2}, "a write ends the view"
        repo.delete("invoice", "i")
        assert repo.view("invoice", "i") is None
        assert repo.view("invoice", "missing") is None


def test_a_view_changed_against_the_rules_does_not_change_the_store(store):
    put_all(store, "t/1", "invoice", {"i": {"n": 1}})
    with store.transaction("t/1") as repo:
        repo.view("invoice", "i")["n"] = 99
    with store.transaction("t/1") as repo:
        assert repo.get("invoice", "i") == {"n": 1}
        assert repo.view("invoice", "i") == {"n": 1}


def test_namespaces_are_isolated(store):
    put_all(store, "zenskar/a", "invoice", {"i1": {"n": "a"}})
    put_all(store, "zenskar/b", "invoice", {"i1": {"n": "b"}, "i2": {}})
    with store.transaction("zenskar/a") as repo:
        assert repo.get("invoice", "i1") == {"n": "a"}
        assert repo.get("invoice", "i2") is None
        assert list(repo.ids("invoice")) == ["i1"]
        assert repo.count("invoice") == 1
    assert store.count("zenskar/b", "invoice") == 2
    assert store.count("zenskar/c", "invoice") == 0
    assert store.namespaces() == ["zenskar/a", "zenskar/b"]


def test_records_must_be_json(store):
    with store.transaction("t/1") as repo:
        with pytest.raises(TypeError, match="not a JSON value"):
            repo.put("invoice", "i", {"when": object()})
        with pytest.raises(TypeError, match="not a string"):
            repo.put("invoice", "i", {"by_id": {1: "x"}})
        with pytest.raises(TypeError, match="not JSON"):
            repo.put("invoice", "i", {"total": float("nan")})
        with pytest.raises(ValueError, match="kind"):
            repo.put("in:voice", "i", {})
        with pytest.raises(ValueError, match="id"):
            repo.put("invoice", "", {})
        repo.put("invoice", "ok", {"lines": (1, 2)})
        assert repo.get("invoice", "ok") == {"lines": [1, 2]}, "as it would read after a restart"


@pytest.mark.parametrize("value", [
    datetime(2026, 1, 1, tzinfo=UTC), date(2026, 1, 1), Decimal("1.50"), UUID(int=7), {1, 2},
    b"bytes", float("inf"), -float("inf"), Color.RED,
])
def test_values_the_codec_could_write_but_not_read_back_the_same_are_refused(store, value):
    """msgspec would write a date as its text and a NaN as null: they would read back as
    something else, so the store refuses them as the standard library's encoder did."""
    with store.transaction("t/1") as repo:
        with pytest.raises(TypeError, match="JSON"):
            repo.put("invoice", "i", {"nested": [{"value": value}]})


def test_a_record_that_contains_itself_is_refused(store):
    record: dict = {"n": 1}
    record["self"] = [record]
    with store.transaction("t/1") as repo:
        with pytest.raises(TypeError, match="not JSON"):
            repo.put("invoice", "i", record)


def test_records_read_back_exactly_what_was_put(store):
    record = {"big": 10**30, "small": -(2**70), "pi": 3.141592653589793, "tiny": 5e-324,
              "text": "é€😀", "lone": "\ud800", "kind": Status.PAID, "n": Number.ONE,
              "sub": Label("x"), "empty": [{}, []], "none": None, "yes": True}
    with store.transaction("t/1") as repo:
        repo.put("invoice", "i", record)
    with store.transaction("t/1") as repo:
        got = repo.get("invoice", "i")
    assert got == record
    assert [type(got[k]) for k in ("big", "kind", "n", "sub")] == [int, str, int, str]


# Transactions


def test_an_exception_in_the_block_applies_nothing(store):
    put_all(store, "t/1", "invoice", {"i": {"v": 1}})
    with pytest.raises(RuntimeError):
        with store.transaction("t/1") as repo:
            repo.put("invoice", "i", {"v": 2})
            repo.put("payment", "p", {})
            repo.delete("invoice", "i")
            raise RuntimeError("handler failed")
    assert store.snapshot() == {"t/1": {"invoice": {"i": {"v": 1}}}}


def test_all_writes_of_a_transaction_become_visible_together(store):
    """A reader never sees an invoice without its payment (store.snapshot takes the lock)."""
    stop = threading.Event()
    torn = []

    def reader():
        while not stop.is_set():
            kinds = store.snapshot("t/1").get("t/1", {})
            if len(kinds.get("invoice", {})) != len(kinds.get("payment", {})):
                torn.append(kinds)

    thread = threading.Thread(target=reader)
    thread.start()
    for n in range(200):
        with store.transaction("t/1") as repo:
            repo.put("invoice", f"i{n}", {"paid_by": f"p{n}"})
            repo.put("payment", f"p{n}", {"invoice": f"i{n}"})
    stop.set()
    thread.join()
    assert not torn


def test_concurrent_increments_never_lose_an_update(store):
    def increment():
        for _ in range(100):
            with store.transaction("t/1") as repo:
                counter = repo.get("counter", "c") or {"n": 0}
                counter["n"] += 1
                repo.put("counter", "c", counter)

    threads = [threading.Thread(target=increment) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with store.transaction("t/1") as repo:
        assert repo.get("counter", "c") == {"n": 800}


def test_a_nested_transaction_is_refused_instead_of_deadlocking(store):
    with store.transaction("t/1"):
        with pytest.raises(StoreError, match="already in use"):
            with store.transaction("t/2"):
                pass
        with pytest.raises(StoreError):
            store.snapshot()


def test_the_repository_is_unusable_after_its_block(store):
    with store.transaction("t/1") as repo:
        repo.put("invoice", "i", {})
    with pytest.raises(StoreError, match="transaction is over"):
        repo.get("invoice", "i")


def test_a_closed_store_refuses_work(store):
    store.close()
    with pytest.raises(StoreError, match="closed"):
        with store.transaction("t/1"):
            pass
    store.close()


# Whole-store operations


def test_snapshot_restore_and_clear_by_prefix(store):
    put_all(store, "zenskar/a", "invoice", {"i1": {"n": 1}})
    put_all(store, "zenskar/ab", "invoice", {"i2": {"n": 2}})
    put_all(store, "chargebee/a", "invoice", {"i3": {"n": 3}})
    everything = store.snapshot()
    assert store.snapshot("zenskar") == {
        "zenskar/a": {"invoice": {"i1": {"n": 1}}},
        "zenskar/ab": {"invoice": {"i2": {"n": 2}}},
    }
    assert store.snapshot("zenskar/a") == {"zenskar/a": {"invoice": {"i1": {"n": 1}}}}

    store.clear("zenskar/a")
    assert store.namespaces() == ["chargebee/a", "zenskar/ab"]

    store.restore({"zenskar/a": {"invoice": {"new": {"n": 4}}}}, "zenskar")
    assert store.namespaces() == ["chargebee/a", "zenskar/a"], "restore replaced all of zenskar"
    assert store.snapshot("zenskar") == {"zenskar/a": {"invoice": {"new": {"n": 4}}}}

    store.restore(everything)
    assert store.snapshot() == everything
    store.clear()
    assert store.is_empty() and store.namespaces() == []


def test_snapshot_is_a_copy(store):
    put_all(store, "t/1", "invoice", {"i": {"n": 1}})
    store.snapshot()["t/1"]["invoice"]["i"]["n"] = 2
    assert store.snapshot() == {"t/1": {"invoice": {"i": {"n": 1}}}}


def test_restore_refuses_data_outside_its_prefix_and_changes_nothing(store):
    put_all(store, "zenskar/a", "invoice", {"i": {}})
    with pytest.raises(ValueError, match="outside the prefix"):
        store.restore({"chargebee/a": {"invoice": {"x": {}}}}, "zenskar")
    with pytest.raises(TypeError):
        store.restore({"zenskar/a": {"invoice": {"x": "not a record"}}}, "zenskar")
    assert store.snapshot() == {"zenskar/a": {"invoice": {"i": {}}}}


# Files


def test_in_memory_store_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store.open(None) as store:
        put_all(store, "t/1", "invoice", {"i": {}})
    assert list(tmp_path.iterdir()) == []


def test_reopen_restores_exactly(tmp_path):
    path = tmp_path / "nested" / "data.json"
    with Store.open(path) as store:
        put_all(store, "zenskar/demo", "invoice", {"b": {"x": [1, {"y": None}]}, "a": {"z": 1.5}})
        put_all(store, "dayzero/acme", "payment", {"p": {"amount": 100, "ok": True}})
        with store.transaction("zenskar/demo") as repo:
            repo.delete("invoice", "b")
            repo.put("invoice", "b", {"again": "é"})
        before = store.snapshot()
    with Store.open(path) as store:
        assert store.snapshot() == before
        with store.transaction("zenskar/demo") as repo:
            assert list(repo.ids("invoice")) == ["b", "a"]


def test_a_second_store_on_the_same_file_is_refused(tmp_path):
    with Store.open(tmp_path / "data.json"):
        with pytest.raises(StoreError, match="in use"):
            Store.open(tmp_path / "data.json")
