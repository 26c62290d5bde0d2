"""Profile samples are sorted into the step of a request they were taken in."""

from bench.profile import categorize


def test_profile_samples_go_to_the_innermost_step():
    response = ["EngineApp.respond (billing_sandbox/engine/http/pipeline.py:188)",
                "VendorApi.check_reply (billing_sandbox/engine/http/api.py:260)",
                "Validators.issues (billing_sandbox/engine/schema/validation.py:69)"]
    commit = ["Thread._bootstrap (threading.py:1002)",
              "create_payment (billing_sandbox/vendors/dayzero/handlers.py:59)",
              "Store._commit (billing_sandbox/store/store.py:160)"]
    loop = ["BaseEventLoop._run_once (asyncio/base_events.py:1922)"]

    assert categorize(response) == "response check (JSON Schema)"
    assert categorize(commit) == "store: commit (log line, write, apply)"
    assert categorize(loop) == "uvicorn, httptools, asyncio loop"
