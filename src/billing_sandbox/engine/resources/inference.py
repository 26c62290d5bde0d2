"""Resources inferred from a document, once at start-up: which collections and items its paths
address, what each operation does to them (create, read, update, delete, list, an action), how
bodies wrap records and how lists page.

The rules, by path shape (``S`` a static segment, ``{p}`` a parameter; static segments before
the first collection, such as ``/v1``, are a prefix):

- ``/S``: ``GET`` lists ``S`` when its answer holds an array of them; ``POST`` creates one
  when its answer holds one;
- ``/S/{p}``: ``GET`` reads, ``PUT``/``PATCH``/``POST`` update, ``DELETE`` deletes the item
  whose field ``{p}`` names (naming.field_for_param);
- ``/S/{p}/T``: ``T`` is a sub-collection when it is a collection elsewhere or its answer holds
  a ``T`` record (``GET`` lists the parent's children, ``POST`` creates one for the parent);
  otherwise, when the answer holds the parent, it is an action ``T`` on the parent (``delete``
  deletes it; a ``GET`` reads it);
- ``/S/{p}/T/{q}``: the item ``{q}`` of the parent's ``T``.

Anything else, or an answer that holds no record of the resource, stays generated.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..documents.vendors import Operation, VendorSpec
from ..schema.model import SchemaModel
from . import naming
from .model import (
    ACTION,
    CREATE,
    DELETE,
    LIST,
    READ,
    UPDATE,
    Binding,
    Envelope,
    Listing,
    Paging,
    Parent,
    Resource,
    ResourceModel,
)

_JSON = re.compile(r"^application/(.+\+)?json$")
_FORMAT_SUFFIX = re.compile(r"\.(json|xml|yaml|yml|csv|pdf|txt)$", re.I)
_LIST_KEYS = ("list", "data", "items", "results", "records", "entries", "values", "rows")
_SIZE_PARAMS = ("limit", "per_page", "page_size", "pagesize", "size", "count", "max_results",
                "page[size]", "max")
_PAGE_PARAMS = ("page", "page_number", "page[number]", "pagenumber")
_CURSOR_PARAMS = ("cursor", "page_token", "next_token", "continuation_token", "next_cursor",
                  "page[after]", "after_cursor")
_AFTER_PARAMS = ("starting_after", "after", "after_id", "since_id")
_BEFORE_PARAMS = ("ending_before", "before", "before_id")
_SORT_PARAMS = ("sort", "sort_by", "order", "order_by", "sort_order", "direction")
_OPERATORS = ("is", "is_not", "in", "not_in", "starts_with", "gt", "gte", "lt", "lte", "after",
              "before", "on", "between", "is_present", "eq", "ne")
_DUPLICATE = ("duplicate", "already_exist", "not_unique", "conflict", "taken")
_UPSERT = re.compile(r"\b(create or update|creates? or updates?|upsert|or update)", re.I)


@dataclass
class _Path:
    """An operation's path read as collections and parameters."""

    kind: str  # "collection", "item", "sub", "sub_item" or "other"
    collection: str | None = None  # S: the addressed collection (or the parent's, for "sub")
    param: str | None = None  # {p}
    child: str | None = None  # T
    child_param: str | None = None  # {q}
    parent_collection: str | None = None  # R of R/S, for a collection S after a literal R


def infer_resources(spec: VendorSpec, model: SchemaModel) -> ResourceModel:
    """The document's resources and the operations bound to them."""
    return _Inference(spec, model).run()


class _Inference:
    def __init__(self, spec: VendorSpec, model: SchemaModel) -> None:
        self.spec = spec
        self.model = model
        self.paths = {op.operation_id: _read_path(op.path) for op in spec.operations}
        self.collections = {p.collection for p in self.paths.values()
                            if p.kind in ("collection", "item") and p.collection}
        self.words = self._wrapper_words()
        self.resources: dict[str, Resource] = {}

    def run(self) -> ResourceModel:
        self._find_resources()
        bindings: dict[str, Binding] = {}
        for operation in self.spec.operations:
            binding = self._bind(operation, self.paths[operation.operation_id])
            if binding is not None:
                bindings[operation.operation_id] = binding
        used = {b.resource.name for b in bindings.values()}
        used |= {b.parent.resource.name for b in bindings.values() if b.parent}
        return ResourceModel({n: r for n, r in self.resources.items() if n in used}, bindings)

    # -- resources ----------------------------------------------------------------------

    def _wrapper_words(self) -> set[str]:
        """Property names under which the document's answers wrap objects: the singular
        resource names it uses (``customer``, ``tax``)."""
        words: set[str] = set()
        for operation in self.spec.operations:
            schema = self._success_schema(operation)[1]
            for name, prop in (schema.get("properties") or {}).items():
                if self._object(prop).get("properties"):
                    words.add(name)
        return words

    def _find_resources(self) -> None:
        by_word: dict[str, list[Operation]] = {}
        for operation in self.spec.operations:
            path = self.paths[operation.operation_id]
            for word in (path.collection, path.child):
                if word:
                    by_word.setdefault(word, []).append(operation)
        for word, operations in by_word.items():
            name = naming.singular(word, self.words)
            schema = self._record_schema(name, word, operations)
            if schema is None:
                continue
            fields = frozenset(schema.get("properties") or {})
            status_schema = self._object(schema.get("properties", {}).get("status"))
            statuses = tuple(v for v in status_schema.get("enum") or () if isinstance(v, str))
            resource = Resource(name=name, collection=word, schema=schema, fields=fields,
                                status_field="status" if statuses else None, statuses=statuses,
                                identity=self._identity(schema))
            keys = Counter()
            for operation in operations:
                path = self.paths[operation.operation_id]
                param = (path.param if path.kind == "item" and path.collection == word else
                         path.child_param if path.kind == "sub_item" and path.child == word
                         else None)
                if param:
                    keys[_field(param, resource)] += 1
            if keys:
                ranked = [field for field, _ in keys.most_common()]
                resource.key, resource.alternate_keys = ranked[0], tuple(ranked[1:])
            else:
                resource.key = next((f for f in ("id", "code", "external_id", "uuid", "key")
                                     if f in fields), "id")
            self.resources[name] = resource

    def _identity(self, schema: dict) -> str | None:
        """The field a record is known by when it has no ``id``: ``uuid``, else its first
        required uuid field named ``..._id``."""
        properties = schema.get("properties") or {}
        if "id" in properties or "uuid" in properties:
            return "id" if "id" in properties else "uuid"
        for name in schema.get("required") or ():
            if name.endswith("_id") and self._object(properties.get(name)).get(
                    "format") == "uuid":
                return name
        return None

    def _record_schema(self, name: str, word: str, operations: list[Operation]) -> dict | None:
        """The record schema of a resource: as its item read answers it, else as any
        operation on it answers one (unwrapped)."""
        ranked = sorted(operations, key=lambda op: (op.method != "GET",
                                                    self.paths[op.operation_id].kind != "item"))
        for operation in ranked:
            _, schema = self._success_schema(operation)
            envelope = self._record_envelope(schema, name)
            if envelope is not None:
                return self._record_of(envelope)
            listing = self._list_shape(schema, name, word)
            item = self._record_envelope(listing[1], name) if listing and listing[1] else None
            if item is not None:
                return self._record_of(item)
        return None

    # -- operations ---------------------------------------------------------------------

    def _bind(self, operation: Operation, path: _Path) -> Binding | None:
        method = operation.method
        if path.kind == "collection":
            resource = self._resource(path.collection)
            if resource is None:
                return self._lookup_binding(operation, path)
            if method == "GET":
                return self._list_binding(operation, resource, None)
            if method == "POST":
                return self._create_binding(operation, resource, None)
            return None
        if path.kind == "item":
            resource = self._resource(path.collection)
            if resource is None:
                return None
            return self._item_binding(operation, resource, path.param, None)
        if path.kind in ("sub", "sub_item"):
            parent_resource = self._resource(path.collection)
            if parent_resource is None:
                return None
            child = self._resource(path.child)
            # /invoices/{id}/void answering the invoice itself is an action on it, not a
            # collection of "voids", even where the answer is a bare record
            is_collection = child is not None and child is not parent_resource and (
                path.child in self.collections or (
                    self._holds(operation, child) and child.schema != parent_resource.schema))
            if path.kind == "sub_item":
                if not is_collection:
                    return None
                parent = self._parent(parent_resource, path.param, child)
                return self._item_binding(operation, child, path.child_param, parent)
            if is_collection:
                parent = self._parent(parent_resource, path.param, child)
                if method == "GET":
                    return self._list_binding(operation, child, parent)
                if method == "POST":
                    return self._create_binding(operation, child, parent)
                return None
            return self._action_binding(operation, parent_resource, path)
        return None

    def _lookup_binding(self, operation: Operation, path: _Path) -> Binding | None:
        """``GET /customers/lookup?reference=...``: a read of one record of the collection
        before it, by the field a required query parameter names."""
        resource = self._resource(path.parent_collection)
        if resource is None or operation.method != "GET":
            return None
        status, schema = self._success_schema(operation)
        envelope = self._record_envelope(schema, resource.name)
        if envelope is None or self._list_shape(schema, resource.name, resource.collection):
            return None
        for param in operation.parameters:
            field = _field_named(param.get("name", ""), resource.fields)
            if param.get("in") == "query" and param.get("required") and field:
                return Binding(operation.operation_id, READ, resource, status=status,
                               item_param=param["name"], item_field=field, response=envelope)
        return None

    def _resource(self, word: str | None) -> Resource | None:
        if word is None:
            return None
        name = naming.singular(word, self.words)
        resource = self.resources.get(name)
        return resource if resource is not None and resource.collection == word else None

    def _parent(self, resource: Resource, param: str, child: Resource) -> Parent:
        field = _field(param, resource)
        candidates = naming.reference_fields(resource.name, field)
        if resource.name in naming.snake(param):  # {customer_id}, not {code} or {id}
            candidates.append(naming.snake(param))
        reference = next((c for c in candidates if c in child.fields and c != child.key), None)
        return Parent(resource, param, field, reference)

    def _holds(self, operation: Operation, resource: Resource) -> bool:
        _, schema = self._success_schema(operation)
        return self._record_envelope(schema, resource.name) is not None or (
            self._list_shape(schema, resource.name, resource.collection) is not None)

    def _list_binding(self, operation: Operation, resource: Resource,
                      parent: Parent | None) -> Binding | None:
        status, schema = self._success_schema(operation)
        shape = self._list_shape(schema, resource.name, resource.collection)
        if shape is None:
            return None
        array_key, item_schema = shape
        item_envelope = self._record_envelope(item_schema, resource.name) if item_schema else None
        listing = Listing(array_key=array_key, item=item_envelope or Envelope(None, item_schema),
                          paging=self._paging(operation), schema=schema,
                          filters=self._filters(operation, resource))
        return Binding(operation.operation_id, LIST, resource, status=status, parent=parent,
                       listing=listing, response=Envelope(None, schema))

    def _create_binding(self, operation: Operation, resource: Resource,
                        parent: Parent | None) -> Binding | None:
        status, schema = self._success_schema(operation)
        envelope = self._record_envelope(schema, resource.name)
        if envelope is None:
            return None
        # a key that exists: refused as documented, else (no refusal documented, or "create
        # or update" said) the record is updated, as APIs keyed by the client's ids do
        conflict = self._conflict(operation)
        text = f"{operation.summary} {operation.description}"
        return Binding(operation.operation_id, CREATE, resource, status=status, parent=parent,
                       request_key=self._request_key(operation, resource), response=envelope,
                       upsert=conflict is None or bool(_UPSERT.search(text)),
                       conflict=conflict)

    def _item_binding(self, operation: Operation, resource: Resource, param: str,
                      parent: Parent | None) -> Binding | None:
        action = {"GET": READ, "PUT": UPDATE, "PATCH": UPDATE, "POST": UPDATE,
                  "DELETE": DELETE}.get(operation.method)
        if action is None:
            return None
        status, schema = self._success_schema(operation)
        envelope = self._record_envelope(schema, resource.name)
        if envelope is None and not (action == DELETE and not schema):
            return None
        # a PUT documented as creating (201) creates the record its path names when missing
        creates = operation.method == "PUT" and "201" in operation.responses
        return Binding(operation.operation_id, action, resource, status=status,
                       item_param=param,
                       item_field=_field(param, resource),
                       parent=parent, request_key=self._request_key(operation, resource),
                       response=envelope, upsert=creates, conflict=self._conflict(operation))

    def _action_binding(self, operation: Operation, resource: Resource,
                        path: _Path) -> Binding | None:
        status, schema = self._success_schema(operation)
        envelope = self._record_envelope(schema, resource.name)
        verb = naming.snake(path.child or "")
        if operation.method == "GET":
            if envelope is None:
                return None
            action = READ
        elif operation.method in ("POST", "PUT", "PATCH", "DELETE"):
            if verb in naming.DELETE_VERBS:
                if envelope is None and schema:
                    return None
                action = DELETE
            elif envelope is None:
                return None
            else:
                action = ACTION
        else:
            return None
        return Binding(operation.operation_id, action, resource, status=status,
                       verb=verb if action == ACTION else None,
                       sets_status=naming.status_for_verb(verb, resource.statuses)
                       if action == ACTION else None,
                       item_param=path.param,
                       item_field=_field(path.param, resource),
                       request_key=self._request_key(operation, resource), response=envelope)

    def _conflict(self, operation: Operation) -> tuple[int, str | None] | None:
        """How the operation documents refusing a key that exists: (status, error code) of
        the error whose code enum says so (``duplicate_entry``), else (409, None); None when
        it documents neither."""
        responses = operation.responses
        for code in sorted(c for c in responses if c.startswith("4") and c.isdigit()):
            for media in ((responses[code] or {}).get("content") or {}).values():
                schema = self._object((media or {}).get("schema"))
                for prop in (schema.get("properties") or {}).values():
                    for value in self._object(prop).get("enum") or ():
                        if isinstance(value, str) and any(w in value for w in _DUPLICATE):
                            return int(code), value
        return (409, None) if "409" in responses else None

    # -- bodies -------------------------------------------------------------------------

    def _success_schema(self, operation: Operation) -> tuple[str, dict]:
        """The lowest documented 2xx status (else ``default``) and its JSON body's schema,
        flattened ({} when it has none)."""
        codes = sorted(c for c in operation.responses if c.startswith("2"))
        code = codes[0] if codes else ("default" if "default" in operation.responses else None)
        if code is None:
            return "200", {}
        content = (operation.responses[code] or {}).get("content") or {}
        for media_type, media in content.items():
            if _JSON.match(media_type.lower()) and isinstance(media, dict):
                return code, self._object(media.get("schema"))
        return code, {}

    def _object(self, schema: Any) -> dict:
        """A schema flattened, with a nullable ``anyOf``/``oneOf`` reduced to its object."""
        if not isinstance(schema, dict):
            return {}
        eff = self.model.effective(schema)
        if "properties" not in eff:
            for keyword in ("anyOf", "oneOf"):
                options = [self.model.effective(o) for o in eff.get(keyword) or ()]
                objects = [o for o in options if o.get("properties") or o.get("type") in (
                    "object", "array", ["object", "null"], ["array", "null"])]
                if len(objects) == 1:
                    return objects[0]
        return eff

    def _record_envelope(self, schema: dict, name: str) -> Envelope | None:
        """How ``schema`` holds a ``name`` record: under a key, or as the body itself; of
        alternative objects (a record or its deleted stub), the fullest that holds one."""
        if "properties" not in schema:
            found = [envelope for option in self._alternatives(schema)
                     if (envelope := self._record_envelope(option, name)) is not None]
            if found:
                return max(found, key=lambda e: len(self._record_of(e).get("properties") or ()))
        properties = schema.get("properties") or {}
        for key in (name, "data"):
            inner = self._object(properties.get(key))
            if inner.get("properties") and inner.get("type", "object") in ("object", [
                    "object", "null"]):
                related = {prop: self.resources[prop] for prop in properties
                           if prop != key and prop in self.resources}
                return Envelope(key, schema, related)
        if any(key in properties for key in ("code", "external_id")) or self._identity(schema):
            return Envelope(None, schema)  # a bare record: it has an identity of its own
        return None

    def _alternatives(self, schema: dict) -> list[dict]:
        """The object schemas an ``anyOf``/``oneOf`` offers."""
        options = [self.model.effective(o) for keyword in ("anyOf", "oneOf")
                   for o in schema.get(keyword) or ()]
        return [o for o in options if o.get("properties")]

    def _record_of(self, envelope: Envelope) -> dict:
        if envelope.key is None:
            return envelope.schema or {}
        return self._object((envelope.schema or {}).get("properties", {}).get(envelope.key))

    def _list_shape(self, schema: dict, name: str,
                    word: str) -> tuple[str | None, dict | None] | None:
        """(array property or None for a bare array, item schema) of a list answer."""
        if schema.get("type") == "array" or "items" in schema:
            return None, self._object(schema.get("items"))
        properties = schema.get("properties") or {}
        arrays = [key for key, prop in properties.items()
                  if self._object(prop).get("type") == "array"
                  or "items" in self._object(prop)]
        for key in (word, *_LIST_KEYS):
            if key in arrays:
                return key, self._object(self._object(properties[key]).get("items"))
        if len(arrays) == 1 and arrays[0] not in (name,):
            key = arrays[0]
            item = self._object(self._object(properties[key]).get("items"))
            if self._record_envelope(item, name) is not None:
                return key, item
        return None

    def _request_key(self, operation: Operation, resource: Resource) -> str | None:
        """The request body's wrapper, when it wraps the record (``{"customer": {...}}``)."""
        content = (operation.request_body or {}).get("content") or {}
        for media in content.values():
            if not isinstance(media, dict):
                continue
            schema = self._object(media.get("schema"))
            for option in (schema, *self._alternatives(schema)):  # one record, or a batch
                properties = option.get("properties") or {}
                if resource.name in properties and resource.name not in resource.fields and (
                        self._object(properties[resource.name]).get("properties")):
                    return resource.name
        return None

    # -- lists --------------------------------------------------------------------------

    def _paging(self, operation: Operation) -> Paging:
        params = {naming.snake(p["name"]) if "[" not in p["name"] else p["name"]: p
                  for p in operation.parameters if p.get("in") == "query"}

        def first(names: tuple[str, ...]) -> str | None:
            found = next((n for n in names if n in params), None)
            return params[found]["name"] if found else None

        size = first(_SIZE_PARAMS)
        default, maximum = None, None
        if size is not None:
            size_schema = self._object(next(p for p in params.values()
                                            if p["name"] == size).get("schema"))
            default, maximum = size_schema.get("default"), size_schema.get("maximum")
        after, cursor, page = first(_AFTER_PARAMS), first(_CURSOR_PARAMS), first(_PAGE_PARAMS)
        if after is not None:
            return Paging("after", size, after, first(_BEFORE_PARAMS), default, maximum)
        if cursor is not None:
            return Paging("cursor", size, cursor, None, default, maximum)
        if page is not None:
            return Paging("page", size, page, None, default, maximum)
        if "offset" in params:
            offset = params["offset"]
            text = self._object(offset.get("schema")).get("type") in ("string", None)
            return Paging("offset", size, offset["name"], None, default, maximum, text)
        return Paging("offset" if size else "none", size, None, None, default, maximum)

    def _filters(self, operation: Operation,
                 resource: Resource) -> dict[str, tuple[str, str | None]]:
        """Query parameters that filter by a record field: ``status``, ``status[]``,
        ``customer_id[is]`` (operator form) or ``customer_id`` with operator keys."""
        filters: dict[str, tuple[str, str | None]] = {}
        for param in operation.parameters:
            if param.get("in") != "query":
                continue
            name = param["name"]
            base, operator = name.removesuffix("[]"), None
            match = re.fullmatch(r"([^\[\]]+)\[([^\[\]]+)\]", base)
            if match:
                base, operator = match.group(1), match.group(2)
                if operator not in _OPERATORS:
                    continue
            field = _field_named(base, resource.fields) or self._embedded_field(base, resource)
            if field is None or naming.snake(base) in _SORT_PARAMS + _SIZE_PARAMS:
                continue
            filters[name] = (field, operator)
        return filters

    def _embedded_field(self, param: str, resource: Resource) -> str | None:
        """A filter on a record the resource keeps whole: ``customer_id`` -> ``customer.id``,
        ``external_customer_id`` -> ``customer.external_customer_id``."""
        snake = naming.snake(param)
        properties = self.model.effective(resource.schema).get("properties") or {}
        for name in sorted(resource.fields):
            inner = self._object(properties.get(name)).get("properties") or {}
            if name in snake.split("_") and snake in inner:
                return f"{name}.{snake}"
            if snake.startswith(f"{name}_") and snake.removeprefix(f"{name}_") in inner:
                return f"{name}.{snake.removeprefix(f'{name}_')}"
        return None


def _field(param: str, resource: Resource) -> str:
    return naming.field_for_param(param, resource.name, resource.fields, resource.identity)


def _field_named(name: str, fields: frozenset[str]) -> str | None:
    snake = naming.snake(name)
    for candidate in (name, snake, *naming.singulars(snake)):
        if candidate in fields:
            return candidate
    return None


def _read_path(path: str) -> _Path:
    segments = [s for s in path.strip("/").split("/") if s]
    if segments:  # a format suffix names no resource: /customers/{id}.json is /customers/{id}
        segments[-1] = _FORMAT_SUFFIX.sub("", segments[-1])
    if len(segments) >= 3 and segments[-2] in ("actions", "action") and segments[-3][:1] == "{":
        del segments[-2]  # /mandates/{id}/actions/cancel is the action cancel on a mandate
    kinds = ["param" if s.startswith("{") and s.endswith("}") else "static" for s in segments]
    names = [s[1:-1] if k == "param" else s for s, k in zip(segments, kinds, strict=True)]
    if not segments:
        return _Path("other")
    tail = "".join("p" if k == "param" else "s" for k in kinds)
    if tail.endswith("ps") and "pp" not in tail and tail[-3:-2] == "s":
        # ... S/{p}/T
        return _Path("sub", collection=names[-3], param=names[-2], child=names[-1]) if (
            len(names) >= 3) else _Path("other")
    if tail.endswith("spsp"):
        return _Path("sub_item", collection=names[-4], param=names[-3], child=names[-2],
                     child_param=names[-1])
    if tail.endswith("ssp") and names[-2] in (names[-1], f"by_{names[-1]}"):
        # /customers/external_customer_id/{external_customer_id}: a customer by that field
        return _Path("item", collection=names[-3], param=names[-1])
    if tail.endswith("sp"):
        return _Path("item", collection=names[-2], param=names[-1])
    if "p" not in tail:
        return _Path("collection", collection=names[-1],
                     parent_collection=names[-2] if len(names) > 1 else None)
    return _Path("other")
