"""Round fourteen's requests, in phrasings written for these tests: a yes/no said as "whether a
X is wanted" or "whether there's a X for the Y", a description "of it" after a yes/no, a record
marked "as a X", and "just yes or no" said after the request."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, chat, expect, field, say

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


STAYS = KENNEL.replace(
    "- nightly_rate: number, required\n",
    "- nightly_rate: number, required\n"
    "- size: enum(small, medium, large), default medium\n"
    "- places: integer\n",
)
"""The kennel with a choice and an optional count on stays."""

MORE_FIELDS: list[tuple[str, str, str, str]] = [
    ("Dogs: add the date the next vaccination is due", "Dog", "next_vaccination_due", "date"),
    ("Could you add the date each owner first visited the kennel?", "Owner", "first_visited_on",
     "date"),
    ("dogs: days to vaccination", "Dog", "days_to_vaccination", "integer"),
    ("owners' home address", "Owner", "home_address", "string"),
    ("Is possible that dogs have microchip number? We charge more for the big breeds",
     "Dog", "microchip_number", "string"),
    ("flag on dogs if they're nervous/bitey so the walker knows to keep them apart", "Dog",
     "nervous", "boolean"),
    ("store feeding notes on each dog as JSON - meals, amounts, treats... it varies a lot",
     "Dog", "feeding_notes", "json"),
    ("each dog has their own walk preferences - route, pace, that kind of thing. save it as a "
     "json blob on the dog", "Dog", "walk_preferences", "json"),
    ("attach the raw data the collar tracker spits out to each stay. it's a JSON document",
     "Stay", "raw_data", "json"),
    ("how many nails got clipped on each stay? want to track that", "Stay", "nails_clipped",
     "integer"),
    ("discount on stays as a percentage", "Stay", "discount", "number"),
]  # fmt: skip


@pytest.mark.parametrize(("message", "entity", "name", "kind"), MORE_FIELDS)
def test_one_field_said_in_passing(message: str, entity: str, name: str, kind: str) -> None:
    expect(message, entity, [(name, kind)])


def test_a_word_that_names_a_database_only_in_passing_changes_no_database() -> None:
    changed, bp, reply = say(
        "owner names can't be longer than 80 chars, anything more is cut off in the RDS text "
        "on car radios",
        KENNEL,
    )
    name = field(bp, "Owner", "name")
    assert changed and name is not None and name.max_length == 80, reply
    assert "database" not in reply.lower(), reply


def test_anonymous_said_of_something_else_is_no_access_change() -> None:
    changed, bp, reply = say(
        "the owner phone is mandatory from now on, we've had too many anonymous bookings", KENNEL
    )
    phone = field(bp, "Owner", "phone")
    assert changed and phone is not None and phone.required, reply
    assert "API access" not in reply and "as background" in reply, reply


def test_a_purpose_after_a_constraint_is_dropped() -> None:
    changed, bp, reply = say("breed shud be required, we need it for insurance", KENNEL)
    breed = field(bp, "Dog", "breed")
    assert changed and breed is not None and breed.required, reply
    assert "did not understand" not in reply, reply


def test_public_as_well_read_only_is_access_not_a_choice() -> None:
    changed, bp, reply = say("the dogs list should be public as well, read only", KENNEL)
    assert changed and "API access public" in reply and field(bp, "Dog", "list") is None, reply


def test_a_default_said_with_what_it_replaces() -> None:
    changed, bp, reply = say("the default size for new stays should be large, not medium", STAYS)
    size = field(bp, "Stay", "size")
    assert changed and size is not None and size.default == "large", reply


@pytest.mark.parametrize(
    ("first", "then", "values", "default"),
    [
        ("add a walk_type field to dogs: solo or group",
         "actually make it solo, group or pack, with group as the default",
         ["solo", "group", "pack"], "group"),
        ("Dogs get a temperament field: calm or lively",
         "actually make that calm, lively or anxious, and default it to calm",
         ["calm", "lively", "anxious"], "calm"),
        ("add a visit_month field to dogs",
         "actually make it an enum of the four seasons instead of a month",
         ["spring", "summer", "autumn", "winter"], None),
    ],
)  # fmt: skip
def test_actually_make_it_changes_the_field_just_added(
    first: str, then: str, values: list[str], default: str | None
) -> None:
    changed, spec, reply = chat([first, then])
    compiled = compile_spec(spec)
    assert changed and compiled.blueprint is not None, reply
    dog = compiled.blueprint.entity("Dog")
    assert dog is not None
    added = next(
        f
        for f in dog.fields
        if f.type == "enum" or f.name in ("walk_type", "temperament", "visit_month")
    )
    assert added.type == "enum" and added.enum_values == values and added.default == default


def test_leave_it_optional_but_default_it() -> None:
    changed, spec, reply = chat(
        ["make the places on stays required", "actually, leave it optional but default it to 4"],
        STAYS,
    )
    compiled = compile_spec(spec)
    assert changed and compiled.blueprint is not None, reply
    places = field(compiled.blueprint, "Stay", "places")
    assert places is not None and not places.required and places.default == 4, reply
