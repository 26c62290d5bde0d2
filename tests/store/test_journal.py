"""Compaction: the log is folded into the data file, which is only ever replaced whole."""

import json
import shutil
import threading

import pytest

from billing_sandbox.store import Store, StoreError, journal
from billing_sandbox.store.snapshot_file import write_snapshot


def log_of(path):
    return path.with_name(path.name + ".log")


def commit(store, record_id, record):
    with store.transaction("t/1") as repo:
        repo.put("invoice", record_id, record)


def test_compact_keeps_the_data_and_empties_the_log(tmp_path):
    path = tmp_path / "data.json"
    with Store.open(path) as store:
        for n in range(20):
            commit(store, f"i{n}", {"n": n})
        before = store.snapshot()
        assert log_of(path).stat().st_size > 0
        store.compact()
        assert log_of(path).stat().st_size == 0
        assert store.snapshot() == before
    with Store.open(path) as store:
        assert store.snapshot() == before


def files_size(path) -> int:
    """Bytes in the data file and its logs (a compaction may rename or remove one meanwhile)."""
    total = 0
    for suffix in ("", ".log", ".log.old"):
        try:
            total += path.with_name(path.name + suffix).stat().st_size
        except FileNotFoundError:
            pass
    return total


def test_files_stay_bounded_however_often_the_same_records_change(tmp_path):
    path = tmp_path / "data.json"
    floor = 4096
    largest = logged = 0
    with Store.open(path, compact_after_bytes=floor) as store:
        for n in range(3000):
            commit(store, f"i{n % 50}", {"n": n, "memo": "x" * 200})
            logged += 250
            # (however slow the machine: a compaction ends before the next one could start)
            store._journal._wait_for_compactor()
            largest = max(largest, files_size(path))
        before = store.snapshot()
    live = path.stat().st_size  # the 50 records, written once
    assert logged > 40 * live, "the records were rewritten many times over"
    # The data file, plus at most half of it (or the floor) in the log.
    assert largest < 2 * (live + floor), f"{largest:,} bytes on disk for {live:,} of records"
    with Store.open(path) as store:
        assert store.snapshot() == before


def test_close_compacts(tmp_path):
    path = tmp_path / "data.json"
    with Store.open(path) as store:
        commit(store, "i", {"n": 1})
    assert log_of(path).stat().st_size == 0
    document = json.loads(path.read_text())
    assert document["t/1:invoice"] == {"i": {"n": 1}}, "the data file is TinyDB's JSON layout"


def test_a_crash_between_writing_the_data_file_and_emptying_the_log(tmp_path):
    path = tmp_path / "data.json"
    with Store.open(path) as store:
        commit(store, "a", {"n": 1})
        commit(store, "b", {"n": 2})
        with store.transaction("t/1") as repo:
            repo.delete("invoice", "a")
        commit(store, "a", {"n": 3})
        log_before_compaction = log_of(path).read_bytes()
        store.compact()
        before = store.snapshot()
    log_of(path).write_bytes(log_before_compaction)  # the log was never emptied
    with Store.open(path) as store:
        assert store.snapshot() == before
        with store.transaction("t/1") as repo:
            assert list(repo.ids("invoice")) == ["b", "a"]


def test_a_log_without_its_data_file_is_refused(tmp_path):
    path = tmp_path / "data.json"
    with Store.open(path) as store:
        commit(store, "a", {})
        store.compact()
        commit(store, "b", {})
        orphan_log = log_of(path).read_bytes()
    path.unlink()
    log_of(path).write_bytes(orphan_log)
    with pytest.raises(StoreError, match="do not belong together"):
        Store.open(path)


def test_a_data_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "data.json"
    path.write_text("not json")
    with pytest.raises(StoreError, match="not a JSON data file"):
        Store.open(path)
    log_of(path).unlink()
    path.write_text('{"_default": {"1": {"a": 1}}}')
    with pytest.raises(StoreError, match="namespace:kind"):
        Store.open(path)


def files_beside(path):
    return sorted(p.name for p in path.parent.iterdir())


def test_commits_go_on_while_a_compaction_writes_the_data_file(tmp_path, monkeypatch):
    path = tmp_path / "live" / "data.json"
    started, release = threading.Event(), threading.Event()
    writers = []

    def slow_write_snapshot(*args):
        writers.append(threading.current_thread())
        if len(writers) == 1:
            started.set()
            release.wait(timeout=10)
        return write_snapshot(*args)

    monkeypatch.setattr(journal, "write_snapshot", slow_write_snapshot)
    store = Store.open(path, compact_after_bytes=2048)
    n = 0
    while not started.is_set():
        n += 1
        commit(store, f"i{n}", {"memo": "x" * 100})
        assert n < 100, "the log outgrew the data file but no compaction started"
    for extra in range(5):  # would wait for the compaction if it held the store lock
        commit(store, f"during{extra}", {})
    assert writers[0] is not threading.current_thread()
    assert "data.json.log.old" in files_beside(path)
    before = store.snapshot()

    crashed = tmp_path / "crashed"
    shutil.copytree(path.parent, crashed, ignore=shutil.ignore_patterns("*.lock"))
    with Store.open(crashed / "data.json") as image:
        assert image.snapshot() == before

    release.set()
    store.close()
    assert files_beside(path) == ["data.json", "data.json.lock", "data.json.log"]
    with Store.open(path) as reopened:
        assert reopened.snapshot() == before


def test_a_failed_compaction_loses_nothing_and_is_retried(tmp_path, monkeypatch, caplog):
    path = tmp_path / "data.json"

    def failing_write_snapshot(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal, "write_snapshot", failing_write_snapshot)
    store = Store.open(path, compact_after_bytes=2048)
    n = 0
    while "data.json.log.old" not in files_beside(path):
        n += 1
        commit(store, f"i{n}", {"memo": "x" * 100})
        assert n < 200, "no compaction started"
    store._journal._wait_for_compactor()
    assert "No space left" in caplog.text
    assert "data.json.log.old" in files_beside(path), "the commits it held are still there"
    monkeypatch.undo()
    while "data.json.log.old" in files_beside(path):
        n += 1
        commit(store, f"i{n}", {"memo": "x" * 100})
        assert n < 1000, "the failed compaction was never retried"
    before = store.snapshot()
    assert len(before["t/1"]["invoice"]) == n
    store.close()
    with Store.open(path) as reopened:
        assert reopened.snapshot() == before
