"""Idempotency keys are kept per site, newest first, up to a bound."""

from __future__ import annotations

import pytest

from billing_sandbox.engine.documents.vendors import Operation
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import Reply, Request
from billing_sandbox.store import Store
from billing_sandbox.vendors.chargebee.idempotency import KIND, ORDER, remember, replay

CHARGE = Operation("chargebee", "charge", "POST", "/invoices/charge", "", [], None, {}, None)


def request(key: str, body: bytes = b"amount=1") -> Request:
    return Request("chargebee", "demo", CHARGE, {}, {}, {"chargebee-idempotency-key": key},
                   None, raw_body=body)


def test_a_site_keeps_only_its_newest_keys():
    with Store.open(None) as store:
        for number in range(1, 6):
            with store.transaction("chargebee/demo") as repo:
                remember(repo, request(f"k{number}"), Reply(200, {"n": number}), kept=3)
        with store.transaction("chargebee/demo") as repo:
            assert [replay(repo, request(f"k{n}")) is None for n in range(1, 6)] == [
                True, True, False, False, False]
            assert replay(repo, request("k5")).body == {"n": 5}
        assert store.count("chargebee/demo", KIND) == 3
        assert store.count("chargebee/demo", ORDER) == 3


def test_a_key_reused_for_another_request_is_refused():
    with Store.open(None) as store, store.transaction("chargebee/demo") as repo:
        remember(repo, request("k"), Reply(200, {}))
        with pytest.raises(ApiError) as refused:
            replay(repo, request("k", b"amount=2"))
        assert refused.value.kind == "unprocessable"
