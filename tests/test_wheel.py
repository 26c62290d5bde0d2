"""The wheel is the product: built from the checkout and installed into a fresh virtual
environment outside it, it serves the shipped vendors with the demo tenants from an empty
folder, lists its routes, and its pytest plugin runs a client project's test."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from support.server import ROOT, free_port

ZENSKAR = {"x-api-key": "zk_test_demo", "organisation": "demo"}
DEMO_INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"
CLIENT_TEST = f'''
import httpx

def test_the_demo_invoice_is_served(billing_sandbox):
    url = billing_sandbox.url("zenskar") + "/invoices/{DEMO_INVOICE}"
    key = billing_sandbox.api_key("zenskar")
    answer = httpx.get(url, headers={{"x-api-key": key, "organisation": "demo"}})
    assert answer.status_code == 200 and answer.json()["id"] == "{DEMO_INVOICE}"

def test_a_reset_forgets_what_the_previous_test_did(billing_sandbox):
    billing_sandbox.clock.advance("P1D")
    assert billing_sandbox.requests() == []
'''


def run(command: list, cwd: Path, env: dict, timeout: float = 300) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{command}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """(the venv's bin folder, the environment to run it with) once the wheel is installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy: no build/ or egg-info of earlier builds gets in
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"),
         str(source)], work, env)
    [wheel] = (work / "dist").glob("billing_sandbox-*.whl")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)], work, env)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel),
         "pytest>=8,<10"], work, env)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv / "bin", env


def test_the_wheel_holds_the_documents_and_the_demo(installed, tmp_path):
    bin_folder, env = installed
    where = run([str(bin_folder / "python"), "-c", "import billing_sandbox.shipped as s; "
                 "print(s.SHIPPED_SPECS); print(s.DEMO_FIXTURES); print(s.CONTROL_SPEC)"],
                tmp_path, env).split()
    assert all(path.startswith(str(bin_folder.parent)) for path in where), where
    assert all(Path(path).exists() for path in where)


def test_serve_with_no_arguments_serves_the_demo_tenants_in_memory(installed, tmp_path):
    bin_folder, env = installed
    port = free_port()
    log = tmp_path.parent / f"serve-{port}.log"
    with log.open("w") as output:
        server = subprocess.Popen([str(bin_folder / "billing-sandbox"), "serve", "--port",
                                   str(port)], cwd=tmp_path, env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        invoice = httpx.get(f"{url}/zenskar/invoices/{DEMO_INVOICE}", headers=ZENSKAR)
        assert invoice.status_code == 200 and invoice.json()["id"] == DEMO_INVOICE
        assert httpx.get(url + "/_sandbox/docs/assets/swagger-ui-bundle.js").status_code == 200
        home = httpx.get(url + "/", headers={"accept": "text/html"})
        assert "cb_test_demo" in home.text
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    banner = log.read_text()
    assert "fixtures: the demo tenants" in banner
    assert "in memory" in banner and "--data FILE" in banner
    assert list(tmp_path.iterdir()) == []  # in memory: nothing written where it ran


def test_routes_and_check_run_from_any_folder(installed, tmp_path):
    bin_folder, env = installed
    routes = run([str(bin_folder / "billing-sandbox"), "routes"], tmp_path, env)
    assert "Create-invoice-charge" in routes and "create_invoice_for_a_one-time_charge" in routes
    checked = run([str(bin_folder / "python"), "-m", "billing_sandbox", "check"], tmp_path, env)
    assert "zenskar: 7 document(s), 7 operations: ok" in checked


def test_a_client_projects_tests_use_the_plugin(installed, tmp_path):
    bin_folder, env = installed
    (tmp_path / "test_billing.py").write_text(CLIENT_TEST)
    output = run([str(bin_folder / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                 tmp_path, env)
    assert "2 passed" in output
