"""The OpenAPI documents shipped in the package (billing_sandbox/specs/) load, are valid, and
document the operations the sandbox serves, in the shapes the vendors publish."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from support.clients import CHARGEBEE_V1, SHARED

from billing_sandbox.engine.documents.reading import check_document, read_document
from billing_sandbox.engine.documents.vendors import VendorSpec, deref, load_vendor
from billing_sandbox.shipped import SHIPPED_SPECS

SPECS = SHIPPED_SPECS
SEEDS = SHARED / "seeds"

EXPECTED = {
    "zenskar": {
        "base_paths": [""],
        "operations": {
            "Create-invoice-charge": "POST /payments/invoice/{invoice_id}/charge",
            "Generate-an-invoice": "POST /invoices/generate_invoice",
            "Create-credit-note-against-invoice": "POST /invoices/{invoice_id}/credit_note",
            "Get-invoice-by-ID": "GET /invoices/{invoice_id}",
            "List-invoices": "GET /invoices",
            "Get-credit-note-by-ID": "GET /credit_notes/{credit_note_id}",
            "Get-payments": "GET /payments",
        },
    },
    "dayzero": {
        "base_paths": [""],
        "operations": {
            "create_invoice_payment_api_v1_invoices__invoice_id__payments_post":
                "POST /api/v1/invoices/{invoice_id}/payments",
            "get_invoice_api_v1_invoices__invoice_id__get": "GET /api/v1/invoices/{invoice_id}",
            "list_invoice_payments_api_v1_invoices__invoice_id__payments_get":
                "GET /api/v1/invoices/{invoice_id}/payments",
        },
    },
    "chargebee": {
        "base_paths": ["/api/v1", "/api/v2"],
        # every operation of Chargebee's published document (seven of them described again,
        # with API v2 parameters, by the sandbox's overlay), and API v2's close of a pending
        # invoice (v1 calls it collect)
        "operations": {
            **{operation["operationId"]: f"{method.upper()} {path}"
               for path, item in json.loads(CHARGEBEE_V1.read_text())["paths"].items()
               for method, operation in item.items() if isinstance(operation, dict)},
            "close_a_pending_invoice": "POST /invoices/{invoice-id}/close"},
    },
}

# The Zenskar seed files are the vendor's published slices, kept exactly as published.
ZENSKAR_SEEDS = {
    "create_invoice_charge.yaml": "post /payments/invoice/{invoice_id}/charge",
    "generate_invoice.yaml": "post /invoices/generate_invoice",
    "create_credit_note.yaml": "post /invoices/{invoice_id}/credit_note",
}

VENDOR_FILES = sorted(
    (vendor, path) for vendor in EXPECTED for path in (SPECS / vendor).glob("*.yaml"))
PUBLISHED_SHA256 = "d26c58a357967fec5a6e2a6a55040cc20522ef88940bf13771374e36cc9a7348"


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def vendor(request) -> VendorSpec:
    return load_vendor(SPECS / request.param)


def schema_of(vendor: VendorSpec, operation_id: str, status: str,
              media_type: str = "application/json") -> dict:
    response = vendor.operation(operation_id).responses[status]
    return deref(vendor.document, response["content"][media_type]["schema"])


def component(vendor: VendorSpec, name: str) -> dict:
    return vendor.document["components"]["schemas"][name]


def json_schemas(node, pointer: str = ""):
    """Every schema object in a document: components, parameters, bodies, headers."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{pointer}/{key}"
            if key == "schema" and isinstance(value, dict):
                yield where, value
            elif key == "schemas" and pointer.endswith("components"):
                yield from ((f"{where}/{name}", s) for name, s in value.items())
            else:
                yield from json_schemas(value, where)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from json_schemas(value, f"{pointer}/{index}")


@pytest.mark.parametrize(("vendor_name", "path"), VENDOR_FILES,
                         ids=[f"{v}/{p.name}" for v, p in VENDOR_FILES])
def test_each_document_is_valid_openapi_31_with_valid_json_schemas(vendor_name, path):
    document = read_document(path)
    assert document["openapi"] == "3.1.0"
    validate(document)
    meta = Draft202012Validator(Draft202012Validator.META_SCHEMA)
    invalid = {pointer: [e.message for e in meta.iter_errors(schema)]
               for pointer, schema in json_schemas(document) if not meta.is_valid(schema)}
    assert invalid == {}


def test_vendor_folder_loads_with_the_expected_operations_and_base_paths(vendor):
    expected = EXPECTED[vendor.name]
    assert vendor.base_paths == expected["base_paths"]
    assert {op.operation_id: op.key for op in vendor.operations} == expected["operations"]
    # the merged document is what is served: no errors (the published document's keys next
    # to $ref are warnings; the sandbox's own files are held to the strict validator above)
    assert [str(p) for p in check_document(vendor.document, vendor.name)
            if p.severity == "error"] == []


def test_every_operation_requires_the_vendor_credentials(vendor):
    required = {
        "zenskar": [{"ApiTokenAuth": [], "OrganisationAuth": []}],
        "dayzero": [{"HTTPBearer": [], "BusinessId": []}],
        "chargebee": [{"BasicAuth": []}],
    }[vendor.name]
    assert {op.operation_id: op.security for op in vendor.operations} == {
        op.operation_id: required for op in vendor.operations}


@pytest.mark.parametrize("file_name", sorted(ZENSKAR_SEEDS))
def test_zenskar_seed_files_are_the_published_yaml_byte_for_byte(file_name):
    header = f"/openAPI/openapi-20240301.json {ZENSKAR_SEEDS[file_name]}"
    published = [
        match.group(2)
        for seed in sorted(SEEDS.glob("*.txt"))
        for match in re.finditer(r"````yaml ([^\n]*)\n(.*?)````", seed.read_text("utf-8"), re.S)
        if match.group(1) == header
    ]
    assert len(published) == 1
    assert (SPECS / "zenskar" / file_name).read_bytes() == published[0].encode("utf-8")


def test_zenskar_operations_document_the_errors_the_sandbox_sends():
    zenskar = load_vendor(SPECS / "zenskar")
    for operation in zenskar.operations:
        assert {"400", "401", "403", "404", "422"} <= set(operation.responses), operation.key
        for status in ("400", "401", "403", "404"):
            body = schema_of(zenskar, operation.operation_id, status)
            assert body == component(zenskar, "HTTPErrorDetail")
    assert component(zenskar, "HTTPErrorDetail")["required"] == ["detail"]


def test_zenskar_reads_return_the_objects_the_writes_create():
    zenskar = load_vendor(SPECS / "zenskar")
    assert schema_of(zenskar, "Get-credit-note-by-ID", "200") == schema_of(
        zenskar, "Create-credit-note-against-invoice", "200")
    invoice = schema_of(zenskar, "Get-invoice-by-ID", "200")
    assert component(zenskar, "InvoiceStatuses")["enum"] == [
        "draft", "approved", "edited", "discarded", "paid", "partially_paid", "void", "upcoming"]
    assert {"id", "customer_id", "invoice_period", "status", "invoice_total", "amount_due",
            "created_at"} <= set(invoice["required"])
    listing = schema_of(zenskar, "List-invoices", "200")
    assert listing["properties"]["results"]["items"] == {
        "$ref": "#/components/schemas/InvoiceResponseSchema"}
    assert {"next", "previous", "total_count"} <= set(listing["properties"])
    payment = component(zenskar, "PaymentResponseSchema")
    assert {"payment", "refund"} <= set(component(zenskar, "PaymentTypes")["enum"])
    assert {"in_progress", "success", "failed", "refunded", "partially_refunded"} <= set(
        component(zenskar, "PaymentStatuses")["enum"])
    assert {"id", "amount", "currency_code", "status", "type"} <= set(payment["required"])


def test_dayzero_payment_request_is_the_seed_contract():
    dayzero = load_vendor(SPECS / "dayzero")
    operation = dayzero.operation(
        "create_invoice_payment_api_v1_invoices__invoice_id__payments_post")
    request = deref(dayzero.document,
                    operation.request_body["content"]["application/json"]["schema"])
    assert request["required"] == ["transaction_id", "amount"]
    amount = request["properties"]["amount"]
    assert (amount["type"], amount["exclusiveMinimum"]) == ("integer", 0)
    assert request["properties"]["transaction_id"]["format"] == "uuid"
    assert {"type": "string", "format": "date-time"} in request["properties"]["paid_on"]["anyOf"]
    (invoice_id,) = [p for p in operation.parameters if p["in"] == "path"]
    assert invoice_id["schema"]["format"] == "uuid"
    created = schema_of(dayzero, operation.operation_id, "201")
    assert set(created["required"]) == {"id", "invoice_id", "transaction_id", "amount",
                                        "paid_on", "created_at", "updated_at", "business_id"}
    assert set(created["properties"]) >= {"currency", "transaction"}


def test_dayzero_errors_have_the_fastapi_shapes():
    dayzero = load_vendor(SPECS / "dayzero")
    messages = {"400": "Invalid request parameters", "401": "Not authenticated",
                "403": "Not enough permissions", "404": "Resource not found"}
    for operation in dayzero.operations:
        for status, message in messages.items():
            media = operation.responses[status]["content"]["application/json"]
            assert media["example"] == {"detail": message}
            assert deref(dayzero.document, media["schema"])["required"] == ["detail"]
        assert schema_of(dayzero, operation.operation_id, "422")["properties"]["detail"][
            "items"] == {"$ref": "#/components/schemas/ValidationError"}
    item = component(dayzero, "ValidationError")
    assert item["required"] == ["loc", "msg", "type"]
    assert "type" not in item["properties"]["input"]
    assert item["properties"]["ctx"]["type"] == "object"
    schemes = dayzero.security_schemes
    assert (schemes["HTTPBearer"]["type"], schemes["HTTPBearer"]["scheme"]) == ("http", "bearer")
    business = schemes["BusinessId"]
    assert (business["type"], business["in"], business["name"]) == (
        "apiKey", "header", "x-business-id")


def test_dayzero_invoice_amounts_are_cents_in_the_supported_currencies():
    dayzero = load_vendor(SPECS / "dayzero")
    invoice = schema_of(dayzero, "get_invoice_api_v1_invoices__invoice_id__get", "200")
    for name in ("total", "amount_paid", "amount_due"):
        assert invoice["properties"][name]["type"] == "integer"
    assert component(dayzero, "Currency")["enum"] == ["USD", "CAD", "AUD", "EUR", "GBP"]
    assert {"open", "partially_paid", "paid", "void"} <= set(
        component(dayzero, "InvoiceStatus")["enum"])
    listing = schema_of(
        dayzero, "list_invoice_payments_api_v1_invoices__invoice_id__payments_get", "200")
    payment = deref(dayzero.document, listing["properties"]["items"]["items"])
    assert payment == component(dayzero, "InvoicePaymentResponse")


@pytest.fixture(scope="module")
def chargebee_v1() -> dict:
    return json.loads(CHARGEBEE_V1.read_text(encoding="utf-8"))


def test_chargebee_errors_match_the_published_v1_error_bodies(chargebee_v1):
    chargebee = load_vendor(SPECS / "chargebee")
    published = chargebee_v1["components"]["schemas"]
    for operation in chargebee.operations:
        for status, ours in ((s, schema_of(chargebee, operation.operation_id, s))
                             for s in ("400", "401", "403", "404", "405", "409", "422", "429",
                                       "500", "503")):
            theirs = published[status]["properties"]
            assert ours["properties"]["api_error_code"]["enum"] == theirs["api_error_code"][
                "enum"], (operation.key, status)
            assert ours["properties"]["type"]["enum"] == theirs["type"]["enum"]
            assert {"message", "api_error_code"} <= set(ours["required"])
            assert ours["properties"]["param"]["type"] == "string"


def test_chargebee_charge_takes_the_v1_form_fields_and_the_v2_ones(chargebee_v1):
    chargebee = load_vendor(SPECS / "chargebee")
    operation = chargebee.operation("create_invoice_for_a_one-time_charge")
    form = deref(chargebee.document, operation.request_body["content"][
        "application/x-www-form-urlencoded"]["schema"])
    v1 = chargebee_v1["paths"]["/invoices/charge"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"]["schema"]
    assert form["required"] == v1["required"] == ["description"]
    keywords = ("type", "format", "maxLength", "minimum")
    for name, published in v1["properties"].items():
        assert {k: form["properties"][name].get(k) for k in keywords} == {
            k: published.get(k) for k in keywords}, name
    for name in ("currency_code", "amount_in_decimal", "date_from", "date_to", "invoice_date",
                 "payment_source_id"):
        assert "(API v2)" in form["properties"][name]["description"], name
    assert form["properties"]["invoice_date"]["type"] == "integer"
    headers = {p["name"]: p for p in operation.parameters if p["in"] == "header"}
    assert headers["chargebee-idempotency-key"]["schema"]["maxLength"] == 100
    for name in ("chargebee-event-webhook", "chargebee-event-actions", "chargebee-event-email"):
        assert headers[name]["schema"]["enum"] == ["all-disabled"]
    assert {"chargebee-request-origin-device", "chargebee-request-origin-user",
            "chargebee-request-origin-user-encoded", "chargebee-request-origin-ip"} <= set(headers)


def test_chargebee_resources_come_in_their_envelopes():
    chargebee = load_vendor(SPECS / "chargebee")
    charged = schema_of(chargebee, "create_invoice_for_a_one-time_charge", "200")
    assert charged == schema_of(chargebee, "retrieve_an_invoice", "200")
    assert charged["required"] == ["invoice"]
    listing = schema_of(chargebee, "list_invoices", "200")
    assert listing["required"] == ["list"]
    assert deref(chargebee.document, listing["properties"]["list"]["items"]) == charged
    limit = {p["name"]: p for p in chargebee.operation("list_invoices").parameters}["limit"]
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"],
            limit["schema"]["default"]) == (1, 100, 10)
    assert schema_of(chargebee, "retrieve_a_customer", "200")["required"] == ["customer"]
    assert schema_of(chargebee, "retrieve_a_subscription", "200")["required"] == [
        "subscription", "customer"]
    invoice = component(chargebee, "Invoice")
    assert component(chargebee, "InvoiceStatus")["enum"] == [
        "paid", "posted", "payment_due", "not_paid", "voided", "pending"]
    for name in ("date", "due_date", "paid_at", "updated_at"):
        assert invoice["properties"][name] == {"$ref": "#/components/schemas/Timestamp"}
    assert component(chargebee, "Timestamp")["type"] == "integer"
    for name in ("total", "amount_due", "amount_paid", "sub_total", "credits_applied"):
        assert invoice["properties"][name] == {"$ref": "#/components/schemas/Amount"}
    assert component(chargebee, "Amount")["type"] == "integer"


def test_chargebees_published_document_ships_unmodified_with_its_licence_and_origin():
    shipped = SPECS / "chargebee" / CHARGEBEE_V1.name
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == PUBLISHED_SHA256
    assert shipped.read_bytes() == CHARGEBEE_V1.read_bytes()
    origin = (SPECS / "chargebee" / "chargebee_api_v1_spec.ORIGIN.txt").read_text()
    assert PUBLISHED_SHA256 in origin and "github.com/chargebee/openapi" in origin
    assert "MIT License" in (SPECS / "chargebee" / "chargebee_api_v1_spec.LICENSE.txt"
                             ).read_text()


def test_the_overlay_replaces_the_operations_it_describes_again():
    vendor = load_vendor(SPECS / "chargebee")
    charge = vendor.operation("create_invoice_for_a_one-time_charge")
    form = deref(vendor.document, charge.request_body)["content"][
        "application/x-www-form-urlencoded"]["schema"]
    form = deref(vendor.document, form)
    assert {"currency_code", "amount_in_decimal", "date_from", "date_to"} <= set(
        form["properties"])
    assert "x-billing-sandbox-overlay" not in vendor.document
