"""The command line as a user runs it: check, routes, seed, and serve over real HTTP."""

from __future__ import annotations

import base64
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from support.clients import CHARGEBEE_V1
from support.server import DEMO_FIXTURES, ROOT, SandboxProcess


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "billing_sandbox.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_check_passes_on_the_shipped_specs_and_demo_fixtures():
    result = cli("check", "--fixtures", str(DEMO_FIXTURES))
    assert result.returncode == 0, result.stderr
    assert "zenskar:" in result.stdout and "fixtures chargebee.demo" in result.stdout


def test_check_names_the_file_and_pointer_of_a_broken_document(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      responses:\n        '200': {$ref: '#/components/responses/Gone'}\n")
    result = cli("check", "--specs", str(tmp_path))
    assert result.returncode == 1
    assert "api.yaml#/paths/~1x/get/responses/200/$ref" in result.stderr


def test_check_warns_of_a_pattern_written_as_a_javascript_literal_and_still_passes(tmp_path):
    folder = tmp_path / "literal"
    folder.mkdir()
    (folder / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      parameters:\n        - {name: code, in: query, schema: {type: string, "
        "pattern: '/^[a-z0-9_-]+$/i'}}\n"
        "      responses:\n        '200': {description: ok}\n")
    result = cli("check", "--specs", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "literal: 1 document(s), 1 operations: ok" in result.stdout
    assert ("api.yaml#/paths/~1x/get/parameters/0/schema/pattern: warning: pattern "
            "'/^[a-z0-9_-]+$/i' is written as a JavaScript regex literal") in result.stdout


def write_mistyped_document(specs: Path) -> Path:
    """A vendor folder whose document has two schema mistakes the meta-schema finds."""
    (specs / "typo").mkdir(parents=True)
    path = specs / "typo" / "api.yaml"
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      parameters:\n        - {name: q, in: query, schema: {type: strin}}\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content: {application/json: {schema: {type: object, minProperties: -1}}}\n")
    return path


def test_check_reports_every_meta_schema_problem_of_a_document(tmp_path):
    path = write_mistyped_document(tmp_path)
    result = cli("check", "--specs", str(tmp_path))
    assert result.returncode == 1
    assert f"{path}#/paths/~1x/get/parameters/0/schema/type: \"strin\" is not one of" \
        in result.stderr
    assert f"{path}#/paths/~1x/get/responses/200/content/application~1json/schema/" \
           "minProperties: -1 is less than the minimum of 0" in result.stderr


def test_serve_refuses_a_document_that_check_refuses(tmp_path):
    write_mistyped_document(tmp_path)
    result = cli("serve", "--port", "1", "--specs", str(tmp_path))
    assert result.returncode == 1 and '"strin" is not one of' in result.stderr


def test_check_passes_chargebees_published_document_with_its_warnings(tmp_path):
    (tmp_path / "cbv1").mkdir()
    shutil.copy(CHARGEBEE_V1, tmp_path / "cbv1")
    result = cli("check", "--specs", str(tmp_path), "--no-shipped-specs")
    assert result.returncode == 0, result.stderr
    assert "cbv1: 1 document(s), 104 operations: ok" in result.stdout
    assert "warning: " in result.stdout and "keys next to $ref are ignored" in result.stdout


def test_check_refuses_a_fixture_naming_an_unknown_vendor(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stripe:\n  t1:\n    api_key: k\n")
    result = cli("check", "--fixtures", str(bad))
    assert result.returncode == 1 and "stripe" in result.stderr and str(bad) in result.stderr


def test_check_refuses_two_tenants_with_one_api_key_in_a_file(tmp_path):
    bad = tmp_path / "same-key.yaml"
    bad.write_text("chargebee:\n  a:\n    api_key: k1\n  b:\n    api_key: k1\n")
    result = cli("check", "--fixtures", str(bad))
    assert result.returncode == 1
    assert f"{bad}: chargebee.b.api_key: tenant 'a' has the same key" in result.stderr


def test_serve_refuses_two_fixture_files_giving_one_api_key_to_two_tenants(tmp_path):
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    first.write_text("zenskar:\n  org1:\n    api_key: zk_shared\n")
    second.write_text("zenskar:\n  org2:\n    api_key: zk_shared\n")
    result = cli("serve", "--port", "1", "--in-memory", "--fixtures", str(first),
                 "--fixtures", str(second))
    assert result.returncode == 1
    assert "zenskar.org2.api_key: tenant 'org1' has the same key" in result.stderr
    assert str(first) in result.stderr and str(second) in result.stderr


def test_routes_lists_every_operation_with_how_it_is_answered():
    result = cli("routes")
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if "Create-invoice-charge" in ln)
    assert "POST" in line and "/payments/invoice/{invoice_id}/charge" in line
    assert any(w in line for w in ("handled", "generated"))


def test_serve_mounts_every_vendor_and_serves_its_docs():
    with SandboxProcess() as sandbox:
        index = httpx.get(sandbox.url + "/").json()
        assert set(index["vendors"]) == {"zenskar", "dayzero", "chargebee"}
        assert index["vendors"]["chargebee"]["base_paths"] == ["/chargebee/api/v1",
                                                               "/chargebee/api/v2"]
        docs = httpx.get(sandbox.url + "/zenskar/docs")
        assert docs.status_code == 200 and "/_sandbox/docs/assets/swagger-ui-bundle.js" in docs.text
        bundle = httpx.get(sandbox.url + "/_sandbox/docs/assets/swagger-ui-bundle.js")
        assert bundle.status_code == 200 and "javascript" in bundle.headers["content-type"]
        served = httpx.get(sandbox.url + "/dayzero/openapi.json").json()
        assert served["servers"] == [{"url": "/dayzero"}]
        assert "/api/v1/invoices/{invoice_id}/payments" in served["paths"]


def test_serve_loads_a_full_published_spec_unmodified(tmp_path):
    folder = tmp_path / "specs" / "cbv1"
    folder.mkdir(parents=True)
    shutil.copy(CHARGEBEE_V1, folder)
    auth = {"Authorization": "Basic " + base64.b64encode(b"whatever:").decode()}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    with SandboxProcess("--specs", str(tmp_path / "specs"), fixtures=None) as sandbox:
        index = httpx.get(sandbox.url + "/", headers={"accept": "application/json"}).json()
        assert set(index["vendors"]) == {"zenskar", "dayzero", "chargebee", "cbv1"}
        charge = sandbox.url + "/cbv1/api/v1/invoices/charge"
        ok = httpx.post(charge, headers={**auth, **form},
                        content="customer_id=c1&amount=1000&description=Setup")
        assert ok.status_code == 200 and isinstance(ok.json()["invoice"], dict)
        bad = httpx.post(charge, headers={**auth, **form}, content="customer_id=c1&amount=0")
        assert bad.status_code == 400 and bad.json()["type"] == "invalid_request"
        anonymous = httpx.post(charge, headers=form, content="amount=1&description=x")
        assert anonymous.status_code == 401


def test_no_shipped_specs_serves_only_the_given_vendors(tmp_path):
    (tmp_path / "cbv1").mkdir()
    shutil.copy(CHARGEBEE_V1, tmp_path / "cbv1")
    result = cli("routes", "--specs", str(tmp_path), "--no-shipped-specs")
    assert result.returncode == 0, result.stderr
    vendors = [line.split()[0] for line in result.stdout.splitlines() if not line[0].isspace()]
    assert vendors == ["cbv1", "_sandbox"]


def test_no_shipped_specs_without_specs_says_what_is_missing():
    result = cli("routes", "--no-shipped-specs")
    assert result.returncode == 2 and "--no-shipped-specs needs --specs DIR" in result.stderr


def test_a_vendor_folder_named_like_a_shipped_one_replaces_it(tmp_path):
    (tmp_path / "chargebee").mkdir()
    shutil.copy(CHARGEBEE_V1, tmp_path / "chargebee")
    result = cli("routes", "--specs", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "chargebee (/chargebee/api/v1)" in result.stdout
    assert "list_invoices_for_a_customer" in result.stdout  # only in the published document


def test_routes_columns_stay_apart_for_long_operation_ids():
    result = cli("routes")
    rows = [line.split(maxsplit=3) for line in result.stdout.splitlines()
            if line.startswith("  ")]  # the last column may hold spaces (create customer)
    assert rows and all(len(row) == 4 for row in rows), result.stdout
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    vendor_lines = lines[:3]  # one vendor's rows: its columns start at the same places
    starts = {tuple(cell.start() for cell in re.finditer(r"\S+(?: \S+)*", line))
              for line in vendor_lines}  # cells: words one space apart, columns two
    assert len(starts) == 1, vendor_lines


def test_python_dash_m_runs_the_command_line():
    result = subprocess.run([sys.executable, "-m", "billing_sandbox", "routes"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Create-invoice-charge" in result.stdout


def test_seed_loads_fixtures_into_a_data_file_that_serve_keeps(tmp_path):
    data = tmp_path / "state.db"
    result = cli("seed", str(DEMO_FIXTURES), "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert data.exists()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_closes_the_store_and_exits_0(tmp_path, stop):
    data = tmp_path / "state.db"
    sandbox = SandboxProcess(data=data).start()
    try:
        charged = httpx.post(sandbox.url + "/chargebee/api/v2/invoices/charge",
                             auth=("cb_test_demo", ""),
                             data={"customer_id": "demo_customer", "amount": 700,
                                   "description": "Before the stop"})
        assert charged.status_code == 200
        assert Path(f"{data}.log").stat().st_size > 0
        sandbox.process.send_signal(stop)  # docker stop and CI runners; Ctrl-C
        assert sandbox.process.wait(30) == 0  # a stop asked for is no failure
        assert "Traceback" not in sandbox.stderr_text()
    finally:
        sandbox.stop()
    assert Path(f"{data}.log").stat().st_size == 0, "the store was not closed"
    with SandboxProcess(data=data) as again:
        listed = httpx.get(again.url + "/chargebee/api/v2/invoices", auth=("cb_test_demo", ""))
    assert [e["invoice"]["total"] for e in listed.json()["list"]] == [700]
