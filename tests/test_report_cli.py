"""`billing-sandbox report`: the contract report of a running sandbox, for CI jobs."""

from __future__ import annotations

import subprocess
import sys
from xml.etree import ElementTree

import httpx
import pytest
from support.demo_calls import CHARGEBEE, charge
from support.server import ROOT, SandboxProcess


def report(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "billing_sandbox.cli", "report", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def server():
    with SandboxProcess("--admin-token", "t0ken") as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(server):
    with httpx.Client(base_url=server.url, timeout=10,
                      headers={"authorization": "Bearer t0ken"}) as client:
        assert client.post("/_sandbox/reset").status_code == 200
        yield client


def test_no_violation_exits_0_and_says_how_many_calls_were_checked(server, sandbox):
    assert charge(sandbox).status_code == 200
    result = report("--url", server.url, "--token", "t0ken")
    assert result.returncode == 0, result.stderr
    assert "chargebee create_invoice_for_a_one-time_charge  1 call, 0 violations" in (
        result.stdout)
    assert "1 call(s) checked" in result.stdout


def test_a_violation_exits_1_shows_it_and_writes_junit(server, sandbox, tmp_path):
    assert charge(sandbox, amount=0).status_code == 400
    junit = tmp_path / "contract.xml"
    result = report("--url", server.url, "--token", "t0ken", "--junit", str(junit))
    assert result.returncode == 1, result.stderr
    assert "FAIL chargebee create_invoice_for_a_one-time_charge  1 call, 1 violation" in (
        result.stdout)
    assert "request body: customer_id=demo_customer&amount=0&description=Setup" in result.stdout
    assert "body.amount: Input should be greater than or equal to 1" in result.stdout
    suite = ElementTree.parse(junit).getroot()
    assert suite.get("failures") == "1"
    assert suite.find("testcase/failure") is not None


def test_vendor_limits_the_report_to_that_vendor(server, sandbox):
    assert charge(sandbox, amount=0).status_code == 400
    sandbox.get("/zenskar/invoices", headers={"x-api-key": "zk_test_demo",
                                              "organisation": "demo"})
    result = report("--url", server.url, "--token", "t0ken", "--vendor", "zenskar")
    assert result.returncode == 0, result.stdout
    assert "chargebee" not in result.stdout and "zenskar List-invoices" in result.stdout


def test_an_unreachable_or_refusing_sandbox_exits_2(server, sandbox):
    unreachable = report("--url", "http://127.0.0.1:9")
    assert unreachable.returncode == 2
    assert "cannot reach a sandbox at http://127.0.0.1:9" in unreachable.stderr
    refused = report("--url", server.url, "--token", "wrong")
    assert refused.returncode == 2 and "answered 401" in refused.stderr
    assert sandbox.get("/chargebee/api/v2/invoices", auth=CHARGEBEE).status_code == 200


def test_a_junit_file_that_cannot_be_written_exits_2_saying_why(server, sandbox, tmp_path):
    assert charge(sandbox).status_code == 200
    missing = tmp_path / "no-such-dir" / "contract.xml"
    result = report("--url", server.url, "--token", "t0ken", "--junit", str(missing))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"cannot write the JUnit XML to {missing}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_vendor_the_sandbox_does_not_serve_exits_2(server, sandbox):
    assert charge(sandbox, amount=0).status_code == 400
    result = report("--url", server.url, "--token", "t0ken", "--vendor", "chargbee")
    assert result.returncode == 2, result.stdout
    assert "no vendor 'chargbee'" in result.stderr
