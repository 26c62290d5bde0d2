"""``chargebee-idempotency-key``: a retried POST with the same key gets the first answer back
(header ``chargebee-idempotency-replayed: true``) instead of charging again; the same key with
another body is refused with 422 unable_to_process_request. Keys are kept per site, with the
site's records, so they survive restarts with ``--data`` and go away with a reset."""

from __future__ import annotations

import hashlib

from billing_sandbox.core.repository import Repository
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.registry import Reply, Request

HEADER = "chargebee-idempotency-key"
REPLAYED = "chargebee-idempotency-replayed"
KIND = "idempotency_key"


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


def remember(repo: Repository, request: Request, reply: Reply) -> None:
    key = request.headers.get(HEADER)
    if key:
        repo.put(KIND, key, {"id": key, "request": _fingerprint(request),
                             "status": reply.status, "body": reply.body})


def _fingerprint(request: Request) -> str:
    return hashlib.sha256(request.operation.operation_id.encode() + b"\0" +
                          request.raw_body).hexdigest()
