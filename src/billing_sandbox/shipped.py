"""What the package ships besides code: the vendors' OpenAPI documents, the demo tenants and the
control plane's document. Found in the installed package (importlib.resources), so that an
installed wheel serves them from any folder; never looked up in a source tree."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_path(*parts: str) -> Path:
    """A file or folder of the installed package, as a path (wheels install as files)."""
    resource = files("billing_sandbox").joinpath(*parts)
    if not isinstance(resource, Path):  # a zipped install: documents are read as folders
        raise RuntimeError(f"billing_sandbox must be installed as files, not from {resource}")
    return resource


SHIPPED_SPECS = package_path("specs")  # one folder per vendor
DEMO_FIXTURES = package_path("demo.yaml")
CONTROL_SPEC = package_path("control", "spec")
