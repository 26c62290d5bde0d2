"""The contract report stays bounded whatever paths clients call, and still counts them all."""

from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import Reply
from billing_sandbox.engine.observe.calls import Call
from billing_sandbox.engine.observe.report import UNDOCUMENTED_PATHS, ContractReport


def unknown_path_call(n: int) -> Call:
    call = Call("dayzero", "GET", f"/dayzero/probe/{n}", "", {}, b"")
    call.refusal = ApiError("route_not_found", f"No route for /dayzero/probe/{n}")
    call.reply = Reply(404, {"detail": "Resource not found"})
    return call


def test_undocumented_paths_beyond_the_limit_share_one_case():
    report = ContractReport()
    for n in range(UNDOCUMENTED_PATHS + 500):
        report.observe(unknown_path_call(n))

    result = report.as_json()
    assert len(result["operations"]) == UNDOCUMENTED_PATHS + 1
    assert result["calls_checked"] == result["client_violations"] == UNDOCUMENTED_PATHS + 500
    other = [c for c in result["operations"] if c["operation"].startswith("other paths")]
    assert other[0]["calls"] == 500 and not other[0]["passed"]
    assert "GET /dayzero/probe/0 (not in the document)" in {
        c["operation"] for c in result["operations"]}


def test_a_vendor_reset_frees_its_share_of_the_undocumented_cases():
    report = ContractReport()
    for n in range(UNDOCUMENTED_PATHS):
        report.observe(unknown_path_call(n))
    report.clear("dayzero")
    report.observe(unknown_path_call(10_000))
    assert [c["operation"] for c in report.as_json()["operations"]] == [
        "GET /dayzero/probe/10000 (not in the document)"]
