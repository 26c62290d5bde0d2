"""The failure message of a test whose client broke a vendor's contract."""

from __future__ import annotations

import json

BODY_SHOWN = 1000  # characters of a request body shown in a failure message


def describe_violations(entries: list[dict]) -> str:
    """Each offending request (method, path, body) and how it broke the contract."""
    first, more = entries[0], len(entries) - 1
    issue = first["validation_errors"][0]
    lines = [f"contract violation: {first['method']} {first['path']}: "
             f"{issue['field'] or '(request)'}: {issue['message']}"
             + (f" (and {more} more request{'s' if more > 1 else ''})" if more else ""),
             "", "what the client under test sent, and how it broke the contract:"]
    for entry in entries:
        lines.append("")
        lines.extend(_describe(entry))
    lines += ["", "(allow it with @pytest.mark.billing_sandbox_allow_violations or "
                  "--billing-sandbox-allow-violations)"]
    return "\n".join(lines)


def _describe(entry: dict) -> list[str]:
    path = entry["path"] + (f"?{entry['query']}" if entry.get("query") else "")
    operation = entry.get("operation_id") or "no documented operation"
    lines = [f"{entry['method']} {path} -> {entry['status']}  ({entry['vendor']} {operation})"]
    body = entry["request"].get("body")
    if body is not None:
        text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        if len(text) > BODY_SHOWN:
            text = text[:BODY_SHOWN] + "…"
        lines.append(f"  request body: {text}")
    for issue in entry["validation_errors"]:
        lines.append(f"  {issue['field'] or '(request)'}: {issue['message']}  [{issue['rule']}]")
    return lines
