"""`billing-sandbox report`: a running sandbox's contract report, for a CI job in any language.

Exit status: 0 when no call broke the contract, 1 when one did, 2 when the report cannot be
read (no sandbox at the URL, a wrong admin token, an unknown vendor) or the JUnit file cannot
be written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import httpx

PASSED, VIOLATIONS, UNREACHABLE = 0, 1, 2


class ReportUnavailable(Exception):
    """The sandbox could not be reached, or refused to give its report."""


def fetch_report(url: str, vendor: str | None = None, token: str | None = None,
                 junit: bool = False, timeout: float = 30.0) -> dict | str:
    """GET /_sandbox/report: the JSON report, or the JUnit XML text with ``junit``."""
    params = {"vendor": vendor} if vendor else {}
    if junit:
        params["format"] = "junit"
    headers = {"authorization": f"Bearer {token}"} if token else {}
    try:
        answer = httpx.get(url.rstrip("/") + "/_sandbox/report", params=params,
                           headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise ReportUnavailable(f"cannot reach a sandbox at {url}: {exc}") from None
    if answer.status_code != 200:
        raise ReportUnavailable(f"{url} answered {answer.status_code} to GET /_sandbox/report: "
                                f"{_message(answer)}")
    if junit:
        return answer.text
    try:
        return answer.json()
    except ValueError:
        raise ReportUnavailable(f"{url} did not answer with a contract report") from None


def summary_lines(report: dict) -> list[str]:
    """One line per operation (calls, violations), then each violation."""
    from billing_sandbox.engine.observe.report import describe_failure

    cases = report["operations"]
    lines = [f"contract report since {report['since']}"]
    width = max((len(f"{c['vendor']} {c['operation']}") for c in cases), default=0)
    for case in cases:
        name = f"{case['vendor']} {case['operation']}"
        mark = "ok  " if case["passed"] else "FAIL"
        broken = case["client_violations"] + case["sandbox_violations"]
        lines.append(f"  {mark} {name:<{width}}  {_count(case['calls'], 'call')}, "
                     f"{_count(broken, 'violation')}")
    failed = [case for case in cases if not case["passed"]]
    if failed:
        lines += ["", "violations:"]
    for case in failed:
        lines.append(f"  {case['vendor']} {case['operation']}:")
        for failure in case["failures"]:
            lines.extend("    " + line for line in describe_failure(failure).splitlines())
        shown = len(case["failures"])
        broken = case["client_violations"] + case["sandbox_violations"]
        if broken > shown:
            lines.append(f"    ... and {broken - shown} more")
    lines += ["", report["summary"]]
    return lines


def run(url: str, vendor: str | None = None, junit: Path | None = None,
        token: str | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    token = token or os.environ.get("BILLING_SANDBOX_TOKEN")
    try:
        report = fetch_report(url, vendor, token)
        if junit is not None:
            xml = fetch_report(url, vendor, token, junit=True)
            try:
                junit.write_text(xml, encoding="utf-8")
            except OSError as exc:
                raise ReportUnavailable(f"cannot write the JUnit XML to {junit}: "
                                        f"{exc.strerror or exc}") from None
    except ReportUnavailable as exc:
        print(f"billing-sandbox report: {exc}", file=err)
        return UNREACHABLE
    print("\n".join(summary_lines(report)), file=out)
    if junit is not None:
        print(f"JUnit XML written to {junit}", file=out)
    return PASSED if report["passed"] else VIOLATIONS


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _message(answer: httpx.Response) -> str:
    try:
        return answer.json().get("message", answer.text)
    except (ValueError, AttributeError):
        return answer.text[:200]
