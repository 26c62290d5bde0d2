"""Scalar values for synthesized bodies: strings by format, name or pattern; bounded numbers.

Every function takes the (already resolved) schema, the property name when there is one, and the
caller's seeded ``random.Random``, so the same seed gives the same values.
"""

from __future__ import annotations

import base64
import math
import random
import re
import string
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from ..documents.patterns import meant_pattern
from .regex_strings import string_from_pattern

EPOCH = 1_704_067_200  # 2024-01-01T00:00:00Z: generated instants fall in 2024 and 2025
SPAN = 2 * 365 * 86_400
_ALNUM = string.ascii_lowercase + string.digits


def unix_time(rng: random.Random) -> int:
    return EPOCH + rng.randrange(SPAN)


def _instant(rng: random.Random, fmt: str) -> str:
    return datetime.fromtimestamp(unix_time(rng), UTC).strftime(fmt)


def _slug(name: str | None, fallback: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")
    return slug or fallback


def _hex(rng: random.Random, digits: int = 6) -> str:
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


def seeded_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


Maker = Callable[[random.Random, str | None], str]

STRING_FORMATS: dict[str, Maker] = {
    "uuid": lambda rng, name: seeded_uuid(rng),
    "date-time": lambda rng, name: _instant(rng, "%Y-%m-%dT%H:%M:%SZ"),
    "date": lambda rng, name: _instant(rng, "%Y-%m-%d"),
    "time": lambda rng, name: _instant(rng, "%H:%M:%SZ"),
    "email": lambda rng, name: f"user.{_hex(rng, 4)}@example.com",
    "idn-email": lambda rng, name: f"user.{_hex(rng, 4)}@example.com",
    "uri": lambda rng, name: f"https://example.com/{_slug(name, 'resource')}/{_hex(rng)}",
    "url": lambda rng, name: f"https://example.com/{_slug(name, 'resource')}/{_hex(rng)}",
    "iri": lambda rng, name: f"https://example.com/{_slug(name, 'resource')}/{_hex(rng)}",
    "uri-reference": lambda rng, name: f"/{_slug(name, 'resource')}/{_hex(rng)}",
    "iri-reference": lambda rng, name: f"/{_slug(name, 'resource')}/{_hex(rng)}",
    "uri-template": lambda rng, name: "https://example.com/{id}",
    "hostname": lambda rng, name: f"host-{_hex(rng, 4)}.example.com",
    "idn-hostname": lambda rng, name: f"host-{_hex(rng, 4)}.example.com",
    "ipv4": lambda rng, name: f"192.0.2.{rng.randint(1, 254)}",
    "ipv6": lambda rng, name: f"2001:db8::{rng.randint(1, 0xFFFF):x}",
    "byte": lambda rng, name: base64.b64encode(rng.randbytes(12)).decode("ascii"),
    "binary": lambda rng, name: _hex(rng, 16),
    "password": lambda rng, name: f"secret-{_hex(rng)}",
    "regex": lambda rng, name: "^[a-z0-9]+$",
    "duration": lambda rng, name: f"P{rng.randint(1, 30)}D",
    "json-pointer": lambda rng, name: f"/{_slug(name, 'field')}",
}

# Used when the validator's format checker refuses the first form: openapi-schema-validator's
# checkers accept only "HH:MM:SS" (jsonschema's draft 3 rule) for `time`, not RFC 3339's offset.
_FORMAT_FALLBACKS: dict[str, Maker] = {
    "time": lambda rng, name: _instant(rng, "%H:%M:%S"),
}

_INSTANT_SUFFIXES = ("_at", "_time", "timestamp")
_DATE_SUFFIXES = ("_date", "_on")


def is_instant_name(name: str | None) -> bool:
    lowered = (name or "").lower()
    return lowered.endswith(_INSTANT_SUFFIXES + _DATE_SUFFIXES) or lowered in ("date", "time")


def _string_for_name(name: str | None, rng: random.Random) -> str | None:
    """A realistic value guessed from the property name, or None."""
    lowered = (name or "").lower()
    if lowered in ("id", "uuid") or lowered.endswith("_id"):
        return seeded_uuid(rng)
    if "email" in lowered:
        return STRING_FORMATS["email"](rng, name)
    if lowered in ("currency", "currency_code") or lowered.endswith(("_currency", "currency_code")):
        return "USD"
    if lowered in ("country", "country_code"):
        return "US"
    if lowered.endswith(_INSTANT_SUFFIXES) or lowered == "time":
        return STRING_FORMATS["date-time"](rng, name)
    if lowered.endswith(_DATE_SUFFIXES) or lowered == "date":
        return STRING_FORMATS["date"](rng, name)
    if lowered.endswith("url") or lowered in ("website", "href", "link"):
        return STRING_FORMATS["uri"](rng, name)
    if "phone" in lowered:
        return f"+1555{rng.randint(1_000_000, 9_999_999)}"
    return None


def string_fits(schema: dict, text: str) -> bool:
    """The string keywords of ``schema`` (not its format) accept ``text``."""
    if len(text) < schema.get("minLength", 0):
        return False
    max_length = schema.get("maxLength")
    if max_length is not None and len(text) > max_length:
        return False
    pattern = meant_pattern(schema.get("pattern"))
    if pattern is not None:
        try:
            return re.search(pattern, text) is not None
        except re.error:
            return True  # the validator cannot check it either
    return True


def _fit_length(schema: dict, text: str, rng: random.Random) -> str:
    max_length = schema.get("maxLength")
    if max_length is not None:
        text = text[:max_length]
    missing = schema.get("minLength", 0) - len(text)
    if missing > 0:
        text += "".join(rng.choices(_ALNUM, k=missing))
    return text


def string_value(schema: dict, name: str | None, rng: random.Random,
                 conforms: Callable[[str, str], bool] | None = None) -> str:
    """A string that satisfies length, pattern and, when known, the format of ``schema``;
    ``conforms(value, format)`` is the validator's format check, when there is one."""
    fmt = schema.get("format")
    maker = STRING_FORMATS.get(fmt) if isinstance(fmt, str) else None
    candidates = []
    if maker is not None:
        value = maker(rng, name)
        if conforms is not None and fmt in _FORMAT_FALLBACKS and not conforms(value, fmt):
            value = _FORMAT_FALLBACKS[fmt](rng, name)
        candidates.append(value)
    else:
        guessed = _string_for_name(name, rng)
        if guessed is not None:
            candidates.append(guessed)
    candidates.append(f"{_slug(name, 'string')}-{_hex(rng)}")
    for candidate in candidates:
        if string_fits(schema, candidate):
            return candidate
    pattern = meant_pattern(schema.get("pattern"))
    if pattern is not None:
        for _ in range(12):
            built = string_from_pattern(pattern, rng)
            if built is not None and string_fits(schema, built):
                return built
    return _fit_length(schema, candidates[0], rng)


def mimic(example: str, rng: random.Random) -> str:
    """A string shaped like ``example`` (same prefix up to the last '_', same character classes),
    so generated ids look like a vendor's documented ones yet differ per seed."""
    cut = example.rfind("_") + 1
    tail = []
    for char in example[cut:]:
        if char.isdigit():
            tail.append(rng.choice(string.digits))
        elif char.islower():
            tail.append(rng.choice(string.ascii_lowercase))
        elif char.isupper():
            tail.append(rng.choice(string.ascii_uppercase))
        else:
            tail.append(char)
    return example[:cut] + "".join(tail)


# --- numbers -----------------------------------------------------------------------------------

_INT32 = (-(2**31) + 1, 2**31 - 1)
_INT64 = (-(2**63) + 1, 2**63 - 1)


def numeric_bounds(schema: dict) -> tuple[float | None, bool, float | None, bool]:
    """(low, low is exclusive, high, high is exclusive), reading both the OpenAPI 3.0 boolean and
    the 3.1 numeric forms of exclusiveMinimum/exclusiveMaximum."""
    low, high = schema.get("minimum"), schema.get("maximum")
    low_exclusive = high_exclusive = False
    exclusive_min, exclusive_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(exclusive_min, bool):
        low_exclusive = exclusive_min and low is not None
    elif isinstance(exclusive_min, int | float) and (low is None or exclusive_min >= low):
        low, low_exclusive = exclusive_min, True
    if isinstance(exclusive_max, bool):
        high_exclusive = exclusive_max and high is not None
    elif isinstance(exclusive_max, int | float) and (high is None or exclusive_max <= high):
        high, high_exclusive = exclusive_max, True
    return low, low_exclusive, high, high_exclusive


def _preferred_range(low, high, preferred: tuple[float, float], width: float):
    """A range inside [low, high] (either may be None), near ``preferred`` when possible."""
    if low is None and high is None:
        return preferred
    if low is None:
        return (preferred[0], min(high, preferred[1])) if high >= preferred[0] else (
            high - width, high)
    if high is None:
        return (max(low, preferred[0]), preferred[1]) if low <= preferred[1] else (
            low, low + width)
    inner = max(low, preferred[0]), min(high, preferred[1])
    return inner if inner[0] <= inner[1] else (low, high)


def integer_value(schema: dict, name: str | None, rng: random.Random) -> int:
    low, low_exclusive, high, high_exclusive = numeric_bounds(schema)
    if low is not None:
        low = math.floor(low) + 1 if low_exclusive else math.ceil(low)
    if high is not None:
        high = math.ceil(high) - 1 if high_exclusive else math.floor(high)
    limits = {"int32": _INT32, "int64": _INT64}.get(schema.get("format"))
    if limits:
        low = limits[0] if low is None else max(low, limits[0])
        high = limits[1] if high is None else min(high, limits[1])
    timestamp = schema.get("format") == "unix-time" or is_instant_name(name)
    preferred = (EPOCH, EPOCH + SPAN) if timestamp else (1, 10_000)
    start, stop = _preferred_range(low, high, preferred, 1000)
    multiple = schema.get("multipleOf")
    if multiple:
        for first, last in ((start, stop), (low, high)):
            if first is None or last is None:
                continue
            k_low, k_high = math.ceil(first / multiple), math.floor(last / multiple)
            if k_low <= k_high:
                value = rng.randint(k_low, k_high) * multiple
                if value == int(value):
                    return int(value)
        return int(start)
    return rng.randint(int(start), int(stop)) if start <= stop else int(start)


_MULTIPLE_TRIES = 200


def number_value(schema: dict, name: str | None, rng: random.Random) -> float:
    low, low_exclusive, high, high_exclusive = numeric_bounds(schema)

    def inside(value: float) -> bool:
        return (low is None or value > low or (value == low and not low_exclusive)) and (
            high is None or value < high or (value == high and not high_exclusive))

    multiple = schema.get("multipleOf")
    start, stop = _preferred_range(low, high, (1.0, 1000.0), 1000.0)
    if multiple:
        # a multiple whose float division by multipleOf is exact, as validators compute it
        # (-8431.62 / 0.01 is not): from a random one outwards, then the range's ends
        k_low, k_high = math.ceil(start / multiple), math.floor(stop / multiple)
        middle = rng.randint(k_low, k_high) if k_low <= k_high else k_low
        nearby = [middle + step * sign for step in range(_MULTIPLE_TRIES) for sign in (1, -1)]
        for k in [*nearby, k_low, k_high]:
            for value in (k * multiple, round(k * multiple, 12)):
                quotient = value / multiple
                if inside(value) and int(quotient) == quotient:
                    return float(value)
    value = round(rng.uniform(start, stop), 2)
    if inside(value):
        return float(value)
    if low is not None and high is not None:
        return (low + high) / 2
    return float(low + 1 if low is not None else high - 1)
