"""Server processes as a user starts them, with what the bench reads off them: the time from
process start to the first successful HTTP answer, and the peak resident memory (VmHWM)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SANDBOX = ROOT / ".venv" / "bin" / "billing-sandbox"
PYTHON = ROOT / ".venv" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sandbox_command(port: int, fixtures: Path, data: Path, specs: Path | None = None) -> list[str]:
    command = [str(SANDBOX), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--fixtures", str(fixtures), "--data", str(data)]
    return command + (["--specs", str(specs)] if specs else [])


def floor_command(port: int) -> list[str]:
    """The bare Starlette app under uvicorn as `billing-sandbox serve` runs it (floor_app.py)."""
    return [str(PYTHON), "-m", "bench.floor_app", str(port)]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path
    started_in: float  # seconds from spawning the process to its first 2xx answer

    @property
    def pid(self) -> int:
        return self.process.pid

    def peak_rss_mb(self) -> float:
        """VmHWM: the most resident memory the process has held so far."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc/PID/status")

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_lines(self, marker: str) -> list[str]:
        return [line for line in self.log_path.read_text(errors="replace").splitlines()
                if marker in line]

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM (uvicorn finishes, the sandbox closes its store), SIGKILL after timeout."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_path.unlink(missing_ok=True)


def start(command: list[str], port: int, timeout: float = 180,
          ready: Callable[[int], bool] | None = None) -> Server:
    """Spawn the command and wait until it is ready (polled every 5 ms): by default, until
    `GET /` answers 2xx; ``answers_http`` takes any answer (a server with nothing at /)."""
    ready = ready or answers_2xx
    handle, log_name = tempfile.mkstemp(prefix="bench-server-", suffix=".log")
    log = os.fdopen(handle, "w")
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT)
    log.close()
    server = Server(process, port, Path(log_name), 0.0)
    while True:
        if process.poll() is not None:
            text = server.log_path.read_text(errors="replace")
            server.log_path.unlink(missing_ok=True)
            raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}:\n"
                               f"{text[-3000:]}")
        if ready(port):
            server.started_in = time.perf_counter() - began
            return server
        if time.perf_counter() - began > timeout:
            server.stop(timeout=5)
            raise RuntimeError(f"{' '.join(command)} did not answer within {timeout} s")
        time.sleep(0.005)


def answers_2xx(port: int) -> bool:
    status = _status_of_root(port)
    return status is not None and 200 <= status < 300


def answers_http(port: int) -> bool:
    return _status_of_root(port) is not None


def _status_of_root(port: int) -> int | None:
    """The status of `GET /`, or None when nothing answers yet."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()
