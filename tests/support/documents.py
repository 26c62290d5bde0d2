"""Small OpenAPI documents, one per convention real billing APIs follow, for the inference and
handler tests: the way each wraps records, pages lists and names its items."""

from __future__ import annotations

import copy

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
ERROR = {"type": "object", "required": ["message"],
         "properties": {"message": {"type": "string"}, "code": {"type": "string"}}}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def body(schema: dict, media: str = JSON, required: bool = True) -> dict:
    return {"required": required, "content": {media: {"schema": schema}}}


def answer(schema: dict | None, code: str = "200") -> dict:
    responses = {"400": {"description": "bad", "content": {JSON: {"schema": ERROR}}},
                 "404": {"description": "missing", "content": {JSON: {"schema": ERROR}}},
                 "409": {"description": "conflict", "content": {JSON: {"schema": ERROR}}}}
    responses[code] = {"description": "ok"}
    if schema is not None:
        responses[code]["content"] = {JSON: {"schema": schema}}
    return responses


def path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def query(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "schema": schema}


def document(paths: dict, schemas: dict, name: str = "acme") -> dict:
    return {"openapi": "3.1.0", "info": {"title": name, "version": "1"},
            "servers": [{"url": "https://api.example.com/v1"}],
            "security": [{"Key": []}], "paths": copy.deepcopy(paths),
            "components": {"schemas": copy.deepcopy(schemas), "securitySchemes": {
                "Key": {"type": "apiKey", "in": "header", "name": "x-api-key"}}}}


def wrapped(key: str, schema: dict) -> dict:
    return {"type": "object", "required": [key], "properties": {key: schema}}


# --- Lago's style: JSON bodies wrapped in the resource's name, items by external id, code or
# lago_id, page/per_page with a meta object, create-or-update documented on the create

CUSTOMER = {"type": "object", "required": ["lago_id", "external_id", "created_at"],
            "properties": {"lago_id": {"type": "string", "format": "uuid"},
                           "external_id": {"type": "string"}, "name": {"type": ["string", "null"]},
                           "currency": {"type": "string", "enum": ["USD", "EUR"]},
                           "created_at": {"type": "string", "format": "date-time"}}}
PLAN = {"type": "object", "required": ["lago_id", "code", "name", "amount_cents", "interval"],
        "properties": {"lago_id": {"type": "string", "format": "uuid"},
                       "code": {"type": "string"}, "name": {"type": "string"},
                       "amount_cents": {"type": "integer", "minimum": 0},
                       "interval": {"type": "string", "enum": ["monthly", "yearly"]}}}
SUBSCRIPTION = {"type": "object",
                "required": ["lago_id", "external_id", "external_customer_id", "plan_code",
                             "status", "lago_customer_id", "plan_amount_cents", "canceled_at"],
                "properties": {"lago_id": {"type": "string", "format": "uuid"},
                               "external_id": {"type": "string"},
                               "external_customer_id": {"type": "string"},
                               "lago_customer_id": {"type": "string", "format": "uuid"},
                               "plan_code": {"type": "string"},
                               "plan_amount_cents": {"type": "integer"},
                               "status": {"type": "string",
                                          "enum": ["pending", "active", "terminated",
                                                   "canceled"]},
                               "canceled_at": {"type": ["string", "null"],
                                               "format": "date-time"}}}
META = {"type": "object",
        "required": ["current_page", "next_page", "prev_page", "total_pages", "total_count"],
        "properties": {"current_page": {"type": "integer"},
                       "next_page": {"type": ["integer", "null"]},
                       "prev_page": {"type": ["integer", "null"]},
                       "total_pages": {"type": "integer"}, "total_count": {"type": "integer"}}}
PAGE = [query("page", {"type": "integer", "minimum": 1}),
        query("per_page", {"type": "integer", "minimum": 1, "default": 20})]


def lago_like() -> dict:
    def listed(key: str, item: str, extra: list | None = None) -> dict:
        return {"parameters": PAGE + (extra or []), "responses": answer({
            "type": "object", "required": [key, "meta"],
            "properties": {key: {"type": "array", "items": ref(item)}, "meta": ref("Meta")}})}

    return document({
        "/customers": {
            "post": {"operationId": "createCustomer", "summary": "Create a customer",
                     "description": "This endpoint creates a new customer or updates an "
                                    "existing one.",
                     "requestBody": body(wrapped("customer", {
                         "type": "object", "required": ["external_id"],
                         "properties": {"external_id": {"type": "string"},
                                        "name": {"type": "string"},
                                        "currency": {"type": "string"}}})),
                     "responses": answer(wrapped("customer", ref("Customer")))},
            "get": {"operationId": "findAllCustomers", **listed("customers", "Customer")}},
        "/customers/{external_customer_id}": {
            "parameters": [path_param("external_customer_id")],
            "get": {"operationId": "findCustomer",
                    "responses": answer(wrapped("customer", ref("Customer")))},
            "delete": {"operationId": "destroyCustomer",
                       "responses": answer(wrapped("customer", ref("Customer")))}},
        "/plans": {
            "post": {"operationId": "createPlan",
                     "requestBody": body(wrapped("plan", {
                         "type": "object", "required": ["code", "name"],
                         "properties": {"code": {"type": "string"},
                                        "name": {"type": "string"},
                                        "amount_cents": {"type": "integer"}}})),
                     "responses": answer(wrapped("plan", ref("Plan")))}},
        "/plans/{code}": {
            "parameters": [path_param("code")],
            "get": {"operationId": "findPlan", "responses": answer(wrapped("plan", ref("Plan")))},
            "put": {"operationId": "updatePlan",
                    "requestBody": body(wrapped("plan", {
                        "type": "object", "properties": {"name": {"type": "string"},
                                                         "amount_cents": {"type": "integer"}}})),
                    "responses": answer(wrapped("plan", ref("Plan")))}},
        "/subscriptions": {
            "post": {"operationId": "createSubscription",
                     "requestBody": body(wrapped("subscription", {
                         "type": "object", "required": ["external_customer_id", "plan_code"],
                         "properties": {"external_id": {"type": "string"},
                                        "external_customer_id": {"type": "string"},
                                        "plan_code": {"type": "string"}}})),
                     "responses": answer(wrapped("subscription", ref("Subscription")))},
            "get": {"operationId": "findAllSubscriptions", **listed(
                "subscriptions", "Subscription",
                [query("external_customer_id", {"type": "string"}),
                 query("status[]", {"type": "array", "items": {"type": "string"}})])}},
        "/subscriptions/{external_id}": {
            "parameters": [path_param("external_id")],
            "get": {"operationId": "findSubscription",
                    "responses": answer(wrapped("subscription", ref("Subscription")))}},
        "/subscriptions/{external_id}/cancel": {
            "parameters": [path_param("external_id")],
            "post": {"operationId": "cancelSubscription",
                     "responses": answer(wrapped("subscription", ref("Subscription")))}},
    }, {"Customer": CUSTOMER, "Plan": PLAN, "Subscription": SUBSCRIPTION, "Meta": META},
        name="lagoish")


# --- Stripe's style: form bodies, bare records, /v1 in the paths, POST on an item updates,
# lists {object, data, has_more} paged with starting_after / ending_before

STRIPE_CUSTOMER = {"type": "object", "required": ["id", "object", "created", "livemode"],
                   "properties": {"id": {"type": "string", "pattern": "^cus_[A-Za-z0-9]{14}$"},
                                  "object": {"type": "string", "enum": ["customer"]},
                                  "email": {"type": ["string", "null"]},
                                  "name": {"type": ["string", "null"]},
                                  "created": {"type": "integer"},
                                  "livemode": {"type": "boolean"},
                                  "metadata": {"type": "object",
                                               "additionalProperties": {"type": "string"}}},
                   "additionalProperties": False}
DELETED = {"type": "object", "required": ["id", "object", "deleted"],
           "properties": {"id": {"type": "string"},
                          "object": {"type": "string", "enum": ["customer"]},
                          "deleted": {"type": "boolean", "enum": [True]}}}
STRIPE_FORM = {"type": "object", "properties": {
    "email": {"type": "string"}, "name": {"type": "string"},
    "metadata": {"type": "object", "additionalProperties": {"type": "string"}}}}
STRIPE_INVOICE = {"type": "object", "required": ["id", "object", "customer", "status"],
                  "properties": {"id": {"type": "string"},
                                 "object": {"type": "string", "enum": ["invoice"]},
                                 "customer": {"type": "string"},
                                 "description": {"type": ["string", "null"]},
                                 "status": {"type": ["string", "null"],
                                            "enum": ["draft", "open", "paid", "void", None]}}}
# Stripe documents its errors only as ``default``, typed by an enum with no value per error
STRIPE_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["type"],
    "properties": {"type": {"type": "string", "enum": ["api_error", "card_error",
                                                       "idempotency_error",
                                                       "invalid_request_error"]},
                   "message": {"type": "string"}, "param": {"type": "string"}}}}}


def stripe_answer(schema: dict) -> dict:
    return {"200": {"description": "ok", "content": {JSON: {"schema": schema}}},
            "default": {"description": "error", "content": {JSON: {"schema": STRIPE_ERROR}}}}


def stripe_list(item: dict) -> dict:
    return {"type": "object", "required": ["object", "data", "has_more", "url"],
            "properties": {"object": {"type": "string", "enum": ["list"]},
                           "data": {"type": "array", "items": item},
                           "has_more": {"type": "boolean"}, "url": {"type": "string"}},
            "additionalProperties": False}


def stripe_like() -> dict:
    return document({
        "/v1/customers": {
            "post": {"operationId": "PostCustomers",
                     "requestBody": body(STRIPE_FORM, FORM, required=False),
                     "responses": answer(ref("Customer"))},
            "get": {"operationId": "GetCustomers",
                    "parameters": [query("limit", {"type": "integer", "minimum": 1,
                                                   "maximum": 100}),
                                   query("starting_after", {"type": "string"}),
                                   query("ending_before", {"type": "string"}),
                                   query("email", {"type": "string"})],
                    "responses": answer({
                        "type": "object", "required": ["object", "data", "has_more", "url"],
                        "properties": {"object": {"type": "string", "enum": ["list"]},
                                       "data": {"type": "array", "items": ref("Customer")},
                                       "has_more": {"type": "boolean"},
                                       "url": {"type": "string"}},
                        "additionalProperties": False})}},
        "/v1/customers/{customer}": {
            "parameters": [path_param("customer")],
            # a deleted customer reads as its stub: the answer is one or the other
            "get": {"operationId": "GetCustomersCustomer", "responses": answer(
                {"anyOf": [ref("Customer"), ref("DeletedCustomer")]})},
            "post": {"operationId": "PostCustomersCustomer",
                     "requestBody": body(STRIPE_FORM, FORM, required=False),
                     "responses": answer(ref("Customer"))},
            "delete": {"operationId": "DeleteCustomersCustomer",
                       "responses": answer(ref("DeletedCustomer"))}},
        "/v1/invoices": {
            "post": {"operationId": "PostInvoices",
                     "requestBody": body({"type": "object", "required": ["customer"],
                                          "properties": {"customer": {"type": "string"},
                                                         "description": {"type": "string"}}},
                                         FORM),
                     "responses": stripe_answer(ref("Invoice"))},
            "get": {"operationId": "GetInvoices",
                    "parameters": [query("customer", {"type": "string"}),
                                   query("status", {"type": "string"}),
                                   query("limit", {"type": "integer"}),
                                   query("starting_after", {"type": "string"})],
                    "responses": stripe_answer(stripe_list(ref("Invoice")))}},
        # an action answering the bare record it acts on, not a collection of "voids"
        "/v1/invoices/{invoice}/void": {
            "post": {"operationId": "PostInvoicesInvoiceVoid",
                     "parameters": [path_param("invoice")],
                     "responses": stripe_answer(ref("Invoice"))}},
    }, {"Customer": STRIPE_CUSTOMER, "DeletedCustomer": DELETED, "Invoice": STRIPE_INVOICE},
        name="stripeish")


# --- Chargebee's style: form bodies, {"customer": ...} answers, POST .../delete, lists of
# wrapped items paged with limit/offset and next_offset, sub-collections and actions

CB_CUSTOMER = {"type": "object", "required": ["id", "created_at", "auto_collection"],
               "properties": {"id": {"type": "string", "maxLength": 50},
                              "first_name": {"type": "string"},
                              "auto_collection": {"type": "string", "enum": ["on", "off"],
                                                  "default": "on"},
                              "created_at": {"type": "integer", "format": "unix-time"}}}
CB_SUBSCRIPTION = {"type": "object", "required": ["id", "plan_id", "status"],
                   "properties": {"id": {"type": "string"}, "plan_id": {"type": "string"},
                                  "customer_id": {"type": "string"},
                                  "status": {"type": "string",
                                             "enum": ["future", "active", "cancelled"]},
                                  "cancelled_at": {"type": "integer"}}}
CB_PLAN = {"type": "object", "required": ["id", "name"],
           "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                          "price": {"type": "integer"}}}
OFFSET = [query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}),
          query("offset", {"type": "string"})]


def chargebee_like() -> dict:
    def listed(key: str, item: str, extra: list | None = None) -> dict:
        return {"parameters": OFFSET + (extra or []), "responses": answer({
            "type": "object", "required": ["list"],
            "properties": {"list": {"type": "array",
                                    "items": wrapped(key, ref(item))},
                           "next_offset": {"type": "string"}}})}

    customer_form = {"type": "object", "properties": {
        "id": {"type": "string"}, "first_name": {"type": "string"},
        "auto_collection": {"type": "string", "enum": ["on", "off"]}}}
    return document({
        "/customers": {
            "post": {"operationId": "create_customer",
                     "requestBody": body(customer_form, FORM),
                     "responses": answer(wrapped("customer", ref("Customer")))},
            "get": {"operationId": "list_customers", **listed("customer", "Customer")}},
        "/customers/{customer-id}": {
            "parameters": [path_param("customer-id")],
            "get": {"operationId": "retrieve_customer",
                    "responses": answer(wrapped("customer", ref("Customer")))},
            "post": {"operationId": "update_customer",
                     "requestBody": body(customer_form, FORM, required=False),
                     "responses": answer(wrapped("customer", ref("Customer")))}},
        "/customers/{customer-id}/delete": {
            "parameters": [path_param("customer-id")],
            "post": {"operationId": "delete_customer",
                     "responses": answer(wrapped("customer", ref("Customer")))}},
        "/customers/{customer-id}/subscriptions": {
            "parameters": [path_param("customer-id")],
            "post": {"operationId": "create_subscription_for_customer",
                     "requestBody": body({"type": "object", "required": ["plan_id"],
                                          "properties": {"id": {"type": "string"},
                                                         "plan_id": {"type": "string"}}}, FORM),
                     "responses": answer({"type": "object", "required": ["subscription"],
                                          "properties": {"subscription": ref("Subscription"),
                                                         "customer": ref("Customer")}})},
            "get": {"operationId": "list_subscriptions_for_customer",
                    **listed("subscription", "Subscription")}},
        "/subscriptions": {
            "get": {"operationId": "list_subscriptions", **listed(
                "subscription", "Subscription",
                [query("status[is]", {"type": "string"}),
                 query("plan_id[in]", {"type": "string"})])}},
        "/subscriptions/{subscription-id}": {
            "parameters": [path_param("subscription-id")],
            "get": {"operationId": "retrieve_subscription",
                    "responses": answer({"type": "object", "required": ["subscription"],
                                         "properties": {"subscription": ref("Subscription"),
                                                        "customer": ref("Customer")}})}},
        "/subscriptions/{subscription-id}/cancel": {
            "parameters": [path_param("subscription-id")],
            "post": {"operationId": "cancel_subscription",
                     "requestBody": body({"type": "object", "properties": {
                         "end_of_term": {"type": "boolean"}}}, FORM, required=False),
                     "responses": answer(wrapped("subscription", ref("Subscription")))}},
        "/plans": {
            "post": {"operationId": "create_plan",
                     "requestBody": body({"type": "object", "required": ["id", "name"],
                                          "properties": {"id": {"type": "string"},
                                                         "name": {"type": "string"},
                                                         "price": {"type": "integer"}}}, FORM),
                     "responses": answer(wrapped("plan", ref("Plan")))}},
        "/plans/{plan-id}": {
            "parameters": [path_param("plan-id")],
            "get": {"operationId": "retrieve_plan",
                    "responses": answer(wrapped("plan", ref("Plan")))}},
    }, {"Customer": CB_CUSTOMER, "Subscription": CB_SUBSCRIPTION, "Plan": CB_PLAN},
        name="cbish")


# --- a `data` envelope, cursor paging, PATCH and DELETE with 204, and a nested item

NOTE = {"type": "object", "required": ["id", "text"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "text": {"type": "string"},
                       "account_id": {"type": "string"}}}
ACCOUNT = {"type": "object", "required": ["id", "name", "balance", "active"],
           "properties": {"id": {"type": "string", "format": "uuid"},
                          "name": {"type": "string"},
                          "balance": {"type": "integer", "minimum": 0},
                          "active": {"type": "boolean"},
                          "updated_at": {"type": "string", "format": "date-time"}}}


def data_enveloped() -> dict:
    data = {"type": "object", "required": ["data"], "properties": {"data": ref("Account")}}
    return document({
        "/accounts": {
            "post": {"operationId": "accounts.create",
                     "requestBody": body({"type": "object", "required": ["name"],
                                          "properties": {"name": {"type": "string"}}}),
                     "responses": answer(data, "201")},
            "get": {"operationId": "accounts.list",
                    "parameters": [query("cursor", {"type": "string"}),
                                   query("limit", {"type": "integer", "default": 2})],
                    "responses": answer({"type": "object", "required": ["data", "pagination"],
                                         "properties": {
                                             "data": {"type": "array", "items": ref("Account")},
                                             "pagination": {
                                                 "type": "object",
                                                 "properties": {
                                                     "next_cursor": {"type": ["string", "null"]},
                                                     "has_more": {"type": "boolean"}}}}})}},
        "/accounts/{id}": {
            "parameters": [path_param("id")],
            "get": {"operationId": "accounts.get", "responses": answer(data)},
            "patch": {"operationId": "accounts.update",
                      "requestBody": body({"type": "object", "properties": {
                          "name": {"type": "string"}, "active": {"type": "boolean"}}}),
                      "responses": answer(data)},
            "delete": {"operationId": "accounts.delete", "responses": answer(None, "204")}},
        "/accounts/{account_id}/notes": {
            "parameters": [path_param("account_id")],
            "post": {"operationId": "notes.create",
                     "requestBody": body({"type": "object", "required": ["text"],
                                          "properties": {"text": {"type": "string"}}}),
                     "responses": answer(ref("Note"), "201")},
            "get": {"operationId": "notes.list",
                    "responses": answer({"type": "array", "items": ref("Note")})}},
        "/accounts/{account_id}/notes/{note_id}": {
            "parameters": [path_param("account_id"), path_param("note_id")],
            "get": {"operationId": "notes.get", "responses": answer(ref("Note"))}},
    }, {"Account": ACCOUNT, "Note": NOTE}, name="dataish")


# --- records kept whole inside others: a subscription holds its customer object, made from a
# customer_id or external_customer_id in the request; a customer read by another field through
# a literal segment (/customers/external_customer_id/{external_customer_id}); start dates

EMBEDDING_CUSTOMER = {"type": "object", "required": ["id", "name", "external_customer_id",
                                                     "created_at"],
                      "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                     "external_customer_id": {"type": ["string", "null"]},
                                     "created_at": {"type": "string", "format": "date-time"}}}
EMBEDDING_SUBSCRIPTION = {"type": "object",
                          "required": ["id", "customer", "plan_id", "status", "start_date"],
                          "properties": {"id": {"type": "string"},
                                         "customer": ref("Customer"),
                                         "plan_id": {"type": "string"},
                                         "status": {"type": "string",
                                                    "enum": ["active", "ended"]},
                                         "start_date": {"type": "string",
                                                        "format": "date-time"}}}


def embedding() -> dict:
    listed = {"type": "object", "required": ["data", "pagination_metadata"], "properties": {
        "data": {"type": "array", "items": ref("Subscription")},
        "pagination_metadata": {"type": "object", "properties": {
            "has_more": {"type": "boolean"}, "next_cursor": {"type": ["string", "null"]}}}}}
    return document({
        "/customers": {
            "post": {"operationId": "create-customer",
                     "requestBody": body({"type": "object", "required": ["name"], "properties": {
                         "name": {"type": "string"},
                         "external_customer_id": {"type": "string"}}}),
                     "responses": answer(ref("Customer"))}},
        "/customers/{customer_id}": {
            "parameters": [path_param("customer_id")],
            "get": {"operationId": "fetch-customer", "responses": answer(ref("Customer"))}},
        "/customers/external_customer_id/{external_customer_id}": {
            "parameters": [path_param("external_customer_id")],
            "get": {"operationId": "fetch-customer-external-id",
                    "responses": answer(ref("Customer"))}},
        "/subscriptions": {
            "post": {"operationId": "create-subscription",
                     "requestBody": body({"type": "object", "required": ["plan_id"],
                                          "properties": {
                                              "customer_id": {"type": "string"},
                                              "external_customer_id": {"type": "string"},
                                              "plan_id": {"type": "string"},
                                              "start_date": {"type": "string",
                                                             "format": "date-time"}}}),
                     "responses": answer(ref("Subscription"))},
            "get": {"operationId": "list-subscriptions",
                    "parameters": [query("customer_id", {"type": "string"}),
                                   query("external_customer_id", {"type": "string"}),
                                   query("cursor", {"type": "string"}),
                                   query("limit", {"type": "integer"})],
                    "responses": answer(listed)}},
    }, {"Customer": EMBEDDING_CUSTOMER, "Subscription": EMBEDDING_SUBSCRIPTION},
        name="embedding")


# --- a `data` envelope with paging two levels down (meta.pagination), an `after` cursor and a
# link to the next page

def nested_meta() -> dict:
    pagination = {"type": "object", "required": ["per_page", "next", "has_more",
                                                 "estimated_total"],
                  "properties": {"per_page": {"type": "integer"},
                                 "next": {"type": "string", "format": "uri"},
                                 "has_more": {"type": "boolean"},
                                 "estimated_total": {"type": "integer"}}}
    meta = {"type": "object", "required": ["request_id", "pagination"],
            "properties": {"request_id": {"type": "string", "format": "uuid"},
                           "pagination": pagination}}
    one = {"type": "object", "required": ["data"], "properties": {"data": ref("Account")}}
    return document({
        "/accounts": {
            "post": {"operationId": "create-account",
                     "requestBody": body({"type": "object", "required": ["name"],
                                          "properties": {"name": {"type": "string"}}}),
                     "responses": answer(one, "201")},
            "get": {"operationId": "list-accounts",
                    "parameters": [query("after", {"type": "string"}),
                                   query("per_page", {"type": "integer", "default": 50})],
                    "responses": answer({"type": "object", "required": ["data", "meta"],
                                         "properties": {"data": {"type": "array",
                                                                 "items": ref("Account")},
                                                        "meta": meta}})}},
    }, {"Account": ACCOUNT}, name="nested")


# --- paths with a format suffix (/customers/{id}.json), records wrapped in their name and
# listed as a bare array of wrapped items, integer ids, a lookup by a query parameter, errors
# as a list of texts, and a sub-collection listing records created at the top level

SUFFIXED_CUSTOMER = {"type": "object", "properties": {
    "id": {"type": "integer"}, "first_name": {"type": "string"}, "email": {"type": "string"},
    "reference": {"type": ["string", "null"]}}}
SUFFIXED_SUBSCRIPTION = {"type": "object", "properties": {
    "id": {"type": "integer"}, "product_handle": {"type": "string"},
    "customer": ref("Customer")}}
ERROR_LIST = {"type": "object", "required": ["errors"],
              "properties": {"errors": {"type": "array", "items": {"type": "string"}}}}


def suffixed() -> dict:
    def answers(schema: dict, code: str = "200", missing: bool = True) -> dict:
        documented = {code: {"description": "ok", "content": {JSON: {"schema": schema}}},
                      "422": {"description": "invalid",
                              "content": {JSON: {"schema": ERROR_LIST}}}}
        return {**documented, "404": {"description": "missing"}} if missing else documented

    customer, subscription = (wrapped("customer", ref("Customer")),
                              wrapped("subscription", ref("Subscription")))
    return document({
        "/customers.json": {
            "post": {"operationId": "createCustomer", "requestBody": body(wrapped(
                "customer", {"type": "object", "required": ["first_name", "email"],
                             "properties": {"first_name": {"type": "string"},
                                            "email": {"type": "string"},
                                            "reference": {"type": "string"}}})),
                     "responses": answers(customer, "201")},
            "get": {"operationId": "listCustomers",
                    "parameters": [query("page", {"type": "integer", "minimum": 1}),
                                   query("per_page", {"type": "integer", "minimum": 1})],
                    "responses": answers({"type": "array", "items": customer})}},
        "/customers/{id}.json": {
            "parameters": [{**path_param("id"), "schema": {"type": "integer"}}],
            "get": {"operationId": "readCustomer", "responses": answers(customer)}},
        "/customers/lookup.json": {
            "get": {"operationId": "readCustomerByReference",
                    "parameters": [{**query("reference", {"type": "string"}),
                                    "required": True}],
                    "responses": answers(customer)}},
        "/subscriptions.json": {
            "post": {"operationId": "createSubscription", "requestBody": body(wrapped(
                "subscription", {"type": "object", "properties": {
                    "product_handle": {"type": "string"},
                    "customer_id": {"type": "integer"}}})),
                     "responses": answers(subscription, "201", missing=False)}},
        "/customers/{customer_id}/subscriptions.json": {
            "parameters": [{**path_param("customer_id"), "schema": {"type": "integer"}}],
            "get": {"operationId": "listCustomerSubscriptions",
                    "responses": answers({"type": "array", "items": subscription})}},
    }, {"Customer": SUFFIXED_CUSTOMER, "Subscription": SUFFIXED_SUBSCRIPTION},
        name="suffixed")


def nothing_to_infer() -> dict:
    quote = {"type": "object", "required": ["price"], "properties": {
        "price": {"type": "integer"}, "currency": {"type": "string"}}}
    return document({
        "/health": {"get": {"operationId": "health", "responses": answer(
            {"type": "object", "properties": {"status": {"type": "string"}}})}},
        "/quotes": {"post": {"operationId": "quote",
                             "requestBody": body({"type": "object", "properties": {
                                 "plan": {"type": "string"}}}),
                             "responses": answer(quote)}},
    }, {}, name="plain")
