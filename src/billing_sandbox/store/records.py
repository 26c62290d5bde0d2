"""Records are JSON objects: copy them on the way in and out, refusing what JSON cannot hold.

A record is copied when it is put (so later changes by the caller do not leak into the store)
and when it is read (so the caller cannot change the store behind its back). The copy is also
the check: a record reads back the same after a restart only if it holds JSON values alone.
"""

from __future__ import annotations

from typing import Any

_EXACT_SCALARS = frozenset({str, int, float, bool, type(None)})


def copy_record(record: Any) -> dict:
    """A deep copy of a JSON object; TypeError names the first value JSON cannot hold."""
    if not isinstance(record, dict):
        raise TypeError(f"a record must be a dict, got {type(record).__name__}")
    return _copy(record)


def _copy(value: Any) -> Any:
    kind = type(value)
    if kind is dict or (kind not in _EXACT_SCALARS and isinstance(value, dict)):
        for key in value:
            if type(key) is not str:
                raise TypeError(f"record key {key!r} is not a string")
        return {k: (v if type(v) in _EXACT_SCALARS else _copy(v)) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [(v if type(v) in _EXACT_SCALARS else _copy(v)) for v in value]
    if kind in _EXACT_SCALARS:
        return value
    # Subclasses (str or int enums) become the plain value that JSON would write.
    for plain in (str, int, float):
        if isinstance(value, plain):
            return plain.__str__(value) if plain is str else plain(value)
    raise TypeError(f"record value {value!r} ({type(value).__name__}) is not a JSON value")
