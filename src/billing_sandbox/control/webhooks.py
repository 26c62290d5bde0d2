"""Webhook endpoints and the delivery of events to them, with retries and backoff.

An endpoint receives every event of its vendor (or of one tenant) published after it was
registered: the event's payload is POSTed as JSON, as the vendor would post it. A delivery
attempt fails on a transport error or a status other than 2xx; failed attempts are retried
after ``backoff_ms``, then twice that, four times that... until ``max_attempts`` attempts were
made. Every attempt is kept (the newest ``KEPT_ATTEMPTS`` per endpoint) with its time, status
or error, and when the next one is due.

One daemon thread, started with the first endpoint, makes the attempts; publishing only queues
them, so a slow or dead receiver never holds up the API call that caused the event. Times are
real (wall-clock) time: the sandbox clock may be frozen, delivery is not.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from billing_sandbox.core.dates import iso_datetime

from .event_log import LoggedEvent

if TYPE_CHECKING:
    import httpx

KEPT_ATTEMPTS = 1000
TIMEOUT_SECONDS = 5.0
HEADERS = {"content-type": "application/json", "user-agent": "billing-sandbox-webhooks"}

# (url, body) -> HTTP status; raises on a transport error
Poster = Callable[[str, bytes], int]


@dataclass(frozen=True)
class Attempt:
    logged: LoggedEvent
    attempt: int
    time: datetime
    status: int | None  # None: no answer (see error)
    error: str | None
    next_retry_at: datetime | None  # None: delivered, or no attempts left

    @property
    def delivered(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def as_dict(self) -> dict:
        return {"event_id": self.logged.event.id, "event_type": self.logged.event.type,
                "tenant": self.logged.tenant, "attempt": self.attempt,
                "time": iso_datetime(self.time), "status": self.status, "error": self.error,
                "delivered": self.delivered,
                "next_retry_at": None if self.next_retry_at is None
                else iso_datetime(self.next_retry_at)}


@dataclass
class Webhook:
    id: str
    vendor: str
    url: str
    tenant: str | None
    max_attempts: int
    backoff_ms: int
    created_at: datetime
    attempts: deque[Attempt] = field(default_factory=lambda: deque(maxlen=KEPT_ATTEMPTS))

    def wants(self, logged: LoggedEvent) -> bool:
        return logged.vendor == self.vendor and self.tenant in (None, logged.tenant)


@dataclass(order=True)
class _Due:
    at: float  # time.monotonic()
    order: int
    webhook: Webhook = field(compare=False)
    logged: LoggedEvent = field(compare=False)
    attempt: int = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class Webhooks:
    def __init__(self, post: Poster | None = None) -> None:
        self._post = post or _http_post()
        self._webhooks: dict[str, Webhook] = {}
        self._ids = itertools.count(1)
        self._order = itertools.count()
        self._queue: list[_Due] = []
        self._current: _Due | None = None
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None
        self._closed = False

    def add(self, vendor: str, url: str, tenant: str | None = None, max_attempts: int = 5,
            backoff_ms: int = 1000) -> Webhook:
        webhook = Webhook(f"wh_{next(self._ids)}", vendor, url, tenant, max_attempts,
                          backoff_ms, datetime.now(UTC))
        with self._wake:
            self._webhooks[webhook.id] = webhook
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="webhook-delivery",
                                                 daemon=True)
                self._worker.start()
        return webhook

    def list(self) -> list[Webhook]:
        with self._wake:
            return list(self._webhooks.values())

    def remove(self, webhook_id: str) -> Webhook | None:
        """Remove the endpoint and cancel its pending attempts."""
        with self._wake:
            webhook = self._webhooks.pop(webhook_id, None)
            if webhook is not None:
                self._cancel(lambda due: due.webhook is webhook)
        return webhook

    def clear(self) -> int:
        """Remove every endpoint (a full reset)."""
        with self._wake:
            removed = len(self._webhooks)
            self._webhooks.clear()
            self._cancel(lambda due: True)
        return removed

    def forget(self, vendor: str, tenant: str | None = None) -> None:
        """Forget the scope's events: cancel their pending attempts, drop their attempts."""
        def covered(logged: LoggedEvent) -> bool:
            return logged.vendor == vendor and tenant in (None, logged.tenant)

        with self._wake:
            self._cancel(lambda due: covered(due.logged))
            for webhook in self._webhooks.values():
                kept = [a for a in webhook.attempts if not covered(a.logged)]
                webhook.attempts = deque(kept, maxlen=KEPT_ATTEMPTS)

    def deliver(self, events: list[LoggedEvent]) -> None:
        """Queue the first attempt of each event for each endpoint that wants it."""
        with self._wake:
            now = time.monotonic()
            for logged in events:
                for webhook in self._webhooks.values():
                    if webhook.wants(logged):
                        heapq.heappush(self._queue,
                                       _Due(now, next(self._order), webhook, logged, 1))
            self._wake.notify()

    def pending(self, webhook: Webhook) -> int:
        with self._wake:
            return sum(1 for due in self._queue if due.webhook is webhook and not due.cancelled)

    def attempts(self, webhook: Webhook) -> list[Attempt]:
        with self._wake:
            return list(webhook.attempts)

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()

    def _cancel(self, which: Callable[[_Due], bool]) -> None:
        for due in [*self._queue, *([self._current] if self._current else [])]:
            if which(due):
                due.cancelled = True
        self._queue = [due for due in self._queue if not due.cancelled]
        heapq.heapify(self._queue)

    def _run(self) -> None:
        while True:
            with self._wake:
                due = self._next_due()
                if due is None:
                    return
                self._current = due
            status, error, started = self._attempt(due)
            with self._wake:
                self._current = None
                if not due.cancelled:
                    self._record(due, status, error, started)

    def _next_due(self) -> _Due | None:
        """Wait (holding the condition) for the earliest attempt that is due; None if closed."""
        while not self._closed:
            now = time.monotonic()
            if self._queue and self._queue[0].at <= now:
                return heapq.heappop(self._queue)
            self._wake.wait(self._queue[0].at - now if self._queue else None)
        return None

    def _attempt(self, due: _Due) -> tuple[int | None, str | None, datetime]:
        started = datetime.now(UTC)
        body = json.dumps(due.logged.event.payload).encode()
        try:
            return self._post(due.webhook.url, body), None, started
        except Exception as exc:  # any failure to get an answer is a failed attempt
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            return None, reason, started

    def _record(self, due: _Due, status: int | None, error: str | None,
                started: datetime) -> None:
        webhook = due.webhook
        failed = error is not None or status is None or not 200 <= status < 300
        retry = failed and due.attempt < webhook.max_attempts
        delay = webhook.backoff_ms * 2 ** (due.attempt - 1) / 1000
        webhook.attempts.append(Attempt(
            due.logged, due.attempt, started, status, error,
            datetime.now(UTC) + timedelta(seconds=delay) if retry else None))
        if retry:
            heapq.heappush(self._queue, _Due(time.monotonic() + delay, next(self._order),
                                             webhook, due.logged, due.attempt + 1))


def _http_post() -> Poster:
    """POST with one httpx client, made on first use (by the delivery thread only; httpx is
    imported then too: 0.1 s of start-up otherwise, for a sandbox that may never deliver)."""
    clients: list[httpx.Client] = []

    def post(url: str, body: bytes) -> int:
        if not clients:
            import httpx

            clients.append(httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False))
        return clients[0].post(url, content=body, headers=HEADERS).status_code

    return post
