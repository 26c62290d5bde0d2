"""`make bench`: every scenario with 100 and 100,000 stored invoices, Prism on the same request
where a scenario has a peer, the floor, start-up times, and the targets of issues 5 and 12
beside the figures. Options (environment variables):

    BENCH_DURATION=10        seconds of measured load per run (after BENCH_WARMUP=2 seconds)
    BENCH_PRISM_WARMUP=15    seconds of warm-up for Prism (node compiles it as it runs)
    BENCH_SCENARIOS=abcdeg   which scenarios to run
    BENCH_SIZES=100,100000   stored invoices
    BENCH_STARTUPS=3         start-ups per configuration (the median is printed)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from billing_sandbox.shipped import DEMO_FIXTURES

from . import data, prism, report, server, wrk
from .report import Measure
from .scenarios import FLOOR, SCENARIOS, Scenario

ROOT = Path(__file__).resolve().parents[1]
# Issue 5's peak RSS "with 100,000 invoices" is read after start-up and this many requests
# (more than the 1,000 entries the request journal and the event log keep, so both are full),
# before the timed load, whose length in records grows with throughput (bench/README.md).
FIXED_REQUESTS = report.FIXED_REQUESTS
FIXED_SECONDS = 120  # a bound: wrk stops after FIXED_REQUESTS answers


def main() -> int:
    duration = float(os.environ.get("BENCH_DURATION", "10"))
    warmup = float(os.environ.get("BENCH_WARMUP", "2"))
    keys = os.environ.get("BENCH_SCENARIOS", "abcdeg")
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,100000").split(",")]
    startups = int(os.environ.get("BENCH_STARTUPS", "3"))
    prism_warmup = float(os.environ.get("BENCH_PRISM_WARMUP", "15"))
    if not wrk.available():
        print("bench: wrk is not installed (make bench installs it with apt-get)",
              file=sys.stderr)
        return 1
    if not prism.available():
        print(f"bench: Prism is not installed in {prism.FOLDER} (make bench installs it with "
              "npm)", file=sys.stderr)
        return 1
    if not server.SANDBOX.exists():
        print(f"bench: {server.SANDBOX} is missing: run `make bench`", file=sys.stderr)
        return 1
    began = time.monotonic()
    # Start-ups are measured with the project's bytecode compiled, as a user's second start
    # finds it: with PYTHONDONTWRITEBYTECODE=1 nothing would ever write it (see the Makefile).
    subprocess.run([str(server.PYTHON), "-m", "compileall", "-q", str(ROOT / "src")],
                   check=True)
    tenants = data.tenants_file()
    needs_v1 = startups > 0 or any(s.with_v1 for s in SCENARIOS if s.key in keys)
    specs_v1 = data.specs_with_v1() if needs_v1 else None
    files = {size: data.data_file(size, lambda path: _start_sandbox(tenants, path), _say)
             for size in sorted(set(sizes) | ({100_000} if startups else set()))}

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        work = Path(scratch)
        floor = _measure(FLOOR, 0, server.floor_command, duration, warmup)
        measures, peers = [], {}
        for scenario in (s for s in SCENARIOS if s.key in keys):
            if scenario.prism is not None:
                peer = scenario.prism
                peers[scenario.key] = _measure(
                    scenario, 0, lambda port, peer=peer: prism.command(port, peer.vendor,
                                                                       peer.document),
                    duration, max(warmup, prism_warmup), args=scenario.prism.args,
                    ready=server.answers_http, label=f"Prism 5 ({peer.vendor} document)")
            for size in sizes:
                copy = data.copy_data(files[size], work)
                specs = specs_v1 if scenario.with_v1 else None
                measures.append(_measure(
                    scenario, size,
                    lambda port, copy=copy, specs=specs: server.sandbox_command(
                        port, tenants, copy, specs),
                    duration, warmup))
                for path in work.iterdir():
                    path.unlink()
        started = {} if not startups else {
            "shipped specs (demo fixtures, new data file)":
                _startups(startups, lambda p, n: server.sandbox_command(
                    p, DEMO_FIXTURES, work / f"demo-{n}.db")),
            "shipped specs + Chargebee v1 document":
                _startups(startups, lambda p, n: server.sandbox_command(
                    p, DEMO_FIXTURES, work / f"demo-v1-{n}.db", specs_v1)),
            "100,000 stored invoices":
                _startups(startups, lambda p, n: server.sandbox_command(
                    p, tenants, data.copy_data(files[100_000], _fresh(work, n)))),
        }
    print(report.render(floor, measures, peers, started, duration, time.monotonic() - began))
    return 0


def _measure(scenario: Scenario, size: int, command, duration: float, warmup: float, *,
             args: tuple[str, ...] | None = None, ready=None, label: str | None = None
             ) -> Measure:
    """One server under the scenario's load (``args`` instead of the scenario's own)."""
    args = list(scenario.args if args is None else args)
    # The bench's own copying and deleting of data files must not land in the measured run:
    # on this disk (ext4, mounted with discard) the server's next fsync would wait for it.
    os.sync()
    port = server.free_port()
    running = server.start(command(port), port, ready=ready)
    try:
        url = f"http://127.0.0.1:{port}"
        fixed_rss = None
        if size == report.BIG:  # issue 5's memory target, at a fixed number of requests
            wrk.run(url, scenario.script, args, FIXED_SECONDS, stop_after=FIXED_REQUESTS)
            fixed_rss = running.peak_rss_mb()
        if warmup > 0:
            wrk.run(url, scenario.script, args, warmup)
        load_average = os.getloadavg()[0]
        cpu = running.cpu_seconds()
        load = wrk.run(url, scenario.script, args, duration)
        cpu = running.cpu_seconds() - cpu
        measure = Measure(scenario, size, load, running.peak_rss_mb(),
                          len(running.log_lines("contract violation")),
                          cpu * 1000 / max(load.requests, 1), load_average, fixed_rss)
    finally:
        running.stop()
    _say(f"{scenario.key} {label or scenario.title:<34} {size:>7,}: {load.rps:8,.0f} req/s  "
         f"p50 {load.p50_ms:6.2f} ms  p99 {load.p99_ms:6.2f} ms  "
         f"CPU {measure.cpu_ms:.2f} ms/req  unexpected {measure.unexpected}  "
         f"load average {load_average:.2f}")
    return measure


def _startups(repeat: int, command) -> list[float]:
    """Seconds from process start to the first 2xx answer, ``repeat`` times."""
    times = []
    for n in range(repeat):
        port = server.free_port()
        running = server.start(command(port, n), port)
        times.append(running.started_in)
        running.stop()
    _say(f"start-up: {', '.join(f'{t:.2f}' for t in times)} s (median "
         f"{statistics.median(times):.2f})")
    return times


def _fresh(work: Path, n: int) -> Path:
    folder = work / f"startup-{n}"
    folder.mkdir()
    return folder


def _start_sandbox(tenants: Path, data_path: Path) -> server.Server:
    port = server.free_port()
    return server.start(server.sandbox_command(port, tenants, data_path), port)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
