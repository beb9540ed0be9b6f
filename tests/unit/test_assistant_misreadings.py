"""Readings that were wrong before, each a silent wrong edit, on the kennel spec with kennels and
vets added, in phrasings written for these tests: a place that "can host many" of something that
happens once (a stay) holds it, not shares it; "call the dog a pet" renames the entity, not the
stay's reference; "the vet record" is the vet."""

from __future__ import annotations

import pytest

from slipway.assistant.understand.typos import record_words
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, added, say

KENNELS = KENNEL.replace("- breed: string\n", "- breed: string\n- born_on: date\n").replace(
    "## Auth",
    "### Kennel\n- code: string, required, unique\n\n### Vet\n- name: string, required\n\n## Auth",
)


def links(bp: Blueprint, entity: str) -> set[tuple[str, str]]:
    found = next(e for e in bp.entities if e.name == entity)
    return {(r.kind, r.target) for r in found.relationships}


@pytest.mark.parametrize("verb", ["can host", "could take", "can have"])
def test_many_of_what_happens_once_belong_to_the_place(verb: str) -> None:
    changed, bp, _ = say(f"A kennel {verb} many stays", KENNELS)
    assert changed and links(bp, "Kennel") == {("has_many", "Stay")}
    assert not any(e.name == "KennelStay" for e in bp.entities)


def test_many_of_what_exists_on_its_own_stay_many_to_many() -> None:
    # a dog has a required owner but no required date: it is no happening, vets share dogs
    changed, bp, _ = say("A vet can treat many dogs", KENNELS)
    assert changed and ("many_to_many", "Dog") in links(bp, "Vet")
    assert ("has_many", "Dog") not in links(bp, "Vet")


@pytest.mark.parametrize("message", ["Call the dog a pet", "call dogs pets", "Call a dog a pet"])
def test_calling_an_entity_by_another_name_renames_the_entity(message: str) -> None:
    changed, bp, reply = say(message, KENNELS)
    names = {e.name for e in bp.entities}
    assert changed and "Pet" in names and "Dog" not in names, reply


def test_calling_a_field_by_another_name_still_renames_the_field() -> None:
    changed, bp, _ = say("call the breed a type", KENNELS)
    dog = next(e for e in bp.entities if e.name == "Dog")
    assert changed and {"type"} <= {f.name for f in dog.fields}
    assert "breed" not in {f.name for f in dog.fields}


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("The vet record is missing a phone number", "Vet", "phone_number"),
        ("vet records need a phone number", "Vet", "phone_number"),
        ("the dog records should have a microchip number", "Dog", "microchip_number"),
        ("each stay entry needs a deposit amount", "Stay", "deposit_amount"),
    ],
)
def test_a_record_word_after_an_entity_is_the_entity(message: str, entity: str, name: str) -> None:
    changed, bp, reply = say(message, KENNELS)
    assert changed and [f.name for f in added(KENNELS, bp, entity)] == [name], reply


def test_a_record_word_that_is_part_of_a_name_stays() -> None:
    spec = KENNELS.replace("## Auth", "### VetRecord\n- notes: text\n\n## Auth")
    for message in ("vet records need a visit date", "each vet record needs a visit date"):
        changed, bp, reply = say(message, spec)
        assert changed and [f.name for f in added(spec, bp, "VetRecord")] == ["visit_date"], reply


@pytest.mark.parametrize(
    "message",
    [
        "make a Kennel entity and connect stays to it",
        "each stay is in one kennel (north wing, south wing and so on) - add a Kennel entity and "
        "link stays to it",
    ],
)
def test_it_after_a_new_entity_is_the_new_entity(message: str) -> None:
    # "it" was the entity the message named first: Stay got a reference to Stay
    changed, bp, reply = say(message, KENNEL)
    assert changed and ("belongs_to", "Kennel") in links(bp, "Stay"), reply
    assert ("belongs_to", "Stay") not in links(bp, "Stay")


@pytest.mark.parametrize(
    ("message", "default"),
    [
        ("Kennels hold 2 dogs unless we say otherwise", 2),
        ("each kennel can take up to 3 dogs", 3),
        ("a kennel sleeps 4", 4),
    ],
)
def test_what_a_place_holds_is_its_capacity(message: str, default: int) -> None:
    # "saunas hold 12 people" added a text field "people_by_default"
    changed, bp, reply = say(message, KENNELS)
    capacity = next(f for f in added(KENNELS, bp, "Kennel"))
    assert changed and (capacity.name, capacity.type, capacity.default) == (
        "capacity",
        "integer",
        default,
    ), reply


def test_values_said_as_groups_are_a_category() -> None:
    # "grouped as …" made a field called "grouped_via"
    changed, bp, _ = say("Dogs are grouped as working, herding, hound or sporting", KENNELS)
    [category] = added(KENNELS, bp, "Dog")
    assert (
        changed
        and category.name == "category"
        and category.enum_values[:2] == ["working", "herding"]
    )


def test_two_new_entities_said_together_are_two() -> None:
    # "add lockers and towels" made one LockerAndTowel entity
    changed, bp, reply = say("add lockers and towels", KENNELS)
    names = {e.name for e in bp.entities}
    assert changed and {"Locker", "Towel"} <= names, reply
    assert not any("And" in n for n in names)


def test_where_and_what_time_something_happened_are_fields() -> None:
    # "where we landed and what time we touched down" added fields "where" and "what_time"
    changed, bp, reply = say(
        "Stays should store where we parked and what time we checked out", KENNELS
    )
    assert changed and [(f.name, f.type) for f in added(KENNELS, bp, "Stay")] == [
        ("parking_location", "string"),
        ("checked_out_at", "datetime"),
    ], reply


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("walk plan records need a date", "walk plans need a date"),
        ("the walk plan record is missing a date", "the walk plan is missing a date"),
        ("vet entries need a phone", "vets need a phone"),
    ],
)
def test_a_record_word_after_a_name_of_two_words(said: str, read: str) -> None:
    # "repair job records" read as "jobs", dropping the entity's first word
    spec = KENNELS.replace("## Auth", "### WalkPlan\n- notes: string\n\n## Auth")
    assert record_words(said, compile_spec(spec).blueprint) == read
