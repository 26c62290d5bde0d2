"""What a person reads in a browser: Swagger UI for each vendor and the control plane at
``/<name>/docs``, over the document at ``/<name>/openapi.json``, and the home page at ``/``
(HTML for a browser; the JSON index for everyone else).

Swagger UI is version 5 (4.x, which connexion's extra installs, cannot read OpenAPI 3.1), from
the swagger-ui-py package, served by this process: no CDN, so the docs work offline. The
served document's servers point at this sandbox, and each page authorizes as the vendor's
first tenant with a key (the demo tenant), so that "Try it out" works at once.
"""

from __future__ import annotations

import copy
import html
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, Router
from starlette.staticfiles import StaticFiles

ASSETS = "/_sandbox/docs/assets"  # one copy for every page (the bundle is 1.4 MB)
FAVICON = "/favicon.ico"  # what a browser asks for on every page

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon-32x32.png">
<style>
.sandbox-bar {{ font: 14px sans-serif; padding: 8px 20px; background: #1b1b1b; color: #eee; }}
.sandbox-bar a {{ color: #9cf; }}
</style></head>
<body>
<div class="sandbox-bar"><a href="/">billing-sandbox</a> &middot; {title} &middot; {note}</div>
<div id="ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script>
const authorization = {authorization};
window.ui = SwaggerUIBundle({{
  url: {spec}, dom_id: "#ui", deepLinking: true, displayRequestDuration: true,
  validatorUrl: null,
  onComplete: () => {{
    for (const [scheme, given] of Object.entries(authorization)) {{
      if ("user" in given) window.ui.preauthorizeBasic(scheme, given.user, "");
      else window.ui.preauthorizeApiKey(scheme, given.value);
    }}
  }},
}});
</script>
</body></html>"""

# (tenant id, {security scheme: value}) the page authorizes with, or None; asked per request,
# as tenants come and go while the server runs
Authorization = Callable[[], tuple[str, dict[str, str]] | None]


def no_authorization() -> None:
    """A page the reader authorizes: the control plane's, or any while an admin token guards
    the sandbox (tenants' keys are then shown nowhere)."""
    return None


@dataclass
class DocsPage:
    name: str
    document: dict
    base_paths: list[str]
    authorization: Authorization = no_authorization


def swagger_ui_assets() -> Path:
    """swagger-ui-py's copy of Swagger UI's dist folder (found without importing the package,
    whose import loads every web framework adapter it has)."""
    package = importlib.util.find_spec("swagger_ui")
    if package is None or not package.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed")
    return Path(package.submodule_search_locations[0]) / "static"


def served_document(document: dict, prefix: str, base_paths: list[str]) -> dict:
    """The vendor document with its servers pointing at this sandbox, so 'Try it out' works."""
    served = copy.copy(document)
    served["servers"] = [{"url": f"{prefix}{base}" or "/"} for base in base_paths]
    return served


def wants_html(request: Request) -> bool:
    """A browser asks for text/html; curl, SDKs and the tests ask for anything, or JSON."""
    return "text/html" in request.headers.get("accept", "")


def docs_router(pages: list[DocsPage], index: dict, home: Callable[[Request], str]) -> Router:
    def root(request: Request) -> Response:
        return HTMLResponse(home(request)) if wants_html(request) else JSONResponse(index)

    assets = swagger_ui_assets()
    routes = [Route("/", root),
              Route(FAVICON, lambda request: FileResponse(assets / "favicon-32x32.png")),
              Mount(ASSETS, app=StaticFiles(directory=assets))]
    for page in pages:
        prefix = f"/{page.name}"
        routes += [
            Route(f"{prefix}/openapi.json",
                  _document_endpoint(page.document, prefix, page.base_paths)),
            Route(f"{prefix}/docs", lambda request, page=page: HTMLResponse(docs_page(page))),
        ]
    return Router(routes=routes)


def docs_page(page: DocsPage) -> str:
    schemes = page.document.get("components", {}).get("securitySchemes") or {}
    given = page.authorization()
    authorization: dict[str, dict[str, str]] = {}
    if given is None:
        note = "Authorize with your credentials to try the operations"
    else:
        tenant, values = given
        for scheme, value in values.items():
            kind = schemes.get(scheme, {})
            if kind.get("type") == "http" and str(kind.get("scheme")).lower() == "basic":
                authorization[scheme] = {"user": value}
            elif scheme in schemes:
                authorization[scheme] = {"value": value}
        note = (f"authorized as tenant {html.escape(tenant)}: &quot;Try it out&quot; calls "
                "this sandbox (Authorize changes it)")
    return _PAGE.format(title=html.escape(f"{page.name} sandbox"), assets=ASSETS, note=note,
                        spec=_script_json(f"/{page.name}/openapi.json"),
                        authorization=_script_json(authorization))


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def _document_endpoint(document: dict, prefix: str, base_paths: list[str]):
    """Serves the document as JSON, encoded on the first request (20 ms of start-up for
    Chargebee's v1 document, for a page few runs ask for) and kept."""
    encoded: list[bytes] = []

    def endpoint(request) -> Response:
        if not encoded:
            encoded.append(json.dumps(served_document(document, prefix, base_paths)).encode())
        return Response(encoded[0], media_type="application/json")

    return endpoint
