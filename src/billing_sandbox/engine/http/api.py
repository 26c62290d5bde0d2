"""One vendor's API at run time: auth, request parsing and validation, the handler or the
generated response, and the check of every response against the document.

The steps, in the order a vendor's own server takes them: authenticate (401/403 before any
validation, as FastAPI's security dependencies and Chargebee do), parse and validate parameters
and body (every issue at once), honour ``Prefer``, then call the registered handler or answer
the documented response.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from ... import codec
from ..documents.vendors import Operation, VendorSpec
from ..errors import ApiError, Issue
from ..observe.monitor import ContractMonitor, Violation
from ..resources.model import ResourceModel
from ..schema.generate import example_names, generate_body
from ..schema.model import SchemaModel, model_for
from ..schema.operations import CompiledOperation, MediaSlot, is_json
from ..wire.forms import coerce_parameter, parse_form_body, parse_query
from .error_responses import choose
from .prefer import parse_prefer
from .profile import VendorProfile
from .registry import HandlerRegistry, Reply, Request
from .security import present_credentials
from .unrouted import stand_in

log = logging.getLogger("billing_sandbox.engine")
FORM = "application/x-www-form-urlencoded"


@dataclass
class Incoming:
    """What the transport read: method, path, headers (lower-case names), query, body."""

    method: str
    path: str
    headers: dict[str, str]
    query_string: str
    body: bytes
    path_params: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    client: str | None = None  # the peer's address, when the server knows it


class VendorApi:
    def __init__(
        self,
        spec: VendorSpec,
        profile: VendorProfile,
        registry: HandlerRegistry,
        monitor: ContractMonitor,
        seed: str = "0",
        schemas: SchemaModel | None = None,
    ) -> None:
        self.spec = spec
        self.name = spec.name
        self.profile = profile
        self.registry = registry
        self.monitor = monitor
        self.seed = seed
        self.schemas = schemas or model_for(spec.document)
        self.operations: dict[str, Operation] = {op.operation_id: op for op in spec.operations}
        # the records its operations keep (resources/inference.py); none until inferred
        self.resources = ResourceModel()
        self.inferred: set[str] = set()  # the operations whose handlers inference made

    def compiled(self, operation_id: str) -> CompiledOperation:
        return self.schemas.compiled(self.operations[operation_id])

    # -- the request ---------------------------------------------------------------------

    def authenticate(self, operation_id: str, incoming: Incoming) -> str:
        """The tenant the request's credentials belong to; ApiError 401/403 otherwise."""
        operation = self.operations[operation_id]
        credentials = present_credentials(
            operation.security, self.spec.security_schemes, incoming.headers,
            _simple_query(incoming.query_string) if incoming.query_string else {},
            incoming.cookies,
        )
        return self.profile.authenticate(credentials, operation)

    def accept(self, operation_id: str, incoming: Incoming,
               tenant: str | None = None) -> tuple[Request, Any]:
        """Authenticate (unless the tenant is known), parse and validate; returns the Request
        and the handler (or None)."""
        compiled = self.compiled(operation_id)
        operation = compiled.operation
        if tenant is None:
            tenant = self.authenticate(operation_id, incoming)
        issues: list[Issue] = []
        path_params = self._path_params(compiled, incoming, issues)
        query = self._query(compiled, incoming, issues)
        self._headers(compiled, incoming, issues)
        body = self._body(compiled, incoming, issues)
        if issues:
            raise ApiError("validation", _summary(issues), param=issues[0].field, issues=issues)
        request = Request(
            vendor=self.name, tenant=tenant, operation=operation, path_params=path_params,
            query=query, headers=incoming.headers, body=body, raw_body=incoming.body,
            path=incoming.path,
        )
        return request, self.registry.handler_for(self.name, operation_id)

    def _path_params(self, compiled, incoming, issues) -> dict:
        values = {}
        for slot in compiled.slots_in("path"):
            raw = incoming.path_params.get(compiled.path_names.get(slot.name, slot.name))
            if raw is None:
                raw = incoming.path_params.get(slot.name)
            value, problems = coerce_parameter(raw or "", slot.schema, self.spec.document,
                                               ("path", slot.name))
            issues += problems
            if not problems and slot.schema_pointer:
                issues += self.schemas.issues(slot.schema_pointer, value, ("path", slot.name))
            values[slot.name] = value
        return values

    def _query(self, compiled, incoming, issues) -> dict:
        slots = compiled.slots_in("query")
        if incoming.query_string:
            values, problems = parse_query(incoming.query_string,
                                           [s.definition for s in slots], self.spec.document)
        else:  # what parse_query finds in an empty query string
            values, problems = {}, []
        issues += problems
        for slot in slots:
            if slot.name not in values:
                if slot.required:
                    issues.append(Issue(("query", slot.name), "Field required", "required"))
                continue
            if slot.schema_pointer and not any(i.location[:2] == ("query", slot.name)
                                               for i in problems):
                issues += self.schemas.issues(slot.schema_pointer, values[slot.name],
                                              ("query", slot.name))
        return values

    def _headers(self, compiled, incoming, issues) -> None:
        for slot in compiled.slots_in("header"):
            if slot.name.lower() in ("content-type", "accept", "authorization"):
                continue
            raw = incoming.headers.get(slot.name.lower())
            if raw is None:
                if slot.required:
                    issues.append(Issue(("header", slot.name), "Field required", "required"))
                continue
            value, problems = coerce_parameter(raw, slot.schema, self.spec.document,
                                               ("header", slot.name))
            issues += problems
            if not problems and slot.schema_pointer:
                issues += self.schemas.issues(slot.schema_pointer, value, ("header", slot.name))

    def _body(self, compiled: CompiledOperation, incoming: Incoming, issues) -> Any:
        if not compiled.body_media:
            return None
        raw = incoming.body
        content_type = incoming.headers.get("content-type")
        media_type = content_type.split(";")[0].strip().lower() if content_type else None
        if not raw.strip() and not _is_empty_form(compiled, media_type):
            if compiled.body_required:
                issues.append(Issue(("body",), "Field required", "required"))
            return None
        slot = compiled.body_slot(media_type)
        plain = False  # JSON data as a decoder makes it (see fast_check.py)
        if slot is None:
            documented = ", ".join(s.media_type for s in compiled.body_media)
            raise ApiError("unsupported_media_type",
                           f"Content-Type {content_type!r} is not accepted here; "
                           f"send {documented}", param="Content-Type")
        if slot.media_type == FORM:
            body, problems = parse_form_body(raw, slot.definition.get("schema"),
                                             self.spec.document)
            issues += problems
            if problems:
                return body
        elif is_json(slot.media_type) or media_type is None:
            try:
                body = codec.decode_as_json_loads(raw)
                plain = True
            except (ValueError, UnicodeDecodeError) as exc:
                position = getattr(exc, "pos", 0)
                raise ApiError(
                    "malformed_body", f"JSON decode error: {exc}",
                    issues=[Issue(("body", position), "JSON decode error", "json",
                                  raw[:200].decode("utf-8", "replace"),
                                  {"error": str(getattr(exc, "msg", exc))})],
                ) from None
        else:
            body = raw.decode("utf-8", "replace")
        preparer = self.registry.preparer_for(self.name, compiled.operation.operation_id)
        if preparer is not None:
            body, plain = preparer(body), False
        if slot.schema_pointer:
            issues += self.schemas.issues(slot.schema_pointer, body, ("body",), plain)
        return body

    # -- the response --------------------------------------------------------------------

    def preferred_reply(self, operation_id: str, prefer_header: str | None,
                        incoming: Incoming) -> Reply | None:
        """The documented response asked for with ``Prefer``, or None when none was asked."""
        if not prefer_header:
            return None
        preference = parse_prefer(prefer_header)
        if not preference:
            return None
        compiled = self.compiled(operation_id)
        if preference.code is not None:
            if preference.code not in compiled.responses:
                documented = ", ".join(compiled.responses)
                raise ApiError("bad_request",
                               f"Prefer: code={preference.code} is not a documented response "
                               f"of {operation_id}; documented: {documented}", param="Prefer")
            code = preference.code
        else:
            code = next((c for c, slots in compiled.responses.items()
                         if any(preference.example in example_names(s.definition)
                                for s in slots)), None)
            if code is None:
                raise ApiError("bad_request",
                               f"Prefer: example={preference.example} names no documented "
                               f"example of {operation_id}", param="Prefer")
        return self._documented_reply(compiled, code, incoming, preference.example)

    def generated_reply(self, operation_id: str, incoming: Incoming) -> Reply:
        compiled = self.compiled(operation_id)
        code = _success_code(compiled)
        return self._documented_reply(compiled, code, incoming, None)

    def _documented_reply(self, compiled, code: str, incoming: Incoming,
                          example: str | None) -> Reply:
        status = _status_of(code)
        slots = compiled.responses.get(code, [])
        slot = _json_slot(slots)
        if slot is None:
            return Reply(status, None)
        seed = self._seed_for(compiled.operation, incoming)
        body = generate_body(slot.definition, self.spec.document, seed, example)
        headers = {} if is_json(slot.media_type) else {"content-type": slot.media_type}
        return Reply(status, body, headers)

    def _seed_for(self, operation: Operation, incoming: Incoming) -> str:
        digest = hashlib.sha256()
        for part in (self.seed, operation.operation_id, incoming.path, incoming.query_string):
            digest.update(part.encode() + b"\0")
        digest.update(incoming.body)
        return digest.hexdigest()[:16]

    def render_error(self, error: ApiError, operation_id: str | None) -> Reply:
        operation = self.operations.get(operation_id) if operation_id else None
        status, body = self.profile.render_error(error, operation)
        return Reply(status, body)

    def stand_in(self, method: str, path: str, status: int) -> str | None:
        """The operation whose documented errors answer a call that routes to none (``path``
        relative to the vendor's base path; see unrouted.py)."""
        operation = stand_in(self.spec.operations, method, path, status)
        return operation.operation_id if operation is not None else None

    def check_reply(self, operation_id: str | None, reply: Reply,
                    refusal: ApiError | None = None,
                    sent_json: bytes | None = None) -> list[Violation]:
        """Hold the reply to the documented response; violations are recorded and returned.
        A refusal whose status the operation documents nothing near to (say a 422 where only
        200 and 401 are documented) is the document's gap, not the sandbox's: not recorded.
        ``sent_json``: the body as it is sent, when sent as JSON; what it decodes to is what
        is checked (what the client reads, already plain JSON data)."""
        if operation_id is None:
            return []
        compiled = self.compiled(operation_id)
        found = compiled.response_for(reply.status)
        violations: list[Violation] = []

        def violation(path: str, message: str) -> None:
            violations.append(Violation(self.name, operation_id, reply.status, path, message))

        if found is None:
            undocumentable = refusal is not None and choose(
                refusal, compiled.responses, self.schemas).key is None
            if reply.status != 413 and not undocumentable:  # 413: the transport's limit
                violation("", f"status {reply.status} is not documented "
                              f"(documented: {', '.join(compiled.responses)})")
        else:
            _, slots = found
            slot = _slot_for(slots, reply.headers)
            if slot is None and reply.body is not None and slots:
                violation("", "the documented response has no JSON body")
            elif slot is not None and slot.schema_pointer:
                sent = reply.body if sent_json is None else codec.decode(sent_json)
                for issue in self.schemas.issues(slot.schema_pointer, sent, ("$",),
                                                 plain=sent_json is not None):
                    violation(_json_path(issue.location), issue.message)
        for item in violations:
            self.monitor.record(item)
        return violations


def _is_empty_form(compiled: CompiledOperation, media_type: str | None) -> bool:
    """An empty body sent as a form the operation takes: an empty form (every field
    missing), not an absent body. JSON has no empty document, so an empty JSON body (or one
    with no content type) stays "no body"."""
    return media_type == FORM and any(s.media_type == FORM for s in compiled.body_media)


def _simple_query(query_string: str) -> dict[str, str]:
    return dict(parse_qsl(query_string, keep_blank_values=True))


def _success_code(compiled: CompiledOperation) -> str:
    codes = sorted(c for c in compiled.responses if c.startswith("2"))
    if codes:
        return codes[0]
    if "default" in compiled.responses:
        return "default"
    return sorted(compiled.responses)[0]


def _status_of(code: str) -> int:
    if code == "default":
        return 200
    if code[1:].upper() == "XX":
        return int(code[0]) * 100
    return int(code)


def _json_slot(slots: list[MediaSlot]) -> MediaSlot | None:
    for slot in slots:
        if is_json(slot.media_type):
            return slot
    return slots[0] if slots else None


def _slot_for(slots: list[MediaSlot], headers: dict[str, str]) -> MediaSlot | None:
    """The documented media type the reply says it is, else the JSON one."""
    named = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    if named is not None:
        media_type = named.split(";")[0].strip().lower()
        for slot in slots:
            if slot.media_type == media_type:
                return slot
    return _json_slot(slots)


def _json_path(location: tuple) -> str:
    path = "$"
    for part in location[1:]:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _summary(issues: list[Issue]) -> str:
    first = issues[0]
    where = first.field or first.location[0]
    return f"{where}: {first.message}"
