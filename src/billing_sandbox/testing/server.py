"""Run `billing-sandbox serve` as a child process on a free loopback port, for a test session."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from billing_sandbox.shipped import DEMO_FIXTURES

START_TIMEOUT = 30.0


class ServerError(RuntimeError):
    """The sandbox process could not be started (the message holds its output)."""


class SandboxServer:
    """``SandboxServer(fixtures=[...]).start()``; ``.url`` is its root; ``.stop()`` ends it."""

    def __init__(self, fixtures: list[Path] | None = None, specs: Path | None = None,
                 seed: str | None = None) -> None:
        self.fixtures = [Path(f).resolve() for f in (fixtures or [DEMO_FIXTURES])]
        self.specs = Path(specs).resolve() if specs else None
        self.seed = seed
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, port: int) -> list[str]:
        command = [sys.executable, "-m", "billing_sandbox.cli", "serve", "--host", "127.0.0.1",
                   "--port", str(port), "--in-memory", "--log-level", "warning"]
        for path in self.fixtures:
            command += ["--fixtures", str(path)]
        if self.specs:
            command += ["--specs", str(self.specs)]
        if self.seed is not None:
            command += ["--seed", str(self.seed)]
        return command

    def start(self) -> SandboxServer:
        """Start and wait until it answers; a port taken meanwhile by another process is
        retried on a new one."""
        for _ in range(3):
            if self._start_on(_free_port()):
                return self
        raise ServerError(f"billing-sandbox could not bind a port:\n{self.output()}")

    def _start_on(self, port: int) -> bool:
        self.port = port
        handle, name = tempfile.mkstemp(prefix="billing-sandbox-", suffix=".log")
        self.log_path = Path(name)
        with os.fdopen(handle, "w") as log:
            self.process = subprocess.Popen(
                self.command(port), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if "address already in use" in self.output().lower():
                    self.log_path.unlink(missing_ok=True)
                    return False
                raise ServerError(f"billing-sandbox exited with status "
                                  f"{self.process.returncode}:\n{self.output()}")
            try:
                httpx.get(self.url + "/", timeout=1)
                return True
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise ServerError(f"billing-sandbox did not answer within {START_TIMEOUT:.0f} s:\n"
                          f"{self.output()}")

    def output(self) -> str:
        """What the server printed (its banner, warnings and errors)."""
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def stop(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            if sys.platform == "win32":
                process.terminate()
            else:
                process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
