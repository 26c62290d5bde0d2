"""A pattern published as a JavaScript regex literal is the document's mistake: reported as a
warning, and read as the literal that was meant."""

from __future__ import annotations

import pytest

from billing_sandbox.engine.documents.patterns import js_literal, meant_pattern
from billing_sandbox.engine.documents.reading import check_document

LITERAL = "/^[a-z0-9_-]+$/i"


@pytest.mark.parametrize(("written", "meant"), [
    (LITERAL, "(?i)^[a-z0-9_-]+$"),
    ("/^\\d{4}$/", "^\\d{4}$"),
    ("/cus_[a-z]+/gm", "(?m)cus_[a-z]+"),
    ("/^a\\/b$/s", "(?s)^a\\/b$"),
])
def test_a_javascript_literal_is_read_as_the_expression_meant(written, meant):
    assert js_literal(written) == meant
    assert meant_pattern(written) == meant


@pytest.mark.parametrize("written", ["^[a-z]+$", "/api/v1/", "/", "//", "/[a-z/i", "/(/i"])
def test_any_other_pattern_is_read_as_written(written):
    assert js_literal(written) is None
    assert meant_pattern(written) == written


def test_check_reports_each_literal_as_a_warning_at_its_pointer():
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": {"Code": {"type": "object", "properties": {
                    "code": {"type": "string", "pattern": LITERAL},
                    "pattern": {"type": "string", "example": {"pattern": LITERAL}}}}}}}
    problems = check_document(document, "api.yaml")
    assert [(p.pointer, p.severity) for p in problems] == [
        ("/components/schemas/Code/properties/code/pattern", "warning")]
    assert "(?i)^[a-z0-9_-]+$" in str(problems[0]) and "warning" in str(problems[0])
