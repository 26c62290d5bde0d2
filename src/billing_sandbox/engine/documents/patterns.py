"""Regular expressions as a document means them.

Some vendors publish a ``pattern`` as a JavaScript regex literal: ``"/^[a-z0-9_-]+$/i"``.
JSON Schema reads the whole text as the expression, slashes and flags included, which no
value a client sends matches. That is the document's mistake (``check`` reports it as a
warning), but the sandbox must not refuse every valid value because of it, nor generate values
that match the typo: validation and generation both read the literal that was meant, with its
flags (``i``, ``m``, ``s``) inline: ``(?i)^[a-z0-9_-]+$``.

A pattern is taken for a literal only when it cannot be meant as written: slashes around the
expression, and either flags after the closing slash or an anchor (``^``, ``$``) just inside
the slashes (``"/api/v1/"`` stays the expression it is).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_LITERAL = re.compile(r"/(?P<body>.+)/(?P<flags>[dgimsuvy]*)", re.DOTALL).fullmatch
_DATA = frozenset({"example", "examples", "enum", "const", "default"})


@lru_cache(maxsize=4096)
def js_literal(pattern: str) -> str | None:
    """The expression meant by a pattern written as a JavaScript literal, in Python's syntax
    (``/^[a-z]+$/i`` -> ``(?i)^[a-z]+$``); None when the pattern is not one."""
    match = _LITERAL(pattern)
    if match is None:
        return None
    body, flags = match["body"], match["flags"]
    if not flags and not (body.startswith("^") or body.endswith("$")):
        return None
    inline = "".join(flag for flag in "ims" if flag in flags)
    meant = f"(?{inline}){body}" if inline else body
    try:
        re.compile(meant)
    except re.error:
        return None
    return meant


def meant_pattern(pattern: Any) -> Any:
    """The expression to match values with: the meant literal, else the pattern as written."""
    return (js_literal(pattern) or pattern) if isinstance(pattern, str) else pattern


def js_literal_problems(document: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(JSON pointer, message) for every ``pattern`` of the document written as a literal."""
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield from js_literal_problems(item, f"{pointer}/{index}")
        return
    if not isinstance(document, dict):
        return
    pattern = document.get("pattern")
    if isinstance(pattern, str) and js_literal(pattern) is not None:
        yield (f"{pointer}/pattern",
               f"pattern {pattern!r} is written as a JavaScript regex literal; JSON Schema "
               f"reads the slashes and flags as part of the expression, so no value would "
               f"match it. The sandbox reads it as {js_literal(pattern)!r}")
    for key, value in document.items():
        if key not in _DATA and isinstance(value, dict | list):
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            yield from js_literal_problems(value, f"{pointer}/{escaped}")
