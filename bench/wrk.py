"""Load from a separate process: wrk, with a Lua script per scenario (bench/lua/)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
CACHE = Path(__file__).resolve().parent / ".cache" / "lua"
CONNECTIONS, THREADS = 8, 1  # one wrk thread: the other core is the server's
STOPPED = "BENCH_STOPPED"  # printed by a wrk thread that stopped after BENCH_STOP_AFTER answers


@dataclass
class Load:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]
    socket_errors: int  # connect, read, write errors and timeouts: no answer at all

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def unexpected(self, expected: tuple[int, ...]) -> int:
        """Requests not answered with one of the expected statuses."""
        answered = sum(n for status, n in self.statuses.items() if status in expected)
        return self.requests - answered + self.socket_errors


def available() -> bool:
    return shutil.which("wrk") is not None


def script(name: str) -> Path:
    """The scenario's script with the shared counting and reporting code appended."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}.lua"
    path.write_text((LUA / f"{name}.lua").read_text() + "\n" + (LUA / "common.lua").read_text())
    return path


def run(url: str, name: str, args: list[str], seconds: float,
        stop_after: int | None = None) -> Load:
    """``wrk -c8 -t1 -d<seconds>s --latency -s <script> <url> -- <args>``; with
    ``stop_after``, the run ends once a wrk thread has had that many answers (or after
    ``seconds``)."""
    command = ["wrk", f"-c{CONNECTIONS}", f"-t{THREADS}", f"-d{seconds:g}s", "--latency",
               "--timeout", "5s", "-s", str(script(name)), url, "--", *args]
    environment = {**os.environ, "BENCH_STOP_AFTER": str(stop_after or "")}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=environment) as process:
        lines = []
        for line in process.stdout:  # a thread that stopped says so; wrk would sleep on
            lines.append(line)
            if line.startswith(STOPPED):
                process.send_signal(signal.SIGINT)  # wrk then reports at once
                break
        out, err = process.communicate()
        stdout = "".join(lines) + out
    line = next((line for line in stdout.splitlines() if line.startswith("BENCH ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n"
                           f"{stdout}\n{err}")
    return parse(line)


def parse(line: str) -> Load:
    """A Load from the line that bench/lua/common.lua prints."""
    report = json.loads(line.removeprefix("BENCH "))
    errors = report["errors"]
    return Load(
        requests=report["requests"],
        seconds=report["duration_us"] / 1e6,
        p50_ms=report["p50_us"] / 1000,
        p99_ms=report["p99_us"] / 1000,
        statuses={int(status): n for status, n in report["statuses"].items()},
        socket_errors=errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
    )
