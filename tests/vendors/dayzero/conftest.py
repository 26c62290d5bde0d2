"""DayZero fixtures: a fresh real server on the DayZero demo data per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.server import SandboxProcess
from vendors.dayzero.dayzero_demo import write_fixtures


@pytest.fixture
def fixture_file(tmp_path: Path) -> Path:
    return write_fixtures(tmp_path / "dayzero.yaml")


@pytest.fixture
def sandbox(fixture_file: Path):
    """A fresh server per test (tests change the demo data)."""
    with SandboxProcess(fixtures=fixture_file) as running:
        yield running


@pytest.fixture(scope="module")
def shared_sandbox(tmp_path_factory: pytest.TempPathFactory):
    """One server for a module's tests that change nothing (reads and refused requests)."""
    path = write_fixtures(tmp_path_factory.mktemp("dayzero") / "dayzero.yaml")
    with SandboxProcess(fixtures=path) as running:
        yield running
