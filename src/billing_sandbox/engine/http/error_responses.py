"""Which documented response answers an error, and with which status.

An operation answers within its contract: the documented response for the error's status;
else a documented range (``4XX``) or ``default`` at that status; else the nearest documented
response that a client treats alike (`NEAREST`: a body too large or of the wrong type is a
bad request, a 401 the operation does not document is a 403 if it documents that). A
validation failure answers the documented response meant for validation (`validation_key`),
not simply the first 4xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..documents.reading import HTTP_METHODS, pointer_of
from ..errors import ApiError
from ..schema.model import SchemaModel
from ..schema.operations import MediaSlot, follow, is_json, media_slots

# When the exact status is not documented, the nearest documented ones, in this order.
NEAREST: dict[str, tuple[str, ...]] = {
    "validation": ("422", "400"),
    "malformed_body": ("400", "422"),
    "unsupported_media_type": ("415", "400", "422"),
    "payload_too_large": ("413", "400", "422"),
    "bad_request": ("400", "422"),
    "unauthenticated": ("401", "403"),
    "forbidden": ("403", "401"),
    "route_not_found": ("404",),
    "not_found": ("404", "422", "400"),  # a body field naming no record, 404 undocumented
    "method_not_allowed": ("405",),
    "invalid_state": ("400", "409", "422"),
    "conflict": ("409", "400", "422"),
    "duplicate": ("400", "409", "422"),
    "payment_failed": ("402", "400"),
    "rate_limited": ("429",),
    "unavailable": ("503", "500"),
    "internal": ("500",),
}
# Statuses whose documented body may be the one meant for validation failures.
_VALIDATION_STATUSES = ("422", "400", "4XX", "4xx")
# Properties that hold per-field details of a failed validation.
DETAIL_FIELDS = ("detail", "details", "error_details", "errors", "invalid_params",
                 "validation_errors", "fields", "violations")
_VALIDATION_WORDS = ("validation", "invalid_param", "unprocessable")


@dataclass(frozen=True)
class Choice:
    """The documented response (its key in ``responses``) and the status to send."""

    key: str | None
    status: int


def choose(error: ApiError, responses: dict[str, list[MediaSlot]],
           model: SchemaModel) -> Choice:
    """The documented response for ``error``; key None when the operation documents none
    that fits (the status is then the error's own)."""
    status = int(error.status or 400)
    if error.kind == "validation":
        key = validation_key(responses, model)
        if key is not None:
            return Choice(key, _status_for(key, status))
    exact = str(status)
    if exact in responses:
        return Choice(exact, status)
    for key in (f"{exact[0]}XX", f"{exact[0]}xx"):
        if key in responses:
            return Choice(key, status)
    for key in NEAREST.get(error.kind, ()):
        if key in responses:
            return Choice(key, int(key))
    if "default" in responses:
        # a document that names no status for it: a validation failure is a plain 400, the
        # status clients of such APIs (and their SDKs' error classes) expect of a bad request
        return Choice("default", 400 if error.kind == "validation" else status)
    return Choice(None, status)


def validation_key(responses: dict[str, list[MediaSlot]], model: SchemaModel) -> str | None:
    """The documented client error meant for validation failures: the one whose schema
    carries per-field details (a ``detail`` list, an ``error_details`` object, ...) or a
    code that says validation; with nothing to tell them apart, 400, then 422, then 4XX."""
    best: tuple[int, int] | None = None
    chosen = None
    for rank, key in enumerate(("400", "422", "4XX", "4xx")):
        if key not in responses:
            continue
        score = max((_validation_score(slot, model) for slot in responses[key]), default=0)
        if best is None or (score, -rank) > best:
            best, chosen = (score, -rank), key
    return chosen


def _validation_score(slot: MediaSlot, model: SchemaModel) -> int:
    schema = slot.definition.get("schema")
    if not isinstance(schema, dict):
        return 0
    details = says_validation = False
    for name, sub in (model.effective(schema).get("properties") or {}).items():
        sub_eff = model.effective(sub)
        details = details or (name in DETAIL_FIELDS and _holds_details(sub_eff))
        words = [sub_eff.get("const"), sub_eff.get("example"), *(sub_eff.get("enum") or [])]
        says_validation = says_validation or any(
            isinstance(w, str) and any(v in w.lower() for v in _VALIDATION_WORDS)
            for w in words)
    return 2 * details + says_validation


def _holds_details(schema: dict) -> bool:
    """An array or an object: room for one entry per field (a string ``detail`` is not)."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return bool({"array", "object"} & set(kinds)) or "items" in schema or (
        "additionalProperties" in schema or "properties" in schema)


def _status_for(key: str, wanted: int) -> int:
    if key[1:].upper() == "XX":
        return wanted if str(wanted)[0] == key[0] else int(key[0]) * 100
    return int(key)


def json_slot(slots: list[MediaSlot] | None) -> MediaSlot | None:
    """The JSON media type of a documented response, if it has one with a schema."""
    return next((s for s in slots or [] if is_json(s.media_type) and s.schema_pointer), None)


def schema_of(slot: MediaSlot) -> Any:
    return slot.definition.get("schema") or {}


def documented_elsewhere(document: dict, code: str) -> MediaSlot | None:
    """The JSON body the document gives response ``code`` on the first operation that
    documents it: the vendor's shape for a status this operation does not document."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict) and code in (operation.get("responses") or {}):
                response, pointer = follow(
                    document, pointer_of("paths", path, method, "responses", code))
                slot = json_slot(media_slots(response, pointer))
                if slot is not None:
                    return slot
    return None


def client_error_keys(responses: dict[str, list[MediaSlot]]) -> list[str]:
    """Documented client errors, the general ones first: a shape for an error whose status
    nothing documents."""
    general = [k for k in ("400", "422", "4XX", "4xx", "default") if k in responses]
    return general + sorted(k for k in responses if k.startswith("4") and k not in general)
