"""The JSON Schema validator classes for a document: OpenAPI 3.1 (JSON Schema 2020-12) or
OpenAPI 3.0 (Draft 4 and ``nullable``), with ``pattern`` matched as the document meant it
(a JavaScript regex literal such as ``/^[a-z]+$/i`` is read as that literal; see
documents/patterns.py), so that validation and generation agree on what a pattern allows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, OAS31Validator

from ..documents.patterns import meant_pattern


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict) -> Iterator[
        ValidationError]:
    if validator.is_type(instance, "string") and not re.search(meant_pattern(pattern),
                                                                instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


OAS31 = validators.extend(OAS31Validator, {"pattern": _pattern})
OAS30 = validators.extend(OAS30Validator, {"pattern": _pattern})


def validator_class(document: dict) -> Any:
    """The validator class for ``document``'s OpenAPI version (3.1 unless it says 3.0)."""
    return OAS30 if str(document.get("openapi", "3.1")).startswith("3.0") else OAS31
