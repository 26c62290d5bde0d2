"""Minted UUIDs are the ones uuid.UUID would make of the same bytes (seeded runs repeat)."""

import os
import uuid

from billing_sandbox.vendors.uuids import canonical_uuid, mint_uuid4


def test_a_minted_uuid4_is_uuids_own_formatting_of_the_same_bytes():
    for random in [b"\0" * 16, b"\xff" * 16, *(os.urandom(16) for _ in range(1000))]:
        assert mint_uuid4(random) == str(uuid.UUID(bytes=random, version=4))


def test_uuids_in_any_accepted_form_become_canonical_and_other_values_stay():
    value = "3f1d2c4b-0000-4000-8000-000000000301"
    assert canonical_uuid(value) is value
    assert canonical_uuid(value.upper()) == value
    assert canonical_uuid("{" + value.replace("-", "") + "}") == value
    assert canonical_uuid("not-a-uuid") == "not-a-uuid"
    assert canonical_uuid(None) is None
