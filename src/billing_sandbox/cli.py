"""billing-sandbox serve | check | routes | seed | report"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
import warnings
from pathlib import Path

from billing_sandbox.settings import DEFAULT_SPECS, Settings

# connexion imports starlette's test client, which warns about httpx on every start.
warnings.filterwarnings("ignore", message=".*starlette.testclient.*")


def _vendor_port(text: str) -> tuple[str, int]:
    vendor, sep, port = text.partition("=")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected VENDOR=PORT, got {text!r}")
    return vendor, int(port)


def _admin_token(text: str) -> str:
    from billing_sandbox.control.profile import admin_token_problem

    problem = admin_token_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--specs", type=Path, default=DEFAULT_SPECS,
                        help="folder of vendor folders of OpenAPI documents (default: %(default)s)")
    parser.add_argument("--fixtures", type=Path, action="append", default=[],
                        help="fixture file (YAML); may be given more than once")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="billing-sandbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve every vendor of the specs folder")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, help="data file (kept across restarts)")
    where.add_argument("--in-memory", action="store_true",
                       help="keep state in memory only (the default when --data is not given)")
    serve.add_argument("--vendor-port", type=_vendor_port, action="append", default=[],
                       metavar="VENDOR=PORT",
                       help="also serve VENDOR at the root of its own PORT")
    serve.add_argument("--seed", default=None,
                       help="make minted ids, numbers and generated responses repeat across "
                            "runs (default: random ids)")
    serve.add_argument("--admin-token", default=None, type=_admin_token,
                       help="require 'Authorization: Bearer TOKEN' on /_sandbox and serve it "
                            "to any address (without it: loopback peers only)")
    serve.add_argument("--journal-size", type=int, default=1000,
                       help="calls the request journal keeps (default: %(default)s)")
    serve.add_argument("--log-level", default="info")

    check = commands.add_parser("check", help="check specs and fixtures; non-zero on a problem")
    _common(check)

    routes = commands.add_parser("routes", help="list each vendor's operations")
    _common(routes)

    seed = commands.add_parser("seed", help="load a fixture file into a data file")
    seed.add_argument("file", type=Path)
    seed.add_argument("--data", type=Path, required=True)
    seed.add_argument("--specs", type=Path, default=DEFAULT_SPECS)

    report = commands.add_parser("report", help="a running sandbox's contract report; exit 1 "
                                                "on a violation, 2 if it cannot be reached")
    report.add_argument("--url", required=True, help="the sandbox, e.g. http://127.0.0.1:8080")
    report.add_argument("--vendor", help="only this vendor's operations")
    report.add_argument("--junit", type=Path, metavar="FILE", help="also write JUnit XML here")
    report.add_argument("--token", help="admin token (default: $BILLING_SANDBOX_TOKEN)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "check":
        return check(args)
    if args.command == "routes":
        return routes(args)
    if args.command == "report":
        from billing_sandbox.report_client import run
        return run(args.url, args.vendor, args.junit, args.token)
    return seed(args)


def _fail(error: Exception) -> int:
    print(f"billing-sandbox: {error}", file=sys.stderr)
    return 1


def _settings(args) -> Settings:
    return Settings(specs_dir=args.specs, fixtures=list(args.fixtures))


def _build(settings: Settings):
    """The sandbox, or the exit status after saying why it cannot be built."""
    from billing_sandbox.app import create_app
    from billing_sandbox.engine.documents.reading import SpecError
    from billing_sandbox.fixtures import FixtureError

    try:
        return create_app(settings)
    except (SpecError, FixtureError) as exc:
        return _fail(exc)


def check(args) -> int:
    sandbox = _build(_settings(args))
    if isinstance(sandbox, int):
        return sandbox
    for name, api in sandbox.apis.items():
        print(f"{name}: {len(api.spec.files)} document(s), {len(api.operations)} operations: ok")
        for warning in api.spec.warnings:
            print(f"  {warning}")
    fixtures = sandbox.fixtures
    for vendor, tenants in fixtures.vendors.items():
        for tenant in tenants.values():
            count = sum(len(items) for items in tenant.records.values())
            print(f"fixtures {vendor}.{tenant.id}: {count} record(s): ok")
    sandbox.close()
    return 0


def routes(args) -> int:
    sandbox = _build(_settings(args))
    if isinstance(sandbox, int):
        return sandbox
    for name, api in sandbox.served_apis().items():
        handled = sandbox.registry.handled(name)
        bases = api.spec.base_paths if name not in sandbox.apis else [
            "/" + name + b for b in api.spec.base_paths]
        print(f"{name} ({', '.join(bases)})")
        for operation in api.spec.operations:
            how = "handled" if operation.operation_id in handled else "generated"
            print(f"  {operation.method:<7}{operation.path:<48}{operation.operation_id:<60}{how}")
    sandbox.close()
    return 0


def seed(args) -> int:
    from billing_sandbox.core.clock import Clock
    from billing_sandbox.engine.documents.reading import SpecError
    from billing_sandbox.engine.documents.vendors import discover_vendors
    from billing_sandbox.engine.resources.seeding import ResourceSeeder
    from billing_sandbox.fixtures import FixtureError, read_fixtures, seed_store
    from billing_sandbox.store import Store
    from billing_sandbox.vendors.catalog import shipped_adapters

    try:
        specs = discover_vendors(args.specs)
        fixtures = read_fixtures(args.file)
        store = Store.open(args.data)
        try:
            seed_store(store, fixtures, [s.name for s in specs], shipped_adapters(), Clock(),
                       seeders={s.name: ResourceSeeder.for_spec(s) for s in specs})
        finally:
            store.close()
    except (SpecError, FixtureError) as exc:
        return _fail(exc)
    print(f"loaded {args.file} into {args.data}")
    return 0


def serve(args) -> int:
    import uvicorn

    from billing_sandbox.control.profile import is_loopback

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    settings = Settings(
        host=args.host, port=args.port, specs_dir=args.specs, fixtures=list(args.fixtures),
        data=None if args.in_memory else args.data, vendor_ports=dict(args.vendor_port),
        seed=args.seed, admin_token=args.admin_token, journal_size=args.journal_size,
    )
    if args.admin_token is None and not is_loopback(args.host):
        return _fail(ValueError(
            f"--host {args.host} is not a loopback address, and the control plane "
            "(/_sandbox: reset, state, faults) must not be open to the network; give "
            "--admin-token TOKEN to require a token on it, or serve on 127.0.0.1"))
    if args.journal_size < 1:
        return _fail(ValueError("--journal-size must be at least 1"))
    sandbox = _build(settings)
    if isinstance(sandbox, int):
        return sandbox
    unknown = set(settings.vendor_ports) - set(sandbox.apis)
    if unknown:
        return _fail(ValueError(f"--vendor-port names unknown vendor(s): {', '.join(unknown)}"))
    print(banner(sandbox), flush=True)
    _settle_the_heap()
    servers = [uvicorn.Server(uvicorn.Config(sandbox.app, host=args.host, port=args.port,
                                             log_level="warning", lifespan="off"))]
    for vendor, port in settings.vendor_ports.items():
        servers.append(uvicorn.Server(uvicorn.Config(
            sandbox.vendor_apps[vendor], host=args.host, port=port, log_level="warning",
            lifespan="off")))

    async def run_all() -> None:
        await asyncio.gather(*(server.serve() for server in servers))

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        with asyncio.Runner(loop_factory=_fastest_loop()) as runner:
            runner.run(run_all())
    finally:
        sandbox.close()
    return 0


def _exit_on_sigterm(signum: int, frame) -> None:
    """uvicorn shuts down on SIGTERM, then raises the signal again for the handler it found:
    this one, so that the store is closed (the log folded into the data file) before exit,
    instead of the default handler's exit on the spot."""
    raise SystemExit(128 + signum)


def _settle_the_heap() -> None:
    """Move everything built so far (documents, validators, the loaded store) out of the
    garbage collector's sight: it lives as long as the server, and a full collection would
    otherwise walk all of it again and again under load (pauses of 80-360 ms measured)."""
    gc.collect()
    gc.freeze()


def _fastest_loop():
    """uvloop's event loop where it is installed (uvicorn's own choice; not on Windows), else
    asyncio's."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def banner(sandbox) -> str:
    lines = [f"billing-sandbox on http://{sandbox.settings.host}:{sandbox.settings.port}"]
    for name, api in sandbox.apis.items():
        handled = sandbox.registry.handled(name)
        lines.append(f"\n{name}: {' '.join(sandbox.base_urls(name))}  "
                     f"(docs: /{name}/docs, {len(api.operations)} operations, "
                     f"{len(handled & set(api.operations))} stateful)")
        lines += [f"  {warning}" for warning in api.spec.warnings]
        for tenant in sandbox.fixtures.vendors.get(name, {}).values():
            lines.append(f"  tenant {tenant.id}: api key {tenant.api_key}")
        for operation in api.spec.operations[:40]:
            how = "stateful" if operation.operation_id in handled else "generated"
            lines.append(f"  {operation.method:<6} {operation.path}  [{how}]")
        if len(api.spec.operations) > 40:
            lines.append(f"  ... and {len(api.spec.operations) - 40} more "
                         "(billing-sandbox routes)")
    access = ("Authorization: Bearer <admin token>" if sandbox.settings.admin_token
              else "loopback only")
    lines.append(f"\ncontrol plane: http://{sandbox.settings.host}:{sandbox.settings.port}"
                 f"/_sandbox  (docs: /_sandbox/docs, {access})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
