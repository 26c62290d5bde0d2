"""`make run` as a user runs it: stopped by SIGTERM (docker stop, a supervisor, kill), it exits
0 without make reporting an error."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
from support.server import ROOT, free_port


def test_make_run_stopped_by_sigterm_exits_cleanly(tmp_path):
    port = free_port()
    make = subprocess.Popen(["make", "run", f"PORT={port}", f"DATA={tmp_path / 'demo.db'}"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        deadline = time.monotonic() + 180  # make may first install the project in .venv
        while time.monotonic() < deadline and make.poll() is None:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        children = Path(f"/proc/{make.pid}/task/{make.pid}/children").read_text().split()
        assert len(children) == 1, children
        os.kill(int(children[0]), signal.SIGTERM)  # the server, as a supervisor stops it
        output, _ = make.communicate(timeout=60)
    finally:
        if make.poll() is None:
            make.kill()
            make.wait()
    assert make.returncode == 0, output
    assert "Error" not in output and "Traceback" not in output
    assert f"kept in {tmp_path / 'demo.db'}" in output
