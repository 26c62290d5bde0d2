"""``chargebee-idempotency-key``: a retried POST with the same key gets the first answer back
(header ``chargebee-idempotency-replayed: true``) instead of charging again; the same key with
another body is refused with 422 unable_to_process_request. Keys are kept per site, with the
site's records and in the same transaction as the invoice they answer for, so they survive
restarts with ``--data``, a crash cannot keep one without the other, and a reset forgets them.

A site keeps its newest ``KEPT_KEYS`` keys: each key is numbered, and storing key number n
forgets key number n - KEPT_KEYS, so the records stay bounded at O(1) cost per request."""

from __future__ import annotations

import hashlib

from billing_sandbox.core.books import COUNTER
from billing_sandbox.core.repository import Repository
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import Reply, Request

HEADER = "chargebee-idempotency-key"
REPLAYED = "chargebee-idempotency-replayed"
KIND = "idempotency_key"
ORDER = "idempotency_order"  # key number -> key, to forget the oldest
SEQUENCE = "idempotency_keys"
KEPT_KEYS = 10_000


def replay(repo: Repository, request: Request) -> Reply | None:
    """The stored answer to an earlier request with this key, or None."""
    key = request.headers.get(HEADER)
    stored = repo.get(KIND, key) if key else None
    if stored is None:
        return None
    if stored["request"] != _fingerprint(request):
        raise ApiError("unprocessable", f"The idempotency key {key!r} was already used with "
                                        "a different request; use a new key for a new request",
                       param=HEADER)
    return Reply(stored["status"], stored["body"], {REPLAYED: "true"})


def remember(repo: Repository, request: Request, reply: Reply, kept: int = KEPT_KEYS) -> None:
    key = request.headers.get(HEADER)
    if not key:
        return
    sequence = repo.get(COUNTER, SEQUENCE) or {"id": SEQUENCE, "value": 0}
    sequence["value"] += 1
    number = sequence["value"]
    repo.put(COUNTER, SEQUENCE, sequence)
    repo.put(KIND, key, {"id": key, "number": number, "request": _fingerprint(request),
                         "status": reply.status, "body": reply.body})
    repo.put(ORDER, str(number), {"id": str(number), "key": key})
    _forget(repo, number - kept)


def _forget(repo: Repository, number: int) -> None:
    if number < 1:
        return
    order = repo.get(ORDER, str(number))
    if order is None:
        return
    repo.delete(ORDER, str(number))
    stored = repo.get(KIND, order["key"])
    if stored is not None and stored.get("number") == number:
        repo.delete(KIND, order["key"])


def _fingerprint(request: Request) -> str:
    return hashlib.sha256(request.operation.operation_id.encode() + b"\0" +
                          request.raw_body).hexdigest()
