"""Records made from requests: the fields a resource has, a minted key, timestamps from the
sandbox clock, and updates merged into what is kept."""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..errors import MISSING
from ..schema import formats
from ..schema.model import SchemaModel
from ..wire.coerce import coerce_value
from . import naming
from .model import Resource

_ALPHANUMERIC = string.ascii_letters + string.digits
_MINT_ATTEMPTS = 32


class Recorder:
    """How the records of one resource are made and changed."""

    def __init__(self, model: SchemaModel, resource: Resource) -> None:
        self.model = model
        self.resource = resource
        schema = model.effective(resource.schema) if resource.schema else {}
        self.properties: dict[str, Any] = schema.get("properties") or {}
        self.created = [f for f in self.properties if naming.is_created_field(f)]
        self.updated = [f for f in self.properties if naming.is_updated_field(f)]
        self.started = [f for f in self.properties if naming.is_start_field(f)]

    def fields_of(self, body: Any) -> dict:
        """The body's fields that the resource has, each as the resource holds it: text is read
        as the field's type, a value the record could not hold is left out. Parallel arrays
        (``addons[id][0]``, ``addons[quantity][0]``) become the list of rows the resource
        keeps."""
        if not isinstance(body, dict):
            return {}
        kept = {}
        for key, value in body.items():
            schema = self.properties.get(key)
            if schema is None:
                continue
            if self._holds(schema, value):
                kept[key] = value
                continue
            typed = self._typed(schema, value)
            if typed is not MISSING:
                kept[key] = typed
                continue
            rows = _rows(value)
            if rows is not None and self._holds(schema, rows):
                kept[key] = rows
        return kept

    def _typed(self, schema: Any, value: Any) -> Any:
        """A form field the request's schema does not describe arrives as text: read as the
        resource's field takes it (``net_term_days=30`` -> 30), or MISSING."""
        if not isinstance(value, str):
            return MISSING
        issues: list = []
        typed = coerce_value(value, self.model.view(schema), ("body",), issues)
        return typed if not issues and self._holds(schema, typed) else MISSING

    def _holds(self, schema: Any, value: Any) -> bool:
        return self.model.resolution.is_valid(schema, value)

    def embeds(self, name: str, record: dict) -> bool:
        """Whether the resource keeps a record it names whole, in a field of that name
        (a subscription's ``customer`` object)."""
        schema = self.properties.get(name)
        return schema is not None and self._holds(schema, record)

    def mint_key(self, draw: Callable[[int], bytes], taken: Callable[[str], bool]) -> Any:
        """A new key in the documented format (uuid, pattern, the style of its example,
        else 16 letters and digits), not yet taken."""
        key = self.resource.key
        schema = self.properties.get(key, {"type": "string"})
        eff = self.model.effective(schema)
        for _ in range(_MINT_ATTEMPTS):
            rng = random.Random(draw(16))
            value = self._key_value(key, eff, rng)
            if not taken(str(value)):
                return value
        raise RuntimeError(f"could not mint a free {self.resource.name} {key}")

    def _key_value(self, key: str, eff: dict, rng: random.Random) -> Any:
        kind = eff.get("type")
        if kind == "integer" or kind == ["integer"]:
            return rng.randrange(1, 2**31)
        example = next((v for v in [eff.get("example"), *(eff.get("examples") or [])]
                        if isinstance(v, str) and v), None)
        if eff.get("format") == "uuid" or (example and _is_uuid(example)):
            return formats.seeded_uuid(rng)
        if eff.get("pattern") or eff.get("format"):
            return formats.string_value(eff, key, rng, self.model.resolution.conforms)
        if example is not None:
            shaped = formats.mimic(example, rng)
            if formats.string_fits(eff, shaped):
                return shaped
        length = min(16, eff.get("maxLength") or 16)
        return "".join(rng.choices(_ALPHANUMERIC, k=max(length, eff.get("minLength", 1))))

    def stamp(self, record: dict, now: datetime, creating: bool) -> None:
        """Creation and update times from the sandbox clock, in each field's own type; a new
        record starts now unless the request says when."""
        for field in (self.created if creating else []) + self.updated:
            record[field] = self._instant(field, now)
        for field in self.started if creating else ():
            if record.get(field) is None:
                record[field] = self._instant(field, now)

    def stamp_status(self, record: dict, status: str, now: datetime) -> None:
        """The time a record entered a status, where its schema keeps one (``cancelled_at``
        for ``cancelled``)."""
        for field in (f"{status}_at", f"{status}_on", f"{status}_time"):
            if field in self.properties:
                record[field] = self._instant(field, now)
                return

    def _instant(self, field: str, now: datetime) -> Any:
        eff = self.model.effective(self.properties[field])
        kinds = eff.get("type") if isinstance(eff.get("type"), list) else [eff.get("type")]
        seconds = int(now.timestamp())
        if "integer" in kinds:
            return seconds
        if "number" in kinds:
            return float(seconds)
        if eff.get("format") == "date":
            return now.astimezone(UTC).date().isoformat()
        return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def merge(record: dict, changes: dict) -> dict:
    """``record`` with ``changes`` applied: objects merged key by key, anything else replaced."""
    merged = dict(record)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _rows(value: Any) -> list[dict] | None:
    """``{"id": ["a", "b"], "quantity": [1, 2]}`` -> ``[{"id": "a", "quantity": 1}, ...]``."""
    if not isinstance(value, dict) or not value or not all(
            isinstance(column, list) for column in value.values()):
        return None
    height = max(len(column) for column in value.values())
    return [{name: column[row] for name, column in value.items()
             if row < len(column) and column[row] is not None} for row in range(height)]


def _is_uuid(text: str) -> bool:
    parts = text.split("-")
    return [len(p) for p in parts] == [8, 4, 4, 4, 12] and all(
        c in "0123456789abcdefABCDEF" for p in parts for c in p)
