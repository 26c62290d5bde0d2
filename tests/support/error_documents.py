"""Small hand-written documents with the error conventions of published ones (written for
these tests; no vendor's document is copied)."""

from __future__ import annotations


def _json(schema: dict) -> dict:
    return {"description": "see schema", "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _status_error(required: list[str], **extra: dict) -> dict:
    properties = {"status": {"type": "integer", "format": "int32"},
                  "error": {"type": "string"}, **extra}
    return {"type": "object", "required": required, "properties": properties}


OK = _json({"type": "object", "properties": {"id": {"type": "string"}}})

# JSON bodies; errors {status, error[, code][, error_details]}; 400 and 422 both declared, the
# 422 with per-field details; some operations declare no client error at all.
STATUS_ERRORS = {
    "openapi": "3.1.0",
    "info": {"title": "ledgerly", "version": "1"},
    "servers": [{"url": "https://api.ledgerly.test/api/v1"}],
    "security": [{"bearer": []}],
    "paths": {
        "/customers": {"post": {
            "operationId": "createCustomer",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["customer"], "properties": {"customer": {
                    "type": "object", "required": ["external_id"], "properties": {
                        "external_id": {"type": "string"},
                        "email": {"type": "string", "format": "email"}}}}}}}},
            "responses": {"200": OK, "400": _ref("BadRequest"), "401": _ref("Unauthorized"),
                          "422": _ref("UnprocessableEntity")}}},
        "/customers/{external_id}": {"get": {
            "operationId": "findCustomer",
            "parameters": [{"name": "external_id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": OK, "401": _ref("Unauthorized"), "404": _ref("NotFound")}}},
        "/api_logs": {"get": {
            "operationId": "findAllApiLogs",
            "parameters": [
                {"name": "per_page", "in": "query", "schema": {"type": "integer"}},
                {"name": "http_statuses[]", "in": "query", "explode": True, "schema": {
                    "type": "array", "items": {"anyOf": [
                        {"type": "string", "enum": ["succeeded", "failed"]},
                        {"type": "integer", "minimum": 100, "maximum": 599}]}}}],
            "responses": {"200": OK, "401": _ref("Unauthorized")}}},
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "responses": {
            "BadRequest": _json({"$ref": "#/components/schemas/BadRequest"}),
            "Unauthorized": _json({"$ref": "#/components/schemas/Unauthorized"}),
            "NotFound": _json({"$ref": "#/components/schemas/NotFound"}),
            "UnprocessableEntity": _json({"$ref": "#/components/schemas/Unprocessable"}),
        },
        "schemas": {
            "BadRequest": _status_error(["status", "error"]),
            "Unauthorized": _status_error(["status", "error"]),
            "NotFound": _status_error(["status", "error", "code"], code={
                "type": "string", "example": "object_not_found"}),
            "Unprocessable": _status_error(
                ["status", "error", "code", "error_details"],
                code={"type": "string", "example": "validation_errors"},
                error_details={"type": "object"}),
        },
    },
}

# FastAPI's conventions: 400 {detail: string}, 422 {detail: [{loc, msg, type}]}.
VALIDATION_ERROR = {"type": "object", "required": ["detail"], "properties": {"detail": {
    "type": "array", "items": {"type": "object", "required": ["loc", "msg", "type"],
                               "properties": {
                                   "loc": {"type": "array", "items": {
                                       "anyOf": [{"type": "string"}, {"type": "integer"}]}},
                                   "msg": {"type": "string"}, "type": {"type": "string"}}}}}}
DETAIL = {"type": "object", "required": ["detail"],
          "properties": {"detail": {"type": "string"}}}
FASTAPI_STYLE = {
    "openapi": "3.1.0",
    "info": {"title": "fastish", "version": "1"},
    "paths": {"/widgets": {"post": {
        "operationId": "createWidget",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["size"],
            "properties": {"size": {"type": "integer", "minimum": 1}}}}}},
        "responses": {"200": OK, "400": _json(DETAIL), "422": _json(VALIDATION_ERROR)}}}},
}

# Errors whose `type` is an enum that says "unauthorized"; only 400 and 404 are declared.
TYPED_ERROR = {"type": "object", "required": ["message", "type"], "properties": {
    "message": {"type": "string"}, "param": {"type": "string"},
    "type": {"type": "string", "enum": ["invalid_request", "unauthorized", "not_found"]}}}
TYPED = {
    "openapi": "3.1.0",
    "info": {"title": "typed", "version": "1"},
    "security": [{"key": []}],
    "paths": {"/invoices/{id}": {"get": {
        "operationId": "getInvoice",
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": OK, "400": _json(TYPED_ERROR), "404": _json(TYPED_ERROR)}}}},
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header",
                                               "name": "x-api-key"}}},
}
