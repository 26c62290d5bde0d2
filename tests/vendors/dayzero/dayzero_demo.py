"""The DayZero demo business (the dayzero section of billing_sandbox/demo.yaml) and request helpers.

Import as ``from vendors.dayzero.dayzero_demo import ...`` (tests/ is on the path).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from support.server import DEMO_FIXTURES

BUSINESS = "3f1d2c4b-0000-4000-8000-000000000001"
OTHER_BUSINESS = "3f1d2c4b-0000-4000-8000-000000000002"
TOKEN = "dz_test_demo"
OTHER_TOKEN = "dz_test_other"
INVOICE_1 = "3f1d2c4b-0000-4000-8000-000000000301"  # 50,000 cents USD, open
INVOICE_2 = "3f1d2c4b-0000-4000-8000-000000000302"  # 20,000 cents USD, open
OTHER_INVOICE = "3f1d2c4b-0000-4000-8000-000000000399"  # the other business's
TX_1 = "3f1d2c4b-0000-4000-8000-000000000401"  # 30,000 cents, 2026-02-01
TX_2 = "3f1d2c4b-0000-4000-8000-000000000402"  # 100,000 cents, 2026-02-03
INVOICES = "/dayzero/api/v1/invoices"


def headers(token: str = TOKEN, business: str = BUSINESS) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "x-business-id": business}


def dayzero_demo() -> dict:
    document = yaml.safe_load(DEMO_FIXTURES.read_text(encoding="utf-8"))
    return {"dayzero": document["dayzero"]}


def write_fixtures(path: Path, document: dict | None = None) -> Path:
    """The DayZero demo alone (or ``document``) as a fixture file, so the tests need only the
    DayZero adapter: same tenants, ids, credentials and amounts as the shipped demo.yaml."""
    path.write_text(yaml.safe_dump(document or dayzero_demo(), sort_keys=False),
                    encoding="utf-8")
    return path
