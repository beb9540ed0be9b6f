"""Round fourteen's requests, in phrasings written for these tests: a yes/no said as "whether a
X is wanted" or "whether there's a X for the Y", a description "of it" after a yes/no, a record
marked "as a X", and "just yes or no" said after the request."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, expect, say

ONE_FIELD: list[tuple[str, str, str, str]] = [
    ("stays: whether there's a heat lamp for the kennel", "Stay", "has_heat_lamp", "boolean"),
    ("record whether a collar is needed on each dog", "Dog", "collar_needed", "boolean"),
    ("Can we record on each stay whether a bath is booked?", "Stay", "bath_booked", "boolean"),
    ("mark a stay as a trial night", "Stay", "trial_night", "boolean"),
    ("we'd like to mark a dog as a rescue dog? just yes or no", "Dog", "rescue_dog", "boolean"),
    ("flag an owner as being a regular", "Owner", "regular", "boolean"),
]  # fmt: skip
"""Messages that add exactly one field: (message, entity, name, type)."""


@pytest.mark.parametrize(("message", "entity", "name", "kind"), ONE_FIELD)
def test_one_yes_no_field_named_by_what_it_says(
    message: str, entity: str, name: str, kind: str
) -> None:
    expect(message, entity, [(name, kind)])


def test_a_description_of_it_is_the_description_of_the_thing_before() -> None:
    expect(
        "could we record on each stay whether a bath is wanted, and a short description of it?",
        "Stay",
        [("bath_wanted", "boolean"), ("bath_description", "string")],
    )


def test_a_photo_of_it_after_a_plain_field_names_that_field() -> None:
    expect("give dogs a collar and a photo of it", "Dog", [("collar", "string"),
                                                          ("collar_photo", "string")])  # fmt: skip


def test_just_yes_or_no_is_read_not_reported() -> None:
    changed, _, reply = say("mark a stay as a trial night? just yes or no", KENNEL)
    assert changed and "did not understand" not in reply, reply
