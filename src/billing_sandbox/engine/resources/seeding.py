"""Records of inferred resources from fixtures and state documents, each checked against its
resource's schema first: a bad one is refused, naming the record and the field.

Fixture records are written as the API answers them, unwrapped (``customers: [{id: c1,
first_name: Ada}]``, kind = the collection or the resource name). A record without its key
gets one minted; the required fields it leaves out are filled in as a create fills them; its
creation time is the sandbox clock's. A state record (``PUT /_sandbox/state``) must already be
whole: filed under its key, with every required field.

A resource a vendor adapter keeps on its own shelf (its ledger's records) is loaded from
fixtures through that shelf, and is not a kind of its own in state documents (its records are
the adapter's kinds there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from ..documents.vendors import VendorSpec
from ..errors import ApiError
from ..schema.model import SchemaModel, model_for
from ..schema.validation import to_issues
from .conform import complete
from .entropy import random_source
from .inference import infer_resources
from .model import Resource, ResourceModel
from .records import Recorder
from .storage import HIDDEN, CallScope, Repository, ShelfFactory, plain_shelf


class RecordError(Exception):
    """A fixture record that cannot be loaded: which kind, which record, which field, why."""

    def __init__(self, kind: str, index: int | str, field: str | None, reason: str) -> None:
        where = f"{kind}[{index}]" + (f".{field}" if field else "")
        super().__init__(f"{where}: {reason}")
        self.kind, self.index, self.field, self.reason = kind, index, field, reason


class ResourceSeeder:
    """Loads and checks the records of one vendor document's resources."""

    def __init__(self, model: SchemaModel, resources: ResourceModel,
                 shelves: dict[str, ShelfFactory] | None = None) -> None:
        self.model = model
        self.resources = resources
        self.recorders = {name: Recorder(model, r) for name, r in resources.resources.items()}
        self.shelves = shelves or {}

    @classmethod
    def for_spec(cls, spec: VendorSpec,
                 shelves: dict[str, ShelfFactory] | None = None) -> ResourceSeeder:
        """The seeder of a vendor document's resources, inferred from it."""
        model = model_for(spec.document)
        return cls(model, infer_resources(spec, model), shelves)

    @property
    def kinds(self) -> list[str]:
        """The record kinds fixtures may name: each resource's collection."""
        return sorted(r.collection for r in self.resources.resources.values())

    def resource(self, kind: str) -> Resource | None:
        return self.resources.by_collection(kind)

    def load(self, repo: Repository, namespace: str, records: dict[str, list[dict]],
             now: Callable[[], datetime], seed: str | None = None) -> None:
        """Put fixture records into an open transaction; RecordError names the first bad one."""
        draw = random_source(seed, repo, namespace)
        scope = CallScope(repo, namespace.split("/", 1)[-1], namespace, now(), draw)
        for kind, items in records.items():
            resource = self.resource(kind)
            if resource is None:
                raise RecordError(kind, 0, None, f"unknown record kind; this vendor's kinds "
                                                  f"are {', '.join(self.kinds)}")
            recorder = self.recorders[resource.name]
            shelf = self.shelves.get(resource.name, plain_shelf)(scope, resource)
            for index, item in enumerate(items):
                for field, reason in self._field_problems(resource, item):
                    raise RecordError(kind, index, field, reason)
                record = dict(item)
                key = record.get(resource.key)
                if key is None:
                    key = record[resource.key] = recorder.mint_key(
                        draw, lambda k, shelf=shelf: shelf.get(k) is not None)
                elif shelf.get(key) is not None:
                    raise RecordError(kind, index, resource.key,
                                      f"{key!r} is already the {resource.key} of another "
                                      f"{resource.name}")
                recorder.stamp(record, now(), creating=True)
                for field in recorder.created + recorder.updated:
                    if field in item:
                        record[field] = item[field]  # the fixture's own times win
                complete(self.model, resource.schema, record,
                         f"{seed or ''}/{namespace}/{resource.name}/{key}")
                try:
                    shelf.put(record)
                except ApiError as error:
                    raise RecordError(kind, index, error.param, error.message) from None

    def problems(self, kind: str, records: Any) -> Iterator[tuple[str, str]]:
        """(field, reason) for each way stored records of a kind (``{key: record}``, as a
        state document holds them) could not be restored."""
        resource = self.resource(kind)
        if resource is None:
            yield "", f"no resource has the kind {kind!r}; kinds: {', '.join(self.kinds)}"
            return
        if resource.name in self.shelves:
            yield "", (f"{resource.collection} are kept as the vendor's own records, not "
                       f"under the kind {kind!r}; a state document holds those records")
            return
        if not isinstance(records, dict):
            yield "", "must map record keys to records"
            return
        required = self.model.effective(resource.schema or {}).get("required") or ()
        for key, record in records.items():
            if not isinstance(record, dict):
                yield key, "must be a record (an object)"
                continue
            if str(record.get(resource.key)) != key:
                yield f"{key}.{resource.key}", (f"must be the key the record is filed under, "
                                                f"{key!r}; got {record.get(resource.key)!r}")
                continue
            missing = [name for name in required if name not in record]
            if missing:
                yield f"{key}.{missing[0]}", (f"is missing: a {resource.name} has "
                                              f"{', '.join(required)}")
                continue
            for field, reason in self._field_problems(resource, record):
                yield f"{key}.{field}", reason

    def _field_problems(self, resource: Resource, record: Any) -> Iterator[tuple[str, str]]:
        if not isinstance(record, dict):
            yield "", "must be a record (a mapping of fields)"
            return
        schema = self.model.effective(resource.schema or {})
        properties = schema.get("properties") or {}
        closed = schema.get("additionalProperties", True) is False
        for field, value in record.items():
            if field.startswith(HIDDEN):
                continue
            if field not in properties:
                if closed:
                    yield field, f"is not a field of {resource.name}"
                continue
            validator = self.model.resolution.root.evolve(schema=properties[field])
            error = next(iter(validator.iter_errors(value)), None)
            issue = next(iter(to_issues(error, (field,))), None) if error else None
            if issue is not None:
                yield ".".join(str(part) for part in issue.location), issue.message
