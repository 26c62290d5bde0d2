"""Read OpenAPI documents as written (YAML or JSON) and check them before they are served.

connexion's own loader renders documents through Jinja2 and refuses OpenAPI 3.1, so the project
reads the files itself. The published Chargebee document puts siblings next to ``$ref`` in
parameters, which strict meta-schema validators reject; the check here is the one a server
needs: the document is an OpenAPI 3.x object, every operation is well formed, every local
``$ref`` points somewhere, and operationIds are unique.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
