"""The stateless peer: Prism 5 (Stoplight's mock server) mocking a shipped vendor document.

`make bench` installs it with npm into bench/.cache/prism (gitignored), as it installs wrk;
the bench runs it beside the sandbox on the same request, so the ratio sandbox / Prism is
measured in one run on one machine. Prism answers every valid request with the document's
example (or one built from the schema): it validates the request, keeps no state and does
not check its answer.

It is run with `--verboseLevel warn`, as the sandbox logs only warnings (at its default,
info, Prism logs each request on several lines), in one process (its default). Node compiles
Prism's code as it runs: its throughput climbs over the first ten seconds or so of load, so
the bench warms it up for BENCH_PRISM_WARMUP seconds (default 15).
"""

from __future__ import annotations

import json
from pathlib import Path

from billing_sandbox.engine.documents.vendors import load_vendor
from billing_sandbox.shipped import SHIPPED_SPECS

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "bench" / ".cache" / "prism"
PRISM = FOLDER / "node_modules" / ".bin" / "prism"
PACKAGE = "@stoplight/prism-cli@5"  # what the Makefile installs


def available() -> bool:
    return PRISM.exists()


def document(vendor: str) -> Path:
    """The shipped vendor's document as the sandbox serves it (its files merged, as
    /<vendor>/openapi.json answers it), written for Prism, which takes one file."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"{vendor}.json"
    path.write_text(json.dumps(load_vendor(SHIPPED_SPECS / vendor).document))
    return path


def command(port: int, vendor: str, dropped_in: Path | None = None) -> list[str]:
    """Prism mocking a shipped vendor's document, or a dropped-in document as it is."""
    mocked = dropped_in if dropped_in is not None else document(vendor)
    return [str(PRISM), "mock", str(mocked), "--host", "127.0.0.1",
            "--port", str(port), "--verboseLevel", "warn"]
