"""The request journal stays bounded: the newest calls, each body cut at a limit."""

from __future__ import annotations

import time

from billing_sandbox.engine.http.registry import Reply
from billing_sandbox.engine.observe.calls import Call
from billing_sandbox.engine.observe.journal import CallJournal


def call(number: int, body: bytes = b'{"n":1}', **headers: str) -> Call:
    made = Call("acme", "POST", f"/acme/{number}", "", headers, body, "op",
                started_at=time.time())
    made.reply, made.response_body = Reply(201, {"ok": True}), b'{"ok":true}'
    return made


def test_the_journal_keeps_the_newest_calls_and_counts_the_dropped():
    journal = CallJournal(capacity=3)
    for number in range(5):
        journal.record(call(number))
    assert [e["path"] for e in journal.entries()] == ["/acme/2", "/acme/3", "/acme/4"]
    assert journal.dropped == 2 and len(journal) == 3


def test_a_long_body_is_kept_cut_and_says_its_real_size():
    journal = CallJournal(body_limit=20)
    journal.record(call(1, body=b"x" * 1000))
    [entry] = journal.entries()
    assert entry["request"] == {"headers": {}, "body": "x" * 20, "truncated_from_bytes": 1000}
    assert entry["response"]["body"] == {"ok": True}


def test_credentials_keep_only_their_last_four_characters():
    journal = CallJournal()
    journal.record(call(1, authorization="Bearer dz_test_demo", **{"x-api-key": "zk_test_demo"}),
                   frozenset({"x-api-key"}))
    headers = journal.entries()[0]["request"]["headers"]
    assert headers == {"authorization": "Bearer …demo", "x-api-key": "…demo"}


def test_basic_credentials_show_the_end_of_the_user_name_only():
    journal = CallJournal()
    journal.record(call(1, authorization="Basic Y2JfdGVzdF9kZW1vOnNlY3JldA=="))
    assert journal.entries()[0]["request"]["headers"]["authorization"] == "Basic …demo"


def test_clearing_one_vendor_keeps_the_others():
    journal = CallJournal()
    journal.record(call(1))
    other = call(2)
    other.vendor = "globex"
    journal.record(other)
    assert journal.clear("acme") == 1
    assert [e["vendor"] for e in journal.entries()] == ["globex"]
