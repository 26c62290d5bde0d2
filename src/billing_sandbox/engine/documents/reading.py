"""Read OpenAPI documents as written (YAML or JSON) and check them before they are served.

connexion's own loader renders documents through Jinja2 and refuses OpenAPI 3.1, so the project
reads the files itself. The check is what a server needs: the document is an OpenAPI 3.x
object, every operation is well formed, every local ``$ref`` points somewhere, operationIds are
unique, and the document is valid against the OpenAPI meta-schema of its version (every Schema
Object against JSON Schema's, so ``type: strin`` is refused). Every problem of a file is
reported, each with its JSON pointer.

The published Chargebee document puts siblings next to ``$ref`` in parameters, which the strict
3.1 meta-schema refuses; OpenAPI says a Reference Object's siblings are ignored, and the server
ignores them, so that is a warning (``document_warnings``), not an error.

The meta-schemas are the OpenAPI Initiative's, as openapi-spec-validator ships them, checked
with jsonschema-rs: ~40 ms for Chargebee's 1.9 MB document (openapi-spec-validator's own
validator takes 2.3 s), so serving checks as much as ``billing-sandbox check`` does.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from .patterns import js_literal_problems

try:  # the C loader is ~10x faster on large documents
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


class SpecError(Exception):
    """A document that cannot be served; the message names the file and the JSON pointer."""


@dataclass(frozen=True)
class SpecProblem:
    file: str
    pointer: str
    message: str
    severity: str = "error"  # "warning": a mistake of the document that still serves

    def __str__(self) -> str:
        warning = "warning: " if self.severity == "warning" else ""
        return f"{self.file}#{self.pointer or '/'}: {warning}{self.message}"


def escape_pointer(token: str) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_of(*tokens: Any) -> str:
    return "".join("/" + escape_pointer(t) for t in tokens)


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at a local JSON pointer such as ``#/components/schemas/Invoice``."""
    node = document
    for token in pointer.lstrip("#").split("/")[1:]:
        token = unescape_pointer(token)
        if isinstance(node, list):
            node = node[int(token)]
        else:
            node = node[token]
    return node


def deref(document: dict, node: Any) -> Any:
    """Follow ``$ref`` chains of a parameter, body or response object (siblings are ignored)."""
    seen = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise SpecError(f"circular $ref {ref}")
        seen.add(ref)
        node = resolve_pointer(document, ref)
    return node


def read_document(path: Path) -> dict:
    """Parse one YAML or JSON file as written; a parse error names the file and the line."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            document = json.loads(text)
        else:
            document = yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as exc:
        raise SpecError(f"{path}: not valid JSON at line {exc.lineno}: {exc.msg}") from exc
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise SpecError(f"{path}#/: an OpenAPI document must be an object")
    return document


def check_document(document: dict, file: str) -> list[SpecProblem]:
    """Everything that would stop this document from being served, with JSON pointers, and
    (severity "warning") mistakes the sandbox reads as they were meant."""
    problems = _structure_problems(document, file)
    if not any(p.pointer == "/openapi" for p in problems):
        reported = {p.pointer for p in problems}
        problems += [p for p in _meta_schema_problems(document, file, warnings=False)
                     if p.pointer not in reported]
    return problems


def document_warnings(document: dict, file: str) -> list[SpecProblem]:
    """What the meta-schema refuses but a server serves as OpenAPI says (keys next to
    ``$ref``, which are ignored), with JSON pointers."""
    if not _version_checked(document):
        return []
    return _meta_schema_problems(document, file, warnings=True)


def _structure_problems(document: dict, file: str) -> list[SpecProblem]:
    problems: list[SpecProblem] = []

    def problem(pointer: str, message: str) -> None:
        problems.append(SpecProblem(file, pointer, message))

    version = document.get("openapi")
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        problem("/openapi", f"expected an OpenAPI 3.0.x or 3.1.x version, got {version!r}")
    info = document.get("info")
    if not isinstance(info, dict) or "title" not in info or "version" not in info:
        problem("/info", "info with title and version is required")
    paths = document.get("paths", {})
    if not isinstance(paths, dict):
        problem("/paths", "paths must be an object")
        paths = {}
    seen_ids: dict[str, str] = {}
    for path, item in paths.items():
        where = pointer_of("paths", path)
        if not str(path).startswith("/"):
            problem(where, "a path must start with '/'")
        if not isinstance(item, dict):
            problem(where, "a path item must be an object")
            continue
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            op_where = where + pointer_of(method)
            if not isinstance(operation, dict):
                problem(op_where, "an operation must be an object")
                continue
            if not isinstance(operation.get("responses"), dict) or not operation["responses"]:
                problem(op_where + "/responses", "an operation needs at least one response")
            op_id = operation.get("operationId")
            if op_id is not None:
                if op_id in seen_ids:
                    problem(op_where + "/operationId",
                            f"operationId {op_id!r} is also used at {seen_ids[op_id]}")
                seen_ids[op_id] = op_where
            for index, param in enumerate(operation.get("parameters", []) + item.get(
                    "parameters", [])):
                if isinstance(param, dict) and "$ref" not in param and (
                        "name" not in param or "in" not in param):
                    problem(op_where + pointer_of("parameters", index),
                            "a parameter needs name and in")
    for pointer, message in js_literal_problems(document):
        problems.append(SpecProblem(file, pointer, message, "warning"))
    for pointer, ref in _local_refs(document, ""):
        if not ref.startswith("#"):
            problem(pointer, f"only local references are supported, got {ref!r}")
            continue
        try:
            resolve_pointer(document, ref)
        except (KeyError, IndexError, ValueError, TypeError):
            problem(pointer, f"$ref {ref!r} points to nothing")
    return problems


def _local_refs(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield pointer + "/$ref", ref
        for key, value in node.items():
            if isinstance(value, dict | list):
                yield from _local_refs(value, pointer + "/" + escape_pointer(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, dict | list):
                yield from _local_refs(value, f"{pointer}/{index}")


# Meta-schemas: the OpenAPI Initiative's document schemas as openapi-spec-validator ships them
# (found without importing it: its import takes 0.6 s). The 3.1 one leaves Schema Objects to a
# dialect (``$dynamicRef: #meta``); as in the OAI's "schema-base", they are held to JSON Schema
# 2020-12 (which allows the OpenAPI keywords discriminator, xml, externalDocs and example).
_META_SCHEMA_FILES = {"3.0": "v3.0/schema.json", "3.1": "v3.1/schema.json"}
_SCHEMA_OBJECTS_2020_12 = "https://json-schema.org/draft/2020-12/schema"
# an error at an object holding $ref of one of these kinds means: keys next to $ref
_SIBLING_KINDS = (jsonschema_rs.ValidationErrorKind.UnevaluatedProperties,
                  jsonschema_rs.ValidationErrorKind.AdditionalProperties,
                  jsonschema_rs.ValidationErrorKind.OneOfMultipleValid)


def _version_checked(document: dict) -> str | None:
    version = document.get("openapi")
    if isinstance(version, str) and version[:3] in _META_SCHEMA_FILES:
        return version[:3]
    return None


@cache
def _meta_schema_validator(version: str):
    package = importlib.util.find_spec("openapi_spec_validator")
    folder = Path(package.submodule_search_locations[0]) / "resources" / "schemas"
    schema = json.loads((folder / _META_SCHEMA_FILES[version]).read_text(encoding="utf-8"))
    if version == "3.0":  # its Schema Object definition is complete
        return jsonschema_rs.validator_for(schema)
    with_schemas = {
        "$id": "urn:billing-sandbox:openapi-3.1-with-schema-objects",
        "$schema": _SCHEMA_OBJECTS_2020_12,
        "$ref": schema["$id"],
        "$defs": {"schema": {"$dynamicAnchor": "meta", "$ref": _SCHEMA_OBJECTS_2020_12}},
    }
    return jsonschema_rs.validator_for(
        with_schemas, registry=jsonschema_rs.Registry([(schema["$id"], schema)]))


def _meta_schema_problems(document: dict, file: str, warnings: bool) -> list[SpecProblem]:
    """The meta-schema's errors (``warnings``: only the keys-next-to-$ref ones, else all but
    those), each explained by its deepest cause."""
    validator = _meta_schema_validator(_version_checked(document))
    try:
        errors = list(validator.iter_errors(document))
    except (ValueError, TypeError):  # YAML: integer keys (response codes), dates in examples
        document = json.loads(json.dumps(document, default=str))
        errors = list(validator.iter_errors(document))
    problems: list[SpecProblem] = []
    summaries: set[str] = set()
    for error in errors:
        if _is_ref_sibling(error, document):
            if warnings:
                problems.append(SpecProblem(
                    file, pointer_of(*error.instance_path),
                    "keys next to $ref are ignored (a Reference Object takes $ref, summary "
                    "and description): " + ", ".join(_siblings(error))))
        elif not warnings:
            causes = _causes(error)
            problems += [SpecProblem(file, pointer_of(*path), message)
                         for path, message, _ in causes]
            summaries.update(pointer_of(*path) for path, _, summary in causes if summary)
    return _without_summaries(problems, summaries)


def _causes(error) -> list[tuple[list, str, bool]]:
    """(path, message, whether it only sums up others) of what explains an error. A failed
    oneOf/anyOf is explained by the alternative that got furthest into the document (a
    parameter that is neither a Reference nor a valid Parameter, by what is wrong with it as a
    Parameter); when several get as far, by what each of them asks for."""
    path = list(error.instance_path)
    branches = [b for b in (getattr(error.kind, "context", None) or []) if b]
    if not branches:
        return [(path, _message(error), False)]
    reach = [max(_deepest(e) for e in branch) for branch in branches]
    furthest = max(reach)
    if furthest <= len(path) and len(branches) == 1:
        return [(path, _message(error), True)]
    best = [branch for branch, depth in zip(branches, reach, strict=True) if depth == furthest]
    if len(best) == 1:
        return [cause for e in best[0] for cause in _causes(e)]
    alternatives = [[cause for e in branch for cause in _causes(e)] for branch in best]
    paths = {tuple(cause[0]) for causes in alternatives for cause in causes}
    return [(list(paths.pop()) if len(paths) == 1 else path,
             " - or: ".join("; ".join(cause[1] for cause in causes) for causes in alternatives),
             False)]


def _deepest(error) -> int:
    """How far into the document an error, or any error of its alternatives, points."""
    branches = getattr(error.kind, "context", None) or []
    return max([len(error.instance_path)] + [_deepest(e) for b in branches for e in b])


def _message(error) -> str:
    """jsonschema-rs's message, with every allowed value of an enum (it names two)."""
    options = getattr(error.kind, "options", None)
    if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Enum) and options:
        return (f"{json.dumps(error.instance)} is not one of "
                f"{', '.join(json.dumps(option) for option in options)}")
    return error.message


def _is_ref_sibling(error, document: dict) -> bool:
    if not isinstance(error.kind, _SIBLING_KINDS):
        return False
    try:
        node = _at(document, error.instance_path)
    except (KeyError, IndexError, TypeError):
        return False
    return isinstance(node, dict) and "$ref" in node


def _siblings(error) -> list[str]:
    unexpected = getattr(error.kind, "unexpected", None)
    if unexpected:
        return sorted(str(key) for key in unexpected)
    node = error.instance if isinstance(error.instance, dict) else {}
    return sorted(str(k) for k in node if k not in ("$ref", "summary", "description"))


def _at(document: Any, path: list) -> Any:
    node = document
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[str(token)]
    return node


def _without_summaries(problems: list[SpecProblem], summaries: set[str]) -> list[SpecProblem]:
    """Drop an error that only sums up others ("not valid under any of the schemas") where
    another problem explains it deeper, and repeated problems."""
    pointers = {p.pointer for p in problems}
    kept = [p for p in problems if p.pointer not in summaries or not any(
        other.startswith(p.pointer + "/") for other in pointers)]
    return list(dict.fromkeys(kept))
