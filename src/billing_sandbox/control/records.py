"""What a record of a state document (``PUT /_sandbox/state``) must look like to be restored.

The ledger and the adapters read their records without checking them (they wrote them), so a
record that lacks a field or holds a value of the wrong type would fail later, in a vendor
call, as a 500. A state document is checked against these shapes first: each kind the sandbox
stores, every field its records always carry, and the JSON type of each; text fields may be
null wherever the sandbox itself may leave them empty. The shapes say nothing of whether the
records agree with each other (an invoice's totals with its payments): that is left to the
document's author, as exported documents always do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from jsonschema import Draft202012Validator

from billing_sandbox.core.contracts import CONTRACT_STATUSES
from billing_sandbox.core.coupons import COUPON_STATUSES, DISCOUNT_TYPES, DURATION_TYPES
from billing_sandbox.core.dates import PERIOD_UNITS
from billing_sandbox.core.invoice_totals import INVOICE_STATUSES
from billing_sandbox.core.links import count_field, list_field, tail_field
from billing_sandbox.core.payments import PAYMENT_ORIGINS, PAYMENT_STATUSES
from billing_sandbox.core.refunds import REFUND_DESTINATIONS
from billing_sandbox.core.subscriptions import ITEM_KINDS, SUBSCRIPTION_STATUSES

TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
INTEGER_OR_NULL = {"type": ["integer", "null"]}
NUMBER_OR_NULL = {"type": ["number", "null"]}
FLAG = {"type": "boolean"}
OBJECT = {"type": "object"}
IDS = {"type": "array", "items": TEXT}
CURRENCY = {"type": "string", "pattern": "^[A-Z]{3}$"}
CURRENCY_OR_NULL = {"anyOf": [CURRENCY, {"type": "null"}]}
STAMPS = {"created_at": TEXT, "updated_at": TEXT}


def one_of(values: tuple[str, ...], nullable: bool = False) -> dict:
    return {"enum": [*values, *([None] if nullable else [])]}


def shape(fields: dict[str, dict], optional: tuple[str, ...] = (),
          children: tuple[str, ...] = ()) -> dict:
    """An object with these fields (all of them required but ``optional``), linking to its
    ``children`` kinds as core.links keeps them."""
    schema = {"type": "object", "properties": dict(fields),
              "required": [name for name in fields if name not in optional]}
    for kind in children:
        count, tail, listed = count_field(kind), tail_field(kind), list_field(kind)
        schema["properties"].update({count: INTEGER, tail: IDS, listed: IDS})
        # this version's count and tail, or the whole list an earlier version kept
        schema.setdefault("allOf", []).append(
            {"anyOf": [{"required": [count, tail]}, {"required": [listed]}]})
    return schema


LINE_ITEM = shape({"id": TEXT, "description": TEXT_OR_NULL, "quantity": INTEGER,
                   "unit_amount": INTEGER, "amount": INTEGER})
DISCOUNT = shape({"amount": INTEGER})
CREDIT_APPLICATION = shape({"amount": INTEGER})
PRICE = shape({"id": TEXT, "amount": INTEGER})
ITEM = shape({"price_id": TEXT_OR_NULL, "kind": one_of(ITEM_KINDS), "description": TEXT,
              "unit_amount": INTEGER, "quantity": INTEGER})
SUBSCRIPTION_TERMS = ("items", "pending_charges", "period", "period_unit", "term_start",
                      "term_end", "billing_anchor", "anchor_terms", "trial_start", "trial_end",
                      "cancelled_at", "deleted_at", "remaining_billing_cycles", "coupons",
                      "owed_invoice_ids")

KINDS: dict[str, dict] = {
    "customer": shape({
        "id": TEXT, "name": TEXT_OR_NULL, "email": TEXT_OR_NULL, "external_id": TEXT_OR_NULL,
        "currency": CURRENCY, "auto_collection": FLAG, "payment_source_id": TEXT_OR_NULL,
        "payment_method": TEXT_OR_NULL, "net_terms_days": INTEGER_OR_NULL,
        "credit_balances": {"type": "object", "additionalProperties": INTEGER},
        "extra": OBJECT, **STAMPS, "deleted_at": TEXT_OR_NULL}, optional=("deleted_at",),
        children=("invoice", "contract", "subscription")),
    "contract": shape({
        "id": TEXT, "customer_id": TEXT, "name": TEXT_OR_NULL, "currency": CURRENCY,
        "status": one_of(CONTRACT_STATUSES), "start_date": TEXT, "end_date": TEXT_OR_NULL,
        "prices": {"type": "array", "items": PRICE},
        "billing_cycle_start_day": INTEGER_OR_NULL, "net_terms_days": INTEGER_OR_NULL,
        "extra": OBJECT, **STAMPS}, children=("invoice",)),
    "subscription": shape({
        "id": TEXT, "customer_id": TEXT, "plan_id": TEXT_OR_NULL,
        "status": one_of(SUBSCRIPTION_STATUSES), "price": INTEGER, "currency": CURRENCY,
        "start_date": TEXT_OR_NULL, "extra": OBJECT, **STAMPS,
        # kept since terms are billed on the clock (absent on records of earlier versions)
        "items": {"type": "array", "items": ITEM}, "pending_charges": {
            "type": "array", "items": ITEM}, "period": INTEGER,
        "period_unit": one_of(PERIOD_UNITS), "term_start": TEXT_OR_NULL, "term_end": TEXT,
        "billing_anchor": TEXT, "anchor_terms": INTEGER, "trial_start": TEXT_OR_NULL,
        "trial_end": TEXT_OR_NULL, "cancelled_at": TEXT_OR_NULL, "deleted_at": TEXT_OR_NULL,
        "remaining_billing_cycles": INTEGER_OR_NULL, "owed_invoice_ids": IDS,
        "coupons": {"type": "array", "items": shape({"coupon_id": TEXT,
                                                     "applied_from": TEXT_OR_NULL})}},
        optional=SUBSCRIPTION_TERMS, children=("invoice",)),
    "coupon": shape({
        "id": TEXT, "name": TEXT_OR_NULL, "discount_type": one_of(DISCOUNT_TYPES),
        "discount_percentage": NUMBER_OR_NULL, "discount_amount": INTEGER_OR_NULL,
        "currency": CURRENCY_OR_NULL, "duration_type": one_of(DURATION_TYPES),
        "duration_months": INTEGER_OR_NULL, "status": one_of(COUPON_STATUSES),
        "max_redemptions": INTEGER_OR_NULL, "redemptions": INTEGER,
        "valid_till": TEXT_OR_NULL, "extra": OBJECT, **STAMPS}),
    "invoice": shape({
        "id": TEXT, "invoice_number": TEXT, "customer_id": TEXT,
        "contract_id": TEXT_OR_NULL, "subscription_id": TEXT_OR_NULL, "currency": CURRENCY,
        "recurring": FLAG, "date": TEXT, "due_date": TEXT, "period_start": TEXT_OR_NULL,
        "period_end": TEXT_OR_NULL, "po_number": TEXT_OR_NULL,
        "line_items": {"type": "array", "items": LINE_ITEM},
        "discounts": {"type": "array", "items": DISCOUNT},
        "credit_applications": {"type": "array", "items": CREDIT_APPLICATION},
        "payment_failed": FLAG, "paid_at": TEXT_OR_NULL, "voided_at": TEXT_OR_NULL,
        "sub_total": INTEGER, "discount": INTEGER, "total": INTEGER, "amount_paid": INTEGER,
        "credits_applied": INTEGER, "amount_credited": INTEGER, "amount_adjusted": INTEGER,
        "amount_refunded": INTEGER, "amount_due": INTEGER, "status": one_of(INVOICE_STATUSES),
        "extra": OBJECT, **STAMPS, "deleted_at": TEXT_OR_NULL}, optional=("deleted_at",),
        children=("payment", "credit_note", "refund")),
    "payment": shape({
        "id": TEXT, "invoice_id": TEXT, "customer_id": TEXT, "amount": INTEGER,
        "currency": CURRENCY, "status": one_of(PAYMENT_STATUSES),
        "origin": one_of(PAYMENT_ORIGINS), "method": TEXT_OR_NULL, "source": TEXT_OR_NULL,
        "reference": TEXT_OR_NULL, "failure_reason": TEXT_OR_NULL, "amount_refunded": INTEGER,
        "transaction_id": TEXT_OR_NULL,
        "transaction": {"type": ["object", "null"]}, "paid_at": TEXT_OR_NULL,
        "extra": OBJECT, **STAMPS}, children=("refund",)),
    "bank_transaction": shape({
        "id": TEXT, "amount": INTEGER, "currency": CURRENCY, "date": TEXT,
        "description": TEXT_OR_NULL, "reference": TEXT_OR_NULL, "counterparty": TEXT_OR_NULL,
        "allocated_amount": INTEGER, "unallocated_amount": INTEGER,
        "extra": OBJECT, **STAMPS}, children=("payment",)),
    "credit_note": shape({
        "id": TEXT, "credit_note_number": TEXT, "invoice_id": TEXT, "customer_id": TEXT,
        "currency": CURRENCY, "amount": INTEGER, "reason": TEXT_OR_NULL, "status": TEXT,
        "date": TEXT, "applied_amount": INTEGER, "refunded_amount": INTEGER,
        "refund_destination": one_of(REFUND_DESTINATIONS, nullable=True),
        "refund_ids": IDS, "voided_invoice": FLAG, "extra": OBJECT, **STAMPS}),
    "refund": shape({
        "id": TEXT, "invoice_id": TEXT, "customer_id": TEXT, "amount": INTEGER,
        "currency": CURRENCY, "destination": one_of(REFUND_DESTINATIONS),
        "payment_id": TEXT_OR_NULL, "credit_note_id": TEXT_OR_NULL, "reason": TEXT_OR_NULL,
        "status": TEXT, **STAMPS}),
    # pages of children's ids (core.links), sequences (invoice numbers, seeded draws) and
    # Chargebee's idempotency keys
    "link": shape({"id": TEXT, "ids": IDS}),
    "counter": shape({"id": TEXT, "value": INTEGER}),
    "idempotency_key": shape({"id": TEXT, "number": INTEGER, "request": TEXT,
                              "status": INTEGER, "body": {}}),
    "idempotency_order": shape({"id": TEXT, "key": TEXT}),
}

_VALIDATORS = {kind: Draft202012Validator(schema) for kind, schema in KINDS.items()}


def _checker(schema: dict) -> Callable[[Any], bool]:
    """A plain-Python check of the schemas above: True when the value is certainly valid.
    It may refuse what jsonschema accepts (1.0 as an integer), never the other way round, so
    jsonschema only looks at what it refused (it is ~20 times slower, ~0.2 ms a record)."""
    checks: list[Callable[[Any], bool]] = []
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        types = tuple(t for k in kinds for t in _TYPES[k])
        checks.append(lambda value: type(value) in types)
    if "enum" in schema:
        allowed = schema["enum"]
        checks.append(lambda value: any(value == a and type(value) is type(a) for a in allowed))
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        checks.append(lambda value: type(value) is not str or bool(pattern.search(value)))
    if "anyOf" in schema:
        options = [_checker(option) for option in schema["anyOf"]]
        checks.append(lambda value: any(option(value) for option in options))
    if "allOf" in schema:
        parts = [_checker(part) for part in schema["allOf"]]
        checks.append(lambda value: all(part(value) for part in parts))
    if "items" in schema:
        item = _checker(schema["items"])
        checks.append(lambda value: type(value) is not list or all(map(item, value)))
    if "properties" in schema or "required" in schema:
        fields = {name: _checker(sub) for name, sub in schema.get("properties", {}).items()}
        required = schema.get("required", [])
        checks.append(lambda value: type(value) is not dict or (
            all(name in value for name in required)
            and all(check(value[name]) for name, check in fields.items() if name in value)))
    if "additionalProperties" in schema:
        extra = _checker(schema["additionalProperties"])
        checks.append(lambda value: type(value) is not dict or all(map(extra, value.values())))
    return lambda value: all(check(value) for check in checks)


_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
          "null": (type(None),), "object": (dict,), "array": (list,)}
_CHECKERS = {kind: _checker(schema) for kind, schema in KINDS.items()}


def _children(kind: str) -> list[str]:
    names = KINDS[kind]["properties"]
    return [name[: -len("_count")] for name in names
            if name.endswith("_count") and tail_field(name[: -len("_count")]) in names]


def record_problems(kind: str, records: Any) -> Iterator[tuple[str, str]]:
    """(field, reason) for each way the records of a kind (``{id: record}``) could not be
    restored; fields are relative to the kind (``"7.total"``)."""
    validator = _VALIDATORS.get(kind)
    if validator is None:
        yield "", (f"the sandbox stores no records of kind {kind!r}; kinds: "
                   f"{', '.join(KINDS)}")
        return
    if not isinstance(records, dict):
        yield "", "must map record ids to records"
        return
    for record_id, record in records.items():
        if not isinstance(record, dict):
            yield record_id, "must be a record (an object)"
            continue
        if record.get("id") != record_id:
            yield f"{record_id}.id", (f"must be the id the record is filed under, "
                                      f"{record_id!r}; got {record.get('id')!r}")
            continue
        if _CHECKERS[kind](record):
            continue
        missing = [name for name in KINDS[kind]["required"] if name not in record]
        if missing:
            yield f"{record_id}.{missing[0]}", (f"is missing: a {kind} record has "
                                                f"{', '.join(KINDS[kind]['required'])}")
            continue
        unlinked = next((child for child in _children(kind) if list_field(child) not in record
                         and not {count_field(child), tail_field(child)} <= set(record)), None)
        if unlinked is not None:
            yield f"{record_id}.{count_field(unlinked)}", (
                f"is missing: a {kind} record lists its {unlinked} records with "
                f"{count_field(unlinked)} and {tail_field(unlinked)} (or, as earlier versions "
                f"wrote it, {list_field(unlinked)})")
            continue
        error = next(iter(validator.iter_errors(record)), None)
        if error is not None:
            where = ".".join(str(part) for part in error.absolute_path)
            yield (f"{record_id}.{where}" if where else record_id), error.message
