"""Where each schema of an operation lives in the document, worked out once per operation.

Validators are addressed by JSON pointer (see validation.py), so parameters, bodies and responses
are located by pointer, following ``$ref``s to the component they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..documents.reading import escape_pointer, resolve_pointer
from ..documents.vendors import Operation

_NON_WORD = re.compile(r"\W")


@dataclass
class ParameterSlot:
    name: str
    location: str  # query, header, path, cookie
    required: bool
    schema: dict
    schema_pointer: str | None
    definition: dict


@dataclass
class MediaSlot:
    media_type: str
    definition: dict  # the media type object (schema, example, examples)
    schema_pointer: str | None


@dataclass
class CompiledOperation:
    operation: Operation
    parameters: list[ParameterSlot] = field(default_factory=list)
    body_required: bool = False
    body_media: list[MediaSlot] = field(default_factory=list)
    responses: dict[str, list[MediaSlot]] = field(default_factory=dict)
    # connexion passes path parameters under sanitized names ({invoice-id} -> invoice_id)
    path_names: dict[str, str] = field(default_factory=dict)
    # answers worked out on first use and kept (per request they would be the same each time)
    _located: dict[str, list[ParameterSlot]] = field(default_factory=dict, repr=False)
    _responses_by_status: dict[int, tuple[str, list[MediaSlot]] | None] = field(
        default_factory=dict, repr=False)

    def slots_in(self, location: str) -> list[ParameterSlot]:
        """The parameters of one location (path, query, header, cookie), in order."""
        found = self._located.get(location)
        if found is None:
            found = self._located[location] = [slot for slot in self.parameters
                                               if slot.location == location]
        return found

    def response_for(self, status: int) -> tuple[str, list[MediaSlot]] | None:
        """The documented response for a status: exact code, then 4XX-style range, then default."""
        if status in self._responses_by_status:
            return self._responses_by_status[status]
        found = None
        for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
            if key in self.responses:
                found = key, self.responses[key]
                break
        if len(self._responses_by_status) < 64:  # statuses are few; any int may be asked
            self._responses_by_status[status] = found
        return found

    def body_slot(self, media_type: str | None) -> MediaSlot | None:
        if not self.body_media:
            return None
        if media_type is None:
            return self.body_media[0]
        for slot in self.body_media:
            if slot.media_type == media_type:
                return slot
        for slot in self.body_media:
            if _media_matches(slot.media_type, media_type):
                return slot
        return None


def compile_operation(document: dict, operation: Operation) -> CompiledOperation:
    compiled = CompiledOperation(operation)
    path_pointer = "/paths/" + escape_pointer(operation.path)
    op_pointer = operation.pointer
    seen: set[tuple[str, str]] = set()
    for base in (op_pointer, path_pointer):  # operation-level parameters win
        container = resolve_pointer(document, base)
        for index, _ in enumerate(container.get("parameters", []) or []):
            node, pointer = follow(document, f"{base}/parameters/{index}")
            key = (node["name"], node["in"])
            if key in seen:
                continue
            seen.add(key)
            schema_pointer = pointer + "/schema" if "schema" in node else None
            compiled.parameters.append(ParameterSlot(
                name=node["name"], location=node["in"],
                required=bool(node.get("required")) or node["in"] == "path",
                schema=node.get("schema", {}), schema_pointer=schema_pointer, definition=node,
            ))
    for slot in compiled.parameters:
        if slot.location == "path":
            compiled.path_names[slot.name] = _NON_WORD.sub("_", slot.name)
    operation_node = resolve_pointer(document, op_pointer)
    if "requestBody" in operation_node:
        body, pointer = follow(document, op_pointer + "/requestBody")
        compiled.body_required = bool(body.get("required"))
        compiled.body_media = media_slots(body, pointer)
    for code in operation_node.get("responses", {}) or {}:
        response, pointer = follow(document, f"{op_pointer}/responses/{escape_pointer(code)}")
        compiled.responses[str(code)] = media_slots(response, pointer)
    return compiled


def follow(document: dict, pointer: str) -> tuple[dict, str]:
    node = resolve_pointer(document, pointer)
    hops = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and hops < 32:
        pointer = node["$ref"].lstrip("#")
        node = resolve_pointer(document, pointer)
        hops += 1
    return node, pointer


def media_slots(container: dict, pointer: str) -> list[MediaSlot]:
    """The media types of a body or response object found at ``pointer``."""
    slots = []
    for media_type, definition in (container.get("content") or {}).items():
        definition = definition or {}
        schema_pointer = (f"{pointer}/content/{escape_pointer(media_type)}/schema"
                          if "schema" in definition else None)
        slots.append(MediaSlot(media_type.lower(), definition, schema_pointer))
    return slots


def _media_matches(documented: str, received: str) -> bool:
    if documented in ("*/*", received):
        return True
    major, _, minor = documented.partition("/")
    r_major, _, r_minor = received.partition("/")
    if minor == "*":
        return major == r_major
    if documented == "application/json":
        return r_major == "application" and r_minor.endswith("+json")
    return False


def is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")
