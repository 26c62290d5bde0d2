"""Ledger refusals as Chargebee errors: the status, api_error_code and the ``param`` at fault.

Messages follow Chargebee's ``"<param> : <reason>"`` form and say what was received.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from billing_sandbox.core import (
    COUPON,
    CurrencyMismatch,
    Duplicate,
    InvalidInput,
    InvalidState,
    LedgerError,
    LimitExceeded,
    NotFound,
    PaymentDeclined,
)
from billing_sandbox.engine.errors import ApiError

# Chargebee's code for a coupon that expired or ran out of redemptions.
COUPON_EXHAUSTED = "resource_limit_exhausted"


def wrong_value(param: str, reason: str) -> ApiError:
    """400 param_wrong_value naming the parameter."""
    return ApiError("validation", f"{param} : {reason}", param=param)


def not_found(kind: str, record_id: object, param: str | None = None) -> ApiError:
    """404 resource_not_found; ``param`` names the request field that held the id."""
    label = kind.replace("_", " ")
    where = f"{param} : " if param else ""
    return ApiError("not_found", f"{where}{label} {record_id!r} not found", param=param)


@contextmanager
def chargebee_errors(fields: dict[str, str] | None = None,
                     params_by_kind: dict[str, str] | None = None) -> Iterator[None]:
    """Turn a LedgerError raised inside the block into an ApiError.

    ``fields`` renames ledger fields to the request's params (``coupon_id`` -> ``coupon``);
    ``params_by_kind`` names the param that held the id of a record kind that was not found.
    """
    fields = fields or {}
    params_by_kind = params_by_kind or {}
    try:
        yield
    except NotFound as error:
        raise not_found(error.kind, error.record_id, params_by_kind.get(error.kind)) from None
    except InvalidInput as error:
        param = fields.get(error.field, error.field)
        received = f" (received {error.value!r})" if error.has_value else ""
        raise wrong_value(param, f"{error.reason}{received}") from None
    except CurrencyMismatch as error:
        param = fields.get(error.field, error.field)
        raise wrong_value(param, f"{error.given} does not match the currency {error.expected} "
                                 "of the customer") from None
    except LimitExceeded as error:
        param = fields.get(error.field, error.field)
        raise wrong_value(param, f"{error.message}; at most {error.limit}") from None
    except InvalidState as error:
        if error.kind == COUPON:
            param = params_by_kind.get(COUPON)
            raise ApiError("bad_request", f"{param} : {error.message}" if param else
                           error.message, param=param, code=COUPON_EXHAUSTED) from None
        raise ApiError("invalid_state", error.message) from None
    except Duplicate as error:
        raise ApiError("duplicate", error.message, param="id") from None
    except PaymentDeclined as error:
        raise ApiError("payment_failed", error.message) from None
    except LedgerError as error:  # a refusal this adapter does not know yet: still a 400
        raise ApiError("bad_request", error.message) from None
