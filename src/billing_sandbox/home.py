"""The home page a browser gets at ``/``: each vendor with its base URLs, its tenants'
credentials as a client sends them, its operations (stateful or generated) and links to its
docs, then the latest calls of the journal. Rendered per request: tenants and calls change
while the server runs.

Credentials and calls are control-plane data: with an admin token (a sandbox reachable from
the network) the page leaves them out, as ``/_sandbox`` would refuse them without the token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from starlette.requests import Request

from billing_sandbox.engine.documents.vendors import VendorSpec
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory
from billing_sandbox.engine.http.registry import HandlerRegistry
from billing_sandbox.engine.http.security import requirements_of
from billing_sandbox.engine.observe.journal import CallJournal

LATEST_CALLS = 20

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 0 20px;
       color: #222; }
code { font: 13px ui-monospace, monospace; background: #f3f3f3; padding: 1px 4px; }
table { border-collapse: collapse; margin: 6px 0 18px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eee;
         vertical-align: top; }
th { font-weight: 600; }
section { border-top: 2px solid #ddd; margin-top: 22px; }
.stateful { color: #06623b; } .generated { color: #777; }
.status-2 { color: #06623b; } .status-4, .status-5 { color: #a40000; }
"""


@dataclass
class HomeVendor:
    spec: VendorSpec
    tenants: TenantDirectory
    credentials: Callable[[Tenant], dict[str, str]]
    urls: Callable[[str], list[str]]  # base URLs, given the root URL the browser used


@dataclass
class HomePage:
    vendors: list[HomeVendor]
    registry: HandlerRegistry
    journal: CallJournal
    control_docs: str
    admin_token: str | None

    def render(self, request: Request) -> str:
        root = str(request.base_url).rstrip("/")
        secrets_shown = self.admin_token is None
        parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                 f"<title>billing-sandbox</title><style>{_STYLE}</style></head><body>",
                 "<h1>billing-sandbox</h1>",
                 f"<p>A stateful sandbox of billing APIs at <code>{escape(root)}</code>. "
                 "Vendors: " + ", ".join(f"<a href='#vendor-{escape(v.spec.name)}'>"
                                         f"{escape(v.spec.name)}</a>" for v in self.vendors)
                 + f". Control plane: <code>{escape(root)}/_sandbox</code> "
                 f"(<a href='{escape(self.control_docs)}'>docs</a>). "
                 "<a href='#latest-calls'>Latest calls</a>.</p>"]
        for vendor in self.vendors:
            parts.append(self._vendor(vendor, root, secrets_shown))
        parts.append(self._calls(secrets_shown))
        parts.append("</body></html>")
        return "\n".join(parts)

    def _vendor(self, vendor: HomeVendor, root: str, secrets_shown: bool) -> str:
        spec = vendor.spec
        name = escape(spec.name)
        handled = self.registry.handled(spec.name)
        stateful = sum(1 for op in spec.operations if op.operation_id in handled)
        urls = " ".join(f"<code>{escape(url)}</code>" for url in vendor.urls(root))
        parts = [f"<section class='vendor' id='vendor-{name}'><h2>{name}</h2>",
                 f"<p>Base URLs: {urls}<br><a href='/{name}/docs'>API docs (Swagger UI, try "
                 f"it out)</a> &middot; <a href='/{name}/openapi.json'>OpenAPI document</a></p>"]
        parts.append(self._tenants(vendor, secrets_shown))
        parts.append(f"<h3>Operations: {len(spec.operations)} ({stateful} stateful, "
                     f"{len(spec.operations) - stateful} generated from the document)</h3>")
        parts.append("<table class='operations'><tr><th>method</th><th>path</th>"
                     "<th>operationId</th><th>answered</th></tr>")
        for op in spec.operations:
            how = "stateful" if op.operation_id in handled else "generated"
            parts.append(f"<tr class='operation'><td>{escape(op.method)}</td>"
                         f"<td><code>{escape(op.path)}</code></td>"
                         f"<td>{escape(op.operation_id)}</td><td class='{how}'>{how}</td></tr>")
        parts.append("</table></section>")
        return "\n".join(parts)

    def _tenants(self, vendor: HomeVendor, secrets_shown: bool) -> str:
        schemes = vendor.spec.security_schemes
        accepted = ", ".join(scheme_label(schemes.get(name, {}))
                             for name in schemes) or "none documented"
        tenants = list(vendor.tenants.tenants.values())
        if not tenants:
            return (f"<p>No tenants: any credential of its documented schemes ({accepted}) is "
                    "accepted; a request with none is refused (401).</p>")
        if not secrets_shown:
            return (f"<p>{len(tenants)} tenant(s); their credentials are not shown, as this "
                    "sandbox requires an admin token for its control plane "
                    "(<code>GET /_sandbox/state</code> has them).</p>")
        rows = []
        for tenant in tenants:
            sent = "<br>".join(f"<code>{escape(line)}</code>" for line in
                               how_to_send(schemes, vendor.credentials(tenant)))
            rows.append(f"<tr class='tenant'><td>{escape(tenant.id)}</td><td>{sent}</td></tr>")
        return ("<h3>Tenants</h3><table><tr><th>tenant</th><th>a client sends</th></tr>"
                + "".join(rows) + "</table>")

    def _calls(self, secrets_shown: bool) -> str:
        head = "<section id='latest-calls'><h2>Latest calls</h2>"
        if not secrets_shown:
            return head + ("<p>Not shown: this sandbox requires an admin token for its journal "
                           "(<code>GET /_sandbox/requests</code>).</p></section>")
        entries = list(reversed(self.journal.entries(limit=LATEST_CALLS)))
        if not entries:
            return head + ("<p>No calls yet. Every call is journaled: "
                           "<a href='/_sandbox/requests'>/_sandbox/requests</a> has each one "
                           "with its headers and bodies.</p></section>")
        rows = [f"<tr class='call'><td>{escape(e['time'][:19].replace('T', ' '))}</td>"
                f"<td>{escape(e['vendor'])}</td>"
                f"<td>{escape(str(e['tenant'] or ''))}</td><td>{escape(e['method'])}</td>"
                f"<td><code>{escape(e['path'])}</code></td>"
                f"<td class='status-{str(e['status'])[0]}'>{e['status']}</td>"
                f"<td>{e['duration_ms']:.1f}</td></tr>" for e in entries]
        return (head + f"<p>The newest {len(entries)}, newest first; each one with its headers "
                "and bodies: <a href='/_sandbox/requests'>/_sandbox/requests</a>.</p>"
                "<table><tr><th>time (UTC)</th><th>vendor</th><th>tenant</th><th>method</th>"
                "<th>path</th><th>status</th><th>ms</th></tr>" + "".join(rows)
                + "</table></section>")


def scheme_label(scheme: dict) -> str:
    if scheme.get("type") == "apiKey":
        return f"{scheme.get('in', 'header')} {scheme.get('name', '')}"
    if scheme.get("type") == "http":
        return f"HTTP {str(scheme.get('scheme', '')).capitalize()}"
    return str(scheme.get("type", "unknown"))


def how_to_send(schemes: dict, values: dict[str, str]) -> list[str]:
    """Each credential as a client sends it: a header line, a query parameter, a user name."""
    lines = []
    for name, value in values.items():
        scheme = schemes.get(name, {})
        kind, where = scheme.get("type"), scheme.get("in")
        if kind == "apiKey" and where == "header":
            lines.append(f"{scheme.get('name')}: {value}")
        elif kind == "apiKey":
            lines.append(f"{where} {scheme.get('name')}={value}")
        elif kind == "http" and str(scheme.get("scheme")).lower() == "basic":
            lines.append(f"HTTP Basic user {value}, empty password (curl -u {value}:)")
        elif kind == "http":
            lines.append(f"Authorization: {str(scheme.get('scheme')).capitalize()} {value}")
    return lines


def document_credentials(spec: VendorSpec) -> Callable[[Tenant], dict[str, str]]:
    """For a vendor with no adapter: its key in every scheme of the document's first security
    requirement (the key names the tenant, whichever scheme carries it)."""
    requirements = requirements_of(spec.document.get("security"), spec.security_schemes)
    first = next((r for r in requirements if r), {})

    def credentials(tenant: Tenant) -> dict[str, str]:
        return {name: tenant.api_key or "" for name in first} if tenant.api_key else {}

    return credentials
