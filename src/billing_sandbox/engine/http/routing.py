"""Route requests with connexion. connexion 3.3 refuses OpenAPI 3.1 (spec-first/connexion#1396),
so it is handed a routing-only 3.0 view of each vendor document: the same paths, methods and
operationIds, path parameters as plain strings, and nothing else. Validation, security and
responses stay with the engine, which reads the vendor document as written."""

from __future__ import annotations

from typing import Any

from connexion.middleware.routing import RoutingMiddleware
from connexion.resolver import Resolver
from connexion.spec import OpenAPISpecification

from ..documents.vendors import VendorSpec

ROUTING_CONTEXT = "connexion_routing"


def routing_document(spec: VendorSpec) -> dict:
    paths: dict[str, Any] = {}
    for operation in spec.operations:
        names = [segment[1:-1] for segment in operation.path.split("/")
                 if segment.startswith("{") and segment.endswith("}")]
        paths.setdefault(operation.path, {})[operation.method.lower()] = {
            "operationId": operation.operation_id,
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in names
            ],
            "responses": {"default": {"description": "see the vendor document"}},
        }
    # connexion (starlette) takes the first route that matches, in the document's order; an
    # OpenAPI path with a literal segment is matched before one with a template there
    # (/customers/search before /customers/{id}), wherever the document lists it
    ordered = dict(sorted(paths.items(), key=lambda item: _specificity(item[0])))
    return {"openapi": "3.0.3", "info": {"title": spec.name, "version": "routing"},
            "paths": ordered}


def _specificity(path: str) -> tuple[int, ...]:
    """Per segment, 0 for a literal and 1 for a template: literals sort first."""
    return tuple(int("{" in segment) for segment in path.split("/"))


class RoutingSpecification(OpenAPISpecification):
    """connexion's view of a routing document, without its check against connexion's OpenAPI
    3.0 meta-schema: routing_document makes every such document in the one shape above
    (tests/engine/test_routing.py holds it to that meta-schema), and the check was nine
    tenths of building the router: 25 ms for the shipped specs, 113 ms with Chargebee's v1."""

    @classmethod
    def _validate_spec(cls, spec) -> None:
        pass


def _no_function(operation_id: str):
    def unreachable() -> None:  # the engine answers before connexion would call it
        raise RuntimeError(operation_id)

    return unreachable


def build_router(next_app, mounts: list[tuple[str, VendorSpec]]) -> RoutingMiddleware:
    """connexion's RoutingMiddleware with one API per (base path, vendor document)."""
    router = RoutingMiddleware(next_app)
    for base_path, spec in mounts:
        router.add_api(
            RoutingSpecification(routing_document(spec)),
            base_path=base_path,
            resolver=Resolver(function_resolver=_no_function),
        )
    return router


def routed_operation(scope: dict) -> tuple[str | None, str | None]:
    """(api base path, operationId) that connexion attached to the scope."""
    routing = scope.get("extensions", {}).get(ROUTING_CONTEXT, {})
    return routing.get("api_base_path"), routing.get("operation_id")
