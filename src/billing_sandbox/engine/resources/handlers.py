"""The stateful handlers of inferred operations: create, read, update, delete, list and actions
over the records of each resource, in the store, per vendor and tenant, one transaction per call.

Rules where documents are silent (the README lists them for users):
- create: the key comes from the request when it holds one, else it is minted; a key that
  exists is refused (the documented duplicate error, else 409, else 400), unless the operation
  says it creates *or updates* (then it updates);
- a sub-collection's create sets the child's reference to its parent (its documented field,
  else ``<parent>_<key>`` where the record may hold more fields, else a link kept out of
  answers); the parent must exist (404);
- a body field naming another resource of the document (``plan_id``, ``external_customer_id``,
  ``plan_code``) must name a record that exists (404 naming the field);
- update merges the given fields into the record (objects key by key) and keeps the rest;
- delete removes the record (answered as it was, marked deleted where the schema says how);
- an action needs the record (404), merges the body's fields the record has, and sets the
  status its verb names (cancel -> cancelled) when the status enum has one.
Each change records an event ``<resource>.created|updated|deleted|<status>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from ..errors import MISSING, ApiError
from ..http.registry import HandlerRegistry, Reply, Request
from ..observe.events import EventSink, VendorEvent, discard_events
from ..schema.model import SchemaModel
from ..schema.views import declared_types
from . import naming
from .changes import Change, ChangeEvents, envelope_events
from .conform import complete, conform
from .entropy import random_source
from .listing import matches, meta_value, paginate
from .model import (
    ACTION,
    CREATE,
    DELETE,
    LIST,
    READ,
    UPDATE,
    Binding,
    Envelope,
    Resource,
    ResourceModel,
    envelope_value,
)
from .records import Recorder, merge
from .storage import HIDDEN, CallScope, RecordStore, Shelf, ShelfFactory, plain_shelf, visible

PARENT_LINK = HIDDEN + "parent"  # {"<parent resource>": "<its key>"}, when no field holds it


@dataclass
class ResourceServices:
    """What the resource handlers of one vendor use: the store, the sandbox clock, the seed of
    minted keys (None: random), where events go, the shelves an adapter keeps resources on
    (by resource name) and how the vendor names the events of a change (None: the engine's
    envelope)."""

    store: RecordStore
    now: Callable[[], datetime]
    seed: str | None = None
    publish: EventSink = discard_events
    shelves: dict[str, ShelfFactory] = field(default_factory=dict)
    changes: ChangeEvents | None = None


class ResourceHandlers:
    """The handlers of one vendor document's inferred operations."""

    def __init__(self, vendor: str, model: SchemaModel, resources: ResourceModel,
                 services: ResourceServices, responses: dict[str, dict]) -> None:
        self.vendor = vendor
        self.model = model
        self.resources = resources
        self.services = services
        self.responses = responses  # operationId -> documented responses
        self.recorders = {name: Recorder(model, r) for name, r in resources.resources.items()}
        self.references = _reference_table(resources)

    def register(self, registry: HandlerRegistry) -> list[str]:
        """Register a handler for each inferred operation that has none; their ids."""
        handled = registry.handled(self.vendor)
        registered = []
        for operation_id, binding in self.resources.bindings.items():
            if operation_id in handled:
                continue
            registry.handler(self.vendor, operation_id)(self._handler(binding))
            registered.append(operation_id)
        return registered

    def _handler(self, binding: Binding) -> Callable[[Request], Reply]:
        run = {CREATE: self._create, READ: self._read, UPDATE: self._update,
               DELETE: self._delete, LIST: self._list, ACTION: self._action}[binding.action]

        def handle(request: Request) -> Reply:
            with self._call(request) as call:
                body = run(call, binding, request)
            return Reply(call.status or _status(binding.status), body)

        return handle

    @contextmanager
    def _call(self, request: Request) -> Iterator[_Call]:
        namespace = f"{self.vendor}/{request.tenant}"
        with self.services.store.transaction(namespace) as repo:
            call = _Call(self, repo, namespace, request.tenant)
            yield call
        if call.events:
            self.services.publish(self.vendor, request.tenant, call.events)

    # -- the operations -----------------------------------------------------------------

    def _create(self, call: _Call, binding: Binding, request: Request,
                key: Any = None) -> Any:
        """A new record (``key``: the one its path names, for a PUT that creates)."""
        resource = binding.resource
        recorder = self.recorders[resource.name]
        shelf = call.shelf(resource)
        parent = self._parent_of(call, binding, request)
        sent = envelope_value(request.body, binding.request_key)
        fields = recorder.fields_of(sent)
        if key is not None:
            fields[resource.key] = key
        # a field naming another record must name a stored one, kept by the record or not
        named = self._check_references(call, resource, {
            **(sent if isinstance(sent, dict) else {}), **fields})
        if parent is not None:
            self._link(binding, fields, parent)
            named[binding.parent.resource.name] = parent
        for other, record in named.items():
            for name, value in naming.copied_fields(resource.fields, other, record).items():
                fields.setdefault(name, value)
            if other not in fields and recorder.embeds(other, visible(record)):
                fields[other] = visible(record)
            if parent is None or other != binding.parent.resource.name:
                # so that the other's sub-collection lists it, whatever the record keeps
                links = fields.setdefault(PARENT_LINK, {})
                links[other] = record.get(self.resources.resources[other].key)
        key = fields.get(resource.key)
        if key is not None and not str(key).strip():
            raise ApiError("validation", f"{resource.key}: must not be empty; it is how the "
                                         f"{resource.name} is found", param=resource.key)
        existing = shelf.get(key) if key is not None else None
        if existing is not None:
            if not binding.upsert:
                raise self._duplicate(binding, resource, key)
            record = merge(existing, fields)
            recorder.stamp(record, call.now, creating=False)
            change = "updated"
        else:
            if key is None:
                key = recorder.mint_key(call.draw, lambda k: shelf.get(k) is not None)
                fields[resource.key] = key
            record = fields
            recorder.stamp(record, call.now, creating=True)
            complete(self.model, resource.schema, record, call.seed_of(resource, key))
            change = "created"
        record = shelf.put(record)
        call.changed(resource, change, record)
        return call.answer(binding.response, resource, record)

    def _read(self, call: _Call, binding: Binding, request: Request) -> Any:
        record = self._item(call, binding, request)
        return call.answer(binding.response, binding.resource, record)

    def _update(self, call: _Call, binding: Binding, request: Request) -> Any:
        resource = binding.resource
        recorder = self.recorders[resource.name]
        if binding.upsert and binding.item_field == resource.key and binding.parent is None:
            key = request.path_params.get(binding.item_param)
            if call.shelf(resource).get(key) is None:  # PUT creates what its path names
                call.status = 201
                return self._create(call, binding, request, key)
        record = self._item(call, binding, request)
        changes = recorder.fields_of(envelope_value(request.body, binding.request_key))
        self._check_references(call, resource, changes)
        record = self._save_changed(call, binding, record, changes)
        call.changed(resource, "updated", record)
        return call.answer(binding.response, resource, record)

    def _action(self, call: _Call, binding: Binding, request: Request) -> Any:
        resource = binding.resource
        record = self._item(call, binding, request)
        changes = self.recorders[resource.name].fields_of(
            envelope_value(request.body, binding.request_key))
        changes.pop(resource.key, None)
        if binding.sets_status and resource.status_field:
            changes[resource.status_field] = binding.sets_status
            self.recorders[resource.name].stamp_status(changes, binding.sets_status, call.now)
        record = self._save_changed(call, binding, record, changes)
        call.changed(resource, binding.sets_status or "updated", record)
        return call.answer(binding.response, resource, record)

    def _delete(self, call: _Call, binding: Binding, request: Request) -> Any:
        resource = binding.resource
        record = self._item(call, binding, request)
        call.shelf(resource).delete(record[resource.key])
        call.changed(resource, "deleted", record)
        if binding.response is None:
            return None
        shown = dict(record)
        if "deleted" in resource.fields:
            shown["deleted"] = True
        ended = next((s for s in naming.ENDED_STATUSES if s in resource.statuses), None)
        if resource.status_field and ended:
            shown[resource.status_field] = ended  # a deleted subscription: terminated
        return call.answer(binding.response, resource, shown)

    def _list(self, call: _Call, binding: Binding, request: Request) -> Any:
        resource, listing = binding.resource, binding.listing
        parent = self._parent_of(call, binding, request)
        records = call.shelf(resource).all()
        if parent is not None:
            records = [r for r in records if self._belongs(binding, r, parent)]
        records = [r for r in records if matches(r, listing.filters, request.query)]
        refusable = any(code in self.responses.get(binding.operation_id, {})
                        for code in ("400", "422"))
        page = paginate(records, listing.paging, request.query, resource.key, refusable)
        items = [call.answer(listing.item, resource, r) for r in page.records]
        if listing.array_key is None:
            return items
        schema = listing.schema or {}
        body: dict[str, Any] = {listing.array_key: items}
        meta = _ListMeta(self.model, request, listing.paging, page)
        for name, prop in (schema.get("properties") or {}).items():
            if name == listing.array_key:
                continue
            value = meta.value(prop, name)
            if value is not MISSING:
                body[name] = value
        return conform(self.model, schema, body, f"{call.namespace}/{binding.operation_id}")

    # -- helpers ------------------------------------------------------------------------

    def _item(self, call: _Call, binding: Binding, request: Request) -> dict:
        resource = binding.resource
        value = request.path_params.get(binding.item_param)
        if value is None:  # a lookup by a query parameter
            value = request.query.get(binding.item_param)
        record = call.shelf(resource).find(binding.item_field or resource.key, value)
        if record is not None and binding.parent is not None:
            parent = self._parent_of(call, binding, request)
            if not self._belongs(binding, record, parent):
                record = None
        if record is None:
            raise ApiError("not_found", f"{resource.name} {value!r} not found",
                           param=binding.item_param)
        return record

    def _parent_of(self, call: _Call, binding: Binding, request: Request) -> dict | None:
        parent = binding.parent
        if parent is None:
            return None
        value = request.path_params.get(parent.param)
        record = call.shelf(parent.resource).find(parent.field, value)
        if record is None:
            raise ApiError("not_found", f"{parent.resource.name} {value!r} not found",
                           param=parent.param)
        return record

    def _link(self, binding: Binding, fields: dict, parent: dict) -> None:
        link = binding.parent
        value = parent.get(link.field)
        reference = link.reference or self._conventional_reference(binding)
        if reference is not None:
            fields[reference] = value
        else:
            fields[PARENT_LINK] = {link.resource.name: value}

    def _conventional_reference(self, binding: Binding) -> str | None:
        """``customer_id`` on a child whose schema does not document it but allows more
        fields; None where the schema forbids them."""
        schema = self.model.effective(binding.resource.schema or {})
        if schema.get("additionalProperties", True) is False:
            return None
        return naming.reference_fields(binding.parent.resource.name, binding.parent.field)[0]

    def _belongs(self, binding: Binding, record: dict, parent: dict) -> bool:
        link = binding.parent
        value = parent.get(link.field)
        reference = link.reference or self._conventional_reference(binding)
        if reference is not None and reference in record:
            return str(record[reference]) == str(value)
        kept = record.get(link.resource.name)  # the parent kept whole
        if isinstance(kept, dict) and link.field in kept:
            return str(kept[link.field]) == str(value)
        return (record.get(PARENT_LINK) or {}).get(link.resource.name) == value

    def _save_changed(self, call: _Call, binding: Binding, record: dict,
                      changes: dict) -> dict:
        resource = binding.resource
        shelf = call.shelf(resource)
        updated = merge(record, changes)
        old_key, new_key = record[resource.key], updated.get(resource.key)
        if str(new_key) != str(old_key):
            if shelf.get(new_key) is not None:
                raise self._duplicate(binding, resource, new_key)
            shelf.delete(old_key)
        self.recorders[resource.name].stamp(updated, call.now, creating=False)
        return shelf.put(updated)

    def _check_references(self, call: _Call, resource: Resource,
                          fields: dict) -> dict[str, dict]:
        """The records the fields name, by resource; 404 naming a field whose record is not
        stored."""
        named = {}
        for name, value in fields.items():
            target = self.references.get(name)
            if target is None or target[0] is resource or not isinstance(value, str | int):
                continue
            other, key = target
            record = call.shelf(other).find(key, value)
            if record is None:
                raise ApiError("not_found", f"{name}: {other.name} {value!r} not found",
                               param=name)
            named[other.name] = record
        return named

    def _duplicate(self, binding: Binding, resource: Resource, key: Any) -> ApiError:
        """The documented refusal of a key that exists (else a 400 naming it)."""
        message = f"{resource.key}: a {resource.name} {key!r} already exists"
        status, code = binding.conflict or (400, None)
        return ApiError("duplicate" if status != 409 else "conflict", message,
                        param=resource.key, status=status, code=code)


class _Call:
    """One request's view of the tenant's records, inside its transaction."""

    def __init__(self, handlers: ResourceHandlers, repo: Any, namespace: str,
                 tenant: str) -> None:
        self.handlers = handlers
        self.namespace = namespace
        self.now = handlers.services.now()
        self.draw = random_source(handlers.services.seed, repo, namespace)
        self.scope = CallScope(repo, tenant, namespace, self.now, self.draw)
        self.events: list[VendorEvent] = []
        self.status: int | None = None  # the answer's status where not the binding's
        self._shelves: dict[str, Shelf] = {}

    def shelf(self, resource: Resource) -> Shelf:
        shelf = self._shelves.get(resource.name)
        if shelf is None:
            factory = self.handlers.services.shelves.get(resource.name, plain_shelf)
            shelf = self._shelves[resource.name] = factory(self.scope, resource)
        return shelf

    def seed_of(self, resource: Resource, key: Any) -> str:
        return f"{self.handlers.services.seed or ''}/{self.namespace}/{resource.name}/{key}"

    def answer(self, envelope: Envelope | None, resource: Resource, record: dict) -> Any:
        """The record as ``envelope`` shows it, with the related records it names."""
        if envelope is None:
            return None
        model = self.handlers.model
        seed = self.seed_of(resource, record.get(resource.key))
        schema = envelope.schema or {}
        if envelope.key is None:
            return conform(model, schema, _shown(model, schema, resource, record), seed)
        properties = model.effective(schema).get("properties") or {}
        inner = properties.get(envelope.key)
        body: dict[str, Any] = {envelope.key: conform(
            model, inner, _shown(model, inner, resource, record), seed)}
        for name, other in envelope.related.items():
            related = self.related(other, resource, record)
            if related is not None:
                body[name] = conform(model, properties.get(name), visible(related),
                                     self.seed_of(other, related.get(other.key)))
        return conform(model, schema, body, seed)

    def related(self, other: Resource, resource: Resource, record: dict) -> dict | None:
        """The ``other`` record this one names (``customer_id``), or that names it (a card
        keyed by ``customer_id``)."""
        for name in naming.reference_fields(other.name, other.key):
            if record.get(name) is not None:
                return self.shelf(other).get(record[name])
        if other.key in naming.reference_fields(resource.name, resource.key):
            return self.shelf(other).get(record.get(resource.key))
        linked = (record.get(PARENT_LINK) or {}).get(other.name)
        return self.shelf(other).get(linked) if linked is not None else None

    def changed(self, resource: Resource, change: str, record: dict) -> None:
        data = conform(self.handlers.model, resource.schema, visible(record),
                       self.seed_of(resource, record.get(resource.key)))
        happened = Change(self.scope, resource, change, data)
        hook = self.handlers.services.changes
        events = hook(happened) if hook is not None else None
        self.events += envelope_events(happened) if events is None else events


def _shown(model: SchemaModel, schema: Any, resource: Resource, record: dict) -> dict:
    """What of a record an answer shows: all of it where the answer documents the resource
    itself; only the fields it documents where it documents another view of it (a deleted
    record's ``{id, object, deleted}``)."""
    data = visible(record)
    fields = (model.effective(schema).get("properties") or {}) if isinstance(schema, dict) \
        else {}
    if not fields or set(fields) == set(resource.fields):
        return data
    return {key: value for key, value in data.items() if key in fields}


def _status(code: str) -> int:
    return int(code) if code.isdigit() else 200


class _ListMeta:
    """A list answer's fields beside its records, computed from the page: totals, sizes,
    cursors, whether there is more, the list's own ``url`` and a ``next`` link; objects of
    them (``meta``, ``meta.pagination``) at any depth."""

    _DEPTH = 4

    def __init__(self, model: SchemaModel, request: Request, paging: Any, page: Any) -> None:
        self.model, self.request, self.paging, self.page = model, request, paging, page

    def value(self, schema: Any, name: str, depth: int = 0) -> Any:
        field = naming.snake(name)
        if field == "url":
            return self.url()
        if field in _NEXT_LINKS:  # a link, or (an integer) the next page's number
            if "string" in declared_types(self.model.effective(schema or {})):
                return self.next_link(schema)
            name = "next_page"
        value = meta_value(name, self.page)
        if value is not MISSING or depth >= self._DEPTH:
            return value
        properties = self.model.effective(schema or {}).get("properties") or {}
        nested = {key: self.value(prop, key, depth + 1) for key, prop in properties.items()}
        nested = {key: value for key, value in nested.items() if value is not MISSING}
        return nested or MISSING

    def url(self) -> str:
        """The documented path the list was read at (``/v1/customers``)."""
        return re.sub(r"\{([^}/]+)\}", lambda found: str(self.request.path_params.get(
            found.group(1), found.group(0))), self.request.operation.path)

    def next_link(self, schema: Any) -> Any:
        """The link to the next page: the list's path asking for the position after this page;
        null where the schema allows it and there is none, else this page's own link."""
        position, param = self.page.next_position, self.paging.position_param
        if position is not None and param:
            query = {k: v for k, v in self.request.query.items()
                     if isinstance(v, str | int) and k != param}
            return f"{self.request.base_url()}{self.url()}?{urlencode({**query, param: position})}"
        if "null" in declared_types(self.model.effective(schema or {})):
            return None
        return f"{self.request.base_url()}{self.url()}"


_NEXT_LINKS = ("next", "next_url", "next_link", "next_page_url")


def _reference_table(resources: ResourceModel) -> dict[str, tuple[Resource, str]]:
    """Body fields that name a record of another resource: field -> (resource, its field)."""
    table: dict[str, tuple[Resource, str]] = {}
    for resource in resources.resources.values():
        for key in (resource.key, *resource.alternate_keys):
            names = naming.reference_fields(resource.name, key)
            if resource.name in key.split("_"):  # external_customer_id names a customer itself
                names.insert(0, key)
            for name in names:
                table.setdefault(name, (resource, key))
        if resource.key != "id" and "id" in resource.fields:
            table.setdefault(f"{resource.name}_id", (resource, "id"))
    for resource in resources.resources.values():  # a field named as the resource: its id
        if "id" in resource.fields:
            table.setdefault(resource.name, (resource, "id"))
    return table
