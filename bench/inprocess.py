"""A scenario driven through the ASGI app in this process, no network: CPU per request of the
sandbox alone (no uvicorn, no wrk), steadier than the HTTP figures on a shared machine, and a
cProfile of it on demand.

    .venv/bin/python -m bench.inprocess a 3000             # scenario a, c or g, 3,000 requests
    .venv/bin/python -m bench.inprocess c 3000 --profile   # and the 40 costliest functions

It opens a copy of the bench's 100-invoice data file (built by `make bench`), sends 400
requests to warm up, then the given number, 8 at a time (as wrk's 8 connections), and prints
the statuses and the process CPU time per request (every thread: the syncer's fsyncs too).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import json
import logging
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

from . import data


def dayzero_payment(rng: random.Random) -> tuple[str, list, bytes]:
    invoice = data.DZ_INVOICE % rng.randrange(data.TARGET_INVOICES)
    body = json.dumps({"transaction_id": data.DZ_TRANSACTION % rng.randrange(
        data.DZ_TRANSACTIONS), "amount": 1}).encode()
    headers = [(b"authorization", f"Bearer {data.DZ_KEY}".encode()),
               (b"x-business-id", data.DZ_BUSINESS.encode())]
    return (f"/dayzero/api/v1/invoices/{invoice}/payments",
            [*headers, (b"content-type", b"application/json")], body)


def chargebee_charge(rng: random.Random) -> tuple[str, list, bytes]:
    customer = data.CB_CUSTOMER % rng.randrange(data.MIN_CUSTOMERS)
    body = f"customer_id={customer}&amount=1000&description=Bench".encode()
    return ("/chargebee/api/v2/invoices/charge",
            [(b"authorization", data.cb_auth().encode()),
             (b"content-type", b"application/x-www-form-urlencoded")], body)


def generic_create(rng: random.Random) -> tuple[str, list, bytes]:
    body = f"first_name=Bench&last_name={rng.randrange(10**9)}".encode()
    return (f"/{data.V1_VENDOR}/api/v1/customers",
            [(b"authorization", data.cb_auth().encode()),
             (b"content-type", b"application/x-www-form-urlencoded")], body)


REQUESTS = {"a": dayzero_payment, "c": chargebee_charge, "g": generic_create}
WITH_V1 = {"g"}  # served with Chargebee's v1 document dropped in (bench.data.specs_with_v1)


async def send(app, path: str, headers: list, body: bytes, statuses: dict) -> None:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": b"", "scheme": "http", "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 8080),
             "headers": [*headers, (b"content-length", str(len(body)).encode())]}
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()  # the client never goes away
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def reply(message: dict) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] = statuses.get(message["status"], 0) + 1

    await app(scope, receive, reply)


async def drive(app, make, rng: random.Random, count: int, statuses: dict) -> None:
    for _ in range(0, count, 8):
        await asyncio.gather(*(send(app, *make(rng), statuses) for _ in range(8)))


def main(argv: list[str]) -> int:
    from billing_sandbox.app import create_app
    from billing_sandbox.settings import Settings
    from billing_sandbox.shipped import SHIPPED_SPECS

    key = argv[0] if argv else "a"
    count = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 3000
    logging.disable(logging.WARNING)
    cached = sorted(data.CACHE.glob("data-100-*.db"))
    if not cached:
        print("bench.inprocess: run `make bench` once to build the data files", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="bench-inprocess-"))
    specs = [SHIPPED_SPECS, data.specs_with_v1()] if key in WITH_V1 else [SHIPPED_SPECS]
    sandbox = create_app(Settings(fixtures=[data.tenants_file()], specs_dirs=specs,
                                  data=data.copy_data(cached[-1], work)))
    loop = _new_loop()
    rng, statuses = random.Random(1), {}
    loop.run_until_complete(drive(sandbox.app, REQUESTS[key], rng, 400, statuses))
    gc.collect()
    gc.freeze()  # as serve does
    statuses.clear()
    profile = cProfile.Profile() if "--profile" in argv else None
    began = time.process_time()
    if profile:
        profile.enable()
    loop.run_until_complete(drive(sandbox.app, REQUESTS[key], rng, count, statuses))
    if profile:
        profile.disable()
    spent = time.process_time() - began
    sandbox.close()
    print(f"{key}: {statuses}, {spent / count * 1e6:.0f} us of CPU per request"
          + (" (under cProfile)" if profile else ""))
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(40)
    return 0


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
