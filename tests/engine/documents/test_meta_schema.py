"""Each document is held to the OpenAPI meta-schema of its version, every problem of a file is
reported with its JSON pointer, and what a server serves as OpenAPI says (keys next to $ref)
is a warning, not an error."""

from __future__ import annotations

import pytest
import yaml
from support.clients import CHARGEBEE_V1

from billing_sandbox.engine.documents.reading import (
    check_document,
    document_warnings,
    read_document,
)
from billing_sandbox.shipped import CONTROL_SPEC, SHIPPED_SPECS

BROKEN = """
openapi: {version}
info: {{title: t, version: '1'}}
paths:
  /x:
    get:
      parameters:
        - {{name: q, in: query, schema: {{type: strin}}}}
        - {{name: r, in: query, schema: {{type: integer, minimum: low}}}}
      responses:
        '200': {{description: ok}}
"""


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_every_schema_problem_of_a_file_is_reported_with_its_pointer(version):
    problems = check_document(yaml.safe_load(BROKEN.format(version=version)), "api.yaml")
    by_pointer = {p.pointer: p.message for p in problems}
    assert set(by_pointer) == {"/paths/~1x/get/parameters/0/schema/type",
                               "/paths/~1x/get/parameters/1/schema/minimum"}
    assert '"strin" is not one of "array", "boolean", "integer"' in by_pointer[
        "/paths/~1x/get/parameters/0/schema/type"]
    assert str(problems[0]).startswith("api.yaml#/paths/~1x/get/parameters/")


def test_a_misspelt_parameter_location_names_the_allowed_ones():
    document = yaml.safe_load(BROKEN.format(version="3.1.0"))
    document["paths"]["/x"]["get"]["parameters"] = [
        {"name": "q", "in": "querry", "schema": {"type": "string"}}]
    [problem] = check_document(document, "api.yaml")
    assert problem.pointer == "/paths/~1x/get/parameters/0/in"
    assert problem.message == '"querry" is not one of "query", "header", "path", "cookie"'


def test_yaml_as_written_is_checked_unquoted_codes_and_dates_included():
    document = yaml.safe_load("""
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /x:
    get:
      responses:
        200:
          description: ok
          content:
            application/json:
              schema: {type: string, format: date, example: 2026-01-31}
""")
    assert check_document(document, "api.yaml") == []


def test_keys_next_to_a_reference_are_a_warning_not_an_error():
    document = yaml.safe_load(BROKEN.format(version="3.1.0"))
    document["paths"]["/x"]["get"]["parameters"] = [
        {"$ref": "#/components/parameters/Q", "name": "q", "in": "query"}]
    document["components"] = {"parameters": {"Q": {"name": "q", "in": "query",
                                                    "schema": {"type": "string"}}}}
    assert check_document(document, "api.yaml") == []
    [warning] = document_warnings(document, "api.yaml")
    assert warning.pointer == "/paths/~1x/get/parameters/0"
    assert warning.message.startswith("keys next to $ref are ignored") and "in, name" in \
        warning.message


def test_chargebees_published_document_passes_with_warnings_only():
    document = read_document(CHARGEBEE_V1)
    assert check_document(document, CHARGEBEE_V1.name) == []
    warnings = document_warnings(document, CHARGEBEE_V1.name)
    assert warnings and all("keys next to $ref are ignored" in w.message for w in warnings)


@pytest.mark.parametrize("path", sorted(SHIPPED_SPECS.glob("*/*.yaml")) + sorted(
    CONTROL_SPEC.glob("*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_shipped_documents_pass_without_warnings(path):
    document = read_document(path)
    assert check_document(document, path.name) == []
    assert document_warnings(document, path.name) == []
