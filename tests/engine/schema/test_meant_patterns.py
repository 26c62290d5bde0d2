"""A pattern published as a JavaScript regex literal (``/^[a-z0-9_-]+$/i``): validation and
generation both read the literal that was meant, so valid client values pass, invalid ones
are refused, and generated values match what the vendor meant."""

from __future__ import annotations

import re

import pytest
from support.clients import AppClient
from support.specs import sandbox_for

from billing_sandbox.engine.schema.generate import generate_value
from billing_sandbox.engine.schema.model import model_for

CODE = "/^[a-z0-9_-]+$/i"
ID = "/^cp_[a-f0-9]{8}$/"
COUPON = {"type": "object", "required": ["id", "code"], "properties": {
    "id": {"type": "string", "pattern": ID}, "code": {"type": "string", "pattern": CODE}}}
DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "coupons", "version": "1"},
    "paths": {"/coupons": {"post": {
        "operationId": "createCoupon",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["code"],
            "properties": {"code": {"type": "string", "pattern": CODE}}}}}},
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Coupon"}}}},
            "422": {"description": "invalid", "content": {"application/json": {"schema": {
                "type": "object", "required": ["message"],
                "properties": {"message": {"type": "string"}}}}}}}}}},
    "components": {"schemas": {"Coupon": COUPON}},
}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    built = sandbox_for(tmp_path_factory.mktemp("patterns"), {"coupons": DOCUMENT})
    yield built
    built.close()


@pytest.mark.parametrize("code", ["SUMMER_10", "spring-2026", "x"])
def test_a_value_matching_the_meant_literal_is_accepted(sandbox, code):
    answer = AppClient(sandbox.app).post("/coupons/coupons", json={"code": code})
    assert answer.status_code == 200, answer.text
    assert re.fullmatch(r"cp_[a-f0-9]{8}", answer.json()["id"])
    assert re.fullmatch(r"(?i)[a-z0-9_-]+", answer.json()["code"])
    assert sandbox.monitor.violations() == []


@pytest.mark.parametrize("code", ["no spaces", "", "/^x$/i"])
def test_a_value_the_meant_literal_refuses_is_refused(sandbox, code):
    answer = AppClient(sandbox.app).post("/coupons/coupons", json={"code": code})
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("code")


def test_generated_values_match_the_meant_literal():
    document = {"openapi": "3.1.0", "components": {"schemas": {"Coupon": COUPON}}}
    model = model_for(document)
    for seed in range(20):
        coupon = generate_value(COUPON, document, seed=str(seed))
        assert re.fullmatch(r"cp_[a-f0-9]{8}", coupon["id"]), coupon
        assert model.is_valid("/components/schemas/Coupon", coupon)
        assert not model.is_valid("/components/schemas/Coupon", {**coupon, "id": ID})
