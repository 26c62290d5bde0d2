"""billing-sandbox serve | check | routes | seed | report"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sys
import warnings
from pathlib import Path

from billing_sandbox.console import banner, table_lines, what_it_became
from billing_sandbox.settings import Settings
from billing_sandbox.shipped import DEMO_FIXTURES, SHIPPED_SPECS

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


DEMO = "demo"  # --fixtures demo: the shipped demo tenants


def _fixture_file(text: str) -> Path:
    return DEMO_FIXTURES if text == DEMO else Path(text)


def _specs_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--specs", type=Path, action="append", default=[], metavar="DIR",
                        help="also serve the vendor folders in DIR (a folder of OpenAPI "
                             "documents per vendor), next to the shipped Zenskar, Chargebee "
                             "and DayZero; a folder named like a shipped vendor replaces it; "
                             "repeatable")
    parser.add_argument("--no-shipped-specs", action="store_true",
                        help="serve only the vendors of --specs, not the shipped ones")


def _common(parser: argparse.ArgumentParser) -> None:
    _specs_options(parser)
    parser.add_argument("--fixtures", type=_fixture_file, action="append", default=[],
                        metavar="FILE",
                        help="fixture file (YAML) of tenants and records, loaded instead of "
                             f"the demo tenants; repeatable; '{DEMO}' names the shipped demo "
                             "tenants (the default)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="billing-sandbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve", help="serve the vendors (shipped, and --specs) with the demo tenants (or "
                      "--fixtures), in memory (or --data)",
        description="With no arguments: the shipped Zenskar, Chargebee and DayZero with the "
                    "demo tenants, in memory, on http://127.0.0.1:8080.")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, metavar="FILE",
                       help="keep state in FILE across restarts (fixtures seed it while it is "
                            "empty)")
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
    _specs_options(seed)

    report = commands.add_parser("report", help="a running sandbox's contract report; exit 1 "
                                                "on a violation, 2 if it cannot be reached")
    report.add_argument("--url", required=True, help="the sandbox, e.g. http://127.0.0.1:8080")
    report.add_argument("--vendor", help="only this vendor's operations")
    report.add_argument("--junit", type=Path, metavar="FILE", help="also write JUnit XML here")
    report.add_argument("--token", help="admin token (default: $BILLING_SANDBOX_TOKEN)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "no_shipped_specs", False) and not args.specs:
        parser.error("--no-shipped-specs needs --specs DIR (the vendors to serve instead)")
    try:
        return _run(args)
    except BrokenPipeError:  # `billing-sandbox routes | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(args) -> int:
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


def spec_folders(args) -> list[Path]:
    """The shipped specs folder (unless --no-shipped-specs), then each --specs folder."""
    return ([] if args.no_shipped_specs else [SHIPPED_SPECS]) + list(args.specs)


def fixture_files(args) -> list[Path]:
    """The --fixtures files, or the shipped demo tenants when none is given."""
    return list(args.fixtures) or [DEMO_FIXTURES]


def _settings(args) -> Settings:
    return Settings(specs_dirs=spec_folders(args), fixtures=fixture_files(args))


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
        for path in api.spec.files:
            print_warnings(path)
    fixtures = sandbox.fixtures
    for vendor, tenants in fixtures.vendors.items():
        for tenant in tenants.values():
            count = sum(len(items) for items in tenant.records.values())
            print(f"fixtures {vendor}.{tenant.id}: {count} record(s): ok")
    sandbox.close()
    return 0


def print_warnings(path: Path, shown: int = 5) -> None:
    """What the meta-schema refuses in a document but the sandbox serves (keys next to $ref,
    ignored as OpenAPI says): the first few, and how many more."""
    from billing_sandbox.engine.documents.reading import document_warnings, read_document

    found = document_warnings(read_document(path), str(path))
    for warning in found[:shown]:
        print(f"  warning: {warning}")
    if len(found) > shown:
        print(f"  warning: ... and {len(found) - shown} more like these in {path}")


def routes(args) -> int:
    sandbox = _build(_settings(args))
    if isinstance(sandbox, int):
        return sandbox
    for name, api in sandbox.served_apis().items():
        bases = api.spec.base_paths if name not in sandbox.apis else [
            "/" + name + b for b in api.spec.base_paths]
        print(f"{name} ({', '.join(bases)})")
        rows = [(operation.method, operation.path, operation.operation_id,
                 what_it_became(sandbox, name, operation.operation_id))
                for operation in api.spec.operations]
        for line in table_lines(rows):
            print(line)
    sandbox.close()
    return 0


def seed(args) -> int:
    from billing_sandbox.app import vendor_specs
    from billing_sandbox.core.clock import Clock
    from billing_sandbox.engine.documents.reading import SpecError
    from billing_sandbox.engine.resources.seeding import ResourceSeeder
    from billing_sandbox.fixtures import FixtureError, read_fixtures, seed_store
    from billing_sandbox.store import Store
    from billing_sandbox.vendors.catalog import shipped_adapters

    try:
        specs = vendor_specs(spec_folders(args))
        fixtures = read_fixtures(args.file)
        store = Store.open(args.data)
        adapters = shipped_adapters()
        try:
            seed_store(store, fixtures, [s.name for s in specs], adapters, Clock(),
                       seeders={s.name: ResourceSeeder.for_spec(
                           s, adapters[s.name].shelves if s.name in adapters else None)
                           for s in specs})
        finally:
            store.close()
    except (SpecError, FixtureError) as exc:
        return _fail(exc)
    print(f"loaded {args.file} into {args.data}")
    return 0


def serve(args) -> int:
    import uvicorn

    from billing_sandbox.control.profile import is_loopback
    from billing_sandbox.engine.http.one_write import http_protocol

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    settings = Settings(
        host=args.host, port=args.port, specs_dirs=spec_folders(args),
        fixtures=fixture_files(args),
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
    protocol = http_protocol()  # an answer's head and body in one write (one_write.py)
    servers = [uvicorn.Server(uvicorn.Config(sandbox.app, host=args.host, port=args.port,
                                             log_level="warning", lifespan="off",
                                             http=protocol))]
    for vendor, port in settings.vendor_ports.items():
        servers.append(uvicorn.Server(uvicorn.Config(
            sandbox.vendor_apps[vendor], host=args.host, port=port, log_level="warning",
            lifespan="off", http=protocol)))

    async def run_all() -> None:
        await asyncio.gather(*(server.serve() for server in servers))

    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, _exit_cleanly)
    try:
        with asyncio.Runner(loop_factory=_fastest_loop()) as runner:
            runner.run(run_all())
    finally:
        sandbox.close()
    return 0


def _exit_cleanly(signum: int, frame) -> None:
    """SIGTERM (docker stop, CI runners, kill) and SIGINT (Ctrl-C) are how a server is meant
    to stop: uvicorn shuts down on either, then raises the signal again for the handler it
    found, this one, which exits with status 0 once the store is closed (the log folded into
    the data file), not on the spot (SIGTERM's default) nor with a traceback (SIGINT's)."""
    raise SystemExit(0)


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


if __name__ == "__main__":
    sys.exit(main())
