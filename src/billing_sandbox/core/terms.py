"""A subscription's terms on the clock: which term it is in, when its next transition falls
due, and the tenant's schedule that says, in one read, whether anything is due yet.

A subscription keeps its current term as ``term_start`` and ``term_end`` (ISO datetimes), and
counts terms from a ``billing_anchor``: the next term ends ``anchor_terms + 1`` periods after
the anchor (``core.dates.add_period``), so a term that starts on the 31st ends on the last day
of shorter months and comes back to the 31st. ``term_end`` is also when the subscription's
next transition falls due: a future subscription starts then, a trial ends, an active term
renews, a non-renewing one is cancelled.

Records written before terms were kept have none: their term is the first one of their start
(``start_date`` at midnight, else ``created_at``), one month long, as those versions showed it.

The schedule is a ``counter`` record holding the unix second of the earliest transition of
the tenant's subscriptions, or none. Writers only ever lower it (``schedule``); a pass over
what fell due sets it exactly (``reschedule``); without it, the subscriptions are read once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .books import COUNTER, SUBSCRIPTION, Books
from .dates import add_period, iso_datetime, parse_date, parse_datetime

SCHEDULE = "subscription_transitions"
NOTHING_DUE = -1
# statuses a subscription moves on from when its term ends
MOVING = ("future", "in_trial", "active", "non_renewing")


def period_of(subscription: dict) -> tuple[int, str]:
    return subscription.get("period", 1), subscription.get("period_unit", "month")


def term_of(subscription: dict) -> tuple[datetime | None, datetime | None]:
    """(start, end) of the current term; start None for a subscription not started yet."""
    if "term_end" in subscription:
        start = subscription["term_start"]
        return (None if start is None else parse_datetime(start),
                parse_datetime(subscription["term_end"]))
    start = started_at(subscription)
    count, unit = period_of(subscription)
    return start, add_period(start, count, unit)


def started_at(subscription: dict) -> datetime:
    """When the subscription started, or starts."""
    if subscription.get("start_date"):
        day = parse_date(subscription["start_date"][:10])
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return parse_datetime(subscription["created_at"])


def set_term(subscription: dict, start: datetime | None, end: datetime) -> None:
    subscription["term_start"] = None if start is None else iso_datetime(start)
    subscription["term_end"] = iso_datetime(end)


def start_terms(subscription: dict, start: datetime) -> None:
    """The first billed term starts at ``start``: it becomes the anchor of the later ones."""
    count, unit = period_of(subscription)
    subscription["billing_anchor"] = iso_datetime(start)
    subscription["anchor_terms"] = 1
    set_term(subscription, start, add_period(start, count, unit))


def next_term(subscription: dict) -> None:
    """Move to the term after the current one."""
    _, end = term_of(subscription)
    count, unit = period_of(subscription)
    anchor = parse_datetime(subscription.get("billing_anchor") or iso_datetime(
        started_at(subscription)))
    terms = subscription.get("anchor_terms", 1) + 1
    subscription["billing_anchor"] = iso_datetime(anchor)
    subscription["anchor_terms"] = terms
    set_term(subscription, end, add_period(anchor, terms * count, unit))


def next_transition(subscription: dict) -> datetime | None:
    """When the subscription next moves on by itself; None when it never will."""
    if subscription["status"] not in MOVING:
        return None
    return term_of(subscription)[1]


def schedule(books: Books, subscription: dict) -> None:
    """Make the tenant's schedule no later than this subscription's next transition."""
    at = next_transition(subscription)
    if at is None:
        return
    stored = books.repo.get(COUNTER, SCHEDULE)
    seconds = int(at.timestamp())
    if stored is not None and stored["value"] != NOTHING_DUE and stored["value"] <= seconds:
        return
    if stored is None and books.repo.count(SUBSCRIPTION) > 1:
        return  # no schedule yet: the first pass reads every subscription anyway
    books.repo.put(COUNTER, SCHEDULE, {"id": SCHEDULE, "value": seconds})


def due_at(books: Books) -> datetime | None:
    """The earliest transition of the tenant's subscriptions (from the schedule, else from
    every subscription, once)."""
    stored = books.repo.get(COUNTER, SCHEDULE)
    if stored is None:
        return reschedule(books)
    if stored["value"] == NOTHING_DUE:
        return None
    return datetime.fromtimestamp(stored["value"], UTC)


def reschedule(books: Books) -> datetime | None:
    """Set the schedule to the exact earliest transition; returns it."""
    times = [at for at in map(next_transition, books.list(SUBSCRIPTION)) if at is not None]
    earliest = min(times) if times else None
    value = NOTHING_DUE if earliest is None else int(earliest.timestamp())
    books.repo.put(COUNTER, SCHEDULE, {"id": SCHEDULE, "value": value})
    return earliest
