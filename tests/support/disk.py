"""The commit log's fdatasync held back or slowed down, to see who waits for the disk."""

from __future__ import annotations

import threading

import billing_sandbox.store.log as commit_log


def gate_fsync(monkeypatch) -> tuple[threading.Event, list[int]]:
    """Every fdatasync waits (up to 10 s) until the returned gate is set; the list collects
    the file descriptors of the syncs done."""
    gate = threading.Event()
    return gate, _replace_sync(monkeypatch, lambda: gate.wait(10))


def slow_fsync(monkeypatch, seconds: float) -> list[int]:
    """Every fdatasync takes ``seconds`` longer; the list collects the syncs done."""
    return _replace_sync(monkeypatch, lambda: threading.Event().wait(seconds))


def _replace_sync(monkeypatch, before) -> list[int]:
    synced: list[int] = []
    real_sync = commit_log._sync_data

    def sync(fd: int) -> None:
        before()
        real_sync(fd)
        synced.append(fd)

    monkeypatch.setattr(commit_log, "_sync_data", sync)
    return synced
