"""How create_app wires the store into the pipeline: handlers run on the event loop, and no
answer (a refusal that kept a record included) leaves before what it stored is on disk."""

import asyncio

import httpx
import pytest
from support.disk import gate_fsync

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings
from billing_sandbox.shipped import DEMO_FIXTURES

DEMO = DEMO_FIXTURES
ZENSKAR = {"x-api-key": "zk_test_demo", "organisation": "demo"}
INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"


@pytest.fixture
def gated_disk(monkeypatch):
    """fdatasync of the commit log waits for the gate (opened by the test)."""
    return gate_fsync(monkeypatch)[0]


async def answered_only_after_the_gate(app, gate, method, path, **kwargs):
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        call = asyncio.ensure_future(client.request(method, path, **kwargs))
        await asyncio.sleep(0.2)
        assert not call.done(), "answered before its commit was on disk"
        gate.set()
        return await asyncio.wait_for(call, 10)


def test_a_write_is_answered_once_durable(tmp_path, gated_disk):
    gated_disk.set()  # the fixtures load as usual
    sandbox = create_app(Settings(fixtures=[DEMO], data=tmp_path / "data.db"))
    try:
        gated_disk.clear()
        response = asyncio.run(answered_only_after_the_gate(
            sandbox.app, gated_disk, "POST",
            f"/zenskar/payments/invoice/{INVOICE}/charge", headers=ZENSKAR, json={}))
        assert response.status_code == 200
    finally:
        sandbox.close()


def test_a_declined_charge_is_refused_once_its_failed_payment_is_durable(tmp_path, gated_disk):
    gated_disk.set()
    sandbox = create_app(Settings(fixtures=[DEMO], data=tmp_path / "data.db"))
    try:
        gated_disk.clear()
        response = asyncio.run(answered_only_after_the_gate(
            sandbox.app, gated_disk, "POST", f"/zenskar/payments/invoice/{INVOICE}/charge",
            headers=ZENSKAR, json={"source": "pm_card_declined"}))
        assert response.status_code == 400 and "declined" in response.json()["detail"]
    finally:
        sandbox.close()
    reopened = create_app(Settings(fixtures=[DEMO], data=tmp_path / "data.db"))
    try:
        payments = reopened.store.snapshot("zenskar/demo")["zenskar/demo"]["payment"]
        assert [p["status"] for p in payments.values()] == ["failed"]
    finally:
        reopened.close()
