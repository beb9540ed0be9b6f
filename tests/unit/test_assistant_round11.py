"""Round eleven's requests, in phrasings written for these tests: the state a new record starts
in said as a story ("new dogs should start out inactive until …"), a default said after the
question that adds the field ("It's 20 unless we say otherwise"), a reason after a default
("… until someone checks them in"), a link some records go without ("dogs don't need an owner"),
a constraint said with its entity ("… shouldn't be mandatory on owners"), and fields said by what
they record ("the year each one was built", "the date when they did the induction")."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, added, chat, expect, field, say

KENNEL11 = KENNEL.replace(
    "- breed: string\n", "- breed: string\n- active: boolean, default true\n"
).replace(
    "- nightly_rate: number, required\n",
    "- nightly_rate: number, required\n- status: enum(booked, arrived, left), default booked\n\n"
    "### Walker\n- name: string, required\n- grade: enum(junior, senior, lead), default junior\n\n"
    "### Run\n- name: string, required\n",
)

ONE_FIELD: list[tuple[str, str, str, str]] = [
    ("Runs: record the year each one was built please", "Run", "year_built", "integer"),
    ("Owners need the date when they did the induction", "Owner", "induction_date", "date"),
    (
        "please to add on stays a place for write comments, what is happen during the stay",
        "Stay",
        "comments",
        "string",
    ),
    ("can we store how many walks went out on each stay?", "Stay", "walks", "integer"),
    ("stays need a flag for the late ones", "Stay", "late", "boolean"),
    ("add hours walked to each stay - decimals, like 1.5", "Stay", "hours_walked", "number"),
    (
        "Could we keep a tick-box on each owner for whether they want the monthly newsletter?",
        "Owner",
        "wants_newsletter",
        "boolean",
    ),
    ("The dog need information of microchip number", "Dog", "microchip_number", "string"),
]
"""Messages that add exactly one field: (message, entity, name, type)."""


@pytest.mark.parametrize(("message", "entity", "name", "kind"), ONE_FIELD)
def test_one_field_said_by_what_it_records(message: str, entity: str, name: str, kind: str) -> None:
    expect(message, entity, [(name, kind)], KENNEL11)


@pytest.mark.parametrize(
    ("message", "entity", "name", "default"),
    [
        ("new dogs should start out inactive until the vet has seen them", "Dog", "active", False),
        ("walkers should start as senior by default rather than junior", "Walker", "grade", "senior"),
        ("new stays should start as arrived", "Stay", "status", "arrived"),
        ("Stay status should default to arrived until someone checks them in", "Stay", "status",
         "arrived"),
    ],
)  # fmt: skip
def test_the_state_a_new_record_starts_in(
    message: str, entity: str, name: str, default: object
) -> None:
    changed, bp, reply = say(message, KENNEL11)
    assert changed, reply
    found = field(bp, entity, name)
    assert found is not None and found.default == default, reply


def test_a_start_said_of_a_value_no_field_holds_changes_nothing() -> None:
    changed, _, reply = say("new dogs should start out sleepy", KENNEL11)
    assert not changed, reply


def test_a_default_said_after_the_question_that_adds_the_field() -> None:
    changed, bp, reply = say(
        "Could we add a deposit to stays? It's 20 unless we say otherwise.", KENNEL11
    )
    assert changed, reply
    assert [(f.name, f.default) for f in added(KENNEL11, bp, "Stay")] == [("deposit", 20)], reply


def test_a_role_added_with_the_default_role_after_it() -> None:
    changed, bp, reply = say(
        "Let walkers log in too: add a walker role. And new accounts should be 'staff' unless we "
        "change them",
        KENNEL11,
    )
    assert changed, reply
    assert "walker" in bp.auth.roles and bp.auth.default_role == "staff", reply


def test_a_link_some_records_go_without_is_optional_not_removed() -> None:
    changed, bp, reply = say("dogs don't need an owner - some of them are strays", KENNEL11)
    assert changed, reply
    owner = field(bp, "Dog", "owner_id")
    assert owner is not None and not owner.required, reply
    changed, bp, reply = say("dogs don't need a breed", KENNEL11)
    assert changed and field(bp, "Dog", "breed") is None, reply  # optional already: it goes


@pytest.mark.parametrize(
    ("message", "name", "required"),
    [
        ("Email shouldn't be mandatory on owners, a few of ours are companies", "email", False),
        ("phone must always be filled in on owners", "phone", True),
    ],
)
def test_a_constraint_said_with_its_entity(message: str, name: str, required: bool) -> None:
    changed, bp, reply = say(message, KENNEL11)
    assert changed, reply
    found = field(bp, "Owner", name)
    assert found is not None and found.required is required, reply


def test_call_it_x_not_y_renames_what_was_just_added() -> None:
    changed, spec, reply = chat(
        ["Add a Kennel entity with a name and a block", "actually call it Pen, not Kennel"]
    )
    assert changed, reply
    assert "### Pen" in spec and "### Kennel" not in spec, reply


def test_make_that_a_list_of_values_said_with_slashes() -> None:
    changed, spec, reply = chat(
        ["give stays a priority", "make that low / normal / high, normal by default"]
    )
    assert changed, reply
    assert "- priority: enum(low, normal, high), default normal" in spec, reply


def test_a_field_moved_to_the_entity_it_belongs_to() -> None:
    changed, spec, reply = chat(
        [
            "add a microchip number to owners",
            "no wait - the microchip number belongs to the dog, not the owner. Move it please",
        ]
    )
    assert changed, reply
    bp = compile_spec(spec).blueprint
    assert bp is not None
    assert field(bp, "Dog", "microchip_number") is not None, reply
    assert field(bp, "Owner", "microchip_number") is None, reply


def test_a_new_entity_with_its_one_field_said_in_brackets() -> None:
    changed, bp, reply = say(
        "Runs sit in a yard. Add a Yard (just a name, like 'North Yard') and each run belongs to "
        "one.",
        KENNEL11,
    )
    assert changed, reply
    assert [f.name for f in added(KENNEL11, bp, "Yard") if not f.managed] == ["name"], reply
    run = next(e for e in bp.entities if e.name == "Run")
    assert any(r.kind == "belongs_to" and r.target == "Yard" for r in run.relationships), reply


def test_the_fields_of_an_entity_a_link_just_made_with_two_words_in_its_name() -> None:
    changed, bp, reply = say(
        "Each dog has many vet visits. A vet visit has a date, an outcome (fine/monitor/treat) and "
        "some notes",
        KENNEL11,
    )
    assert changed, reply
    fields = {f.name: (f.type, f.enum_values) for f in added(KENNEL11, bp, "VetVisit")}
    assert fields.get("date") == ("date", []), reply
    assert fields.get("outcome") == ("enum", ["fine", "monitor", "treat"]), reply
    assert fields.get("notes") == ("string", []), reply


def test_infrastructure_said_switched_on() -> None:
    changed, bp, reply = say("We'd like tracing and alarms switched on for the app", KENNEL11)
    assert changed, reply
    assert bp.infrastructure.tracing and bp.infrastructure.alarms, reply
