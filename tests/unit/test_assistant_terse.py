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
        ("owner phone number", "Owner", "phone_number", "string"),
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
