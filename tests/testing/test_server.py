"""A sandbox process that cannot start says why, in the server's own words."""

from __future__ import annotations

import pytest

from billing_sandbox.testing import SandboxServer, ServerError


def test_a_server_that_cannot_start_says_why(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stripe:\n  t1:\n    api_key: k\n")
    with pytest.raises(ServerError, match="stripe"):
        SandboxServer(fixtures=[bad]).start()
