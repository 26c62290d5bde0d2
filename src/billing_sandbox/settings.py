"""Everything `billing-sandbox serve` can be told."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from billing_sandbox.shipped import SHIPPED_SPECS


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    # folders of vendor folders; a vendor of a later folder replaces one of the same name
    specs_dirs: list[Path] = field(default_factory=lambda: [SHIPPED_SPECS])
    fixtures: list[Path] = field(default_factory=list)
    data: Path | None = None  # None = in memory
    vendor_ports: dict[str, int] = field(default_factory=dict)
    seed: str | None = None  # None: minted ids are random; generated answers use seed "0"
    max_body: int = 1024 * 1024
    # the control plane takes whole state documents, as large as the state they export
    control_max_body: int = 256 * 1024 * 1024
    admin_token: str | None = None  # None: the control plane answers loopback peers only
    journal_size: int = 1000  # calls the request journal keeps
