"""Which documented response answers an error: the one meant for validation, the nearest
documented one when the status is not, and never a status outside the contract when the
document has one near it."""

from __future__ import annotations

import pytest
from support.clients import AppClient
from support.error_documents import FASTAPI_STYLE, STATUS_ERRORS, TYPED
from support.specs import sandbox_for

BEARER = {"Authorization": "Bearer anything"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    built = sandbox_for(tmp_path_factory.mktemp("errors"), {
        "ledgerly": STATUS_ERRORS, "fastish": FASTAPI_STYLE, "typed": TYPED})
    yield built
    built.close()


@pytest.fixture(autouse=True)
def no_contract_violation(sandbox):
    sandbox.monitor.clear()
    yield
    assert [str(v) for v in sandbox.monitor.violations()] == []


def test_validation_answers_the_response_with_per_field_details_not_the_first_4xx(sandbox):
    answer = AppClient(sandbox.app).post(
        "/ledgerly/api/v1/customers", headers=BEARER,
        json={"customer": {"email": "not-an-email"}})
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422
    assert body["code"] == "validation_errors"  # the document's own word for it
    assert set(body["error_details"]) == {"customer.external_id", "customer.email"}
    assert body["error_details"]["customer.external_id"] == ["Field required"]
    assert "email" in body["error_details"]["customer.email"][0]


def test_a_fastapi_style_422_lists_each_issue_with_its_location(sandbox):
    answer = AppClient(sandbox.app).post("/fastish/widgets", json={"size": 0, "extra": 1})
    assert answer.status_code == 422
    assert answer.json()["detail"] == [
        {"loc": ["body", "size"], "msg": "Input should be greater than or equal to 1",
         "type": "minimum"}]


def test_a_malformed_body_answers_the_plain_400(sandbox):
    answer = AppClient(sandbox.app).post("/fastish/widgets", content=b"{nope",
                                         headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert "JSON" in answer.json()["detail"]


def test_an_undocumented_401_takes_the_documented_error_shape_and_its_enum(sandbox):
    answer = AppClient(sandbox.app).get("/typed/invoices/in_1")
    assert answer.status_code == 401
    assert answer.json() == {"message": answer.json()["message"], "type": "unauthorized"}
    assert "x-api-key" in answer.json()["message"]


def test_a_refusal_the_operation_documents_nothing_near_is_in_the_vendor_shape(sandbox):
    """findAllApiLogs documents 200 and 401 only: a bad query is a 422 in the shape the
    document gives 422 elsewhere, and not counted as the sandbox breaking the contract."""
    answer = AppClient(sandbox.app).get("/ledgerly/api/v1/api_logs?per_page=ten",
                                        headers=BEARER)
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422 and body["code"] == "validation_errors"
    assert list(body["error_details"]) == ["per_page"]


def test_a_query_array_of_words_or_status_codes_is_accepted(sandbox):
    answer = AppClient(sandbox.app).get(
        "/ledgerly/api/v1/api_logs?http_statuses[]=404&http_statuses[]=failed",
        headers=BEARER)
    assert answer.status_code == 200, answer.text


def test_a_body_too_large_answers_the_nearest_documented_error(sandbox):
    answer = AppClient(sandbox.app).post(
        "/ledgerly/api/v1/customers", headers=BEARER,
        json={"customer": {"external_id": "x" * (1024 * 1024)}})
    assert answer.status_code == 400
    assert answer.json() == {"status": 400, "error": answer.json()["error"]}
    assert "limit" in answer.json()["error"]


def test_a_status_code_out_of_range_is_refused_for_its_range_not_for_not_being_a_word(sandbox):
    answer = AppClient(sandbox.app).get("/ledgerly/api/v1/api_logs?http_statuses[]=99",
                                        headers=BEARER)
    assert answer.status_code == 422
    assert answer.json()["error_details"] == {
        "http_statuses[][0]": ["Input should be greater than or equal to 100"]}
