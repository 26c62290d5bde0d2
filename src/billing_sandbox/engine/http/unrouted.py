"""The operation whose documented errors answer a call that routes to none.

A path no operation has (404), or a method its path does not take (405), belongs to no
operation; the vendor still answers it in its documented error shape. The shape is that of the
operation nearest to what was asked: for a wrong method, an operation of the same path; for an
unknown path, the operation whose path shares the most leading segments with it. Among those,
one that documents the status is preferred, then one of the same method.
"""

from __future__ import annotations

from ..documents.vendors import Operation


def stand_in(operations: list[Operation], method: str, path: str,
             status: int) -> Operation | None:
    """The operation that answers ``method path`` (relative to the vendor's base path) when
    nothing routes there, with ``status`` (404 or 405)."""
    asked = _segments(path)
    best: tuple | None = None
    chosen = None
    for operation in operations:
        template = _segments(operation.path)
        same_path = len(template) == len(asked) and _shared(template, asked) == len(asked)
        if status == 405 and not same_path:
            continue
        rank = (_documents(operation, status), _shared(template, asked),
                operation.method.lower() == method.lower(), -abs(len(template) - len(asked)))
        if best is None or rank > best:
            best, chosen = rank, operation
    if chosen is None and status == 405:
        return stand_in(operations, method, path, 404)
    return chosen


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _shared(template: list[str], asked: list[str]) -> int:
    """How many leading segments of the asked path the template matches."""
    count = 0
    for expected, given in zip(template, asked, strict=False):
        if expected != given and not (expected.startswith("{") and expected.endswith("}")):
            break
        count += 1
    return count


def _documents(operation: Operation, status: int) -> bool:
    code = str(status)
    return any(key in operation.responses for key in (code, f"{code[0]}XX", f"{code[0]}xx"))
