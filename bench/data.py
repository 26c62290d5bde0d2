"""The state the scenarios start from: N invoices spread over one bench tenant per vendor.

N is split in three (100 -> 34 DayZero, 33 Zenskar, 33 Chargebee; 100,000 -> 33,334 / 33,333 /
33,333), so the store holds N invoices in all, plus their customers (at least 100 per vendor,
at most 100 invoices each) and 100 DayZero bank transactions. DayZero and Zenskar invoices come
from a fixture document, loaded the way `billing-sandbox seed` loads one (but from JSON: the
pure-Python YAML parser needs about two minutes for 100k records). Chargebee takes no invoice
fixtures, so its invoices are created through the API (POST invoices/charge) as a client would.

A data file is built once per size into bench/.cache and reused while the code that shapes
stored records (store/, core/, vendors/, fixtures.py, this file) is unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from billing_sandbox.shipped import SHIPPED_SPECS

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
# Chargebee's published v1 document, in the shared folder beside the clone (never copied here)
V1_SPEC = Path(os.environ.get(
    "BENCH_V1_SPEC", ROOT.parent / "shared" / "vendor-specs" / "chargebee" /
    "chargebee_api_v1_spec.json"))

V1_VENDOR = "chargebee_v1"  # the vendor folder it is dropped in as (scenarios d and g)

# The bench tenants and the ids of their records (the Lua scripts get these as arguments).
DZ_BUSINESS, DZ_KEY = "b0000000-0000-4000-8000-000000000001", "dz_bench"
DZ_INVOICE = "d1000000-0000-4000-8000-%012d"
DZ_TRANSACTION = "d2000000-0000-4000-8000-%012d"
DZ_TRANSACTIONS = 100
ZK_ORG, ZK_KEY = "bench", "zk_bench"
ZK_CUSTOMER = "e1000000-0000-4000-8000-%012d"
ZK_INVOICE = "e2000000-0000-4000-8000-%012d"
CB_SITE, CB_KEY = "bench", "cb_bench"
CB_CUSTOMER = "bench_cust_%d"
TARGET_INVOICES = 33  # the writes go to the first 33 invoices of a tenant, whatever N is
MIN_CUSTOMERS, INVOICES_PER_CUSTOMER = 100, 100
STORE_FILES = ("", ".log", ".log.old")  # a data file and the commit logs beside it


def split(total: int) -> tuple[int, int, int]:
    """Invoices of (DayZero, Zenskar, Chargebee) for ``total`` invoices in all."""
    third = total // 3
    return total - 2 * third, third, third


def customers_for(invoices: int) -> int:
    return max(MIN_CUSTOMERS, -(-invoices // INVOICES_PER_CUSTOMER))


def tenants() -> dict:
    """Credentials of the bench tenants: the fixture the server is started with."""
    return {
        "dayzero": {DZ_BUSINESS: {"api_key": DZ_KEY}},
        "zenskar": {ZK_ORG: {"api_key": ZK_KEY}},
        "chargebee": {CB_SITE: {"api_key": CB_KEY}},
    }


def bench_fixture(total: int) -> dict:
    """The fixture document of the DayZero and Zenskar records, and the Chargebee customers."""
    dz, zk, cb = split(total)
    dz_customers, zk_customers = customers_for(dz), customers_for(zk)
    dayzero = {
        "api_key": DZ_KEY,
        "invoices": [
            {"id": DZ_INVOICE % i, "invoice_number": f"BENCH-{i}",
             "customer_name": f"Bench customer {i % dz_customers}", "currency": "USD",
             "total": 10_000_000, "status": "open", "issue_date": "2026-01-15",
             "due_date": "2026-02-14"}
            for i in range(dz)
        ],
        # huge, so that ten seconds of 1-cent payments never exhaust them
        "bank_transactions": [
            {"id": DZ_TRANSACTION % i, "amount": 10**15, "currency": "USD",
             "date": "2026-02-01T00:00:00Z", "description": f"Bench transfer {i}"}
            for i in range(DZ_TRANSACTIONS)
        ],
    }
    zenskar = {
        "api_key": ZK_KEY,
        "customers": [{"id": ZK_CUSTOMER % i, "name": f"Bench customer {i}",
                       "email": f"c{i}@bench.example", "currency": "USD"}
                      for i in range(zk_customers)],
        "invoices": [
            {"id": ZK_INVOICE % i, "customer_id": ZK_CUSTOMER % (i % zk_customers),
             "status": "approved", "currency": "USD", "total": 1_000_000_000.00,
             "invoice_date": "2026-01-01", "due_date": "2026-01-31",
             "period_start": "2026-01-01", "period_end": "2026-02-01",
             "description": "Bench invoice"}
            for i in range(zk)
        ],
    }
    chargebee = {
        "api_key": CB_KEY,
        "customers": [{"id": CB_CUSTOMER % i, "first_name": "Bench", "last_name": str(i),
                       "email": f"c{i}@bench.example", "auto_collection": "on",
                       "payment_method": "card"}
                      for i in range(customers_for(cb))],
    }
    return {"dayzero": {DZ_BUSINESS: dayzero}, "zenskar": {ZK_ORG: zenskar},
            "chargebee": {CB_SITE: chargebee}}


def cb_auth() -> str:
    return "Basic " + base64.b64encode(f"{CB_KEY}:".encode()).decode()


# -- files under bench/.cache --------------------------------------------------------------

def tenants_file() -> Path:
    path = CACHE / "tenants.json"  # JSON is YAML: --fixtures reads it
    _write_if_changed(path, json.dumps(tenants(), indent=1))
    return path


def specs_with_v1() -> Path:
    """A specs folder holding `chargebee_v1/` (V1_VENDOR) with Chargebee's v1 document (a
    symbolic link to the shared copy; the document is never copied into the project);
    `--specs` serves it next to the shipped vendors."""
    if not V1_SPEC.is_file():
        raise SystemExit(f"bench: Chargebee's v1 document is not at {V1_SPEC} "
                         "(set BENCH_V1_SPEC to its path)")
    folder = CACHE / "specs"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / V1_VENDOR).mkdir()
    (folder / V1_VENDOR / V1_SPEC.name).symlink_to(V1_SPEC)
    return folder


def data_file(total: int, start_server, log=print) -> Path:
    """The data file holding ``total`` invoices, built unless the cache has it.

    ``start_server(data_path)`` starts the sandbox on a data file and returns a running
    bench.server.Server (used to create the Chargebee invoices through the API).
    """
    path = CACHE / f"data-{total}-{_code_version()}.db"
    if path.exists():
        return path
    for old in CACHE.glob(f"data-{total}-*"):
        old.unlink()  # built by other code
    began = time.monotonic()
    log(f"building the data file with {total:,} invoices (once; cached in {path.parent}) ...")
    scratch = CACHE / f"building-{total}.db"
    for leftover in CACHE.glob(scratch.name + "*"):
        leftover.unlink()
    fixture = CACHE / f"fixture-{total}.json"
    fixture.write_text(json.dumps(bench_fixture(total)))
    subprocess.run([sys.executable, "-m", "bench.data", str(fixture), str(scratch)],
                   check=True, cwd=ROOT)
    _, _, cb = split(total)
    server = start_server(scratch)
    try:
        _charge_many(server.port, cb, customers_for(cb))
    finally:
        server.stop()  # closing the store compacts the log into the data file
    for suffix in STORE_FILES:
        if Path(f"{scratch}{suffix}").exists():
            Path(f"{scratch}{suffix}").rename(f"{path}{suffix}")
    for leftover in CACHE.glob(scratch.name + "*"):
        leftover.unlink()
    log(f"  built in {time.monotonic() - began:.0f} s")
    return path


def copy_data(source: Path, folder: Path) -> Path:
    """A fresh copy of a cached data file (and its log, if any) for one server run."""
    target = folder / source.name
    for suffix in STORE_FILES:
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


def _charge_many(port: int, count: int, customers: int, workers: int = 8) -> None:
    """``count`` one-time charges on the bench site, customers in turn; every one must be 200."""
    headers = {"authorization": cb_auth(),
               "content-type": "application/x-www-form-urlencoded"}

    def work(worker: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(worker, count, workers):
            body = urlencode({"customer_id": CB_CUSTOMER % (i % customers), "amount": 1000,
                              "description": f"Bench charge {i}"})
            connection.request("POST", "/chargebee/api/v2/invoices/charge", body, headers)
            answer = connection.getresponse()
            text = answer.read()
            if answer.status != 200:
                raise RuntimeError(f"charge {i}: {answer.status} {text[:300]!r}")
        connection.close()

    with ThreadPoolExecutor(workers) as pool:
        for result in [pool.submit(work, w) for w in range(workers)]:
            result.result()


def _code_version() -> str:
    """A digest of the code that decides what a stored record looks like."""
    digest = hashlib.sha256()
    package = ROOT / "src" / "billing_sandbox"
    sources = [Path(__file__), package / "fixtures.py"]
    for folder in ("store", "core", "vendors"):
        sources += sorted((package / folder).rglob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _seed(fixture: Path, data: Path) -> None:
    """What `billing-sandbox seed FILE --data PATH` does, reading the fixture as JSON."""
    from billing_sandbox.core.clock import Clock
    from billing_sandbox.engine.documents.vendors import discover_vendors
    from billing_sandbox.fixtures import parse_fixtures, seed_store
    from billing_sandbox.store import Store
    from billing_sandbox.vendors.catalog import shipped_adapters

    fixtures = parse_fixtures(json.loads(fixture.read_text()), str(fixture))
    vendors = [spec.name for spec in discover_vendors(SHIPPED_SPECS)]
    with Store.open(data) as store:
        seed_store(store, fixtures, vendors, shipped_adapters(), Clock())


if __name__ == "__main__":
    _seed(Path(sys.argv[1]), Path(sys.argv[2]))
