"""What a browser gets: the home page at / (HTML; JSON for everyone else, as before), and the
docs pages, Swagger UI 5 served from this process and authorized as the demo tenant."""

from __future__ import annotations

import re

import pytest
from support.clients import AppClient

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings
from billing_sandbox.shipped import DEMO_FIXTURES

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def client():
    sandbox = create_app(Settings(fixtures=[DEMO_FIXTURES]))
    yield AppClient(sandbox.app)
    sandbox.close()


def test_the_index_stays_json_for_clients_that_do_not_ask_for_html(client):
    for accept in ("application/json", "*/*"):
        index = client.get("/", headers={"accept": accept})
        assert index.headers["content-type"] == "application/json"
        assert index.json()["vendors"]["zenskar"] == {
            "base_paths": ["/zenskar"], "docs": "/zenskar/docs",
            "openapi": "/zenskar/openapi.json", "operations": 7}


def test_the_home_page_shows_each_vendor_its_credentials_and_operations(client):
    page = client.get("/", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    for vendor in ("zenskar", "dayzero", "chargebee"):
        assert f"href='/{vendor}/docs'" in text
        assert f"<code>http://sandbox/{vendor}" in text
    assert "<code>x-api-key: zk_test_demo</code><br><code>organisation: demo</code>" in text
    assert "<code>Authorization: Bearer dz_test_demo</code>" in text
    assert "HTTP Basic user cb_test_demo, empty password" in text
    # Chargebee's whole document, and API v2's close of a pending invoice
    assert text.count("<tr class='operation'>") == 7 + 3 + 104 + 1
    assert "<td>POST</td><td><code>/invoices/charge</code></td>" in text


def test_the_home_page_lists_the_latest_calls_newest_first(client):
    client.get("/chargebee/api/v2/invoices", auth=("cb_test_demo", ""))
    client.get("/chargebee/api/v2/invoices/nope", auth=("cb_test_demo", ""))
    text = client.get("/", headers=BROWSER).text
    calls = re.findall(r"<tr class='call'>.*?</tr>", text)
    assert "/chargebee/api/v2/invoices/nope" in calls[0] and ">404<" in calls[0]
    assert "/chargebee/api/v2/invoices<" in calls[1] and ">200<" in calls[1]


def test_with_an_admin_token_no_page_shows_credentials_nor_calls():
    sandbox = create_app(Settings(fixtures=[DEMO_FIXTURES], admin_token="s3cret-token"))
    try:
        client = AppClient(sandbox.app)
        text = client.get("/", headers=BROWSER).text
        docs = client.get("/zenskar/docs").text
    finally:
        sandbox.close()
    assert "zk_test_demo" not in text and "cb_test_demo" not in text
    assert "requires an admin token" in text and "<tr class='operation'>" in text
    assert "zk_test_demo" not in docs and "const authorization = {};" in docs


@pytest.mark.parametrize("vendor, authorization", [
    ("chargebee", '{"BasicAuth": {"user": "cb_test_demo"}}'),
    ("zenskar", '{"ApiTokenAuth": {"value": "zk_test_demo"}, '
                '"OrganisationAuth": {"value": "demo"}}'),
    ("dayzero", '{"HTTPBearer": {"value": "dz_test_demo"}, '
                '"BusinessId": {"value": "3f1d2c4b-0000-4000-8000-000000000001"}}'),
    ("_sandbox", "{}"),
])
def test_each_docs_page_is_swagger_ui_5_authorized_as_the_demo_tenant(client, vendor,
                                                                      authorization):
    page = client.get(f"/{vendor}/docs").text
    assert f"const authorization = {authorization};" in page
    assert f'url: "/{vendor}/openapi.json"' in page
    bundle = client.get("/_sandbox/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert re.search(r'PACKAGE_VERSION:"5\.\d+\.\d+"', bundle.text)  # 4.x reads no 3.1
    assert "cdn" not in page.lower() and "https://" not in page
    assert "validatorUrl: null" in page  # Swagger UI would fetch a badge from swagger.io


def test_a_browser_finds_a_favicon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/png"
