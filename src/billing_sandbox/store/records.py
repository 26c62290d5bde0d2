"""Records are kept as their compact JSON text: encoded when put, decoded when read.

The text is the copy: a caller changing a record it put or got cannot change the store behind
its back, and a record reads back exactly as it would after a restart. It is also what the
commit log and the data file hold, so a commit or a compaction only joins texts. Kept as
text, 100,000 invoices take about a third of the memory of the same records as dicts, and
the garbage collector has no objects of theirs to scan (strings are not tracked).
"""

from __future__ import annotations

import json
from typing import Any

_SCALARS = frozenset({str, int, float, bool, type(None)})


def _refuse(value: Any) -> Any:
    raise TypeError(f"record value {value!r} ({type(value).__name__}) is not a JSON value")


# ASCII only (other characters as \u escapes): one byte per character in memory whatever a
# record holds, and any string, even a lone surrogate from a JSON body, can be written.
_encoder = json.JSONEncoder(separators=(",", ":"), allow_nan=False, default=_refuse)


def encode_record(record: Any) -> str:
    """The compact JSON text of a record; TypeError names the first value JSON cannot hold.

    Subclasses (str or int enums, tuples) are written as the plain JSON value they stand for.
    """
    if not isinstance(record, dict):
        raise TypeError(f"a record must be a dict, got {type(record).__name__}")
    _check_keys(record)
    try:
        return _encoder.encode(record)
    except ValueError as error:  # NaN or infinity, or a record that contains itself
        raise TypeError(f"the record is not JSON: {error}") from None


def encode_trusted(record: dict) -> str:
    """The text of a record just decoded from JSON (the commit log): no checks needed."""
    return _encoder.encode(record)


decode_record = json.loads  # a fresh dict per call: the caller's own copy


def _check_keys(value: dict) -> None:
    """JSON keys are strings: refuse others, which the encoder would silently turn into
    strings (the record would then read back differently from what was put)."""
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError(f"record key {key!r} is not a string")
        if type(item) not in _SCALARS:
            _check_container(item)


def _check_container(value: Any) -> None:
    if isinstance(value, dict):
        _check_keys(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            if type(item) not in _SCALARS:
                _check_container(item)
