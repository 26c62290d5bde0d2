"""A vendor = a folder of OpenAPI documents under the specs folder, merged into one API."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .merge import merge_documents
from .reading import (
    DOCUMENT_SUFFIXES,
    HTTP_METHODS,
    SpecError,
    SpecProblem,
    check_document,
    deref,
    pointer_of,
    read_document,
)

_SCHEME_AND_HOST = re.compile(r"^[A-Za-z{}][A-Za-z0-9+.\-{}]*://[^/]*")


@dataclass
class Operation:
    """One documented operation, with its references to parameters and bodies resolved."""

    vendor: str
    operation_id: str
    method: str
    path: str
    pointer: str
    parameters: list[dict]
    request_body: dict | None
    responses: dict[str, dict]
    security: list[dict] | None
    summary: str = ""
    description: str = ""

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class VendorSpec:
    name: str
    folder: Path
    files: list[Path]
    document: dict
    operations: list[Operation] = field(default_factory=list)
    base_paths: list[str] = field(default_factory=list)
    warnings: list[SpecProblem] = field(default_factory=list)  # the document still serves

    @property
    def security_schemes(self) -> dict:
        return self.document.get("components", {}).get("securitySchemes", {}) or {}

    def operation(self, operation_id: str) -> Operation:
        for operation in self.operations:
            if operation.operation_id == operation_id:
                return operation
        raise KeyError(operation_id)


def discover_vendors(specs_dir: Path) -> list[VendorSpec]:
    """Every sub-folder holding OpenAPI documents is a vendor, named by the folder."""
    specs_dir = Path(specs_dir)
    if not specs_dir.is_dir():
        raise SpecError(f"{specs_dir}: specs folder not found")
    vendors = [
        load_vendor(folder)
        for folder in sorted(p for p in specs_dir.iterdir() if p.is_dir())
        if _document_files(folder)
    ]
    if not vendors:
        raise SpecError(f"{specs_dir}: no vendor folders with OpenAPI documents")
    return vendors


def load_vendor(folder: Path) -> VendorSpec:
    files = _document_files(folder)
    documents = []
    problems = []
    for path in files:
        document = read_document(path)
        problems += check_document(document, str(path))
        documents.append((str(path), document))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SpecError("\n".join(str(p) for p in errors))
    merged = merge_documents(documents, copy_documents=False)  # read here, used only merged
    vendor = VendorSpec(name=folder.name, folder=folder, files=files, document=merged,
                        warnings=[p for p in problems if p.severity != "error"])
    vendor.base_paths = server_base_paths(merged)
    vendor.operations = list(_operations(folder.name, merged))
    return vendor


def server_base_paths(document: dict) -> list[str]:
    """The path part of each server URL (``{protocol}://{site}.x:{port}/api/v1`` -> /api/v1)."""
    paths: list[str] = []
    for server in document.get("servers") or [{"url": "/"}]:
        url = _SCHEME_AND_HOST.sub("", str(server.get("url", "/")))
        for name, variable in (server.get("variables") or {}).items():
            url = url.replace("{" + name + "}", str(variable.get("default", "")))
        url = "/" + url.strip("/") if url.strip("/") else ""
        if url not in paths:
            paths.append(url)
    return paths


def _document_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in DOCUMENT_SUFFIXES)


def _operations(vendor: str, document: dict):
    root_security = document.get("security")
    for path, item in (document.get("paths") or {}).items():
        item = deref(document, item)
        shared = [deref(document, p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            own = [deref(document, p) for p in operation.get("parameters", [])]
            own_keys = {(p["name"], p["in"]) for p in own}
            parameters = [p for p in shared if (p["name"], p["in"]) not in own_keys] + own
            body = deref(document, operation.get("requestBody"))
            responses = {
                str(code): deref(document, response)
                for code, response in (operation.get("responses") or {}).items()
            }
            yield Operation(
                vendor=vendor,
                operation_id=operation.get("operationId") or f"{method}_{path}",
                method=method.upper(),
                path=path,
                pointer=pointer_of("paths", path, method),
                parameters=parameters,
                request_body=body,
                responses=responses,
                security=operation.get("security", root_security),
                summary=str(operation.get("summary") or ""),
                description=str(operation.get("description") or ""),
            )
