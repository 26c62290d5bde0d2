"""The docs and the home page in a real browser (headless Chromium): every operation renders,
no "Unable to render this definition", nothing is fetched from elsewhere, and "Try it out"
calls the sandbox as the demo tenant."""

from __future__ import annotations

import json

import httpx
import pytest
from support.browser import Browser, Page
from support.server import SandboxProcess

DOCS = ["zenskar", "chargebee", "dayzero", "_sandbox"]
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def sandbox():
    with SandboxProcess() as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with Browser() as running:
        yield running


def documented_operations(sandbox: SandboxProcess, name: str, webhooks: bool = True) -> int:
    """Operations, and webhooks (OpenAPI 3.1 ``webhooks``: Swagger UI shows them as
    operations too)."""
    document = httpx.get(f"{sandbox.url}/{name}/openapi.json").json()
    items = [*document["paths"].values(),
             *((document.get("webhooks") or {}).values() if webhooks else ())]
    return sum(1 for item in items for method in item if method in HTTP_METHODS)


def shown_text(page: Page) -> str:
    return page.evaluate("document.body.innerText")


@pytest.mark.parametrize("name", DOCS)
def test_each_docs_page_renders_every_operation(sandbox, browser, name):
    page = browser.open(f"{sandbox.url}/{name}/docs")
    try:
        expected = documented_operations(sandbox, name)
        page.wait_for(f"document.querySelectorAll('.opblock').length === {expected}")
        assert "Unable to render" not in shown_text(page)
        assert page.evaluate("document.querySelector('.errors-wrapper') === null")
        elsewhere = [url for url in page.requested_urls()
                     if not url.startswith((sandbox.url + "/", "data:"))]
        assert elsewhere == [], "the docs must work offline"
    finally:
        page.close()


@pytest.mark.parametrize("name, operation_id, parameters, expected", [
    ("chargebee", "retrieve_a_customer", {"customer-id": "demo_customer"}, "Dana"),
    ("zenskar", "Get-invoice-by-ID", {"invoice_id": "7a1c0d2e-0000-4000-8000-000000000301"},
     "7a1c0d2e-0000-4000-8000-000000000101"),
    ("dayzero", "get_invoice_api_v1_invoices__invoice_id__get",
     {"invoice_id": "3f1d2c4b-0000-4000-8000-000000000301"}, "50000"),
    ("_sandbox", "getClock", {}, "frozen"),
])
def test_try_it_out_answers_as_the_demo_tenant(sandbox, browser, name, operation_id,
                                               parameters, expected):
    page = browser.open(f"{sandbox.url}/{name}/docs")
    try:
        status, body = try_it_out(page, operation_id, parameters)
    finally:
        page.close()
    assert status == "200", body
    assert expected in body


def test_the_home_page_shows_vendors_operations_credentials_and_calls(sandbox, browser):
    httpx.get(sandbox.url + "/chargebee/api/v2/invoices", auth=("cb_test_demo", ""))
    page = browser.open(sandbox.url + "/")
    try:
        page.wait_for("document.querySelectorAll('tr.operation').length > 0")
        total = sum(documented_operations(sandbox, name, webhooks=False) for name in DOCS[:3])
        assert page.evaluate("document.querySelectorAll('tr.operation').length") == total
        text = shown_text(page)
        assert "x-api-key: zk_test_demo" in text and "Authorization: Bearer dz_test_demo" in text
        assert "HTTP Basic user cb_test_demo" in text
        assert page.evaluate("document.querySelectorAll('tr.call').length") >= 1
        links = page.evaluate("Array.from(document.links).map(a => a.getAttribute('href'))")
        assert {"/zenskar/docs", "/chargebee/docs", "/dayzero/docs", "/_sandbox/docs"} <= \
            set(links)
    finally:
        page.close()


def try_it_out(page: Page, operation_id: str, parameters: dict[str, str]) -> tuple[str, str]:
    """Open the operation, press "Try it out", fill its parameters, press "Execute"; the
    status and body Swagger UI shows."""
    selector = json.dumps(f'.opblock[id$="-{operation_id}"]')  # id: operations-<tag>-<id>
    block = f"document.querySelector({selector})"
    page.wait_for(f"!!{block}")
    page.evaluate(f"{block}.querySelector('.opblock-summary-control').click()")
    page.wait_for(f"!!{block}.querySelector('.try-out__btn')")
    page.evaluate(f"{block}.querySelector('.try-out__btn').click()")
    for name, value in parameters.items():
        field = f"{block}.querySelector('tr[data-param-name={json.dumps(name)}] input')"
        page.wait_for(f"!!{field}")
        # as typed: React sees the input event; leaving the field hands the value over at
        # once (Swagger UI's inputs otherwise wait 300 ms before they do)
        page.evaluate(f"""(() => {{
            const input = {field};
            const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
            input.focus();
            setValue.set.call(input, {json.dumps(value)});
            input.dispatchEvent(new Event('input', {{bubbles: true}}));
            input.dispatchEvent(new FocusEvent('focusout', {{bubbles: true}}));
        }})()""")
    page.wait_for(f"!!{block}.querySelector('.execute')")
    page.evaluate(f"{block}.querySelector('.execute').click()")
    shown = f"{block}.querySelector('.live-responses-table .response .response-col_status')"
    status = page.wait_for(f"{shown} && {shown}.innerText")
    body = page.evaluate(f"{block}.querySelector('.live-responses-table .microlight, "
                         f".live-responses-table pre')?.innerText || ''")
    return status.strip(), body
