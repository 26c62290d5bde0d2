"""schemathesis against the app, over every shipped operation and every operation of
Chargebee's published v1 document dropped in (read in place from ../shared; its operations
keep state as inferred): no 5xx, no response that breaks its documented schema, and no request
that breaks its schema accepted."""

from __future__ import annotations

import base64
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from support.server import DEMO_FIXTURES
from support.specs import dropped_in

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings

SANDBOX = create_app(Settings(fixtures=[DEMO_FIXTURES]))
DROPPED_IN = TemporaryDirectory(prefix="specs-")
V1 = create_app(Settings(specs_dirs=[dropped_in(Path(DROPPED_IN.name))]))
CONTROLLED = create_app(Settings(fixtures=[DEMO_FIXTURES]))  # its state is the control's toy
CREDENTIALS = {
    "zenskar": {"x-api-key": "zk_test_demo", "organisation": "demo"},
    "dayzero": {"Authorization": "Bearer dz_test_demo",
                "x-business-id": "3f1d2c4b-0000-4000-8000-000000000001"},
    "chargebee": {"Authorization": "Basic " + base64.b64encode(b"cb_test_demo:").decode()},
    "cbv1": {"Authorization": "Basic " + base64.b64encode(b"any_key:").decode()},
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]


def vendor_schema(vendor: str):
    return schemathesis.openapi.from_asgi(f"/{vendor}/openapi.json", SANDBOX.app)


control = schemathesis.openapi.from_asgi("/_sandbox/openapi.json", CONTROLLED.app)
zenskar = vendor_schema("zenskar")
dayzero = vendor_schema("dayzero")
chargebee = vendor_schema("chargebee")
chargebee_v1 = schemathesis.openapi.from_asgi("/cbv1/openapi.json", V1.app)
FAST = settings(max_examples=12, deadline=None,
                suppress_health_check=list(HealthCheck), derandomize=True)


# A form body cannot carry JSON types: by OpenAPI's form serialization `coupon_ids=A` is the
# one-item array ["A"], which schemathesis counts as a wrong type. Form operations are held to
# every check but that one.
FORM_CHECKS = [check for check in CHECKS if check is not negative_data_rejection]


def run(case, vendor: str) -> None:
    case.headers = {**(case.headers or {}), **CREDENTIALS[vendor]}
    form = case.media_type == "application/x-www-form-urlencoded"
    case.call_and_validate(checks=FORM_CHECKS if form else CHECKS)


@zenskar.parametrize()
@FAST
def test_zenskar_contract(case):
    run(case, "zenskar")


@dayzero.parametrize()
@FAST
def test_dayzero_contract(case):
    run(case, "dayzero")


@chargebee.parametrize()
@FAST
def test_chargebee_contract(case):
    run(case, "chargebee")


@chargebee_v1.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
def test_chargebee_v1_dropped_in_contract(case):
    run(case, "cbv1")


@control.parametrize()
@FAST
def test_control_plane_contract(case):
    form = case.media_type == "application/yaml"  # YAML text: any string is a document
    case.call_and_validate(checks=FORM_CHECKS if form else CHECKS)


@pytest.fixture(autouse=True, scope="module")
def no_violations_logged():
    yield
    assert [str(v) for v in SANDBOX.monitor.violations()] == []
    assert [str(v) for v in CONTROLLED.monitor.violations()] == []
    assert [str(v) for v in V1.monitor.violations()] == []
