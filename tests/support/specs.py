"""A sandbox serving hand-written vendor documents, as a folder dropped into specs/ would be."""

from __future__ import annotations

from pathlib import Path

import yaml
from support.clients import CHARGEBEE_V1

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings


def sandbox_for(folder: Path, documents: dict[str, dict]):
    """The app built on ``{vendor: document}``, each written under ``folder``/specs/vendor."""
    specs = folder / "specs"
    for vendor, document in documents.items():
        (specs / vendor).mkdir(parents=True)
        (specs / vendor / f"{vendor}.yaml").write_text(yaml.safe_dump(document))
    return create_app(Settings(specs_dirs=[specs]))


def dropped_in(specs: Path, vendor: str = "cbv1", document: Path = CHARGEBEE_V1) -> Path:
    """``specs`` holding ``document`` as the vendor folder ``vendor``, linked: a published
    document is read in place (../shared), never copied."""
    (specs / vendor).mkdir(parents=True)
    (specs / vendor / document.name).symlink_to(document)
    return specs
