"""Who may use the control plane: loopback peers, or anyone with the admin token."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from support.server import SandboxProcess

from billing_sandbox.control.profile import access_guard, is_loopback
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.api import Incoming


def incoming(client: str | None, **headers: str) -> Incoming:
    return Incoming("GET", "/_sandbox/clock", headers, "", b"", client=client)


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("localhost", True),
    ("10.0.0.5", False), ("0.0.0.0", False), ("192.168.1.20", False), ("example.com", False),
])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_without_a_token_only_loopback_peers_are_served():
    guard = access_guard(None)
    guard({}, incoming("127.0.0.1"))
    with pytest.raises(ApiError) as refused:
        guard({}, incoming("10.0.0.5"))
    assert refused.value.status == 403
    assert "--admin-token" in refused.value.message


def test_with_a_token_every_peer_must_send_it():
    guard = access_guard("s3cret")
    guard({}, incoming("10.0.0.5", authorization="Bearer s3cret"))
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": "Basic s3cret"}):
        with pytest.raises(ApiError) as refused:
            guard({}, incoming("127.0.0.1", **headers))
        assert refused.value.status == 401


def test_serving_beyond_loopback_without_a_token_refuses_to_start():
    done = subprocess.run(
        [sys.executable, "-m", "billing_sandbox.cli", "serve", "--host", "0.0.0.0",
         "--port", "1", "--in-memory"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "--admin-token" in done.stderr and "0.0.0.0" in done.stderr


def test_a_server_with_a_token_asks_for_it_on_the_control_plane_only():
    with SandboxProcess("--admin-token", "s3cret") as server:
        without = httpx.get(server.url + "/_sandbox/clock")
        assert without.status_code == 401
        assert without.json()["code"] == "unauthenticated"
        with_token = httpx.get(server.url + "/_sandbox/clock",
                               headers={"authorization": "Bearer s3cret"})
        assert with_token.status_code == 200
        vendor = httpx.get(server.url + "/chargebee/api/v2/invoices", auth=("cb_test_demo", ""))
        assert vendor.status_code == 200


@pytest.mark.parametrize("token", ["", " ", "s3cret\n"])
def test_a_blank_or_padded_admin_token_refuses_to_start(token):
    done = subprocess.run(
        [sys.executable, "-m", "billing_sandbox.cli", "serve", "--host", "0.0.0.0",
         "--port", "1", "--in-memory", "--admin-token", token],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--admin-token" in done.stderr and "admin token" in done.stderr


@pytest.mark.parametrize("token", ["", "  ", " s3cret"])
def test_the_guard_refuses_a_blank_or_padded_token(token):
    with pytest.raises(ValueError):
        access_guard(token)


@pytest.mark.parametrize("path, method", [("/_sandbox/reset", "POST"),
                                          ("/_sandbox/clock", "PUT"),
                                          ("/_sandbox/state", "PUT")])
def test_a_body_that_is_not_json_is_400_naming_the_body(sandbox, path, method):
    answer = sandbox.request(method, path, content=b'{"vendor": ',
                             headers={"content-type": "application/json"})
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "malformed_body"
    assert error["errors"] == [{"field": "body", "reason": error["message"]}]
    assert "JSON" in error["message"]
