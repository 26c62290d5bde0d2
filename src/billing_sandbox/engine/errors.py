"""Problems the engine or a handler reports; a vendor profile renders them in the vendor's shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()


@dataclass(frozen=True)
class Issue:
    """One reason a request was refused.

    ``location`` starts with where the value was: ``body``, ``query``, ``path``, ``header``;
    ``kind`` is the rule broken (a JSON Schema keyword such as ``required``, ``type``,
    ``format``, ``minimum``, ``exclusiveMinimum``, ``maxLength``, ``enum``; or ``json`` for a
    body that is not JSON); ``expected`` is the rule's value (the minimum, the enum, the format).
    """

    location: tuple
    message: str
    kind: str
    value: Any = MISSING
    expected: Any = None

    @property
    def field(self) -> str:
        """The dotted name of the field (``line_items[0].amount``), without the location."""
        name = ""
        for part in self.location[1:]:
            name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
        return name


# Kinds of ApiError, with the HTTP status each has unless a vendor says otherwise.
KIND_STATUS = {
    "validation": 422,
    "bad_request": 400,
    "malformed_body": 400,
    "unsupported_media_type": 415,
    "payload_too_large": 413,
    "route_not_found": 404,
    "method_not_allowed": 405,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "invalid_state": 400,
    "conflict": 409,
    "duplicate": 400,
    "payment_failed": 402,
    "rate_limited": 429,
    "unavailable": 503,
    "internal": 500,
}


@dataclass
class ApiError(Exception):
    """A refusal. ``param`` names the field at fault; ``issues`` lists validation problems."""

    kind: str
    message: str
    param: str | None = None
    issues: list[Issue] = field(default_factory=list)
    status: int | None = None
    code: str | None = None  # a vendor error code, when the caller knows it exactly

    def __post_init__(self) -> None:
        super().__init__(self.message)
        if self.status is None:
            self.status = KIND_STATUS.get(self.kind, 400)
