"""The site's product catalog as the document's generic operations keep it: plans
(``POST /plans``) and addons (``POST /addons``) are records of the kinds ``plans`` and
``addons``, in the API's shape; subscriptions and charges read their prices from them."""

from __future__ import annotations

from billing_sandbox.core import Books

from .errors import not_found, wrong_value

PLANS = "plans"
ADDONS = "addons"


def plan_of(books: Books, plan_id: object, param: str = "plan_id") -> dict:
    return _active(books, PLANS, "plan", plan_id, param)


def addon_of(books: Books, addon_id: object, param: str = "addon_id") -> dict:
    return _active(books, ADDONS, "addon", addon_id, param)


def name_of(entry: dict) -> str:
    return entry.get("invoice_name") or entry.get("name") or entry["id"]


def _active(books: Books, kind: str, label: str, entry_id: object, param: str) -> dict:
    entry = books.repo.get(kind, entry_id) if isinstance(entry_id, str) else None
    if entry is None:
        raise not_found(label, entry_id, param)
    if entry.get("status") in ("archived", "deleted"):
        raise wrong_value(param, f"the {label} {entry_id!r} is {entry['status']}")
    return entry
