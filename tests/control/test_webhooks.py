"""POST/GET/DELETE /_sandbox/webhooks over HTTP, with a real receiver on 127.0.0.1: events are
posted as the vendor sends them, failed attempts are retried with backoff, every attempt is
listed, and a call never waits for its deliveries."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from support.demo_calls import charge
from support.server import free_port

DEADLINE_SECONDS = 30


class Receiver:
    """A webhook receiver: answers 500 to the first ``failures`` posts of each event, then
    200; with ``hold`` it keeps every request waiting until ``release()``."""

    def __init__(self, failures: int = 0, hold: bool = False) -> None:
        self.failures = failures
        self.posts: list[dict] = []  # {event_id, monotonic, headers, body, status}
        self.released = threading.Event()
        if not hold:
            self.released.set()
        self.entered = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 -- http.server's naming
                receiver.entered.set()
                receiver.released.wait(DEADLINE_SECONDS)
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                seen = sum(1 for post in receiver.posts if post["event_id"] == body["id"])
                status = 500 if seen < receiver.failures else 200
                receiver.posts.append({"event_id": body["id"], "at": time.monotonic(),
                                       "headers": dict(self.headers), "body": body,
                                       "status": status})
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/billing"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def register(client, **body):
    answer = client.post("/_sandbox/webhooks", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def webhook(client, webhook_id: str) -> dict:
    [found] = [w for w in client.get("/_sandbox/webhooks").json()["webhooks"]
               if w["id"] == webhook_id]
    return found


def wait_for(check, what: str):
    """Poll ``check()`` until it returns something truthy (delivery is asynchronous)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def settled(client, webhook_id: str, attempts: int):
    def check():
        found = webhook(client, webhook_id)
        done = found["pending"] == 0 and len(found["deliveries"]) >= attempts
        return found if done else None

    return wait_for(check, f"{attempts} attempts on {webhook_id}")


def test_a_failing_then_recovering_receiver_gets_every_event_after_retries(sandbox):
    with Receiver(failures=2) as receiver:
        hook = register(sandbox, vendor="chargebee", url=receiver.url, max_attempts=4,
                        backoff_ms=100)
        assert hook["id"].startswith("wh_") and hook["tenant"] is None
        assert (hook["url"], hook["pending"], hook["deliveries"]) == (receiver.url, 0, [])
        charge(sandbox)
        listed = settled(sandbox, hook["id"], attempts=6)
    events = sandbox.get("/_sandbox/events").json()["events"]
    assert [e["type"] for e in events] == ["invoice_generated", "payment_succeeded"]
    for event in events:
        posts = [p for p in receiver.posts if p["event_id"] == event["id"]]
        assert [p["status"] for p in posts] == [500, 500, 200]
        assert all(p["body"] == event["payload"] for p in posts)
        assert posts[0]["headers"]["content-type"] == "application/json"
        gaps = [later["at"] - earlier["at"] for earlier, later in zip(posts, posts[1:],
                                                                       strict=False)]
        assert gaps[0] >= 0.1 and gaps[1] >= 0.2  # backoff_ms, then twice as long
        attempts = [a for a in listed["deliveries"] if a["event_id"] == event["id"]]
        assert [(a["attempt"], a["status"], a["delivered"], a["error"]) for a in attempts] == [
            (1, 500, False, None), (2, 500, False, None), (3, 200, True, None)]
        assert [a["next_retry_at"] is not None for a in attempts] == [True, True, False]
        assert all(a["event_type"] == event["type"] and a["tenant"] == "demo"
                   for a in attempts)
        for attempt, delay in zip(attempts[:2], (0.1, 0.2), strict=True):
            due = datetime.fromisoformat(attempt["next_retry_at"].replace("Z", "+00:00"))
            made = datetime.fromisoformat(attempt["time"].replace("Z", "+00:00"))
            assert (due - made).total_seconds() >= delay


def test_an_unreachable_receiver_is_tried_max_attempts_times(sandbox):
    url = f"http://127.0.0.1:{free_port()}/nobody"
    hook = register(sandbox, vendor="chargebee", url=url, max_attempts=3, backoff_ms=10)
    charge(sandbox)
    attempts = settled(sandbox, hook["id"], attempts=6)["deliveries"]
    for event_id in {a["event_id"] for a in attempts}:
        tries = [a for a in attempts if a["event_id"] == event_id]
        assert [a["attempt"] for a in tries] == [1, 2, 3]
        assert all(a["status"] is None and "Connect" in a["error"] for a in tries)
        assert tries[-1]["next_retry_at"] is None


def test_a_call_never_waits_for_its_deliveries(sandbox):
    with Receiver(hold=True) as receiver:
        register(sandbox, vendor="chargebee", url=receiver.url)
        assert charge(sandbox).status_code == 200  # while the receiver holds the delivery
        wait_for(receiver.entered.is_set, "the delivery to arrive")
        assert receiver.posts == []
        receiver.released.set()
        wait_for(lambda: receiver.posts, "the delivery to complete")


def test_endpoints_get_only_their_vendors_and_tenants_events(sandbox):
    with Receiver() as receiver:
        demo = register(sandbox, vendor="chargebee", tenant="demo", url=receiver.url)
        other = register(sandbox, vendor="chargebee", tenant="other", url=receiver.url)
        zenskar = register(sandbox, vendor="zenskar", url=receiver.url)
        charge(sandbox)
        settled(sandbox, demo["id"], attempts=2)
    for quiet in (other, zenskar):
        assert (webhook(sandbox, quiet["id"])["deliveries"], webhook(sandbox, quiet["id"])[
            "pending"]) == ([], 0)


def test_events_before_registration_are_not_delivered(sandbox):
    charge(sandbox)
    hook = register(sandbox, vendor="chargebee", url="http://127.0.0.1:9/unused")
    assert (hook["pending"], hook["deliveries"]) == (0, [])


@pytest.mark.parametrize("body, status, field", [
    ({"vendor": "chargebee", "url": "ftp://127.0.0.1/x"}, 400, "url"),
    ({"vendor": "chargebee", "url": "file:///etc/passwd"}, 400, "url"),
    ({"vendor": "chargebee", "url": "127.0.0.1:8000/hooks"}, 400, "url"),
    ({"vendor": "chargebee", "url": "http://"}, 400, "url"),
    ({"vendor": "chargebee", "url": "http://127.0.0.1:99999/x"}, 400, "url"),
    ({"vendor": "chargebee", "url": " http://127.0.0.1/x"}, 400, "url"),
    ({"vendor": "chargebee", "url": "http://127.0.0.1/x\r\nX-Injected: 1"}, 400, "url"),
    ({"vendor": "chargebee", "url": "http://127.0.0.1/a b"}, 400, "url"),
    ({"vendor": "stripe", "url": "http://127.0.0.1/x"}, 404, "vendor"),
    ({"vendor": "chargebee", "tenant": "nobody", "url": "http://127.0.0.1/x"}, 404, "tenant"),
    ({"vendor": "chargebee", "url": "http://127.0.0.1/x", "max_attempts": 0}, 400,
     "max_attempts"),
    ({"url": "http://127.0.0.1/x"}, 400, "vendor"),
])
def test_a_bad_registration_is_refused_naming_the_field(sandbox, body, status, field):
    answer = sandbox.post("/_sandbox/webhooks", json=body)
    assert answer.status_code == status
    assert answer.json()["errors"][0]["field"] == field
    assert sandbox.get("/_sandbox/webhooks").json()["webhooks"] == []


def test_delete_removes_an_endpoint_and_its_pending_retries(sandbox):
    url = f"http://127.0.0.1:{free_port()}/nobody"
    hook = register(sandbox, vendor="chargebee", url=url, max_attempts=5, backoff_ms=60000)
    charge(sandbox)
    wait_for(lambda: len(webhook(sandbox, hook["id"])["deliveries"]) == 2, "first attempts")
    removed = sandbox.delete(f"/_sandbox/webhooks/{hook['id']}")
    assert removed.status_code == 200
    assert (removed.json()["id"], removed.json()["pending"]) == (hook["id"], 0)
    assert sandbox.get("/_sandbox/webhooks").json()["webhooks"] == []
    again = sandbox.delete(f"/_sandbox/webhooks/{hook['id']}")
    assert again.status_code == 404 and again.json()["errors"][0]["field"] == "webhook_id"


def test_a_vendor_reset_drops_its_retries_and_a_full_reset_the_endpoints(sandbox):
    url = f"http://127.0.0.1:{free_port()}/nobody"
    hook = register(sandbox, vendor="chargebee", url=url, max_attempts=5, backoff_ms=60000)
    charge(sandbox)
    found = wait_for(lambda: (w := webhook(sandbox, hook["id"]))["deliveries"][1:] and w,
                     "first attempts")
    assert found["pending"] == 2
    sandbox.post("/_sandbox/reset", json={"vendor": "chargebee"})
    assert (webhook(sandbox, hook["id"])["pending"],
            webhook(sandbox, hook["id"])["deliveries"]) == (0, [])
    sandbox.post("/_sandbox/reset")
    assert sandbox.get("/_sandbox/webhooks").json()["webhooks"] == []
