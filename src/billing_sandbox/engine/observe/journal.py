"""The request journal: what each call sent and got back, newest last, bounded in size."""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import threading
from collections import deque
from datetime import UTC, datetime
from typing import Any, NamedTuple

from ..http.registry import Reply
from .calls import Call

DEFAULT_CAPACITY = 1000
DEFAULT_BODY_LIMIT = 64 * 1024
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class _Kept(NamedTuple):  # a tuple: made once per call, cheaper than a frozen dataclass
    id: int
    call: Call
    secrets: frozenset[str]
    request_size: int
    response_size: int


class CallJournal:
    """Keeps the last ``capacity`` calls; each body is kept up to ``body_limit`` bytes."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY,
                 body_limit: int = DEFAULT_BODY_LIMIT) -> None:
        self.capacity = capacity
        self.body_limit = body_limit
        self._entries: deque[_Kept] = deque(maxlen=capacity)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.dropped = 0
        self._secrets: dict[frozenset[str], frozenset[str]] = {}  # a vendor's -> all masked

    def record(self, call: Call, secret_headers: frozenset[str] = frozenset()) -> None:
        """Keep the call; it is rendered (bodies decoded, secrets masked) only when read."""
        sizes = len(call.request_body), len(call.response_body)
        if call.reply is not None:  # the sent bytes are kept; the reply object need not be
            call.reply = Reply(call.reply.status, None, call.reply.headers)
        call.request_body = call.request_body[: self.body_limit]
        call.response_body = call.response_body[: self.body_limit]
        with self._lock:
            if len(self._entries) == self.capacity:
                self.dropped += 1
            secrets = self._secrets.get(secret_headers)
            if secrets is None:
                secrets = self._secrets[secret_headers] = SECRET_HEADERS | secret_headers
            self._entries.append(_Kept(next(self._ids), call, secrets, *sizes))

    def entries(self, vendor: str | None = None, tenant: str | None = None,
                operation_id: str | None = None, status: str | None = None,
                since: datetime | None = None, until: datetime | None = None,
                limit: int | None = None) -> list[dict]:
        """Oldest first; ``status`` is a code (``429``) or a class (``4xx``)."""
        with self._lock:
            kept = list(self._entries)
        since_text, until_text = _utc_text(since), _utc_text(until)
        found = [
            k for k in kept
            if (vendor is None or k.call.vendor == vendor)
            and (tenant is None or k.call.tenant == tenant)
            and (operation_id is None or k.call.operation_id == operation_id)
            and (status is None or _status_matches(k.call.status, status))
            and (since_text is None or _iso(k.call.started_at) >= since_text)
            and (until_text is None or _iso(k.call.started_at) <= until_text)
        ]
        return [self._render(k) for k in (found[-limit:] if limit else found)]

    def clear(self, vendor: str | None = None, tenant: str | None = None) -> int:
        with self._lock:
            kept = [k for k in self._entries
                    if (vendor is not None and k.call.vendor != vendor)
                    or (tenant is not None and k.call.tenant != tenant)]
            removed = len(self._entries) - len(kept)
            self._entries = deque(kept, maxlen=self.capacity)
            if vendor is None:
                self.dropped = 0
        return removed

    def __len__(self) -> int:
        return len(self._entries)

    def _render(self, kept: _Kept) -> dict[str, Any]:
        call = kept.call
        reply = call.reply
        entry = {
            "id": kept.id,
            "time": _iso(call.started_at),
            "sandbox_time": call.clock_at.isoformat() if call.clock_at else None,
            "vendor": call.vendor,
            "tenant": call.tenant,
            "method": call.method,
            "path": call.path,
            "query": call.query_string,
            "operation_id": call.operation_id,
            "status": call.status,
            "duration_ms": round(call.duration_ms, 3),
            "request": {"headers": _masked(call.request_headers, kept.secrets),
                        **_body(call.request_body, kept.request_size)},
            "response": {"headers": dict(reply.headers) if reply else {},
                         **_body(call.response_body, kept.response_size)},
            "validation_errors": call.client_issues(),
            "contract_violations": [
                {"path": v.path or "$", "message": v.message} for v in call.violations],
        }
        if call.fault:
            entry["fault"] = call.fault
        return entry


def _body(raw: bytes, size: int) -> dict[str, Any]:
    """The body as JSON when it is whole JSON, else as text; a cut body says its real size."""
    if not raw:
        return {"body": None}
    text = raw.decode("utf-8", "replace")
    if size == len(raw):
        try:
            return {"body": json.loads(text)}
        except ValueError:
            return {"body": text}
    return {"body": text, "truncated_from_bytes": size}


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="microseconds")


def _utc_text(moment: datetime | None) -> str | None:
    """As the entries show time, so that an entry's own time selects it."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _masked(headers: dict[str, str], secrets: frozenset[str]) -> dict[str, str]:
    return {name: _mask(value) if name in secrets else value for name, value in headers.items()}


def _mask(value: str) -> str:
    """A credential keeps its scheme and last four characters, enough to tell which key was
    sent (for Basic, of the user name, which is where API keys go)."""
    scheme, _, secret = value.partition(" ") if " " in value else ("", "", value)
    if scheme.lower() == "basic":
        try:
            secret = base64.b64decode(secret).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            pass
    shown = "…" + secret[-4:] if len(secret) > 8 else "…"
    return f"{scheme} {shown}" if scheme else shown


def _status_matches(status: int, wanted: str) -> bool:
    wanted = wanted.strip().lower()
    if len(wanted) == 3 and wanted.endswith("xx") and wanted[0].isdigit():
        return str(status)[0] == wanted[0]
    return wanted.isdigit() and int(wanted) == status
