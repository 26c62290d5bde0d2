"""A string matching a regular expression, built by walking the parsed expression.

Used when neither a documented example nor a simple candidate matches a schema's ``pattern``.
"""

from __future__ import annotations

import random
import re
import string

try:  # Python 3.11+: the parser behind ``re``
    from re import _constants as _sre_constants
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

_C = _sre_constants
_CATEGORY_CHARS = {
    _C.CATEGORY_DIGIT: string.digits,
    _C.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    _C.CATEGORY_SPACE: " ",
    _C.CATEGORY_NOT_DIGIT: string.ascii_letters,
    _C.CATEGORY_NOT_WORD: "-.,: ",
    _C.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}
_PRINTABLE = string.ascii_letters + string.digits + "-_.:/ "


def string_from_pattern(pattern: str, rng: random.Random) -> str | None:
    """A string matching ``pattern``, built by walking the parsed expression (None if it
    uses a construct this walk does not know)."""
    try:
        parsed = _sre_parser.parse(pattern)
        return _walk(parsed, rng, {})
    except (re.error, KeyError, TypeError, ValueError, IndexError, RecursionError):
        return None


def _walk(items, rng: random.Random, groups: dict) -> str:
    out = []
    for op, arg in items:
        if op is _C.LITERAL:
            out.append(chr(arg))
        elif op is _C.NOT_LITERAL:
            out.append(rng.choice([c for c in _PRINTABLE if ord(c) != arg]))
        elif op is _C.ANY:
            out.append(rng.choice(string.ascii_letters))
        elif op is _C.IN:
            out.append(_pick_in(arg, rng))
        elif op is _C.CATEGORY:
            out.append(rng.choice(_CATEGORY_CHARS[arg]))
        elif op is _C.BRANCH:
            out.append(_walk(rng.choice(arg[1]), rng, groups))
        elif op is _C.SUBPATTERN:
            text = _walk(arg[-1], rng, groups)
            if arg[0] is not None:
                groups[arg[0]] = text
            out.append(text)
        elif op is _C.ATOMIC_GROUP:
            out.append(_walk(arg, rng, groups))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            low, high, body = arg
            high = low + 3 if high is _C.MAXREPEAT else min(high, low + 3)
            out.extend(_walk(body, rng, groups) for _ in range(rng.randint(low, high)))
        elif op is _C.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue  # anchors and lookarounds add no characters
        else:
            raise ValueError(f"unsupported regular expression construct {op}")
    return "".join(out)


def _pick_in(members, rng: random.Random) -> str:
    allowed: list[str] = []
    negate = False
    for op, arg in members:
        if op is _C.NEGATE:
            negate = True
        elif op is _C.LITERAL:
            allowed.append(chr(arg))
        elif op is _C.RANGE:
            low, high = arg
            allowed.extend(chr(code) for code in range(low, min(high, low + 255) + 1))
        elif op is _C.CATEGORY:
            allowed.extend(_CATEGORY_CHARS[arg])
        else:
            raise ValueError(f"unsupported character class member {op}")
    if negate:
        excluded = set(allowed)
        return rng.choice([c for c in _PRINTABLE if c not in excluded])
    return rng.choice(allowed)
