"""GET /events and GET /events/{event-id}: the events this sandbox recorded for the site, as
its webhooks deliver them (the newest 1,000 of all vendors since the sandbox started; a
reset forgets them).

Most recent first, as Chargebee lists them. Filters: ``event_type`` (and ``event_type[is]``,
``[in]``, ``[is_not]``, ``[not_in]``), ``occurred_at[after]``/``[before]``/``[on]``/
``[between]`` and API v1's ``start_time``/``end_time`` (unix seconds), ``source[is]``.
``next_offset`` is the id of the last event of the page.
"""

from __future__ import annotations

import json
from typing import Any

from billing_sandbox.engine.observe.events import VendorEvent

from .errors import not_found, wrong_value

DEFAULT_LIMIT = 10
_TIME_BOUNDS = {"start_time": ">=", "end_time": "<", "occurred_at[after]": ">",
                "occurred_at[before]": "<"}


def list_events(published: list[VendorEvent], query: dict[str, Any]) -> dict:
    bounds = _time_bounds(query)  # read first: a bad value is refused whatever is stored
    matching = [event.payload for event in reversed(published)
                if _matches(event.payload, query, bounds)]
    after = query.get("offset") or None
    if after is not None:
        ids = [event["id"] for event in matching]
        if after not in ids:
            raise wrong_value("offset", "is not a next_offset this list gave")
        matching = matching[ids.index(after) + 1:]
    limit = query.get("limit") or DEFAULT_LIMIT
    page = matching[:limit]
    body: dict[str, Any] = {"list": [{"event": event} for event in page]}
    if len(matching) > limit:
        body["next_offset"] = page[-1]["id"]
    return body


def retrieve_event(published: list[VendorEvent], event_id: str) -> dict:
    for event in published:
        if event.id == event_id:
            return {"event": event.payload}
    raise not_found("event", event_id, "event-id")


def _matches(event: dict, query: dict[str, Any], bounds: list[tuple[str, int]]) -> bool:
    kind = event.get("event_type")
    for name in ("event_type", "event_type[is]"):
        if query.get(name) not in (None, kind):
            return False
    if query.get("event_type[is_not]") == kind:
        return False
    if "event_type[in]" in query and kind not in _listed(query["event_type[in]"]):
        return False
    if "event_type[not_in]" in query and kind in _listed(query["event_type[not_in]"]):
        return False
    if query.get("source[is]") not in (None, event.get("source")):
        return False
    occurred = event.get("occurred_at", 0)
    return all(_compare(occurred, operator, bound) for operator, bound in bounds)


def _time_bounds(query: dict[str, Any]) -> list[tuple[str, int]]:
    """(operator, unix seconds) for each time filter the query uses."""
    bounds = [(operator, _number(name, query[name])) for name, operator in _TIME_BOUNDS.items()
              if query.get(name) is not None]
    if query.get("occurred_at[on]") is not None:
        bounds.append(("==", _number("occurred_at[on]", query["occurred_at[on]"])))
    if query.get("occurred_at[between]") is not None:
        ends = _listed(query["occurred_at[between]"])
        if len(ends) != 2:
            raise wrong_value("occurred_at[between]", "must be [from,to] in unix seconds")
        bounds += [(">=", _number("occurred_at[between]", ends[0])),
                   ("<=", _number("occurred_at[between]", ends[1]))]
    return bounds


def _compare(value: int, operator: str, bound: int) -> bool:
    return {">=": value >= bound, "<": value < bound, ">": value > bound, "<=": value <= bound,
            "==": value == bound}[operator]


def _number(name: str, value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise wrong_value(name, "must be unix seconds") from None


def _listed(value: Any) -> list:
    """``[a,b]`` as Chargebee's SDKs send a list filter, or a list already."""
    if isinstance(value, list):
        return value
    text = str(value).strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
            return parsed if isinstance(parsed, list) else [parsed]
        except ValueError:
            return [part.strip().strip("'\"") for part in text[1:-1].split(",") if part.strip()]
    return [text]
