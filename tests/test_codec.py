"""The one JSON codec: msgspec, with the standard library where msgspec cannot."""

import sys
import tracemalloc

import pytest

from billing_sandbox import codec


def test_values_round_trip_exactly():
    value = {"big": 10**30, "negative": -(2**70), "float": 0.1, "text": "é€😀",
             "nested": [{"a": None, "b": True}, []]}
    assert codec.decode(codec.encode(value)) == value
    assert codec.encode(value).startswith(b'{"big":1000000000000000000000000000000,')


def test_a_lone_surrogate_is_written_as_an_escape_and_read_back():
    value = {"lone": "\ud800"}
    assert codec.encode(value) == b'{"lone":"\\ud800"}'
    assert codec.decode(codec.encode(value)) == value


@pytest.mark.parametrize("text", [b'{"a":NaN}', b'{"a":Infinity}', b'{"a":1,}', b'"\\ud800',
                                  b""])
def test_what_is_not_json_is_refused(text):
    with pytest.raises(ValueError):
        codec.decode(text)


def test_an_encoded_value_takes_exactly_its_size():
    """What the store keeps 100,000s of: no spare room from the encoder's growing buffer."""
    value = {"text": "x" * 1000, "items": list(range(50))}
    tracemalloc.start()
    try:
        kept = [codec.encode_kept(value) for _ in range(1000)]
        traced = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert traced / len(kept) <= sys.getsizeof(kept[0]) + 16
