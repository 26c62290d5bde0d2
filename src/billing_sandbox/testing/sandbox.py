"""A test's handle on a running sandbox: reset, seed, journal, clock, faults and report, all
through the control plane (``/_sandbox``) over HTTP."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx

from billing_sandbox.engine.observe.report import UNDOCUMENTED

FixtureSource = dict | str | Path


class SandboxError(RuntimeError):
    """The control plane refused a call; the message is its own."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"billing-sandbox control plane answered {status}: {message}")
        self.status = status


class BillingSandbox:
    """``url(vendor)`` is where a client under test points; the rest drives the sandbox."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = url.rstrip("/")
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)
        self.clock = SandboxClock(self)
        self._vendors: dict[str, Any] | None = None
        self._cleared_violations: dict[int, dict] = {}  # seen before a reset cleared them

    def close(self) -> None:
        self.http.close()

    # -- where clients point -------------------------------------------------------------------

    def url(self, vendor: str, version: str | None = None) -> str:
        """The vendor's base URL: its newest base path (Chargebee ``/api/v2``), or the one
        ending in ``version`` (``url("chargebee", "v1")``)."""
        if self._vendors is None:
            self._vendors = self._call("GET", "/", control=False)["vendors"]
        if vendor not in self._vendors:
            raise SandboxError(404, f"no vendor {vendor!r}; vendors: {', '.join(self._vendors)}")
        paths = sorted(self._vendors[vendor]["base_paths"])
        if version is not None:
            paths = [p for p in paths if p.rstrip("/").endswith("/" + version.strip("/"))]
            if not paths:
                raise SandboxError(404, f"{vendor} has no base path ending in {version!r}")
        return self.base_url + paths[-1]

    def api_key(self, vendor: str, tenant: str | None = None) -> str:
        """A tenant's API key (its first tenant's when ``tenant`` is not given)."""
        params = {"vendor": vendor, **({"tenant": tenant} if tenant else {})}
        tenants = self._call("GET", "/state", params=params)["vendors"].get(vendor, {})
        for found in tenants.values():
            if found.get("api_key"):
                return found["api_key"]
        raise SandboxError(404, f"{vendor} has no tenant with an API key"
                                + (f" named {tenant!r}" if tenant else ""))

    # -- state ---------------------------------------------------------------------------------

    def reset(self, vendor: str | None = None, tenant: str | None = None) -> dict:
        """Back to the loaded fixtures: everything (and the journal, faults, clock), one
        vendor, or one tenant of it. ``violations()`` still lists what it clears."""
        self._cleared_violations.update((e["id"], e) for e in self._journal_violations())
        scope = {k: v for k, v in (("vendor", vendor), ("tenant", tenant)) if v}
        return self._call("POST", "/reset", json=scope)

    def start_test(self) -> None:
        """A full reset that also forgets the violations seen so far: a test starts here."""
        self._call("POST", "/reset", json={})
        self._cleared_violations.clear()

    def seed(self, fixtures: FixtureSource, baseline: bool = False) -> dict:
        """Load a fixture document (a dict, a .yaml/.json file, or YAML text); each tenant it
        names is replaced whole. ``baseline=True`` keeps it across resets."""
        content, kind = _fixture_body(fixtures)
        params = {"baseline": "true"} if baseline else {}
        return self._call("POST", "/fixtures", params=params, content=content,
                          headers={"content-type": kind})["loaded"]

    def state(self, vendor: str | None = None, tenant: str | None = None) -> dict:
        params = {k: v for k, v in (("vendor", vendor), ("tenant", tenant)) if v}
        return self._call("GET", "/state", params=params)

    # -- observing -----------------------------------------------------------------------------

    def requests(self, vendor: str | None = None, tenant: str | None = None,
                 operation_id: str | None = None, status: int | str | None = None,
                 since: datetime | str | None = None, until: datetime | str | None = None,
                 limit: int | None = None) -> list[dict]:
        """Journal entries, oldest first: method, path, operation_id, status, request and
        response (headers, body), validation_errors, ...; ``status`` is 429 or "4xx";
        ``since`` and ``until`` compare with each call's real time (a naive datetime is UTC)."""
        filters = {"vendor": vendor, "tenant": tenant, "operation_id": operation_id,
                   "status": status, "since": since, "until": until, "limit": limit}
        params = {k: _utc(v).isoformat() if isinstance(v, datetime) else str(v)
                  for k, v in filters.items() if v is not None}
        return self._call("GET", "/requests", params=params)["entries"]

    def events(self, vendor: str | None = None, tenant: str | None = None,
               type: str | None = None) -> list[dict]:
        """The events the vendor calls (and the clock: renewals) caused, oldest first, as
        webhooks send them: ``{"type", "payload", ...}`` (Chargebee ``payment_failed`` ...)."""
        params = {k: v for k, v in (("vendor", vendor), ("tenant", tenant), ("type", type))
                  if v}
        return self._call("GET", "/events", params=params)["events"]

    def report(self, vendor: str | None = None) -> dict:
        """The contract report since the last full reset (per operation: calls, violations)."""
        return self._call("GET", "/report", params={"vendor": vendor} if vendor else {})

    def violations(self) -> list[dict]:
        """Journal entries of the requests that broke the vendor's documented contract, also
        those that a ``reset()`` through this handle has since cleared from the journal, and
        those the journal no longer holds (it keeps its newest calls) as the report shows
        them."""
        report = self.report()
        found = {**self._cleared_violations,
                 **{e["id"]: e for e in self._journal_violations(report)}}
        entries = [found[key] for key in sorted(found)]
        return entries + _reported_only(report, entries)

    def _journal_violations(self, report: dict | None = None) -> list[dict]:
        report = report or self.report()
        if not report["client_violations"]:  # the report is small; the journal is not
            return []
        return [e for e in self.requests() if e["validation_errors"]]

    # -- failures on demand --------------------------------------------------------------------

    def fault(self, vendor: str | None = None, operation_id: str | None = None,
              status: int | None = None, count: int = 1, latency_ms: int | None = None,
              drop: bool = False, message: str | None = None) -> dict:
        """The next ``count`` matching calls answer ``status`` in the vendor's error shape,
        wait ``latency_ms``, or lose their connection (``drop``)."""
        rule = {"vendor": vendor, "operation_id": operation_id, "status": status,
                "count": count, "latency_ms": latency_ms, "drop": drop or None,
                "message": message}
        return self._call("POST", "/faults", json={k: v for k, v in rule.items()
                                                   if v is not None})

    # -- plumbing ------------------------------------------------------------------------------

    def _call(self, method: str, path: str, control: bool = True, **kwargs: Any) -> Any:
        answer = self.http.request(method, ("/_sandbox" if control else "") + path, **kwargs)
        if answer.status_code >= 400:
            try:
                message = answer.json().get("message", answer.text)
            except ValueError:
                message = answer.text
            raise SandboxError(answer.status_code, message)
        return answer.json()


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _reported_only(report: dict, entries: list[dict]) -> list[dict]:
    """The report's samples of requests that broke the contract and that no journal entry
    shows, shaped like journal entries (the part a failure message reads)."""
    seen = {(e["method"], e["path"] + (f"?{e['query']}" if e.get("query") else ""),
             datetime.fromisoformat(e["time"])) for e in entries}
    missing = []
    for case in report["operations"]:
        for sample in case["failures"]:
            key = (sample["method"], sample["path"], datetime.fromisoformat(sample["time"]))
            if not sample["validation_errors"] or key in seen:
                continue
            path, _, query = sample["path"].partition("?")
            documented = not case["operation"].endswith(UNDOCUMENTED)
            missing.append({
                "time": sample["time"], "vendor": case["vendor"], "method": sample["method"],
                "path": path, "query": query, "status": sample["status"],
                "operation_id": case["operation"] if documented else None,
                "request": {"body": sample.get("body")},
                "validation_errors": sample["validation_errors"]})
    return sorted(missing, key=lambda entry: datetime.fromisoformat(entry["time"]))


class SandboxClock:
    """The sandbox's clock: every timestamp, invoice date and due-date check reads it."""

    def __init__(self, sandbox: BillingSandbox) -> None:
        self._sandbox = sandbox

    def now(self) -> datetime:
        return self._set(None)

    def freeze(self, at: datetime | date | str) -> datetime:
        """Stop the clock at ``at`` (a naive datetime or a date is taken as UTC)."""
        if isinstance(at, datetime):
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
        elif isinstance(at, date):
            at = datetime.combine(at, time(), UTC)
        return self._set({"freeze": at.isoformat() if isinstance(at, datetime) else at})

    def advance(self, by: timedelta | str | float) -> datetime:
        """Move the clock by a timedelta, an ISO 8601 duration ("P1M", "P30D": months and years
        are calendar ones) or seconds; what falls due meanwhile (renewals) happens."""
        return self._set({"advance": by.total_seconds() if isinstance(by, timedelta) else by})

    def real_time(self) -> datetime:
        return self._set({"real_time": True})

    def _set(self, change: dict | None) -> datetime:
        if change is None:
            clock = self._sandbox._call("GET", "/clock")
        else:
            clock = self._sandbox._call("PUT", "/clock", json=change)
        return datetime.fromisoformat(clock["now"])


def _fixture_body(fixtures: FixtureSource) -> tuple[bytes, str]:
    if isinstance(fixtures, dict):
        return json.dumps(fixtures).encode(), "application/json"
    if isinstance(fixtures, str) and "\n" not in fixtures and fixtures.strip().endswith(
            (".yaml", ".yml", ".json")):
        fixtures = Path(fixtures)
    if isinstance(fixtures, Path):
        kind = "application/json" if fixtures.suffix == ".json" else "application/yaml"
        return fixtures.read_bytes(), kind
    return fixtures.encode(), "application/yaml"
