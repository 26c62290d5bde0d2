"""The scenarios of issues 5 and 12: what each sends, to which server, and which answers count."""

from __future__ import annotations

from dataclasses import dataclass

from . import data


@dataclass(frozen=True)
class Peer:
    """The same request to Prism mocking the vendor's shipped document (bench/prism.py)."""

    vendor: str  # the folder of specs/ whose one document Prism mocks
    args: tuple[str, ...]  # the scenario script's arguments, with Prism's path


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    script: str  # bench/lua/<script>.lua
    args: tuple[str, ...]  # handed to the script's scenario_init(args)
    expected: tuple[int, ...]  # every answer must have one of these statuses
    with_v1: bool = False  # served with the specs folder that adds Chargebee's v1 document
    stateful_write: bool = False  # held to issue 5's write targets
    floor_share: bool = False  # held to issue 12's share of the floor and p99 targets
    prism: Peer | None = None  # measured beside Prism in the same run
    beat_prism: bool = False  # held to issue 12's >= 2 x Prism target


_DAYZERO = (data.DZ_BUSINESS, data.DZ_KEY, data.DZ_INVOICE, str(data.TARGET_INVOICES),
            data.DZ_TRANSACTION, str(data.DZ_TRANSACTIONS))
_CHARGEBEE = (data.cb_auth(), data.CB_CUSTOMER, str(data.MIN_CUSTOMERS))

# Scenario g of issue 12 (a generic create on a dropped-in document) waits for the generic
# stateful handlers: until a dropped-in document keeps state, there is nothing real to run.
SCENARIOS = [
    Scenario("a", "DayZero create payment", "dayzero_payment", (*_DAYZERO, "1"), (201,),
             stateful_write=True, floor_share=True, beat_prism=True,
             prism=Peer("dayzero", (*_DAYZERO, "1", ""))),
    Scenario("b", "Zenskar credit note", "zenskar_credit_note",
             (data.ZK_ORG, data.ZK_KEY, data.ZK_INVOICE, str(data.TARGET_INVOICES)), (200,),
             stateful_write=True),
    Scenario("c", "Chargebee invoices/charge (form)", "chargebee_charge",
             (*_CHARGEBEE, "/chargebee/api/v2/invoices/charge"), (200,), stateful_write=True,
             floor_share=True, prism=Peer("chargebee", (*_CHARGEBEE, "/invoices/charge"))),
    Scenario("d", "generated: Chargebee v1 charge", "chargebee_charge",
             (*_CHARGEBEE, "/chargebee_v1/api/v1/invoices/charge"), (200,), with_v1=True),
    Scenario("e", "invalid payment (amount 0)", "dayzero_payment", (*_DAYZERO, "0"), (422,)),
]

# The same load as a), against the bare Starlette app, which answers 200 to anything.
FLOOR = Scenario("floor", "bare Starlette, constant JSON", "dayzero_payment",
                 (*_DAYZERO, "1"), (200,))
