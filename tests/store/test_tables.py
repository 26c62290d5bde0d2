"""Reading or writing one record costs the same whatever the number of records."""

import tracemalloc

import pytest
from tinydb import Query

from billing_sandbox.store import Store
from billing_sandbox.store.tables import covers, split_table_name, table_name


def memory_allocated_by(action) -> int:
    """Peak bytes allocated while the action runs: what it builds, copies or rewrites."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def store_with(records: int, path=None) -> Store:
    store = Store.open(path)
    invoices = {f"inv_{n}": {"number": n, "memo": "x" * 100} for n in range(records)}
    store.restore({"t/1": {"invoice": invoices}})
    store.compact()
    return store


def put_one(store):
    with store.transaction("t/1") as repo:
        repo.put("invoice", "inv_5", {"number": 5, "memo": "changed"})


def get_one(store):
    with store.transaction("t/1") as repo:
        assert repo.get("invoice", "inv_5")["number"] == 5


@pytest.mark.parametrize("action", [put_one, get_one])
def test_memory_touched_by_one_read_or_write_does_not_grow_with_the_table(action):
    small, large = store_with(100), store_with(20_000)
    action(small), action(large)  # warm up lazily created objects
    # Rebuilding or copying a 20,000-record table would allocate far over 500 KB.
    assert (
        memory_allocated_by(lambda: action(large))
        < memory_allocated_by(lambda: action(small)) + 16 * 1024
    )


def test_a_write_appends_one_log_line_and_leaves_the_data_file_alone(tmp_path):
    appended = []
    for records in (100, 20_000):
        path = tmp_path / f"{records}.json"
        store = store_with(records, path)
        data_file = path.stat()
        put_one(store)
        assert path.stat().st_mtime_ns == data_file.st_mtime_ns
        assert path.stat().st_ino == data_file.st_ino
        log = path.with_name(path.name + ".log").read_bytes()
        assert log.count(b"\n") == 1
        appended.append(len(log))
        store.close()
    assert appended[0] == appended[1]


def test_tinydb_reads_the_records_and_refuses_writes_outside_a_transaction():
    store = store_with(3)
    table = store._database.table("t/1:invoice")
    assert table.get(doc_id="inv_1") == {"number": 1, "memo": "x" * 100}
    assert [doc.doc_id for doc in table.search(Query().number >= 1)] == ["inv_1", "inv_2"]
    with pytest.raises(TypeError, match="only through Store transactions"):
        table.insert({"number": 9})
    with pytest.raises(TypeError, match="only through Store transactions"):
        table.update({"number": 9})
    assert store.count("t/1", "invoice") == 3


def test_table_names_pair_namespace_and_kind():
    assert table_name("zenskar/demo", "invoice") == "zenskar/demo:invoice"
    assert split_table_name("zenskar/demo:invoice") == ("zenskar/demo", "invoice")
    assert split_table_name("_store") is None


@pytest.mark.parametrize(
    ("prefix", "namespace", "covered"),
    [
        (None, "zenskar/a", True),
        ("zenskar", "zenskar/a", True),
        ("zenskar/a", "zenskar/a", True),
        ("zenskar/a", "zenskar/ab", False),
        ("zenskar", "zenskarx/a", False),
    ],
)
def test_prefix_covers_whole_namespace_segments(prefix, namespace, covered):
    assert covers(prefix, namespace) is covered
