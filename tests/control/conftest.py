"""One real sandbox process per test module, reset before each test through /_sandbox/reset."""

from __future__ import annotations

import httpx
import pytest
from support.server import SandboxProcess


@pytest.fixture(scope="module")
def server():
    with SandboxProcess() as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(server):
    with httpx.Client(base_url=server.url, timeout=10) as client:
        assert client.post("/_sandbox/reset").status_code == 200
        yield client
