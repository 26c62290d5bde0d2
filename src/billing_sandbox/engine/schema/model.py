"""One model per OpenAPI document: everything the engine asks of its schemas, answered once.

Validation (compiled validators by JSON pointer), generation and resource inference (schemas
with ``$ref`` followed and ``allOf`` merged), coercion of text from the wire (what a schema
allows) and each operation's schema locations all read the same `SchemaModel`, so a schema is
resolved once per document, whoever asks first. `model_for(document)` gives a document's model.
"""

from __future__ import annotations

import threading
from typing import Any

from ..documents.reading import deref
from ..documents.vendors import Operation
from ..errors import Issue
from .operations import CompiledOperation, compile_operation
from .resolution import Resolution
from .validation import Validators
from .views import SchemaView, fold

_MAX_VIEWS = 100_000  # schemas built per request (merged branches) would otherwise pile up


class SchemaModel:
    def __init__(self, document: dict) -> None:
        self.document = document
        self.is_30 = str(document.get("openapi", "3.1")).startswith("3.0")
        self.resolution = Resolution(document)
        self.validators = Validators(document)
        self._views: dict[int, SchemaView] = {}
        self._operations: dict[str, CompiledOperation] = {}

    # -- the document's objects -------------------------------------------------------------

    def deref(self, node: Any) -> Any:
        """A parameter, body, response or schema object with its ``$ref`` chain followed."""
        return deref(self.document, node)

    def compiled(self, operation: Operation) -> CompiledOperation:
        """Where each schema of ``operation`` lives in the document (see operations.py)."""
        found = self._operations.get(operation.operation_id)
        if found is None:
            found = self._operations[operation.operation_id] = compile_operation(
                self.document, operation)
        return found

    # -- schemas ----------------------------------------------------------------------------

    def effective(self, schema: Any) -> dict:
        """The schema with its ``$ref`` chain followed and ``allOf`` merged."""
        return self.resolution.effective(schema)[0]

    def view(self, schema: Any) -> SchemaView | None:
        """What the schema allows a value from the wire to be; ``None`` for no schema."""
        if not isinstance(schema, dict):
            return None
        view = self._views.get(id(schema))
        if view is None or view.schema is not schema:
            if len(self._views) >= _MAX_VIEWS:
                self._views.clear()
            view = self._views[id(schema)] = SchemaView(schema, self, fold(schema,
                                                                           self.document))
        return view

    # -- validation -------------------------------------------------------------------------

    def issues(self, pointer: str, instance: Any, location: tuple,
               plain: bool = False) -> list[Issue]:
        """Every way ``instance`` breaks the schema at ``pointer``, as Issues under location
        (``plain``: the instance is JSON data as a decoder makes it; see fast_check.py)."""
        return self.validators.issues(pointer, instance, location, plain)

    def is_valid(self, pointer: str, instance: Any) -> bool:
        return self.validators.is_valid(pointer, instance)

    def validator(self, pointer: str):
        return self.validators.validator(pointer)


_MODELS: dict[int, SchemaModel] = {}
_MAX_MODELS = 64
_MODELS_LOCK = threading.Lock()


def model_for(document: dict) -> SchemaModel:
    """The model of ``document``: one per document object, made on first use."""
    model = _MODELS.get(id(document))
    if model is None or model.document is not document:
        with _MODELS_LOCK:
            model = _MODELS.get(id(document))
            if model is None or model.document is not document:
                model = SchemaModel(document)
                while len(_MODELS) >= _MAX_MODELS:
                    del _MODELS[next(iter(_MODELS))]
                _MODELS[id(document)] = model
    return model
