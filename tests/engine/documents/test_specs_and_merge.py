"""Vendor folders load as written; conflicting files and broken documents are refused precisely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from billing_sandbox.engine.documents.merge import merge_documents
from billing_sandbox.engine.documents.reading import SpecError, read_document
from billing_sandbox.engine.documents.vendors import (
    discover_vendors,
    load_vendor,
    server_base_paths,
)
from billing_sandbox.shipped import SHIPPED_SPECS

ROOT = Path(__file__).resolve().parents[3]


def write(folder: Path, name: str, document: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(document) if name.endswith("yaml") else json.dumps(document))
    return path


def document(path: str, op_id: str, schema: dict | None = None) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {path: {"get": {"operationId": op_id, "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
        }}}}},
        "components": {"schemas": {"Thing": schema or {"type": "object"}}},
    }


def test_the_shipped_zenskar_folder_merges_three_seed_documents_and_its_slices():
    vendor = load_vendor(SHIPPED_SPECS / "zenskar")
    ids = {op.operation_id for op in vendor.operations}
    assert {"Generate-an-invoice", "Create-invoice-charge",
            "Create-credit-note-against-invoice"} <= ids
    charge = vendor.operation("Create-invoice-charge")
    assert {"200", "422", "404"} <= set(charge.responses)  # 404 comes from errors.yaml


def test_files_of_a_folder_merge_and_identical_components_are_fine(tmp_path):
    write(tmp_path / "acme", "a.yaml", document("/a", "getA"))
    write(tmp_path / "acme", "b.json", document("/b", "getB"))
    (vendor,) = discover_vendors(tmp_path)
    assert vendor.name == "acme"
    assert sorted(op.operation_id for op in vendor.operations) == ["getA", "getB"]


def test_merging_leaves_the_documents_as_they_were_unless_told_they_may_be_used():
    files = sorted((SHIPPED_SPECS / "zenskar").glob("*.yaml"))
    documents = [(str(path), read_document(path)) for path in files]
    as_read = json.dumps(documents, sort_keys=True, default=str)
    merged = merge_documents(documents)
    assert json.dumps(documents, sort_keys=True, default=str) == as_read
    fresh = [(str(path), read_document(path)) for path in files]
    assert merge_documents(fresh, copy_documents=False) == merged


def test_a_component_defined_differently_names_both_files_and_the_component(tmp_path):
    first = write(tmp_path / "acme", "a.yaml", document("/a", "getA"))
    second = write(tmp_path / "acme", "b.yaml", document("/b", "getB", {"type": "string"}))
    with pytest.raises(SpecError) as caught:
        load_vendor(tmp_path / "acme")
    message = str(caught.value)
    assert str(first) in message and str(second) in message
    assert "/components/schemas/Thing" in message


def test_a_broken_reference_is_refused_with_its_file_and_pointer(tmp_path):
    broken = document("/a", "getA")
    broken["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"] = {"$ref": "#/components/schemas/Missing"}
    path = write(tmp_path / "acme", "a.yaml", broken)
    with pytest.raises(SpecError) as caught:
        load_vendor(tmp_path / "acme")
    assert f"{path}#/paths/~1a/get/responses/200/content/application~1json/schema/$ref" in str(
        caught.value)


def test_invalid_yaml_and_wrong_versions_are_refused(tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "a.yaml").write_text("openapi: [unclosed")
    with pytest.raises(SpecError, match="a.yaml"):
        load_vendor(folder)
    write(folder, "a.yaml", {**document("/a", "getA"), "openapi": "2.0"})
    with pytest.raises(SpecError, match="/openapi"):
        load_vendor(folder)


def test_jinja_looking_text_is_loaded_as_written(tmp_path):
    doc = document("/a", "getA")
    doc["info"]["description"] = "Use {{ customer.id }} in templates"
    write(tmp_path / "acme", "a.yaml", doc)
    vendor = load_vendor(tmp_path / "acme")
    assert vendor.document["info"]["description"] == "Use {{ customer.id }} in templates"


def test_server_urls_give_mount_paths():
    assert server_base_paths({"servers": [
        {"url": "{protocol}://{site}.{environment}:{port}/api/v1"},
        {"url": "https://api.zenskar.com"}, {"url": "/relative/"}]}) == ["/api/v1", "", "/relative"]
    assert server_base_paths({}) == [""]


def test_an_overlay_replaces_whole_the_operations_and_components_it_describes():
    def document(**extra) -> dict:
        return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, **extra}

    published = document(
        servers=[{"url": "https://x.example/api/v1"}],
        paths={"/items": {
            "get": {"operationId": "list", "parameters": [{"name": "a", "in": "query"}],
                    "responses": {"200": {"description": "v1"}}},
            "post": {"operationId": "create", "responses": {"200": {"description": "v1"}}}}},
        components={"schemas": {"Item": {"type": "object", "required": ["id", "v1_only"]},
                                "Other": {"type": "string"}}})
    overlay = document(**{
        "x-billing-sandbox-overlay": True,
        "servers": [{"url": "https://x.example/api/v2"}],
        "paths": {"/items": {"get": {"operationId": "list",
                                     "parameters": [{"name": "b", "in": "query"}],
                                     "responses": {"200": {"description": "v2"}}}}},
        "components": {"schemas": {"Item": {"type": "object", "required": ["id"]}}}})
    for order in ([("v1.json", published), ("overlay.yaml", overlay)],
                  [("overlay.yaml", overlay), ("v1.json", published)]):
        merged = merge_documents(order)
        listing = merged["paths"]["/items"]["get"]
        assert [p["name"] for p in listing["parameters"]] == ["b"]  # replaced, not merged
        assert merged["paths"]["/items"]["post"]["responses"]["200"]["description"] == "v1"
        assert merged["components"]["schemas"]["Item"]["required"] == ["id"]
        assert merged["components"]["schemas"]["Other"] == {"type": "string"}
        assert [s["url"] for s in merged["servers"]] == [
            "https://x.example/api/v1", "https://x.example/api/v2"]
        assert "x-billing-sandbox-overlay" not in merged
