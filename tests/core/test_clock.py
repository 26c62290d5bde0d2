"""The sandbox clock: real, frozen or running ahead; read without its lock."""

import threading
from datetime import UTC, datetime, timedelta

from billing_sandbox.core.clock import Clock

INSTANT = datetime(2026, 1, 10, tzinfo=UTC)


def test_frozen_advanced_and_back_to_real_time():
    clock = Clock()
    clock.freeze(INSTANT)
    clock.advance(timedelta(days=2))
    assert (clock.now(), clock.frozen, clock.offset) == (INSTANT + timedelta(days=2), True,
                                                         timedelta(0))
    clock.real_time()
    clock.advance(timedelta(days=3))
    ahead = clock.now() - datetime.now(UTC)
    assert not clock.frozen and clock.offset == timedelta(days=3)
    assert timedelta(days=3) - timedelta(seconds=5) < ahead <= timedelta(days=3)


def test_a_reader_never_sees_half_of_a_change():
    """Readers take no lock: each sees a whole state (a frozen instant, or real time plus an
    offset), never the instant of one and the offset of another."""
    clock, seen, stop = Clock(), set(), threading.Event()

    def change() -> None:
        while not stop.is_set():
            clock.freeze(INSTANT)
            clock.real_time()

    writer = threading.Thread(target=change)
    writer.start()
    try:
        for _ in range(20_000):
            now = clock.now()
            seen.add(now == INSTANT or abs(now - datetime.now(UTC)) < timedelta(seconds=5))
    finally:
        stop.set()
        writer.join()
    assert seen == {True}
