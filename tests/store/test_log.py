"""The commit log: torn tails are dropped on load, commits are durable and share fsyncs."""

import json
import logging
import shutil
import threading
import zlib

import pytest
from support.disk import slow_fsync

import billing_sandbox.store.log as commit_log
from billing_sandbox.store import Store, StoreError


def log_of(path):
    return path.with_name(path.name + ".log")


def crash_image(store_path, into):
    """Copy the files of an open store: what a kill -9 at this moment would leave."""
    into.mkdir()
    for source in store_path.parent.iterdir():
        if not source.name.endswith(".lock"):
            shutil.copy(source, into / source.name)
    return into / store_path.name


def commit(store, record_id, record):
    with store.transaction("t/1") as repo:
        repo.put("invoice", record_id, record)


def invoices(path):
    with Store.open(path) as store:
        return store.snapshot().get("t/1", {}).get("invoice", {})


@pytest.fixture
def crashed(tmp_path):
    """The files of a store killed after three commits, before any compaction."""
    path = tmp_path / "live" / "data.json"
    with Store.open(path) as store:
        for n in range(3):
            commit(store, f"i{n}", {"n": n})
        yield crash_image(path, tmp_path / "crashed")


def test_commits_still_in_the_log_are_loaded(crashed):
    assert invoices(crashed) == {"i0": {"n": 0}, "i1": {"n": 1}, "i2": {"n": 2}}


@pytest.mark.parametrize(
    "torn_tail",
    [
        b'3b1f00aa {"seq":4,"tables":{"t/1:invoice":{"i3":{"n',  # cut mid-line
        b"\0" * 300,  # a block allocated but never written
        b'00000000 {"seq":4,"tables":{}}\n',  # whole line, wrong checksum
    ],
)
def test_a_torn_last_line_is_ignored_and_cut_off(crashed, torn_tail, caplog):
    log = log_of(crashed)
    whole = log.read_bytes()
    log.write_bytes(whole + torn_tail)
    with caplog.at_level(logging.WARNING), Store.open(crashed) as store:
        assert "never acknowledged" in caplog.text
        assert log.read_bytes() == whole
        assert store.count("t/1", "invoice") == 3
        # Later commits follow the whole lines, not lost behind the damage at the next load.
        commit(store, "i3", {"n": 3})
        again = crash_image(crashed, crashed.parent.parent / "again")
    assert invoices(again)["i3"] == {"n": 3}


def test_damage_inside_the_log_drops_what_follows(crashed):
    log = log_of(crashed)
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(lines[0] + b"garbage\n" + b"".join(lines[1:]))
    assert invoices(crashed) == {"i0": {"n": 0}}


def test_a_commit_returns_only_after_its_fsync(tmp_path, monkeypatch):
    synced = slow_fsync(monkeypatch, 0)
    with Store.open(tmp_path / "data.json") as store:
        commit(store, "i", {})
        assert len(synced) == 1
        with store.transaction("t/1") as repo:
            repo.get("invoice", "i")
        assert len(synced) == 1, "a read of durable data waits for nothing"


def test_commits_arriving_during_an_fsync_share_the_next_one(tmp_path, monkeypatch):
    syncs = slow_fsync(monkeypatch, 0.02)
    with Store.open(tmp_path / "data.json") as store:

        def worker(number):
            for n in range(5):
                commit(store, f"w{number}-{n}", {})

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert store.count("t/1", "invoice") == 40
    assert len(syncs) <= 20, f"{len(syncs)} fsyncs for 40 commits"


@pytest.mark.parametrize(
    "payload",
    [
        # the first versions: records as JSON objects, as json.dumps wrote them
        '{"seq": 1, "tables": {"t/1:invoice": {"i": {"n": 1, "s": "\\u00e9"}, "gone": null}}}',
        # the versions before msgspec: each record's ASCII text as a JSON string
        '{"seq":1,"tables":{"t/1:invoice":{"i":"{\\"n\\":1,\\"s\\":\\"\\\\u00e9\\"}","gone":null}}}',
    ],
)
def test_a_log_written_by_an_earlier_version_is_replayed(tmp_path, payload):
    data = payload.encode()
    log_of(tmp_path / "data.json").write_bytes(b"%08x %b\n" % (zlib.crc32(data), data))
    assert invoices(tmp_path / "data.json") == {"i": {"n": 1, "s": "é"}}


def test_a_log_line_holds_each_record_as_its_text():
    """What the versions before msgspec read too (they took records as objects or strings)."""
    entry = {"seq": 3, "tables": {"t:k": {"i": b'{"s":"\xc3\xa9","n":[1]}', "gone": None}}}
    line = commit_log.encode_line(entry)
    assert line.endswith(b' {"seq":3,"tables":{"t:k":'
                         b'{"i":{"s":"\xc3\xa9","n":[1]},"gone":null}}}\n')
    assert json.loads(line[9:]) == {"seq": 3, "tables": {"t:k": {"i": {"s": "é", "n": [1]},
                                                                 "gone": None}}}


def test_lines_round_trip_and_reject_damage():
    entry = {"seq": 1, "clear": "t", "tables": {"t:k": {"i": '{"s":"é"}'.encode(), "gone": None}}}
    line = commit_log.encode_line(entry)
    assert commit_log.whole_lines_length(line + line) == 2 * len(line)
    assert list(commit_log.iter_entries(line)) == [entry]
    flipped = line.replace(b'"seq":1', b'"seq":2')
    assert commit_log.whole_lines_length(line + flipped) == len(line)


def test_a_failed_write_fails_its_commit_and_leaves_no_torn_line(tmp_path, monkeypatch):
    path = tmp_path / "data.json"
    real_write = commit_log.os.write
    with Store.open(path) as store:
        commit(store, "kept", {"n": 1})
        size = log_of(path).stat().st_size

        def half_then_disk_full(fd, data):
            if fd == store._journal._log._fd:  # the commit log only
                real_write(fd, bytes(data[: len(data) // 2]))
                raise OSError(28, "No space left on device")
            return real_write(fd, data)

        monkeypatch.setattr(commit_log.os, "write", half_then_disk_full)
        with pytest.raises(StoreError, match="No space left"):
            commit(store, "lost", {"n": 2})
        monkeypatch.undo()
        assert log_of(path).stat().st_size == size, "a part of the failed line stayed"
        with pytest.raises(StoreError):
            commit(store, "after", {"n": 3})  # the log is no longer trusted
    assert invoices(path) == {"kept": {"n": 1}}
