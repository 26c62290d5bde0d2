"""The ``Prefer`` header, as Prism reads it: ``Prefer: code=404`` / ``Prefer: example=NAME``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preference:
    code: str | None = None
    example: str | None = None

    def __bool__(self) -> bool:
        return self.code is not None or self.example is not None


def parse_prefer(value: str | None) -> Preference:
    if not value:
        return Preference()
    found: dict[str, str] = {}
    for part in value.replace(";", ",").split(","):
        key, sep, item = part.strip().partition("=")
        if sep:
            found[key.strip().lower()] = item.strip().strip('"')
    return Preference(code=found.get("code"), example=found.get("example"))
