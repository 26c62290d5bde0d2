import json

import httpx
import pytest
from chargebee import util as chargebee_util
from openapi_schema_validator import OAS31Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from support.clients import CHARGEBEE_V1

from billing_sandbox.engine.wire.forms import parse_form_body, parse_query

FORM = "application/x-www-form-urlencoded"

LINE_ITEMS = {
    "type": "object",
    "properties": {
        "description": {"type": "string"},
        "amount": {"type": "integer"},
        "auto_collect": {"type": "boolean"},
        "meta_data": {"type": "object", "additionalProperties": True},
        "customer": {
            "type": "object",
            "properties": {"first_name": {"type": "string"}, "vat": {"type": "number"}},
        },
        "line_items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"description": {"type": "string"}, "amount": {"type": "integer"}},
            },
        },
        "ids": {"type": "array", "items": {"type": "string"}},
        "counts": {"type": "array", "items": {"type": "integer"}},
    },
}


def parse(body: str | bytes, schema: dict | None = LINE_ITEMS, document: dict | None = None):
    raw = body.encode() if isinstance(body, str) else body
    return parse_form_body(raw, schema, document if document is not None else {})


def sdk_body(params: dict) -> bytes:
    """The bytes the official Chargebee Python SDK puts on the wire for ``params``."""
    request = httpx.Request("POST", "http://sandbox/", data=chargebee_util.serialize(params))
    return request.read()


@pytest.fixture(scope="module")
def v1() -> dict:
    return json.loads(CHARGEBEE_V1.read_text(encoding="utf-8"))


def form_schema(document: dict, path: str) -> tuple[dict, str]:
    pointer = f"/paths/{path.replace('/', '~1')}/post/requestBody/content/{FORM.replace('/', '~1')}"
    return document["paths"][path]["post"]["requestBody"]["content"][FORM]["schema"], (
        pointer + "/schema")


def validator(document: dict, pointer: str) -> OAS31Validator:
    registry = Registry().with_resource("urn:doc", DRAFT202012.create_resource(document))
    return OAS31Validator({"$ref": "urn:doc#" + pointer}, registry=registry)


def test_simple_fields_are_converted_to_the_schema_types():
    value, issues = parse("description=Setup&amount=1000&auto_collect=true&customer[vat]=20.5")
    assert issues == []
    assert value == {"description": "Setup", "amount": 1000, "auto_collect": True,
                     "customer": {"vat": 20.5}}


def test_nested_objects_follow_the_brackets():
    value, issues = parse("customer[first_name]=Ann&customer[vat]=7")
    assert issues == []
    assert value == {"customer": {"first_name": "Ann", "vat": 7}}


def test_array_of_objects_takes_its_index_last_and_gaps_only_order_the_items():
    value, issues = parse(
        "line_items[description][0]=Setup&line_items[amount][0]=100"
        "&line_items[description][7]=Fee&line_items[amount][7]=5"
        "&line_items[amount][3]=42")
    assert issues == []
    assert value == {"line_items": [{"description": "Setup", "amount": 100}, {"amount": 42},
                                    {"description": "Fee", "amount": 5}]}


def test_array_of_objects_also_accepts_the_index_first():
    value, issues = parse("line_items[0][amount]=1&line_items[1][amount]=2")
    assert issues == []
    assert value == {"line_items": [{"amount": 1}, {"amount": 2}]}


def test_arrays_of_scalars_indexed_appended_or_repeated():
    assert parse("ids[1]=b&ids[0]=a&counts[0]=7") == ({"ids": ["a", "b"], "counts": [7]}, [])
    value, issues = parse("ids=x&ids=y&counts[]=4&counts[]=5")
    assert issues == []
    assert value == {"ids": ["x", "y"], "counts": [4, 5]}
    assert parse("ids=solo") == ({"ids": ["solo"]}, [])


def test_booleans_are_true_or_false_in_any_case_and_nothing_else():
    assert parse("auto_collect=FALSE")[0] == {"auto_collect": False}
    value, issues = parse("auto_collect=yes")
    assert value == {"auto_collect": "yes"}
    assert [(i.location, i.kind, i.value, i.expected) for i in issues] == [
        (("body", "auto_collect"), "type", "yes", "boolean")]


@pytest.mark.parametrize("text", ["1e3", "abc", "1.0", " 7", ""])
def test_a_bad_integer_is_an_issue_with_its_location_and_value(text):
    _, issues = parse(f"amount={text}")
    assert [(i.location, i.kind, i.value, i.expected) for i in issues] == [
        (("body", "amount"), "type", text, "integer")]


def test_a_bad_integer_inside_a_list_is_located_at_its_item():
    _, issues = parse("line_items[amount][0]=1&line_items[amount][1]=x")
    assert [(i.location, i.value) for i in issues] == [(("body", "line_items", 1, "amount"), "x")]
    assert issues[0].field == "line_items[1].amount"


def test_an_object_given_as_json_text_is_read_as_json():
    assert parse('meta_data={"a":1,"b":[true]}')[0] == {"meta_data": {"a": 1, "b": [True]}}
    assert parse("meta_data[a]=1")[0] == {"meta_data": {"a": "1"}}
    _, issues = parse("meta_data={oops")
    assert [(i.location, i.kind) for i in issues] == [(("body", "meta_data"), "type")]


def test_unknown_fields_are_kept_as_text_and_nested_by_their_brackets():
    value, issues = parse("amount=1&extra=9&customer[nick]=A&misc[tag][0]=t1&misc[tag][1]=t2")
    assert issues == []
    assert value == {"amount": 1, "extra": "9", "customer": {"nick": "A"},
                     "misc": [{"tag": "t1"}, {"tag": "t2"}]}


def test_without_a_schema_the_chargebee_convention_applies():
    value, issues = parse(
        "description=Setup&amount=1000&customer[first_name]=Ann"
        "&line_items[description][0]=Setup&line_items[amount][0]=100"
        "&line_items[description][1]=Fee&addons[id][0]=a1&ids[0]=x&auto_collect=true",
        schema=None)
    assert issues == []
    assert value == {"description": "Setup", "amount": "1000", "customer": {"first_name": "Ann"},
                     "line_items": [{"description": "Setup", "amount": "100"},
                                    {"description": "Fee"}],
                     "addons": [{"id": "a1"}], "ids": ["x"], "auto_collect": "true"}


def test_percent_encoding_plus_signs_and_utf8_are_decoded():
    value, issues = parse("customer%5Bfirst_name%5D=Ren%C3%A9e&description=Caf%C3%A9+cr%C3%A8me")
    assert issues == []
    assert value == {"customer": {"first_name": "Renée"}, "description": "Café crème"}
    assert parse("description=Zoë 東京".encode())[0] == {"description": "Zoë 東京"}


def test_a_body_that_is_not_utf8_is_malformed():
    value, issues = parse(b"description=caf\xe9")
    assert value == {} and [i.kind for i in issues] == ["malformed"]
    _, issues = parse("description=caf%E9")
    assert [i.kind for i in issues] == ["malformed"]


@pytest.mark.parametrize("key", ["", "a[b", "a]", "a[b]c", "[b]", "a[[b]]", "ids[][0]",
                                 "line_items[amount][1001]", "line_items[amount]"])
def test_malformed_keys_are_issues_naming_the_key_and_the_rest_is_kept(key):
    value, issues = parse(f"amount=5&{key}=1")
    assert value == {"amount": 5}
    assert [(i.location, i.kind, i.value) for i in issues] == [(("body", key), "malformed", "1")]
    assert key in issues[0].message


@pytest.mark.parametrize("body", ["extra=1&extra[b]=2", "extra[b]=2&extra=1",
                                  "extra[0]=1&extra[b]=2", "customer=x&customer[first_name]=A"])
def test_a_key_that_is_both_a_value_and_a_container_is_malformed(body):
    _, issues = parse(body)
    second = body.split("&")[1].split("=")[0]
    assert [i.location for i in issues if i.kind == "malformed"] == [("body", second)]


def test_an_index_of_1000_is_the_largest_accepted():
    value, issues = parse("ids[1000]=x")
    assert issues == [] and value == {"ids": ["x"]}


def test_empty_values_are_null_only_where_the_schema_allows_null():
    schema = {"type": "object", "properties": {
        "due": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        "note": {"type": ["string", "null"]},
        "po": {"type": "string"},
        "ids": {"type": "array", "items": {"type": "string"}}}}
    assert parse("due=&note=&po=&ids=", schema) == (
        {"due": None, "note": None, "po": "", "ids": []}, [])
    assert parse("due=12", schema)[0] == {"due": 12}


def test_refs_and_composition_in_the_schema_decide_the_types():
    document = {"components": {"schemas": {
        "Money": {"type": "object", "properties": {"amount": {"type": "integer"}}},
        "Line": {"allOf": [{"$ref": "#/components/schemas/Money"},
                           {"properties": {"taxable": {"type": "boolean"}}}]}}}}
    schema = {"type": "object", "properties": {
        "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}},
        "total": {"oneOf": [{"$ref": "#/components/schemas/Money"}, {"type": "null"}]}}}
    value, issues = parse("lines[amount][0]=3&lines[taxable][0]=true&total[amount]=3",
                          schema, document)
    assert issues == []
    assert value == {"lines": [{"amount": 3, "taxable": True}], "total": {"amount": 3}}


def test_what_the_chargebee_python_sdk_sends_is_assembled_back():
    params = {"description": "Setup", "amount": 1000, "auto_collect": True,
              "customer": {"first_name": "Ann"},
              "line_items": [{"description": "Setup", "amount": 100}, {"description": "Fee"}],
              "ids": ["a", "b"], "meta_data": {"a": 1}}
    sent = sdk_body({**params, "meta_data": json.dumps(params["meta_data"])})
    assert parse(sent) == (params, [])


def test_a_real_invoices_charge_body_validates_against_the_v1_document(v1):
    schema, pointer = form_schema(v1, "/invoices/charge")
    value, issues = parse_form_body(
        b"customer_id=cust_8fA2&amount=1000&description=Setup+fee&po_number=PO-77", schema, v1)
    assert issues == []
    assert value == {"customer_id": "cust_8fA2", "amount": 1000, "description": "Setup fee",
                     "po_number": "PO-77"}
    validator(v1, pointer).validate(value)
    value, issues = parse_form_body(b"customer_id=c&amount=ten&description=x", schema, v1)
    assert [(i.location, i.value) for i in issues] == [(("body", "amount"), "ten")]


def test_a_v1_invoice_with_charges_and_addons_validates_against_the_v1_document(v1):
    schema, pointer = form_schema(v1, "/invoices")
    sent = sdk_body({"customer_id": "cust_8fA2",
                     "charges": [{"amount": 100, "description": "Setup"},
                                 {"amount": 250, "description": "Support"}],
                     "addons": [{"id": "ssl"}, {"id": "seats", "quantity": 3}, {"id": "cdn"}],
                     "shipping_address": {"first_name": "Ann", "city": "Lyon"},
                     "replace_primary_payment_source": False})
    value, issues = parse_form_body(sent, schema, v1)
    assert issues == []
    # Chargebee's v1 document types these as objects of parallel arrays; rows stay aligned and
    # a row that skips quantity gets the documented default (1).
    assert value == {"customer_id": "cust_8fA2",
                     "charges": {"amount": [100, 250], "description": ["Setup", "Support"]},
                     "addons": {"id": ["ssl", "seats", "cdn"], "quantity": [1, 3]},
                     "shipping_address": {"first_name": "Ann", "city": "Lyon"},
                     "replace_primary_payment_source": False}
    validator(v1, pointer).validate(value)


def test_v1_parallel_arrays_with_gaps_keep_rows_together(v1):
    schema, _ = form_schema(v1, "/invoices")
    value, issues = parse_form_body(
        b"charges[amount][4]=9&charges[description][4]=Late&charges[amount][0]=1"
        b"&charges[description][0]=First", schema, v1)
    assert issues == []
    assert value == {"charges": {"amount": [1, 9], "description": ["First", "Late"]}}


def test_query_deep_objects_are_mapped_to_their_declared_parameter(v1):
    parameters = v1["paths"]["/customers/{customer-id}/create_subscription_estimate"]["get"][
        "parameters"]
    value, issues = parse_query(
        "billing_cycles=3&use_customer_balances=true&subscription[plan_id]=basic"
        "&subscription[plan_quantity]=2&addons[id][0]=ssl&addons[quantity][0]=4"
        "&shipping_address[zip]=94016", parameters, v1)
    assert issues == []
    assert value == {"billing_cycles": 3, "use_customer_balances": True,
                     "subscription": {"plan_id": "basic", "plan_quantity": 2},
                     "addons": {"id": ["ssl"], "quantity": [4]},
                     "shipping_address": {"zip": "94016"}}


def test_query_issues_are_located_in_the_query(v1):
    parameters = v1["paths"]["/invoices"]["get"]["parameters"]
    _, issues = parse_query("limit=ten", parameters, v1)
    assert [(i.location, i.kind, i.value) for i in issues] == [
        (("query", "limit"), "type", "ten")]


FILTERS = [
    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
    {"name": "status", "in": "query", "style": "deepObject", "explode": True, "schema": {
        "type": "object", "properties": {
            "is": {"type": "string"},
            "in": {"type": "array", "items": {"type": "string"}}}}},
    {"name": "sort_by", "in": "query", "style": "deepObject", "schema": {
        "type": "object", "properties": {"asc": {"type": "string"}, "desc": {"type": "string"}}}},
    {"name": "x-trace", "in": "header", "schema": {"type": "string"}},
]


def test_query_filters_and_sorting_in_brackets():
    value, issues = parse_query(
        "status[is]=paid&sort_by[asc]=date&limit=5", FILTERS, {})
    assert issues == []
    assert value == {"status": {"is": "paid"}, "sort_by": {"asc": "date"}, "limit": 5}


@pytest.mark.parametrize("text", ['["paid","posted"]', "['paid', 'posted']", "[paid,posted]"])
def test_query_list_filters_as_the_sdks_send_them(text):
    value, issues = parse_query(httpx.QueryParams({"status[in]": text}).__str__(), FILTERS, {})
    assert issues == []
    assert value == {"status": {"in": ["paid", "posted"]}}


def test_unknown_query_keys_are_kept_under_the_names_sent():
    value, issues = parse_query("limit=2&foo=1&foo=2&bar[baz]=q&x-trace=t", FILTERS, {})
    assert issues == []
    assert value == {"limit": 2, "foo": ["1", "2"], "bar[baz]": "q", "x-trace": "t"}


def test_a_query_parameter_given_both_plain_and_in_brackets_is_malformed():
    _, issues = parse_query("status=paid&status[is]=paid", FILTERS, {})
    assert [i.location for i in issues if i.kind == "malformed"] == [("query", "status")]
    _, issues = parse_query("status[is=paid", FILTERS, {})
    assert [(i.location, i.kind) for i in issues] == [(("query", "status[is"), "malformed")]


def test_a_query_array_named_with_brackets_coerces_each_item_by_its_alternative():
    """Lago's ``GET /api_logs?http_statuses[]=404``: items are a status word or an HTTP code."""
    parameters = [{"name": "http_statuses[]", "in": "query", "schema": {
        "type": "array", "items": {"anyOf": [
            {"type": "string", "enum": ["succeeded", "failed"]}, {"type": "integer"}]}}}]
    value, issues = parse_query("http_statuses[]=404&http_statuses[]=failed", parameters, {})
    assert issues == []
    assert value == {"http_statuses[]": [404, "failed"]}
