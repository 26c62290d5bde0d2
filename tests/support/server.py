"""Start `billing-sandbox serve` as a user would: a real process on a free 127.0.0.1 port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from billing_sandbox.shipped import DEMO_FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxProcess:
    """``with SandboxProcess() as sandbox: httpx.get(sandbox.url + "/zenskar/...")``.

    On exit the server is stopped and its stderr is checked: a contract violation logged by
    the server (a response that broke its documented schema) fails the test that caused it.
    """

    def __init__(self, *args: str, fixtures: Path | None = DEMO_FIXTURES, data: Path | None = None,
                 vendor_ports: dict[str, int] | None = None, check_contract: bool = True) -> None:
        self.port = free_port()
        self.vendor_ports = vendor_ports or {}
        command = [sys.executable, "-m", "billing_sandbox.cli", "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), *args]
        if fixtures is not None:
            command += ["--fixtures", str(fixtures)]
        command += ["--data", str(data)] if data else ["--in-memory"]
        for vendor, port in self.vendor_ports.items():
            command += ["--vendor-port", f"{vendor}={port}"]
        self.command = command
        self.check_contract = check_contract
        self.process: subprocess.Popen | None = None
        self.stderr_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SandboxProcess:
        import tempfile

        self.stderr_path = Path(tempfile.mkstemp(prefix="sandbox-", suffix=".log")[1])
        self._stderr = self.stderr_path.open("w")
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE,
                                        stderr=self._stderr, text=True, cwd=ROOT,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sandbox exited: {self.stderr_text()}")
            try:
                httpx.get(self.url + "/", timeout=0.5)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("sandbox did not start within 30 s")

    def stderr_text(self) -> str:
        return self.stderr_path.read_text() if self.stderr_path else ""

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if hasattr(self, "_stderr"):
            self._stderr.close()

    def contract_violations(self) -> list[str]:
        return [line for line in self.stderr_text().splitlines() if "contract violation" in line]

    def __enter__(self) -> SandboxProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        if self.check_contract and exc[0] is None:
            violations = self.contract_violations()
            assert not violations, "the sandbox broke its contract:\n" + "\n".join(violations)
