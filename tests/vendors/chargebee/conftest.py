"""The Chargebee demo sites (the chargebee section of billing_sandbox/demo.yaml), in process or as a
real server; in-process apps fail the test on any contract violation, like SandboxProcess."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml
from support.clients import AppClient
from support.server import DEMO_FIXTURES

from billing_sandbox.app import create_app
from billing_sandbox.fixtures import seed_store
from billing_sandbox.settings import Settings

DEMO_KEY = "cb_test_demo"
OTHER_KEY = "cb_test_other"


def basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


@pytest.fixture(scope="session")
def chargebee_demo(tmp_path_factory) -> Path:
    """Only the chargebee section of the demo fixtures, so these tests need no other adapter."""
    document = yaml.safe_load(DEMO_FIXTURES.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("chargebee") / "demo.yaml"
    path.write_text(yaml.safe_dump({"chargebee": document["chargebee"]}), encoding="utf-8")
    return path


def fixture_file(tmp_path: Path, sites: dict) -> Path:
    path = tmp_path / "fixtures.yaml"
    path.write_text(yaml.safe_dump({"chargebee": sites}), encoding="utf-8")
    return path


class Site:
    """One site of an in-process sandbox: ``site.post("/invoices/charge", data={...})``."""

    def __init__(self, client: AppClient, key: str, base: str = "/chargebee/api/v2") -> None:
        self.client, self.key, self.base = client, key, base

    def get(self, path: str, **kwargs):
        return self.client.get(self.base + path, headers=basic(self.key), **kwargs)

    def post(self, path: str, data=None, headers=None, **kwargs):
        return self.client.post(self.base + path, data=data,
                                headers={**basic(self.key), **(headers or {})}, **kwargs)

    def charge(self, **fields):
        return self.post("/invoices/charge", data=fields)


def sandbox_app(fixtures: Path):
    return create_app(Settings(fixtures=[fixtures]))


@pytest.fixture(scope="session")
def demo_sandbox(chargebee_demo):
    app = sandbox_app(chargebee_demo)
    yield app
    app.close()


@pytest.fixture
def sandbox(demo_sandbox):
    """The demo sandbox, back to its fixtures (building an app per test is slow)."""
    app = demo_sandbox
    app.clock.real_time()  # a test's frozen clock does not date the next test's fixtures
    app.store.clear()
    seed_store(app.store, app.fixtures, list(app.apis), app.adapters, app.clock,
               seeders=app.control.seeders)
    app.monitor.clear()
    yield app
    assert not app.monitor.violations(), [str(v) for v in app.monitor.violations()]


@pytest.fixture
def demo(sandbox) -> Site:
    return Site(AppClient(sandbox.app), DEMO_KEY)


@pytest.fixture
def other(sandbox) -> Site:
    return Site(AppClient(sandbox.app), OTHER_KEY)


@pytest.fixture
def custom_site(tmp_path):
    """``custom_site({"demo": {"api_key": ..., "customers": [...]}})`` -> the Site of the first
    tenant, in an app built from those fixtures (checked for contract violations)."""
    apps = []

    def build(sites: dict) -> Site:
        app = sandbox_app(fixture_file(tmp_path, sites))
        apps.append(app)
        first = next(iter(sites.values()))
        return Site(AppClient(app.app), first["api_key"])

    yield build
    for app in apps:
        assert not app.monitor.violations(), [str(v) for v in app.monitor.violations()]
        app.close()
