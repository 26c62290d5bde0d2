"""Read the credentials a request presents for the security schemes its operation documents."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from ..errors import ApiError


@dataclass
class Credentials:
    """Values presented per scheme name: the API key, the bearer token, or the basic user."""

    values: dict[str, str] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.values)


def requirements_of(security: list[dict] | None, schemes: dict) -> list[dict]:
    """The operation's requirements; a document that defines schemes but never requires them
    (as Chargebee's published document does) is taken to require any one of its schemes."""
    if security is None:
        return [{name: []} for name in schemes]
    return security


def present_credentials(
    security: list[dict] | None,
    schemes: dict,
    headers: dict[str, str],
    query: dict[str, str],
    cookies: dict[str, str],
) -> Credentials:
    """Credentials of the first requirement fully present; ApiError(unauthenticated) if none."""
    requirements = requirements_of(security, schemes)
    if not requirements or any(not r for r in requirements):
        return Credentials()
    missing: list[str] = []
    for requirement in requirements:
        found = Credentials()
        for name in requirement:
            scheme = schemes.get(name, {})
            problem = _read(scheme, name, headers, query, cookies, found)
            if problem:
                missing.append(problem)
        if len(found.values) == len(requirement):
            return found
    raise ApiError("unauthenticated", "Not authenticated: " + "; ".join(dict.fromkeys(missing)))


def _read(scheme: dict, name: str, headers, query, cookies, found: Credentials) -> str | None:
    kind = scheme.get("type")
    if kind == "apiKey":
        where = {"header": headers, "query": query, "cookie": cookies}.get(scheme.get("in"), {})
        key = scheme.get("name", "")
        value = where.get(key.lower() if scheme.get("in") == "header" else key)
        if not value:
            return f"missing {scheme.get('in')} {key}"
        found.values[name] = value
        return None
    if kind == "http":
        authorization = headers.get("authorization", "")
        wanted = str(scheme.get("scheme", "")).lower()
        prefix, _, token = authorization.partition(" ")
        if prefix.lower() != wanted or not token.strip():
            return f"missing Authorization: {wanted.capitalize()} credentials"
        if wanted == "basic":
            try:
                user, _, password = base64.b64decode(token.strip()).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return "malformed Authorization: Basic credentials"
            if not user:
                return "empty user name in Authorization: Basic credentials"
            found.values[name] = user
            found.passwords[name] = password
        else:
            found.values[name] = token.strip()
        return None
    if kind in ("oauth2", "openIdConnect"):
        prefix, _, token = headers.get("authorization", "").partition(" ")
        if prefix.lower() != "bearer" or not token.strip():
            return "missing Authorization: Bearer token"
        found.values[name] = token.strip()
        return None
    return f"unsupported security scheme {name!r}"
