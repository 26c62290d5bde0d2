"""What inference found in a document: its resources, and what each operation does to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CREATE, READ, UPDATE, DELETE, LIST, ACTION = "create", "read", "update", "delete", "list", "action"


@dataclass
class Resource:
    """A kind of record the document serves: ``customer`` in the collection ``customers``."""

    name: str  # singular, as the document wraps it: "customer"
    collection: str  # the path segment, also the store kind and the fixture kind: "customers"
    key: str = "id"  # the field items are addressed by and stored under
    schema: dict | None = None  # the record as the API answers it (unwrapped)
    schema_pointer: str | None = None  # where that schema lives (for validators)
    fields: frozenset[str] = frozenset()  # its documented properties
    identity: str | None = None  # the field it is known by when not ``id`` (a uuid)
    status_field: str | None = None
    statuses: tuple[str, ...] = ()
    # other fields by which items are looked up (``/invoices/{uuid}`` beside
    # ``/invoices/{external_id}``)
    alternate_keys: tuple[str, ...] = ()


@dataclass
class Parent:
    """A sub-collection's parent: ``/customers/{customer-id}/subscriptions``."""

    resource: Resource
    param: str  # the path parameter holding the parent's key
    field: str  # the parent's field it names (its key, usually)
    reference: str | None  # the child's field holding it (``customer_id``), if documented


@dataclass
class Envelope:
    """How a record is wrapped in a body: under ``key`` (``{"customer": {...}}``), or bare."""

    key: str | None = None
    schema: dict | None = None  # the wrapping object's schema (or the record's when bare)
    # other properties of the wrapper naming resources (``card`` beside ``customer``)
    related: dict[str, Resource] = field(default_factory=dict)


@dataclass
class Paging:
    """The list's paging style and the query parameters it reads."""

    style: str  # "offset", "page", "cursor" (opaque), "after" (starting after an id), "none"
    size_param: str | None = None
    position_param: str | None = None  # offset / page / cursor / starting_after
    before_param: str | None = None  # ending_before
    default_size: int | None = None
    max_size: int | None = None
    position_is_text: bool = False  # an offset sent back as text (``next_offset``)


@dataclass
class Listing:
    array_key: str | None  # None: the body is the array
    item: Envelope  # how each element wraps its record
    paging: Paging
    schema: dict | None = None  # the list body's schema
    filters: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # param -> (field, op)


@dataclass
class Binding:
    """What one operation does: ``create customer``, ``action cancel on subscription``."""

    operation_id: str
    action: str  # CREATE, READ, UPDATE, DELETE, LIST or ACTION
    resource: Resource
    status: str = "200"  # the documented success status answered
    verb: str | None = None  # the action's word (cancel)
    sets_status: str | None = None  # the status the action puts the record in
    item_param: str | None = None  # the path parameter addressing the record
    item_field: str | None = None  # the field it names
    parent: Parent | None = None
    request_key: str | None = None  # the request body's wrapper (``{"customer": {...}}``)
    response: Envelope | None = None  # None: no JSON body documented
    listing: Listing | None = None
    # a create that updates a record with the same key, or a PUT that creates a missing one
    # (documented so: "create or update", a 201 answer)
    upsert: bool = False
    # how a key that exists is refused: (status, documented error code), None if undocumented
    conflict: tuple[int, str | None] | None = None

    def describe(self) -> str:
        name = self.resource.name
        if self.action == ACTION:
            return f"action {self.verb} on {name}"
        if self.action in (CREATE, LIST) and self.parent is not None:
            what = self.resource.collection if self.action == LIST else name
            joined = "of" if self.action == LIST else "for"
            return f"{self.action} {what} {joined} {self.parent.resource.name}"
        if self.action == LIST:
            return f"list {self.resource.collection}"
        return f"{self.action} {name}"


@dataclass
class ResourceModel:
    """The resources of one vendor document and the operations bound to them."""

    resources: dict[str, Resource] = field(default_factory=dict)  # by name
    bindings: dict[str, Binding] = field(default_factory=dict)  # by operationId

    def by_collection(self, kind: str) -> Resource | None:
        """The resource a fixture or state kind names: its collection or its name."""
        for resource in self.resources.values():
            if kind in (resource.collection, resource.name):
                return resource
        return None

    def describe(self, operation_id: str) -> str | None:
        binding = self.bindings.get(operation_id)
        return binding.describe() if binding else None


def envelope_value(body: Any, key: str | None) -> Any:
    """The record inside a body wrapped under ``key`` (the body itself when bare)."""
    if key is None:
        return body
    return body.get(key) if isinstance(body, dict) else None
