"""The scenarios of issue 5: what each sends, to which server, and which answers count."""

from __future__ import annotations

from dataclasses import dataclass

from . import data


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    script: str  # bench/lua/<script>.lua
    args: tuple[str, ...]  # handed to the script's scenario_init(args)
    expected: tuple[int, ...]  # every answer must have one of these statuses
    with_v1: bool = False  # served with the specs folder that adds Chargebee's v1 document
    stateful_write: bool = False


_DAYZERO = (data.DZ_BUSINESS, data.DZ_KEY, data.DZ_INVOICE, str(data.TARGET_INVOICES),
            data.DZ_TRANSACTION, str(data.DZ_TRANSACTIONS))
_CHARGEBEE = (data.cb_auth(), data.CB_CUSTOMER, str(data.MIN_CUSTOMERS))

SCENARIOS = [
    Scenario("a", "DayZero create payment", "dayzero_payment", (*_DAYZERO, "1"), (201,),
             stateful_write=True),
    Scenario("b", "Zenskar credit note", "zenskar_credit_note",
             (data.ZK_ORG, data.ZK_KEY, data.ZK_INVOICE, str(data.TARGET_INVOICES)), (200,),
             stateful_write=True),
    Scenario("c", "Chargebee invoices/charge (form)", "chargebee_charge",
             (*_CHARGEBEE, "/chargebee/api/v2/invoices/charge"), (200,), stateful_write=True),
    Scenario("d", "generated: Chargebee v1 charge", "chargebee_charge",
             (*_CHARGEBEE, "/chargebee_v1/api/v1/invoices/charge"), (200,), with_v1=True),
    Scenario("e", "invalid payment (amount 0)", "dayzero_payment", (*_DAYZERO, "0"), (422,)),
]

# The same load as a), against the bare Starlette app, which answers 200 to anything.
FLOOR = Scenario("floor", "bare Starlette, constant JSON", "dayzero_payment",
                 (*_DAYZERO, "1"), (200,))
