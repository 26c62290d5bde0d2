"""Swagger UI and the merged document of each vendor, at ``/<vendor>/docs`` and
``/<vendor>/openapi.json``; ``/`` lists the vendors."""

from __future__ import annotations

import copy
import json

from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, Router
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({{url: "{spec}", dom_id: "#ui"}});</script>
</body></html>"""


def served_document(document: dict, prefix: str, base_paths: list[str]) -> dict:
    """The vendor document with its servers pointing at this sandbox, so 'Try it out' works."""
    served = copy.copy(document)
    served["servers"] = [{"url": f"{prefix}{base}" or "/"} for base in base_paths]
    return served


def docs_router(vendors: list[tuple[str, dict, list[str]]], index: dict) -> Router:
    routes = [Route("/", lambda request: JSONResponse(index))]
    for name, document, base_paths in vendors:
        prefix = f"/{name}"
        page = _PAGE.format(title=f"{name} sandbox", assets=f"{prefix}/docs/assets",
                            spec=f"{prefix}/openapi.json")
        routes += [
            Route(f"{prefix}/openapi.json", _document_endpoint(document, prefix, base_paths)),
            Route(f"{prefix}/docs", lambda request, page=page: HTMLResponse(page)),
            Mount(f"{prefix}/docs/assets", app=StaticFiles(directory=swagger_ui_path)),
        ]
    return Router(routes=routes)


def _document_endpoint(document: dict, prefix: str, base_paths: list[str]):
    """Serves the document as JSON, encoded on the first request (20 ms of start-up for
    Chargebee's v1 document, for a page few runs ask for) and kept."""
    encoded: list[bytes] = []

    def endpoint(request) -> Response:
        if not encoded:
            encoded.append(json.dumps(served_document(document, prefix, base_paths)).encode())
        return Response(encoded[0], media_type="application/json")

    return endpoint
