"""Who may use the control plane, and its error shape ``{code, message, errors[field, reason]}``.

Without ``--admin-token`` only loopback peers are served (403 for others); with one, every
call must carry ``Authorization: Bearer <token>`` (401 otherwise), from wherever it comes."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from typing import Any

from billing_sandbox.engine.documents.vendors import Operation
from billing_sandbox.engine.errors import ApiError, Issue
from billing_sandbox.engine.http.api import Incoming
from billing_sandbox.engine.http.security import Credentials

ADMIN = "admin"


def is_loopback(host: str | None) -> bool:
    if host in ("localhost", "testclient"):  # in-process test transports name no address
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def admin_token_problem(token: str) -> str | None:
    """Why a token cannot be the admin token (None if it can): it must be one a client can
    send, not empty and without surrounding blanks (a file's newline, say)."""
    if not token.strip():
        return ("the admin token must not be empty: an empty token would let anyone who "
                "sends 'Bearer' in")
    if token != token.strip():
        return ("the admin token has leading or trailing blanks (a newline?), which no "
                "client sends; remove them")
    return None


def access_guard(admin_token: str | None) -> Callable[[dict, Incoming], None]:
    problem = admin_token_problem(admin_token) if admin_token is not None else None
    if problem is not None:
        raise ValueError(problem)
    def guard(scope: dict, incoming: Incoming) -> None:
        if admin_token is None:
            if incoming.client is not None and not is_loopback(incoming.client):
                raise ApiError("forbidden", "The control plane answers only on loopback; "
                                            "start the server with --admin-token to reach it "
                                            "from elsewhere")
            return
        scheme, _, token = incoming.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), admin_token):
            raise ApiError("unauthenticated", "Send Authorization: Bearer <admin token> "
                                              "(the --admin-token the server was started with)")

    return guard


def _field_error(issue: Issue, error: ApiError) -> dict:
    if issue.kind == "json":  # the body as a whole is not JSON (location: body, offset)
        return {"field": "body", "reason": error.message}
    return {"field": issue.field or ".".join(map(str, issue.location)), "reason": issue.message}


class ControlProfile:
    def authenticate(self, credentials: Credentials, operation: Operation) -> str:
        return ADMIN  # the guard has already decided

    def render_error(self, error: ApiError, operation: Operation | None) -> tuple[int, Any]:
        body: dict[str, Any] = {"code": error.code or error.kind, "message": error.message}
        if error.issues:
            body["errors"] = [_field_error(issue, error) for issue in error.issues]
        elif error.param:
            body["errors"] = [{"field": error.param, "reason": error.message}]
        status = error.status or 400
        return (400 if status in (415, 422) else status), body  # its document says 400 for all
