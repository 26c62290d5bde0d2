"""The data file: TinyDB's JSON layout, one record per line, loaded without parsing it whole."""

import json
import shutil
import tracemalloc
import zlib

import pytest
from tinydb import Query, TinyDB
from tinydb.table import Document

from billing_sandbox.store import Store, StoreError


def invoice(n: int) -> dict:
    """About a kilobyte, shaped like a stored invoice."""
    return {
        "id": str(n), "customer_id": f"cust_{n % 10}", "status": "paid", "currency": "USD",
        "total": 1000 + n, "amount_paid": 1000 + n, "created_at": "2026-11-22T14:39:39.764899Z",
        "line_items": [{"id": f"li_{n}_{k}", "description": "Setup fee " * 5, "amount": 500,
                        "period_start": None, "proration": None} for k in range(3)],
        "payment_ids": [f"txn_{n}"], "extra": {"memo": "é" * 20, "po_number": None},
        "notes": "x" * 300,
    }


def write_store(path, count: int = 3) -> dict:
    with Store.open(path) as store:
        store.restore({"cb/demo": {"invoice": {str(n): invoice(n) for n in range(count)}}})
        return store.snapshot()


def test_the_data_file_is_tinydb_json_with_one_record_per_line(tmp_path):
    path = tmp_path / "data.json"
    before = write_store(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["{", '"cb/demo:invoice":{']
    assert [json.loads("{" + line.rstrip(",") + "}") for line in lines[2:5]] == [
        {str(n): invoice(n)} for n in range(3)
    ]
    with TinyDB(path, access_mode="r") as tinydb:  # TinyDB itself reads it
        paid = tinydb.table("cb/demo:invoice").search(Query().total == 1001)
        assert paid == [invoice(1)] and paid[0].doc_id == 1
    with Store.open(path) as store:
        assert store.snapshot() == before


def test_any_string_survives_the_log_and_the_data_file(tmp_path):
    path = tmp_path / "live" / "data.json"
    odd_id = 'a"b\\c\nd:e'
    record = {"id": odd_id, "name": "é€😀", "lone": "\ud800", "tab\n": ["\t", "\u2028"]}
    with Store.open(path) as store:
        with store.transaction("t/ü") as repo:
            repo.put("invoice", odd_id, record)
        crashed = tmp_path / "crashed"
        shutil.copytree(path.parent, crashed, ignore=shutil.ignore_patterns("*.lock"))
    for copy in (crashed / "data.json", path):  # from the log, then from the data file
        with Store.open(copy) as store, store.transaction("t/ü") as repo:
            assert repo.get("invoice", odd_id) == record
            assert list(repo.ids("invoice")) == [odd_id]


def test_numbers_survive_the_log_and_the_data_file_exactly(tmp_path):
    path = tmp_path / "live" / "data.json"
    record = {"big": 10**30, "negative": -(2**70), "float": 0.1, "whole": 2.0, "e": 1e16}
    with Store.open(path) as store:
        with store.transaction("t/1") as repo:
            repo.put("invoice", "i", record)
        crashed = tmp_path / "crashed"
        shutil.copytree(path.parent, crashed, ignore=shutil.ignore_patterns("*.lock"))
    for copy in (crashed / "data.json", path):  # from the log, then from the data file
        with Store.open(copy) as store, store.transaction("t/1") as repo:
            got = repo.get("invoice", "i")
            assert got == record
            assert [type(v) for v in got.values()] == [int, int, float, float, float]


def test_a_data_file_written_by_the_previous_version_opens_as_written(tmp_path):
    """It wrote record texts as ASCII (\\u escapes), this version UTF-8: both are read, and
    an old file whose checksum matches is taken as it is (closing does not rewrite it)."""
    body = (b'{\n"cb/demo:invoice":{\n'
            b'"1":{"id":"1","memo":"\\u00e9\\ud83d\\ude00","total":10},\n'
            b'"a\\"b":{"id":"a\\"b","lone":"\\ud800"}\n'
            b'},\n')
    meta = b'{"log":{"last_seq":4},"checksum":{"crc32":"%08x"}}' % zlib.crc32(body)
    path = tmp_path / "data.json"
    path.write_bytes(body + b'"_store":' + meta + b"\n}\n")
    written = path.read_bytes()
    with Store.open(path) as store:
        assert store.snapshot() == {"cb/demo": {"invoice": {
            "1": {"id": "1", "memo": "é😀", "total": 10},
            'a"b': {"id": 'a"b', "lone": "\ud800"}}}}
        with store.transaction("cb/demo") as repo:
            assert list(repo.ids("invoice")) == ["1", 'a"b']
    assert path.read_bytes() == written


def test_a_data_file_written_by_tinydb_opens(tmp_path):
    path = tmp_path / "data.json"
    with TinyDB(path) as tinydb:
        tinydb.table("cb/demo:invoice").insert(Document({"status": "paid"}, doc_id=7))
    with Store.open(path) as store:
        assert store.snapshot() == {"cb/demo": {"invoice": {"7": {"status": "paid"}}}}
    assert path.read_text().startswith("{\n"), "closing rewrote it in the line layout"


def test_a_data_file_edited_by_hand_is_checked_record_by_record(tmp_path):
    path = tmp_path / "data.json"
    write_store(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"total":1001', '"total": 7'), encoding="utf-8")
    with Store.open(path) as store:
        assert store.snapshot()["cb/demo"]["invoice"]["1"]["total"] == 7
        with store.transaction("cb/demo") as repo:
            assert list(repo.ids("invoice")) == ["0", "1", "2"]

    path.write_text(path.read_text().replace('"total":7,', '"total":7,,'), encoding="utf-8")
    with pytest.raises(StoreError, match="not a JSON data file"):
        Store.open(path)


def test_a_data_file_cut_short_is_refused(tmp_path):
    path = tmp_path / "data.json"
    write_store(path)
    data = path.read_bytes()
    for end in (len(data) // 2, data.rindex(b'"_store"'), len(data) - 2):
        path.write_bytes(data[:end])
        with pytest.raises(StoreError, match="not a JSON data file"):
            Store.open(path)


def test_loading_takes_about_the_memory_of_the_file(tmp_path):
    """Records are kept as their text and the file is read line by line: parsing it whole,
    or keeping records as dicts, takes four to six times the size of the file."""
    path = tmp_path / "data.json"
    write_store(path, count=5000)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        store = Store.open(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    try:
        assert store.count("cb/demo", "invoice") == 5000
        assert peak < 1.5 * size, f"{peak / size:.1f} times the {size:,} bytes of the file"
    finally:
        store.close()
