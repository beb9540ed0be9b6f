"""Round nine's sign-in, roles, operations and fields said in passing, in phrasings written for
these tests; and three silent wrong edits they exposed ("anyone who signs up should be …"
switched sign-in to cognito, "they need a role of their own" added a role ``their_own``, "carers
need a role of their own" added a field ``own_role``)."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, say

COGNITO = KENNEL.replace("- strategy: jwt", "- strategy: cognito")


def test_anyone_who_signs_up_gets_the_default_role() -> None:
    changed, bp, reply = say(
        "anyone who signs up should automatically be an ordinary staff, not an admin", KENNEL
    )
    assert changed, reply
    assert bp.auth.default_role == "staff" and bp.auth.strategy == "jwt", reply


def test_a_role_of_their_own_is_named_after_them() -> None:
    changed, bp, reply = say(
        "Owners should be able to log in and see their dog, so they need a role of their own",
        KENNEL,
    )
    assert changed, reply
    assert "owner" in bp.auth.roles and "their_own" not in bp.auth.roles, reply


def test_a_role_of_their_own_is_never_a_field() -> None:
    changed, bp, reply = say("staffs need a role of their own", KENNEL)
    assert not any(f.name == "own_role" for e in bp.entities for f in e.fields), reply
    assert not changed, reply


def test_a_strategy_said_too_much_and_the_one_to_use() -> None:
    changed, bp, reply = say("Cognito is more than we need, just use our own JWT login", COGNITO)
    assert changed, reply
    assert bp.auth.strategy == "jwt", reply


@pytest.mark.parametrize(
    ("message", "flags"),
    [
        ("I'd like to be able to trace slow requests, and the logs should come out as structured "
         "JSON", {"tracing", "structured_logging"}),
        ("We want to hear about it if the thing falls over. Oh, and logs only need keeping for a "
         "week.", {"alarms"}),
    ],
)  # fmt: skip
def test_operations_said_in_passing(message: str, flags: set[str]) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    for flag in flags:
        assert getattr(bp.infrastructure, flag), reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("Owners should be able to put down any allergies they have", "Owner",
         [("allergies", "string")]),
        ("Can we tick whether a dog is house trained?", "Dog", [("is_house_trained", "boolean")]),
        ("On stays I want the VAT recorded as its own figure", "Stay", [("vat", "number")]),
        ("We'd like to know how long people have been with us - when did each owner join?",
         "Owner", [("joined_on", "date")]),
    ],
)  # fmt: skip
def test_a_field_said_in_passing(
    message: str, entity: str, expected: list[tuple[str, str]]
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [(f.name, f.type) for f in added(KENNEL, bp, entity)] == expected, reply


def test_a_role_for_someone_is_a_role_never_a_field() -> None:
    changed, bp, reply = say("add a walker role for people from the village who help at weekends",
                             KENNEL)  # fmt: skip
    assert changed, reply
    assert "walker" in bp.auth.roles, reply
    assert not any(f.name == "walker_role" for e in bp.entities for f in e.fields), reply


def test_a_role_named_after_it_is_asked_for_renames_nothing() -> None:
    message = "Please add a role for the people in the kitchen, name it cook."
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert "cook" in bp.auth.roles, reply
    assert not any(f.name == "cook" for e in bp.entities for f in e.fields), reply


def test_a_schedule_taken_back_keeps_its_name() -> None:
    changed, bp, reply = say("check for late stays every hour - no, every 30 minutes is better",
                             KENNEL)  # fmt: skip
    assert changed, reply
    job = bp.workflows.jobs[-1]
    assert job.schedule == "rate(30 minutes)" and not job.name.endswith("-no"), reply


@pytest.mark.parametrize(
    ("message", "name", "default"),
    [
        ("Dogs must have a coat type. It can be short, wiry or long. Most of ours are short, so "
         "put this as the standard.", "coat_type", "short"),
        ("For every dog we need to know if there is a microchip. Most of dogs have not, so the "
         "default is no.", "has_microchip", False),
    ],
)  # fmt: skip
def test_a_default_said_after_the_field(message: str, name: str, default: object) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = {f.name: f.default for f in added(KENNEL, bp, "Dog")}
    assert new == {name: default}, reply
