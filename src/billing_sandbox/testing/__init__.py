"""Test suites drive the sandbox from here: ``BillingSandbox`` (the control plane over HTTP),
``SandboxServer`` (a sandbox process) and the pytest plugin (``billing_sandbox`` fixture)."""

from .sandbox import BillingSandbox, SandboxClock, SandboxError
from .server import DEMO_FIXTURES, SandboxServer, ServerError

__all__ = ["DEMO_FIXTURES", "BillingSandbox", "SandboxClock", "SandboxError", "SandboxServer",
           "ServerError"]
