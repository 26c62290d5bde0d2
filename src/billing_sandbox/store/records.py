"""Records are kept as their compact JSON text, UTF-8 bytes: encoded when put, decoded when read.

The text is the copy: a caller changing a record it put or got cannot change the store behind
its back, and a record reads back exactly as it would after a restart. It is also what the
commit log and the data file hold, so a commit or a compaction only joins texts. Kept as
text, 100,000 invoices take about a third of the memory of the same records as dicts, and
the garbage collector has no objects of theirs to scan (bytes are not tracked).

Why not keep the records as dicts and copy them instead: decoding a stored invoice with the
codec (msgspec) takes about 3 us, copying the same dict in Python (a loop over dicts and
lists) about 12 us and ``copy.deepcopy`` about 40 us; and dicts would take three times the
memory.

The codec (billing_sandbox.codec) writes whatever it can, so a record is checked first: keys
must be strings, values JSON (str, int, float, bool, None, lists, tuples, dicts; subclasses
of str, int and float, such as enums, are written as the plain value they stand for), and
floats finite. Texts written by earlier versions (ASCII, with \\u escapes) read the same.
"""

from __future__ import annotations

import math
from typing import Any

from .. import codec

_PLAIN = frozenset({str, int, bool, type(None)})


def encode_record(record: Any) -> bytes:
    """The compact JSON text of a record; TypeError names the first value JSON cannot hold."""
    if not isinstance(record, dict):
        raise TypeError(f"a record must be a dict, got {type(record).__name__}")
    try:
        _check_dict(record)
    except RecursionError:
        raise TypeError("the record is not JSON: it contains itself") from None
    return codec.encode_kept(record)


decode_record = codec.decode  # a fresh dict per call: the caller's own copy


def _check_dict(value: dict) -> None:
    for key, item in value.items():
        if type(key) is not str and not isinstance(key, str):
            raise TypeError(f"record key {key!r} is not a string")
        kind = type(item)
        if kind in _PLAIN:
            continue
        if kind is dict:
            _check_dict(item)
        elif kind is list:
            _check_list(item)
        else:
            _check_other(item)


def _check_list(value: list | tuple) -> None:
    for item in value:
        kind = type(item)
        if kind in _PLAIN:
            continue
        if kind is dict:
            _check_dict(item)
        elif kind is list:
            _check_list(item)
        else:
            _check_other(item)


def _check_other(value: Any) -> None:
    """Floats, tuples and subclasses of the JSON types; anything else is refused."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"the record is not JSON: {value!r} is not a JSON number")
    elif isinstance(value, dict):
        _check_dict(value)
    elif isinstance(value, (list, tuple)):
        _check_list(value)
    elif not isinstance(value, (str, int)):
        raise TypeError(f"record value {value!r} ({type(value).__name__}) is not a JSON value")
