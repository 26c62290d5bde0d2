"""Durability awaited on an event loop: a deferred commit returns at once, and its caller
learns when it is on disk (or that it never will be) without blocking the loop."""

import asyncio
import threading

import pytest
from support.disk import gate_fsync, slow_fsync

import billing_sandbox.store.log as commit_log
from billing_sandbox.store import Store, StoreError


def commit(store, record_id):
    with store.transaction("t/1") as repo:
        repo.put("invoice", record_id, {"id": record_id})


@pytest.fixture
def gated_fsync(monkeypatch):
    return gate_fsync(monkeypatch)


def test_a_deferred_commit_is_durable_only_when_awaited_to_be(tmp_path, gated_fsync):
    gate, synced = gated_fsync

    async def scenario(store):
        with store.deferring_durability() as pending:
            commit(store, "i1")  # would block on the gate if it waited for the disk
        assert synced == []
        waiting = asyncio.ensure_future(pending.durable())
        await asyncio.sleep(0.05)
        assert not waiting.done(), "acknowledged before its fsync"
        gate.set()
        await asyncio.wait_for(waiting, 5)
        assert synced

    with Store.open(tmp_path / "data.json") as store:
        asyncio.run(scenario(store))
    with Store.open(tmp_path / "data.json") as store:
        assert store.count("t/1", "invoice") == 1


def test_the_callers_one_fsync_made_durable_are_woken_by_one_call_into_the_loop(
        tmp_path, gated_fsync):
    gate, _ = gated_fsync
    calls_from_threads = []

    async def one(store, n):
        with store.deferring_durability() as pending:
            commit(store, f"i{n}")
        await pending.durable()

    async def scenario(store):
        loop = asyncio.get_running_loop()
        real = loop.call_soon_threadsafe
        loop.call_soon_threadsafe = lambda *a: (calls_from_threads.append(a), real(*a))[1]
        waiting = asyncio.gather(*(one(store, n) for n in range(10)))
        await asyncio.sleep(0.05)  # all ten wait behind the first fsync, or for the next one
        gate.set()
        await asyncio.wait_for(waiting, 5)

    with Store.open(tmp_path / "data.json") as store:
        asyncio.run(scenario(store))
    assert 1 <= len(calls_from_threads) <= 2, calls_from_threads


def test_concurrent_deferred_commits_share_fsyncs(tmp_path, monkeypatch):
    synced = slow_fsync(monkeypatch, 0.01)

    async def one(store, n):
        with store.deferring_durability() as pending:
            commit(store, f"i{n}")
        await pending.durable()

    async def many(store):
        await asyncio.gather(*(one(store, n) for n in range(40)))

    with Store.open(tmp_path / "data.json") as store:
        asyncio.run(many(store))
        assert store.count("t/1", "invoice") == 40
    assert len(synced) <= 10, f"{len(synced)} fsyncs for 40 commits"


def test_a_read_inside_waits_for_what_it_saw_to_be_durable(tmp_path, gated_fsync):
    gate, _ = gated_fsync

    async def scenario(store):
        with store.deferring_durability() as writer:
            commit(store, "i1")
        with store.deferring_durability() as reader:
            with store.transaction("t/1") as repo:
                assert repo.get("invoice", "i1") is not None
        assert reader.ticket == writer.ticket
        waiting = asyncio.ensure_future(reader.durable())
        await asyncio.sleep(0.05)
        assert not waiting.done()
        gate.set()
        await asyncio.wait_for(asyncio.gather(waiting, writer.durable()), 5)

    with Store.open(tmp_path / "data.json") as store:
        asyncio.run(scenario(store))


def test_a_failed_fsync_fails_the_awaiting_caller(tmp_path, monkeypatch):
    def broken(fd):
        raise OSError(5, "Input/output error")

    async def scenario(store):
        with store.deferring_durability() as pending:
            commit(store, "i1")
        with pytest.raises(StoreError, match="can no longer be trusted"):
            await asyncio.wait_for(pending.durable(), 5)

    with Store.open(tmp_path / "data.json") as store:
        monkeypatch.setattr(commit_log, "_sync_data", broken)
        asyncio.run(scenario(store))
        monkeypatch.undo()
        with pytest.raises(StoreError):
            commit(store, "i2")


def test_outside_the_block_a_commit_still_waits_for_the_disk(tmp_path, gated_fsync):
    gate, synced = gated_fsync
    with Store.open(tmp_path / "data.json") as store:
        threading.Timer(0.05, gate.set).start()
        commit(store, "i1")
        assert synced, "returned before its fsync"
