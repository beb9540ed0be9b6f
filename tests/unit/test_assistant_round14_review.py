"""Round fourteen's review: messages an outside reviewer wrote against the round's first rules
(a database said with its reason first, "anonymous" said of who may read, "don't make X
required", "…, we need it to be unique", JSON with its modifiers, possessives that name
records, "both of them"), and the round's later readings (daily backups, a record tied to one
of another, "one of those routes", hide-don't-remove, a role and an access change in one
message, states in order with arrows)."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, expect, field, say

DYNAMO = KENNEL + "\n## Infrastructure\n- database: dynamodb\n"
"""The kennel on DynamoDB."""


@pytest.mark.parametrize(
    "message",
    [
        "honestly our team knows postgres much better so switch please",
        "our ops team only knows rds, so let's use it",
        "we'd rather the data lived in a relational database like postgres",
        "because reporting needs joins the backend should really be postgres, can you change it",
    ],
)
def test_a_database_asked_for_with_its_reason(message: str) -> None:
    changed, bp, reply = say(message, DYNAMO)
    assert changed and bp.infrastructure.database == "postgres", reply
    assert "new entity" not in reply, reply


@pytest.mark.parametrize(
    ("message", "entity"),
    [
        ("dogs should be readable by anonymous", "Dog"),
        ("give anonymous read access to owners", "Owner"),
    ],
)
def test_anonymous_said_of_who_may_read_is_access(message: str, entity: str) -> None:
    changed, _, reply = say(message, KENNEL)
    assert changed and f"{entity}: API access public" in reply, reply


def test_dont_make_it_required_removes_nothing() -> None:
    changed, bp, reply = say("don't make the phone on owners required", KENNEL)
    phone = field(bp, "Owner", "phone")
    assert not changed and phone is not None and not phone.required, reply


def test_dont_make_it_unique_but_make_it_required() -> None:
    changed, bp, reply = say("don't make the owner email unique but make it required", KENNEL)
    email = field(bp, "Owner", "email")
    assert changed and email is not None and email.required and not email.unique, reply


@pytest.mark.parametrize(
    ("message", "name", "attrs"),
    [
        ("add a chip number to dogs, we need it to be unique", "chip_number", {"unique": True}),
        ("add a tag code to dogs, we need it to be required and unique", "tag_code",
         {"required": True, "unique": True}),
        ("add diagnostics to dogs as json: required, encrypted", "diagnostics",
         {"type": "json", "required": True, "encrypted": True}),
    ],
)  # fmt: skip
def test_modifiers_said_after_the_field_are_kept(
    message: str, name: str, attrs: dict[str, object]
) -> None:
    changed, bp, reply = say(message, KENNEL)
    found = field(bp, "Dog", name)
    assert changed and found is not None, reply
    for key, value in attrs.items():
        assert getattr(found, key) == value, reply


def test_a_quoted_default_with_not_in_it_is_kept_whole() -> None:
    changed, bp, reply = say("default the dog breed to 'do not know'", KENNEL)
    breed = field(bp, "Dog", "breed")
    assert changed and breed is not None and breed.default == "do not know", reply


@pytest.mark.parametrize("message", ["owners' dogs", "dogs' stays", "owners' area looks great"])
def test_a_possessive_that_names_records_adds_no_field(message: str) -> None:
    changed, _, reply = say(message, KENNEL)
    assert not changed, reply


def test_both_of_them_is_no_field() -> None:
    expect("add a colour and a microchip to dogs, both of them", "Dog",
           [("colour", "string"), ("microchip", "string")])  # fmt: skip


def test_private_too_only_staff_is_no_choice_field() -> None:
    _, bp, reply = say("the dog list should be private too, only staff", KENNEL)
    dog = bp.entity("Dog")
    assert dog is not None and not any(f.type == "enum" for f in dog.fields), reply


@pytest.mark.parametrize(
    ("message", "name", "kind"),
    [
        ("dogs: whether there's a heated bed for the dog", "has_heated_bed", "boolean"),
        ("dogs: months since last visit", "months_since_last_visit", "integer"),
        ("dogs: time to groom", "time_to_groom", "string"),
    ],
)
def test_fields_named_and_typed_by_what_they_hold(message: str, name: str, kind: str) -> None:
    expect(message, "Dog", [(name, kind)])


def test_daily_backups_are_the_database_s_and_a_backup_job_is_a_job() -> None:
    changed, bp, reply = say("we want daily backups and PITR on the database", DYNAMO)
    infra = bp.infrastructure
    assert changed and infra.backups and infra.point_in_time_recovery, reply
    assert not bp.workflows.jobs, reply
    changed, bp, reply = say("run a nightly backup job at 2am", KENNEL)
    assert changed and bp.workflows.jobs, reply


def test_not_tied_to_one_makes_many_to_many() -> None:
    changed, bp, reply = say("dogs shouldn't be tied to one single owner", KENNEL)
    dog = bp.entity("Dog")
    kinds = {(r.kind, r.target) for r in dog.relationships} if dog is not None else set()
    assert changed and ("many_to_many", "Owner") in kinds, reply


def test_one_of_those_names_the_entity_just_made() -> None:
    changed, bp, reply = say(
        "Make a WalkRoute entity with a name, and every stay belongs to one of those routes",
        KENNEL,
    )
    assert changed and bp.entity("Route") is None and bp.entity("WalkRoute") is not None, reply
    assert field(bp, "Stay", "walk_route_id") is not None, reply


@pytest.mark.parametrize(
    ("message", "entity"),
    [
        ("if someone deletes a dog we still need it for the records. just hide it, don't "
         "actually remove it", "Dog"),
        ("dont hard-delete owners, the vets still look them up", "Owner"),
    ],
)  # fmt: skip
def test_hide_dont_remove_is_soft_delete(message: str, entity: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    found = bp.entity(entity)
    assert changed and found is not None and found.soft_delete, reply


def test_a_role_and_an_access_change_in_one_message() -> None:
    changed, bp, reply = say(
        "two things: add a groomer role, and the dog list shouldn't be public any more - people "
        "need to log in to see it",
        KENNEL.replace(
            "- roles: admin, staff\n",
            "- roles: admin, staff\n\n## API\n### Dog\n- operations: list, get\n- access: public\n",
        ),
    )
    assert changed and "groomer" in bp.auth.roles and "API access authenticated" in reply, reply


def test_states_in_order_with_arrows_are_a_choice() -> None:
    changed, bp, reply = say(
        "Stays go through states: booked -> in -> out. New ones start as booked", KENNEL
    )
    status = field(bp, "Stay", "status")
    assert changed and status is not None and status.enum_values == ["booked", "in", "out"], reply
    assert status.default == "booked", reply


def test_an_arrow_between_two_names_is_still_a_rename() -> None:
    compiled = compile_spec(KENNEL)
    assert compiled.blueprint is not None
    changed, bp, reply = say("Stays -> Visits", KENNEL)
    assert changed and bp.entity("Visit") is not None, reply
