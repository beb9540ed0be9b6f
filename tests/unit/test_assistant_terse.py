"""Requests in few words, and a few more everyday shapes, on the kennel spec in phrasings written
for these tests: "owner phone", "microchip number on dogs", "Dogs - the date they arrived",
"add a yes/no for whether the dog is neutered", "a notes field for special requests", "stays
should remember when they were paid", "stay status -> booked, active, done", "when someone
deletes a dog, don't remove it, just mark it as deleted", "name and breed should both be
mandatory on dogs", "change the field breed to dog_breed". Few words are never read as a screen
("dog list") or a sentence ("dogs bark")."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, field, say


@pytest.mark.parametrize(
    ("message", "entity", "name", "type_"),
    [
        ("owner fax number", "Owner", "fax_number", "string"),
        ("microchip number on dogs please", "Dog", "microchip_number", "string"),
        ("neutered true/false on dogs", "Dog", "neutered", "boolean"),
        ("Long care notes per stay for the staff", "Stay", "long_care_notes", "string"),
        ("Dogs - the date they arrived", "Dog", "arrived_on", "date"),
        ("add a yes/no for whether the dog is neutered", "Dog", None, "boolean"),
        ("stays need a notes field for special requests", "Stay", "notes", "string"),
        ("Stays should remember when they were paid", "Stay", "paid_at", "datetime"),
    ],
)
def test_a_field_in_few_words(message: str, entity: str, name: str | None, type_: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = added(KENNEL, bp, entity)
    assert len(new) == 1, reply
    assert name is None or new[0].name == name
    assert new[0].type == type_


@pytest.mark.parametrize("message", ["dog list", "dogs bark", "owner stuff"])
def test_few_words_that_name_no_field_change_nothing(message: str) -> None:
    changed, _, _ = say(message, KENNEL)
    assert not changed


def test_values_after_an_arrow() -> None:
    changed, bp, reply = say("stay status -> booked, active, done. default booked", KENNEL)
    assert changed, reply
    status = field(bp, "Stay", "status")
    assert status is not None and status.enum_values == ["booked", "active", "done"]
    assert status.default == "booked"


def test_marked_deleted_instead_of_removed_is_soft_delete() -> None:
    changed, bp, reply = say(
        "when someone deletes a dog, don't actually remove it, just mark it as deleted", KENNEL
    )
    assert changed, reply
    assert next(e for e in bp.entities if e.name == "Dog").soft_delete


def test_two_fields_made_mandatory_together() -> None:
    changed, bp, reply = say("name and breed should both be mandatory on dogs", KENNEL)
    assert changed, reply
    assert all(
        f is not None and f.required for f in (field(bp, "Dog", n) for n in ("name", "breed"))
    )


def test_change_the_field_is_a_rename() -> None:
    changed, bp, reply = say("change the field breed to dog_breed", KENNEL)
    assert changed, reply
    assert field(bp, "Dog", "dog_breed") is not None and field(bp, "Dog", "breed") is None


@pytest.mark.parametrize(
    ("message", "entity", "name", "type_"),
    [
        (
            "I'd like a late-checkout flag on owners, default no",
            "Owner",
            "late_checkout",
            "boolean",
        ),
        ("Some dogs are hypoallergenic, please add that", "Dog", "hypoallergenic", "boolean"),
        ("Is there anywhere to put a dog's microchip number? there should be", "Dog", None, None),
        ("I cant find anywhere to put the departure date of a stay??", "Stay", None, "date"),
    ],
)
def test_more_everyday_shapes(
    message: str, entity: str, name: str | None, type_: str | None
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = added(KENNEL, bp, entity)
    assert len(new) == 1, reply
    assert name is None or new[0].name == name
    assert type_ is None or new[0].type == type_


def test_has_to_have_one_makes_the_link_required() -> None:
    spec = KENNEL.replace("- dog: ref Dog, required", "- dog: ref Dog")
    changed, bp, reply = say("every stay has to have a dog", spec)
    assert changed, reply
    dog = field(bp, "Stay", "dog_id")
    assert dog is not None and dog.required
    assert not added(spec, bp, "Stay")


def test_kinds_of_a_thing_sold_are_its_type() -> None:
    changed, bp, reply = say(
        "We offer standard, deluxe and suite stays. Standard by default.", KENNEL
    )
    assert changed, reply
    kind = field(bp, "Stay", "type")
    assert kind is not None and kind.enum_values == ["standard", "deluxe", "suite"]
    assert kind.default == "standard"


def test_drop_that_flag_is_no_new_flag() -> None:
    spec = KENNEL.replace("- breed: string", "- breed: string\n- vaccinated: boolean")
    _, bp, _ = say("we don't care whether dogs are vaccinated any more, drop that flag", spec)
    assert all(f.type != "boolean" or f.name == "vaccinated" for f in added(spec, bp, "Dog"))


@pytest.mark.parametrize(
    ("message", "entity", "name", "values"),
    [
        ("Stay billing period — nightly, weekly or monthly", "Stay", "billing_period", 3),
        ("Add a payment method to stays, it's either card, cash or invoice", "Stay", None, 3),
    ],
)
def test_values_after_a_dash_or_an_it_is(
    message: str, entity: str, name: str | None, values: int
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    [made] = added(KENNEL, bp, entity)
    assert made.type == "enum" and len(made.enum_values) == values
    assert name is None or made.name == name


def test_number_of_things_in_few_words_is_a_count() -> None:
    changed, bp, reply = say("number of toys in dogs", KENNEL)
    assert changed, reply
    assert [(f.name, f.type) for f in added(KENNEL, bp, "Dog")] == [("toys", "integer")]


def test_a_slip_in_the_entity_before_a_colon_is_that_entity() -> None:
    changed, bp, reply = say("ownrs: date of birth pls", KENNEL)
    assert changed, reply
    assert {e.name for e in bp.entities} == {"Owner", "Dog", "Stay"}
    assert [f.name for f in added(KENNEL, bp, "Owner")] == ["date_of_birth"]
    assert "Owner" in reply


def test_a_remark_in_brackets_is_no_part_of_the_request() -> None:
    changed, _, reply = say("each stay is for one dog (we've had mix-ups)", KENNEL)
    assert not changed and "already points at Dog" in reply


@pytest.mark.parametrize(
    "message",
    [
        "a stay doesn't have to be assigned to a dog, some are walk-ins",
        "stays don't always have a dog assigned yet when they're booked",
        "stays don't get a dog assigned until check-in",
    ],
)
def test_a_link_that_need_not_be_there_is_optional(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    dog = field(bp, "Stay", "dog_id")
    assert dog is not None and not dog.required


def test_not_having_a_field_is_no_request_to_make_it_optional() -> None:
    changed, _, _ = say("dogs don't have a colour", KENNEL)
    assert not changed
