"""An error body holds what is true of the error, in the documented schema: no generated
filler, the documented enum value that names the error, the HTTP status where a field means
it, and the per-field details of a validation failure."""

from __future__ import annotations

from billing_sandbox.engine.errors import ApiError, Issue
from billing_sandbox.engine.http.error_bodies import error_body
from billing_sandbox.engine.schema.model import model_for

CODES = ["api_authentication_failed", "basic_authentication_failed"]


def body_for(error: ApiError, status: int, schema: dict):
    return error_body(error, status, schema, model_for({"openapi": "3.1.0"}))


def test_an_optional_field_the_error_says_nothing_about_is_left_out():
    schema = {"type": "object", "required": ["message", "api_error_code", "type"],
              "properties": {"message": {"type": "string"}, "param": {"type": "string"},
                             "type": {"type": "string", "enum": ["untyped"]},
                             "api_error_code": {"type": "string", "enum": CODES}}}
    body = body_for(ApiError("unauthenticated", "Not authenticated"), 401, schema)
    assert body == {"message": "Not authenticated", "type": "untyped",
                    "api_error_code": "api_authentication_failed"}


def test_the_enum_value_that_names_the_error_is_chosen():
    schema = {"type": "object", "required": ["type"], "properties": {"type": {
        "type": "string", "enum": ["invalid_request", "unauthorized", "not_found"]}}}
    assert body_for(ApiError("unauthenticated", "no key"), 401, schema) == {
        "type": "unauthorized"}
    assert body_for(ApiError("not_found", "no invoice"), 404, schema) == {"type": "not_found"}
    limits = {"type": "object", "required": ["code"], "properties": {"code": {"enum": [
        "third_party_api_request_limit_exceeded", "api_request_limit_exceeded"]}}}
    assert body_for(ApiError("rate_limited", "slow down"), 429, limits) == {
        "code": "api_request_limit_exceeded"}


def test_a_status_field_holds_the_http_status_and_the_message_its_first_message_field():
    schema = {"type": "object", "required": ["status", "error", "title"], "properties": {
        "status": {"type": "integer"}, "title": {"type": "string"},
        "error": {"type": "string"}}}
    body = body_for(ApiError("not_found", "No customer c1"), 404, schema)
    assert body == {"status": 404, "error": "No customer c1", "title": "No customer c1"}


def test_a_required_code_without_enum_is_the_documented_example_else_the_kind():
    schema = {"type": "object", "required": ["code"], "properties": {"code": {
        "type": "string", "example": "object_not_found"}}}
    assert body_for(ApiError("not_found", "x"), 404, schema) == {"code": "object_not_found"}
    bare = {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}
    assert body_for(ApiError("not_found", "x"), 404, bare) == {"code": "not_found"}
    exact = ApiError("not_found", "x", code="customer_not_found")
    assert body_for(exact, 404, bare) == {"code": "customer_not_found"}


def test_per_field_details_name_each_field_and_say_what_is_wrong():
    issues = [Issue(("body", "email"), "Input should be a valid email", "format", "x"),
              Issue(("body", "lines", 0, "amount"), "Field required", "required")]
    error = ApiError("validation", "email: Input should be a valid email", param="email",
                     issues=issues)
    as_object = {"type": "object", "properties": {"error_details": {"type": "object"}}}
    assert body_for(error, 422, as_object) == {"error_details": {
        "email": ["Input should be a valid email"], "lines[0].amount": ["Field required"]}}
    as_list = {"type": "object", "properties": {"errors": {"type": "array", "items": {
        "type": "object", "required": ["field", "message"], "properties": {
            "field": {"type": "string"}, "message": {"type": "string"},
            "code": {"type": "string"}, "rejected_value": {}}}}}}
    assert body_for(error, 400, as_list) == {"errors": [
        {"field": "email", "message": "Input should be a valid email", "code": "format",
         "rejected_value": "x"},
        {"field": "lines[0].amount", "message": "Field required", "code": "required"}]}


def test_a_message_longer_than_the_schema_allows_is_cut():
    schema = {"type": "object", "required": ["message"], "properties": {"message": {
        "type": "string", "maxLength": 5}}}
    assert body_for(ApiError("internal", "a long story"), 500, schema) == {"message": "a lon"}


def test_an_error_envelope_is_filled_inside():
    schema = {"type": "object", "properties": {"error": {"type": "object", "properties": {
        "type": {"type": "string", "enum": ["api_error", "invalid_request_error"]},
        "message": {"type": "string"}, "param": {"type": "string"}}}}}
    error = ApiError("validation", "amount: Field required", param="amount",
                     issues=[Issue(("body", "amount"), "Field required", "required")])
    assert body_for(error, 400, schema) == {"error": {
        "type": "invalid_request_error", "message": "amount: Field required",
        "param": "amount"}}


def test_a_list_of_texts_names_the_field_of_each_issue():
    schema = {"type": "object", "properties": {"errors": {"type": "array",
                                                          "items": {"type": "string"}}}}
    error = ApiError("validation", "x", issues=[
        Issue(("query", "limit"), "Input should be a valid integer", "type", "ten")])
    assert body_for(error, 400, schema) == {
        "errors": ["limit: Input should be a valid integer"]}


def test_a_required_link_holds_a_value_of_its_format_not_the_message():
    schema = {"type": "object", "required": ["detail", "documentation_url"],
              "properties": {"detail": {"type": "string"},
                             "documentation_url": {"type": "string", "format": "uuid"}}}
    body = body_for(ApiError("not_found", "no such customer"), 404, schema)
    assert body["detail"] == "no such customer"
    assert len(body["documentation_url"]) == 36 and body["documentation_url"].count("-") == 4


def test_an_enum_naming_no_kind_of_error_takes_the_side_at_fault():
    schema = {"type": "object", "required": ["type"], "properties": {"type": {
        "type": "string", "enum": ["api_error", "card_error", "invalid_request_error"]}}}
    assert body_for(ApiError("not_found", "gone"), 404, schema) == {
        "type": "invalid_request_error"}
    assert body_for(ApiError("internal", "broke"), 500, schema) == {"type": "api_error"}


def test_an_error_of_no_one_field_fills_a_list_of_texts_with_its_message():
    schema = {"type": "object", "required": ["errors"], "properties": {"errors": {
        "type": "array", "items": {"type": "string"}}}}
    assert body_for(ApiError("not_found", "customer_id: customer 9 not found"), 422,
                    schema) == {"errors": ["customer_id: customer 9 not found"]}
