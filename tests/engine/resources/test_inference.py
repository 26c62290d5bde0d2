"""What inference makes of each convention: envelopes, keys, paging, sub-collections, actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import documents

from billing_sandbox.engine.documents.vendors import load_vendor
from billing_sandbox.engine.resources.inference import infer_resources
from billing_sandbox.engine.schema.model import model_for


def infer(tmp_path: Path, document: dict):
    folder = tmp_path / document["info"]["title"]
    folder.mkdir()
    (folder / "api.json").write_text(json.dumps(document))
    spec = load_vendor(folder)
    return infer_resources(spec, model_for(spec.document))


def described(model) -> dict[str, str]:
    return {op: binding.describe() for op, binding in model.bindings.items()}


def test_json_bodies_wrapped_in_the_resource_name_with_page_meta(tmp_path):
    model = infer(tmp_path, documents.lago_like())
    assert described(model) == {
        "createCustomer": "create customer", "findAllCustomers": "list customers",
        "findCustomer": "read customer", "destroyCustomer": "delete customer",
        "createPlan": "create plan", "findPlan": "read plan", "updatePlan": "update plan",
        "createSubscription": "create subscription",
        "findAllSubscriptions": "list subscriptions", "findSubscription": "read subscription",
        "cancelSubscription": "action cancel on subscription",
    }
    customers = model.resources["customer"]
    assert (customers.collection, customers.key) == ("customers", "external_id")
    assert model.resources["plan"].key == "code"
    create = model.bindings["createCustomer"]
    assert (create.request_key, create.response.key, create.upsert) == (
        "customer", "customer", True)
    listing = model.bindings["findAllCustomers"].listing
    assert (listing.array_key, listing.paging.style, listing.paging.position_param,
            listing.paging.size_param, listing.paging.default_size) == (
        "customers", "page", "page", "per_page", 20)
    filters = model.bindings["findAllSubscriptions"].listing.filters
    assert filters == {"external_customer_id": ("external_customer_id", None),
                       "status[]": ("status", None)}
    assert model.bindings["cancelSubscription"].sets_status == "canceled"


def test_form_bodies_and_bare_records_under_a_version_prefix(tmp_path):
    model = infer(tmp_path, documents.stripe_like())
    assert described(model) == {
        "PostCustomers": "create customer", "GetCustomers": "list customers",
        "GetCustomersCustomer": "read customer", "PostCustomersCustomer": "update customer",
        "DeleteCustomersCustomer": "delete customer",
        "PostInvoices": "create invoice", "GetInvoices": "list invoices",
        "PostInvoicesInvoiceVoid": "action void on invoice"}
    assert model.bindings["PostInvoicesInvoiceVoid"].sets_status == "void"
    # of the read's alternatives (the customer or its deleted stub), the full record
    assert model.bindings["GetCustomersCustomer"].response.schema["properties"].keys() == (
        documents.STRIPE_CUSTOMER["properties"].keys())
    assert model.resources["customer"].key == "id"  # {customer} on /customers names its id
    assert model.bindings["PostCustomers"].response.key is None
    paging = model.bindings["GetCustomers"].listing.paging
    assert (paging.style, paging.position_param, paging.before_param, paging.max_size) == (
        "after", "starting_after", "ending_before", 100)
    assert model.bindings["GetCustomers"].listing.array_key == "data"


def test_wrapped_list_items_offsets_as_text_sub_collections_and_actions(tmp_path):
    model = infer(tmp_path, documents.chargebee_like())
    assert described(model) == {
        "create_customer": "create customer", "list_customers": "list customers",
        "retrieve_customer": "read customer", "update_customer": "update customer",
        "delete_customer": "delete customer",
        "create_subscription_for_customer": "create subscription for customer",
        "list_subscriptions_for_customer": "list subscriptions of customer",
        "list_subscriptions": "list subscriptions",
        "retrieve_subscription": "read subscription",
        "cancel_subscription": "action cancel on subscription",
        "create_plan": "create plan", "retrieve_plan": "read plan"}
    listing = model.bindings["list_customers"].listing
    assert (listing.array_key, listing.item.key, listing.paging.style,
            listing.paging.position_is_text) == ("list", "customer", "offset", True)
    sub = model.bindings["create_subscription_for_customer"]
    assert (sub.parent.resource.name, sub.parent.param, sub.parent.reference) == (
        "customer", "customer-id", "customer_id")
    assert set(model.bindings["retrieve_subscription"].response.related) == {"customer"}
    assert model.bindings["list_subscriptions"].listing.filters == {
        "status[is]": ("status", "is"), "plan_id[in]": ("plan_id", "in")}
    assert model.bindings["cancel_subscription"].sets_status == "cancelled"


def test_a_data_envelope_cursor_paging_patch_and_nested_items(tmp_path):
    model = infer(tmp_path, documents.data_enveloped())
    assert described(model) == {
        "accounts.create": "create account", "accounts.list": "list accounts",
        "accounts.get": "read account", "accounts.update": "update account",
        "accounts.delete": "delete account", "notes.create": "create note for account",
        "notes.list": "list notes of account", "notes.get": "read note"}
    assert model.bindings["accounts.create"].response.key == "data"
    assert model.bindings["accounts.create"].status == "201"
    assert model.bindings["accounts.delete"].response is None  # 204, no body
    assert model.bindings["accounts.list"].listing.paging.style == "cursor"
    assert model.bindings["notes.list"].listing.array_key is None  # a bare array
    nested = model.bindings["notes.get"]
    assert (nested.item_param, nested.parent.param, nested.parent.reference) == (
        "note_id", "account_id", "account_id")


def test_a_document_with_nothing_to_infer_stays_generated(tmp_path):
    model = infer(tmp_path, documents.nothing_to_infer())
    assert model.bindings == {} and model.resources == {}


@pytest.mark.parametrize(("param", "resource", "fields", "field"), [
    ("customer-id", "customer", {"id"}, "id"),
    ("customerId", "customer", {"id"}, "id"),
    ("customer", "customer", {"id"}, "id"),
    ("external_customer_id", "customer", {"lago_id", "external_id"}, "external_id"),
    ("code", "plan", {"code", "lago_id"}, "code"),
    ("lago_id", "invoice", {"lago_id"}, "lago_id"),
    ("customer-id", "card", {"customer_id", "last4"}, "customer_id"),
])
def test_which_field_a_path_parameter_names(param, resource, fields, field):
    from billing_sandbox.engine.resources.naming import field_for_param

    assert field_for_param(param, resource, fields) == field


@pytest.mark.parametrize(("verb", "statuses", "status"), [
    ("cancel", ["active", "cancelled"], "cancelled"),
    ("cancel", ["active", "canceled"], "canceled"),
    ("void", ["paid", "voided"], "voided"),
    ("pause", ["active", "paused"], "paused"),
    ("reactivate", ["cancelled", "active"], "active"),
    ("resume", ["paused", "active"], "active"),
    ("archive", ["active", "archived"], "archived"),
    ("stop_dunning", ["paid", "payment_due"], None),
])
def test_which_status_an_action_verb_names(verb, statuses, status):
    from billing_sandbox.engine.resources.naming import status_for_verb

    assert status_for_verb(verb, statuses) == status


@pytest.mark.parametrize(("word", "known", "singular"), [
    ("customers", (), "customer"), ("taxes", (), "tax"), ("entries", (), "entry"),
    ("addresses", (), "address"), ("statuses", (), "status"), ("add_ons", (), "add_on"),
    ("responses", (), "response"), ("series", ("series",), "series"),
])
def test_singulars_of_collection_words(word, known, singular):
    from billing_sandbox.engine.resources.naming import singular as singular_of

    assert singular_of(word, known) == singular


def test_a_literal_segment_naming_a_field_and_records_kept_whole(tmp_path):
    model = infer(tmp_path, documents.embedding())
    assert described(model) == {
        "create-customer": "create customer", "fetch-customer": "read customer",
        "fetch-customer-external-id": "read customer",
        "create-subscription": "create subscription",
        "list-subscriptions": "list subscriptions"}
    assert model.bindings["fetch-customer-external-id"].item_field == "external_customer_id"
    assert model.bindings["list-subscriptions"].listing.filters == {
        "customer_id": ("customer.id", None),
        "external_customer_id": ("customer.external_customer_id", None)}


def test_format_suffixes_and_a_lookup_by_a_query_parameter(tmp_path):
    model = infer(tmp_path, documents.suffixed())
    assert described(model) == {
        "createCustomer": "create customer", "listCustomers": "list customers",
        "readCustomer": "read customer", "readCustomerByReference": "read customer",
        "createSubscription": "create subscription",
        "listCustomerSubscriptions": "list subscriptions of customer"}
    lookup = model.bindings["readCustomerByReference"]
    assert (lookup.item_param, lookup.item_field) == ("reference", "reference")


def test_an_actions_segment_before_a_verb_names_no_resource(tmp_path):
    mandate = {"type": "object", "required": ["id", "status"], "properties": {
        "id": {"type": "string"},
        "status": {"type": "string", "enum": ["pending", "active", "cancelled"]}}}
    one = documents.wrapped("mandates", documents.ref("Mandate"))
    model = infer(tmp_path, documents.document({
        "/mandates": {"post": {"operationId": "mandates_create",
                               "responses": documents.answer(one, "201")}},
        "/mandates/{identity}/actions/cancel": {"post": {
            "operationId": "mandates_cancel", "parameters": [documents.path_param("identity")],
            "responses": documents.answer(one)}}}, {"Mandate": mandate}, name="actions"))
    assert described(model)["mandates_cancel"] == "action cancel on mandates"
    assert model.bindings["mandates_cancel"].sets_status == "cancelled"
