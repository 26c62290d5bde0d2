"""pytest plugin: a sandbox for the session, and a ``billing_sandbox`` fixture that resets it
before each test and fails the test when the client under test broke a vendor's contract.

Registered through the ``pytest11`` entry point, so installing billing-sandbox enables it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .sandbox import BillingSandbox, SandboxError
from .server import SandboxServer, ServerError
from .violations import describe_violations

ALLOW_MARKER = "billing_sandbox_allow_violations"
_SANDBOX = pytest.StashKey[BillingSandbox]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("billing-sandbox", "billing-sandbox (a sandbox of billing APIs)")
    group.addoption("--billing-sandbox-url", metavar="URL",
                    help="use the sandbox already running at URL instead of starting one")
    group.addoption("--billing-sandbox-token", metavar="TOKEN",
                    help="admin token of the sandbox at --billing-sandbox-url "
                         "(default: $BILLING_SANDBOX_TOKEN)")
    group.addoption("--billing-sandbox-fixtures", metavar="PATH", action="append", default=[],
                    help="fixture file the sandbox starts with (repeatable; default: the demo "
                         "fixtures)")
    group.addoption("--billing-sandbox-specs", metavar="DIR",
                    help="folder of vendor folders of OpenAPI documents, served next to the "
                         "shipped vendors")
    group.addoption("--billing-sandbox-seed", metavar="SEED",
                    help="make the ids the sandbox mints repeat across runs")
    group.addoption("--billing-sandbox-allow-violations", action="store_true", default=None,
                    help="do not fail a test whose client broke a vendor's documented contract")
    parser.addini("billing_sandbox_url", "use the sandbox already running at this URL")
    parser.addini("billing_sandbox_fixtures", "fixture files the sandbox starts with",
                  type="paths")
    parser.addini("billing_sandbox_specs", "folder of vendor folders of OpenAPI documents",
                  type="paths")
    parser.addini("billing_sandbox_seed", "make the ids the sandbox mints repeat across runs")
    parser.addini("billing_sandbox_allow_violations", "do not fail a test whose client broke "
                  "a vendor's documented contract", type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{ALLOW_MARKER}: do not fail this test when the client under test sends "
                   "requests that break a vendor's documented contract")


@pytest.fixture(scope="session")
def billing_sandbox_url(pytestconfig: pytest.Config) -> Iterator[str]:
    """The root URL of the session's sandbox (started here unless --billing-sandbox-url)."""
    given = pytestconfig.getoption("billing_sandbox_url") or pytestconfig.getini(
        "billing_sandbox_url")
    if given:
        yield given.rstrip("/")
        return
    server = SandboxServer(fixtures=_fixture_paths(pytestconfig),
                           specs=_first(pytestconfig.getoption("billing_sandbox_specs"),
                                        pytestconfig.getini("billing_sandbox_specs")),
                           seed=pytestconfig.getoption("billing_sandbox_seed")
                           or pytestconfig.getini("billing_sandbox_seed") or None)
    try:
        server.start()
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def billing_sandbox(billing_sandbox_url: str, pytestconfig: pytest.Config,
                    request: pytest.FixtureRequest) -> Iterator[BillingSandbox]:
    """The sandbox, reset to its fixtures (journal, faults and clock too) for this test."""
    token = pytestconfig.getoption("billing_sandbox_token") or os.environ.get(
        "BILLING_SANDBOX_TOKEN")
    sandbox = BillingSandbox(billing_sandbox_url, token=token)
    try:
        sandbox.start_test()
    except (httpx.HTTPError, SandboxError) as exc:
        sandbox.close()
        pytest.fail(f"billing-sandbox at {billing_sandbox_url} could not be reset: {exc}",
                    pytrace=False)
    request.node.stash[_SANDBOX] = sandbox
    yield sandbox
    sandbox.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """After the test body: a test that passed fails if its client broke a contract; one that
    failed also shows the violations, which often explain it."""
    report = yield
    sandbox = item.stash.get(_SANDBOX, None)
    if call.when != "call" or sandbox is None or report.skipped or _allowed(item):
        return report
    try:
        violations = sandbox.violations()
    except (httpx.HTTPError, SandboxError) as exc:
        report.sections.append(("billing-sandbox", f"could not read the journal: {exc}"))
        return report
    if not violations:
        return report
    text = describe_violations(violations)
    if report.passed and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = text
    else:
        report.sections.append(("billing-sandbox contract violations", text))
    return report


def _allowed(item: pytest.Item) -> bool:
    config = item.config
    return bool(item.get_closest_marker(ALLOW_MARKER)
                or config.getoption("billing_sandbox_allow_violations")
                or config.getini("billing_sandbox_allow_violations"))


def _fixture_paths(config: pytest.Config) -> list[Path] | None:
    given = [Path(p) for p in config.getoption("billing_sandbox_fixtures")]
    return given or list(config.getini("billing_sandbox_fixtures")) or None


def _first(option: str | None, ini: list[Path]) -> Path | None:
    return Path(option) if option else (ini[0] if ini else None)
