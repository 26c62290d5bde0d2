"""Credentials are read as each documented scheme says; Prefer is read as Prism reads it."""

from __future__ import annotations

import base64

import pytest

from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.prefer import parse_prefer
from billing_sandbox.engine.http.security import present_credentials

SCHEMES = {
    "Key": {"type": "apiKey", "in": "header", "name": "x-api-key"},
    "Org": {"type": "apiKey", "in": "header", "name": "organisation"},
    "Bearer": {"type": "http", "scheme": "bearer"},
    "Basic": {"type": "http", "scheme": "basic"},
}


def test_all_schemes_of_a_requirement_must_be_present():
    found = present_credentials([{"Key": [], "Org": []}], SCHEMES,
                                {"x-api-key": "k", "organisation": "o"}, {}, {})
    assert found.values == {"Key": "k", "Org": "o"}
    with pytest.raises(ApiError) as caught:
        present_credentials([{"Key": [], "Org": []}], SCHEMES, {"x-api-key": "k"}, {}, {})
    assert caught.value.kind == "unauthenticated" and "organisation" in caught.value.message


def test_basic_takes_the_user_name_and_bearer_the_token():
    basic = "Basic " + base64.b64encode(b"cb_key:").decode()
    assert present_credentials([{"Basic": []}], SCHEMES, {"authorization": basic}, {},
                               {}).values == {"Basic": "cb_key"}
    assert present_credentials([{"Bearer": []}], SCHEMES, {"authorization": "Bearer t1"}, {},
                               {}).values == {"Bearer": "t1"}
    with pytest.raises(ApiError):
        present_credentials([{"Basic": []}], SCHEMES, {"authorization": "Bearer t1"}, {}, {})


def test_schemes_defined_but_never_required_still_require_one_of_them():
    with pytest.raises(ApiError):
        present_credentials(None, {"Basic": SCHEMES["Basic"]}, {}, {}, {})
    assert not present_credentials([], SCHEMES, {}, {}, {})  # explicitly public


def test_prefer_reads_code_and_example():
    assert parse_prefer("code=404").code == "404"
    preference = parse_prefer('code=200, example="paid"')
    assert (preference.code, preference.example) == ("200", "paid")
    assert not parse_prefer(None) and not parse_prefer("respond-async")
