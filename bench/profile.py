"""Where a scenario's CPU time goes: py-spy samples the server under the scenario's load.

    .venv/bin/pip install py-spy
    .venv/bin/python -m bench.profile a            # scenario a, 100 invoices, 10 s
    .venv/bin/python -m bench.profile c 100000 20  # scenario c, 100,000 invoices, 20 s

Samples are taken only while a thread holds the GIL (py-spy --gil): waits (fsync, locks,
the event loop's poll) cost no CPU and are not shown. Each sample is put in the first
category whose frames it contains (see CATEGORIES); the raw samples are kept in
bench/.cache/profile-<scenario>-<size>.txt (py-spy's "raw" format, for flame graphs).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from . import data, server, wrk
from .scenarios import FLOOR, SCENARIOS

PY_SPY = server.ROOT / ".venv" / "bin" / "py-spy"
# (category, alternatives): a sample belongs to the first category one of whose alternatives
# has all of its fragments among the sample's frames ("leaf:" fragments: in the innermost
# frame only). Order matters: inner steps come first.
CATEGORIES = [
    ("response check (JSON Schema)", [("check_reply",)]),
    ("request: forms.py (form body, parameter coercion)",
     [("VendorApi.accept", "engine/wire/")]),
    ("request: JSON Schema validation", [("VendorApi.accept", "engine/schema/validation.py")]),
    ("request: auth, params, JSON parse", [("VendorApi.accept",)]),
    ("store: commit (log line, write, apply)", [("Store._commit",)]),
    ("store: durability (syncer thread, loop wake-ups)",
     [("CommitLog._sync_for_waiters",), ("billing_sandbox/store/deferred.py",)]),
    ("store: records (decode, check, encode)",
     [("billing_sandbox/store/records.py",), ("billing_sandbox/codec.py",)]),
    ("store: transaction (overlay, lock)", [("billing_sandbox/store/",)]),
    ("ledger and vendor handler", [("billing_sandbox/core/",), ("billing_sandbox/vendors/",)]),
    ("generic resources: handlers, conform, minted ids (engine/resources)",
     [("billing_sandbox/engine/resources/",)]),
    ("generated response", [("generated_reply",)]),
    ("error rendering", [("render_error",)]),
    ("JSON encoding of the reply", [("encode_reply",)]),
    ("journal and observers", [("_observe",), ("_new_call",)]),
    ("thread-pool hop (anyio)", [("anyio/",), ("run_in_threadpool",), ("threading.py",)]),
    ("pipeline: read body, send reply, rest",
     [("read_incoming",), ("send_reply",), ("leaf:billing_sandbox/engine/",)]),
    ("routing (connexion, starlette)", [("connexion/",), ("starlette/",)]),
    ("uvicorn, httptools, asyncio loop", [()]),
]


def categorize(stack: list[str]) -> str:
    for category, alternatives in CATEGORIES:
        for fragments in alternatives:
            if all(_has(stack, fragment) for fragment in fragments):
                return category
    raise AssertionError("the last category matches every stack")


def _has(stack: list[str], fragment: str) -> bool:
    if fragment.startswith("leaf:"):
        return fragment[5:] in stack[-1]
    return any(fragment in frame for frame in stack)


def summarize(raw: str) -> Counter:
    """Samples per category, from py-spy's raw output (``frame;frame;... count`` lines)."""
    counts: Counter = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            counts[categorize(stack.split(";"))] += int(count)
    return counts


def main(argv: list[str]) -> int:
    key = argv[0] if argv else "a"
    size = int(argv[1]) if len(argv) > 1 else 100
    seconds = float(argv[2]) if len(argv) > 2 else 10
    if not PY_SPY.exists():
        print(f"bench.profile needs py-spy: {server.ROOT}/.venv/bin/pip install py-spy",
              file=sys.stderr)
        return 1
    scenario = FLOOR if key == "floor" else next(s for s in SCENARIOS if s.key == key)
    tenants = data.tenants_file()
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as scratch:
        port = server.free_port()
        if scenario is FLOOR:
            command = server.floor_command(port)
        else:
            source = data.data_file(size, lambda p: _start(tenants, p), print)
            copy = data.copy_data(source, Path(scratch))
            specs = data.specs_with_v1() if scenario.with_v1 else None
            command = server.sandbox_command(port, tenants, copy, specs)
        running = server.start(command, port)
        try:
            url = f"http://127.0.0.1:{port}"
            wrk.run(url, scenario.script, list(scenario.args), 2)  # warm-up
            raw_path = data.CACHE / f"profile-{key}-{size}.txt"
            loads: list = []
            load = threading.Thread(target=lambda: loads.append(
                wrk.run(url, scenario.script, list(scenario.args), seconds + 2)))
            load.start()
            cpu_before = running.cpu_seconds()
            subprocess.run([str(PY_SPY), "record", "--pid", str(running.pid), "--gil",
                            "--rate", "250", "--duration", str(int(seconds)), "--format", "raw",
                            "--output", str(raw_path)], check=True, capture_output=True)
            cpu = running.cpu_seconds() - cpu_before
            load.join()
        finally:
            running.stop()
    counts = summarize(raw_path.read_text())
    total = sum(counts.values())
    served = loads[0]
    per_request_ms = cpu / (served.rps * seconds) * 1000
    print(f"{scenario.key} {scenario.title}, {size:,} invoices: {served.rps:,.0f} req/s under "
          f"py-spy (which pauses the process to sample), {per_request_ms:.2f} ms of CPU per "
          f"request; {total} samples holding the GIL")
    for category, count in counts.most_common():
        print(f"  {100 * count / total:5.1f}%  {per_request_ms * count / total:6.3f} ms  "
              f"{category}")
    print(f"raw samples: {raw_path}")
    return 0


def _start(tenants: Path, path: Path) -> server.Server:
    port = server.free_port()
    return server.start(server.sandbox_command(port, tenants, path), port)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
