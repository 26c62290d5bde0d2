"""What the command line prints: the banner of ``serve`` and the columns of ``routes``."""

from __future__ import annotations

from billing_sandbox.shipped import DEMO_FIXTURES, SHIPPED_SPECS


def table_lines(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    """Rows as lines of columns as wide as their widest cell, two spaces apart."""
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    return [indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            .rstrip() for row in rows]


def what_it_became(sandbox, vendor: str, operation_id: str) -> str:
    """``handled`` by the vendor's own handler, what inference made of it (``create
    customer``, ``action cancel on subscription``; ``on the ledger`` where the adapter keeps
    the resource as its ledger's records), or ``generated``."""
    api = sandbox.served_apis()[vendor]
    if operation_id in api.inferred:
        described = api.resources.describe(operation_id)
        adapter = sandbox.adapters.get(vendor)
        resource = api.resources.bindings[operation_id].resource.name
        shelved = adapter is not None and resource in adapter.shelves
        return f"{described}, on the ledger" if shelved else described
    return "handled" if operation_id in sandbox.registry.handled(vendor) else "generated"


def banner(sandbox) -> str:
    """What serve prints before it answers: what it serves, as whom, and where state is kept."""
    settings = sandbox.settings
    lines = [f"billing-sandbox on http://{settings.host}:{settings.port}  "
             "(open it in a browser: vendors, credentials, docs, latest calls)", ""]
    lines += loaded_lines(sandbox)
    for name, api in sandbox.apis.items():
        handled = sandbox.registry.handled(name)
        lines.append(f"\n{name}: {' '.join(sandbox.base_urls(name))}  "
                     f"(docs: /{name}/docs, {len(api.operations)} operations, "
                     f"{len(handled & set(api.operations))} stateful)")
        lines += [f"  {warning}" for warning in api.spec.warnings]
        for tenant in sandbox.control.directories[name].tenants.values():  # a data file's too
            lines.append(f"  tenant {tenant.id}: api key {tenant.api_key}")
        shown = api.spec.operations[:40]
        lines += table_lines([(operation.method, operation.path,
                               f"[{what_it_became(sandbox, name, operation.operation_id)}]")
                              for operation in shown])
        if len(api.spec.operations) > len(shown):
            lines.append(f"  ... and {len(api.spec.operations) - len(shown)} more "
                         "(billing-sandbox routes)")
    access = ("Authorization: Bearer <admin token>" if settings.admin_token
              else "loopback only")
    lines.append(f"\ncontrol plane: http://{settings.host}:{settings.port}"
                 f"/_sandbox  (docs: /_sandbox/docs, {access})")
    return "\n".join(lines)


def loaded_lines(sandbox) -> list[str]:
    """What is served, with which tenants, and where its state is kept."""
    settings = sandbox.settings
    shipped = [name for name, api in sandbox.apis.items()
               if api.spec.folder.parent == SHIPPED_SPECS]
    own = [f"{name} ({api.spec.folder})" for name, api in sandbox.apis.items()
           if name not in shipped]
    vendors = ", ".join(([f"the shipped {', '.join(shipped)}"] if shipped else []) + own)
    fixtures = ("the demo tenants" if settings.fixtures == [DEMO_FIXTURES] else
                ", ".join("the demo tenants" if path == DEMO_FIXTURES else str(path)
                          for path in settings.fixtures) or "none")
    if settings.data is None:
        state = ("in memory: lost when the server stops (--data FILE keeps it across "
                 "restarts)")
    else:
        state = (f"kept in {settings.data} across restarts (fixtures seed it only while it "
                 "is empty)")
    return [f"vendors:  {vendors}", f"fixtures: {fixtures}", f"state:    {state}"]
