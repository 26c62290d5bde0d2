"""The profile of a vendor folder with no adapter: credentials of its documented schemes, and
errors in the error responses its document declares.

The status is the documented one for the error (see error_responses.py); the body is built
from that response's schema with only what is true of the error (see error_bodies.py). A
status the operation does not document is answered in the shape the document gives it on
another operation, else in the shape of the operation's own client errors, so a client always
sees the vendor's error shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..documents.vendors import Operation
from ..errors import ApiError
from ..schema.generate import generate_value
from ..schema.model import SchemaModel
from ..schema.operations import MediaSlot
from .error_bodies import error_body
from .error_responses import (
    choose,
    client_error_keys,
    documented_elsewhere,
    json_slot,
    schema_of,
)
from .profile import TenantDirectory
from .security import Credentials


class GenericProfile:
    def __init__(self, schemas: SchemaModel, tenants: TenantDirectory | None = None) -> None:
        self.schemas = schemas
        self.document = schemas.document
        self.tenants = tenants or TenantDirectory()
        self._elsewhere: dict[str, MediaSlot | None] = {}

    def authenticate(self, credentials: Credentials, operation: Operation) -> str:
        if not credentials.values:
            return "default"
        if not self.tenants:
            return "default"
        for value in credentials.values.values():
            tenant = self.tenants.by_key(value)
            if tenant is not None:
                return tenant.id
        raise ApiError("unauthenticated", "Invalid credentials")

    def render_error(self, error: ApiError, operation: Operation | None) -> tuple[int, Any]:
        if operation is None:
            return int(error.status or 400), _shapeless(error)
        responses = self.schemas.compiled(operation).responses
        choice = choose(error, responses, self.schemas)
        seed = f"{operation.operation_id}:{choice.status}"
        documented = json_slot(responses.get(choice.key)) if choice.key else None
        if documented is not None:  # the contract's own shape: the best body it allows
            body = self._body(error, choice.status, documented, seed)
            return choice.status, body if body is not None else error_body(
                error, choice.status, schema_of(documented), self.schemas)
        for slot in self._other_shapes(choice.status, responses):
            body = self._body(error, choice.status, slot, seed)
            if body is not None:
                return choice.status, body
        return choice.status, _shapeless(error)

    def _other_shapes(self, status: int, responses: dict) -> Iterator[MediaSlot]:
        code = str(status)
        if code not in self._elsewhere:
            self._elsewhere[code] = documented_elsewhere(self.document, code)
        if self._elsewhere[code] is not None:
            yield self._elsewhere[code]
        for key in client_error_keys(responses):
            slot = json_slot(responses[key])
            if slot is not None:
                yield slot

    def _body(self, error: ApiError, status: int, slot: MediaSlot, seed: str) -> Any:
        """The true body if the schema takes it; else a generated valid body with as much
        of the true one as keeps it valid, and no optional generated field; else None."""
        schema = schema_of(slot)
        built = error_body(error, status, schema, self.schemas)
        if self.schemas.is_valid(slot.schema_pointer, built):
            return built
        generated = generate_value(schema, self.document, seed=seed)
        if not self.schemas.is_valid(slot.schema_pointer, generated):
            return None
        if not isinstance(built, dict) or not isinstance(generated, dict):
            return generated
        body = dict(generated)
        for key, value in built.items():
            if self.schemas.is_valid(slot.schema_pointer, {**body, key: value}):
                body[key] = value
        for key in [k for k in body if k not in built]:
            trial = {k: v for k, v in body.items() if k != key}
            if self.schemas.is_valid(slot.schema_pointer, trial):
                body = trial
        return body


def _shapeless(error: ApiError) -> dict:
    """For a document that declares no error body at all."""
    body = {"message": error.message, "type": error.kind}
    if error.param:
        body["param"] = error.param
    return body
