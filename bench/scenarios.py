"""The scenarios of issues 5 and 12: what each sends, to which server, and which answers count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import data


@dataclass(frozen=True)
class Peer:
    """The same request to Prism mocking the same document (bench/prism.py)."""

    vendor: str  # the folder of specs/ whose one document Prism mocks (or the vendor's name)
    args: tuple[str, ...]  # the scenario script's arguments, with Prism's path
    document: Path | None = None  # a dropped-in document, mocked as it is


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
             (*_CHARGEBEE, f"/{data.V1_VENDOR}/api/v1/invoices/charge"), (200,), with_v1=True),
    Scenario("e", "invalid payment (amount 0)", "dayzero_payment", (*_DAYZERO, "0"), (422,)),
    # issue 12's g: a generic create (resources inferred from the document) on Chargebee's
    # published v1 document dropped in as a vendor folder of its own (d's folder), no adapter
    Scenario("g", "generic create: v1 customer (form)", "generic_create",
             (data.cb_auth(), f"/{data.V1_VENDOR}/api/v1/customers"), (200,), with_v1=True,
             floor_share=True,
             prism=Peer(data.V1_VENDOR, (data.cb_auth(), "/customers"), data.V1_SPEC)),
]

# The same load as a), against the bare Starlette app, which answers 200 to anything.
FLOOR = Scenario("floor", "bare Starlette, constant JSON", "dayzero_payment",
                 (*_DAYZERO, "1"), (200,))
