"""How the words of a path and the names of fields relate: collections and their resources,
path parameters and the record fields they name, action verbs and status values.

These are the conventions REST documents share, whatever the vendor:
- a collection segment is the plural of its resource (``customers`` -> ``customer``,
  ``taxes`` -> ``tax``, ``entries`` -> ``entry``); the document's own words decide between
  candidate singulars (``taxes``: ``tax`` when a response wraps a ``tax``);
- a path parameter names a record field: ``{customer-id}``, ``{customer_id}``,
  ``{customerId}`` or ``{customer}`` on ``/customers/`` name the customer's ``id``;
  ``{external_customer_id}`` its ``external_id``; ``{code}`` its ``code``; on another
  collection (``/cards/{customer-id}``) the field ``customer_id``;
- an action verb names a status: ``cancel`` -> ``cancelled`` (or ``canceled``), ``void`` ->
  ``voided``, ``pause`` -> ``paused``, ``(re)activate`` / ``resume`` -> ``active``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")
_SIBILANT = ("ss", "x", "z", "ch", "sh", "us")


def snake(name: str) -> str:
    """``customer-id``, ``customerId``, ``Customer ID`` -> ``customer_id``."""
    return _NON_WORD.sub("_", _CAMEL.sub("_", name)).strip("_").lower()


def singulars(word: str) -> list[str]:
    """Candidate singulars of a collection word, the likeliest first."""
    word = snake(word)
    candidates: list[str] = []
    if word.endswith("ies") and len(word) > 3:
        candidates.append(word[:-3] + "y")
    if word.endswith("es") and word[:-2].endswith(_SIBILANT):
        candidates.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        candidates.append(word[:-1])
    if word.endswith("es"):
        candidates.append(word[:-2])
    candidates.append(word)
    return list(dict.fromkeys(candidates))


def singular(word: str, known: Collection[str] = ()) -> str:
    """The singular of a collection word; one of ``known`` (words the document uses for its
    resources) when a candidate is among them."""
    candidates = singulars(word)
    for candidate in candidates:
        if candidate in known:
            return candidate
    return candidates[0]


def field_for_param(param: str, resource: str, fields: Collection[str],
                    identity: str | None = None) -> str:
    """The record field a path parameter of an item of ``resource`` names.

    ``fields`` are the resource's documented properties (empty: unknown, any is taken);
    ``identity`` is its own identifier field when it is not ``id`` (a uuid it is known by),
    taken by a parameter that names no field (``{applied_coupon_id}``).
    """
    name = snake(param)
    have = (lambda f: f in fields) if fields else (lambda f: True)
    if name in ("id", resource, f"{resource}_id") and have("id"):
        return "id"
    words = name.split("_")
    stem = resource.split("_")
    for start in range(len(words) - len(stem) + 1):  # external_customer_id -> external_id
        if words[start:start + len(stem)] == stem:
            rest = "_".join(words[:start] + words[start + len(stem):])
            if rest and have(rest):
                return rest
    if have(name):
        return name
    if "id" in fields or not fields:
        return "id"
    return identity or name


def reference_fields(resource: str, key: str) -> list[str]:
    """Fields by which another record may name a record of ``resource`` keyed by ``key``,
    each with the key field it holds: ``customer_id`` (id), ``external_customer_id``
    (external_id), ``customer_code`` (code)."""
    if key == "id":
        return [f"{resource}_id"]
    words = key.split("_")
    if len(words) > 1:  # external_id -> external_customer_id; acme_id -> acme_customer_id
        return [f"{'_'.join(words[:-1])}_{resource}_{words[-1]}", f"{resource}_{key}"]
    return [f"{resource}_{key}"]


def copied_fields(fields: Collection[str], other: str, record: dict) -> dict:
    """The fields of a new record that copy a record it names (``other``): ``acme_customer_id``
    is the customer's ``acme_id``, ``plan_amount_cents`` the plan's ``amount_cents``,
    ``customer_id`` the customer's ``id``."""
    stem = other.split("_")
    copied = {}
    for field in fields:
        words = field.split("_")
        for start in range(len(words) - len(stem) + 1):
            if words[start:start + len(stem)] == stem:
                source = "_".join(words[:start] + words[start + len(stem):]) or None
                if source and source in record and record[source] is not None:
                    copied[field] = record[source]
                break
    return copied


# Verbs whose status is not the verb in the past tense
_STATUS_ALIASES = {
    "activate": ("active", "activated"),
    "reactivate": ("active", "activated", "reactivated"),
    "resume": ("active", "resumed"),
    "unpause": ("active",),
    "unarchive": ("active",),
    "restore": ("active", "restored"),
    "enable": ("enabled", "active"),
    "disable": ("disabled", "inactive"),
    "pay": ("paid",),
    "mark_as_paid": ("paid",),
    "mark_paid": ("paid",),
    "finalize": ("finalized", "final"),
    "void": ("voided", "void"),
    "close": ("closed",),
    "open": ("open", "opened"),
}
DELETE_VERBS = frozenset({"delete", "remove", "destroy", "discard"})
# The status a record shows as it is deleted, where its status enum has one (first found)
ENDED_STATUSES = ("deleted", "terminated", "cancelled", "canceled", "archived", "closed",
                  "voided", "inactive")


def status_for_verb(verb: str, statuses: Collection[str]) -> str | None:
    """The value of a status enum that an action verb puts a record in, if any."""
    verb = snake(verb)
    options = [s for s in statuses if isinstance(s, str)]
    for wanted in (verb, verb.split("_")[0]):
        for alias in _STATUS_ALIASES.get(wanted, ()):
            if alias in options:
                return alias
        stem = wanted[:-1] if wanted.endswith("e") else wanted
        if len(stem) < 3:
            continue
        for option in options:  # cancel -> cancelled | canceled; pause -> paused
            if option != wanted and option.startswith(stem) and option.endswith(("ed", "d")):
                return option
    return None


_CREATED = re.compile(r"^(created|creation|date_created|inserted)(_at|_on|_time|_date|_ts)?$")
_STARTED = re.compile(r"^(start|started|starts|activated)(_at|_on|_time|_date|_ts)?$")
_UPDATED = re.compile(r"^(updated|modified|last_modified|date_updated|changed)(_at|_on|_time"
                      r"|_date|_ts)?$")


def is_created_field(name: str) -> bool:
    return bool(_CREATED.match(snake(name)))


def is_updated_field(name: str) -> bool:
    return bool(_UPDATED.match(snake(name)))


def is_start_field(name: str) -> bool:
    """When a record starts (``start_date``, ``started_at``): now, unless the client says."""
    return bool(_STARTED.match(snake(name)))
