"""``/_sandbox/clock``: read the sandbox clock, freeze it, advance it, or let it run again."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from billing_sandbox.core.clock import Clock
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.registry import HandlerRegistry, Reply, Request

_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$")


def parse_duration(value: str | int | float) -> timedelta:
    """Seconds, or an ISO 8601 duration of weeks, days, hours, minutes and seconds
    (``P30D``, ``PT1H30M``, ``-P1D``); years and months have no fixed length and are refused."""
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = _DURATION.match(value.strip())
    if match is None or value.strip() in ("P", "-P") or value.strip().endswith("T"):
        raise ApiError("bad_request", f"advance: {value!r} is not a duration such as P30D, "
                                      "PT2H or a number of seconds", param="advance")
    parts = {name: float(amount) for name, amount in match.groupdict().items()
             if amount and name != "sign"}
    delta = timedelta(**parts)
    return -delta if match["sign"] else delta


def clock_body(clock: Clock) -> dict:
    return {"now": clock.now().isoformat(), "frozen": clock.frozen,
            "offset_seconds": clock.offset.total_seconds()}


def register(registry: HandlerRegistry, clock: Clock, vendor: str) -> None:
    @registry.handler(vendor, "getClock")
    def get_clock(request: Request) -> Reply:
        return Reply(200, clock_body(clock))

    @registry.handler(vendor, "setClock")
    def set_clock(request: Request) -> Reply:
        body = request.body
        if body.get("real_time") and ("freeze" in body or "advance" in body):
            raise ApiError("bad_request", "real_time cannot be combined with freeze or advance",
                           param="real_time")
        delta = parse_duration(body["advance"]) if "advance" in body else None
        if body.get("real_time"):
            clock.real_time()
        if "freeze" in body:
            clock.freeze(_instant(body["freeze"]))
        if delta is not None:
            clock.advance(delta)
        return Reply(200, clock_body(clock))


def _instant(text: str) -> datetime:
    instant = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    if instant.tzinfo is None:
        raise ApiError("bad_request", "freeze: give a time zone (2026-03-01T00:00:00Z)",
                       param="freeze")
    return instant
