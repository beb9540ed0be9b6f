"""Constraints, removals and renames in everyday words, on the kennel spec in phrasings written
for these tests; a removal must name a field ("the dog can go" removes nothing)."""

from __future__ import annotations

import pytest

from slipway.ir import Blueprint, FieldDef
from tests.unit.assistant_support import KENNEL, field, say


def breed(bp: Blueprint) -> FieldDef | None:
    return field(bp, "Dog", "breed")


@pytest.mark.parametrize(
    "message",
    [
        "You shouldn't be able to save a dog without a breed",
        "A dog can't exist without a breed",
        "Staff must not be able to register a dog without a breed",
    ],
)
def test_nothing_saved_without_it_is_required(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    made = breed(bp)
    assert made is not None and made.required


def test_no_two_with_the_same_is_unique() -> None:
    changed, bp, reply = say("Two owners can't have the same phone number", KENNEL)
    assert changed, reply
    phone = field(bp, "Owner", "phone")
    assert phone is not None and phone.unique


@pytest.mark.parametrize(
    "message",
    ["Unless told otherwise, the nightly rate is 40", "Start the nightly rate at 40 by default"],
)
def test_what_it_is_unless_told_otherwise_is_its_default(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    rate = field(bp, "Stay", "nightly_rate")
    assert rate is not None and rate.default == 40


@pytest.mark.parametrize(
    "message",
    [
        "Stop storing the breed of dogs",
        "The breed field can go",
        "Nobody uses the breed field on dogs, remove it",
    ],
)
def test_a_field_no_longer_wanted_is_removed(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert breed(bp) is None


@pytest.mark.parametrize("message", ["The dog can go", "Stop storing"])
def test_a_removal_that_names_no_field_removes_nothing(message: str) -> None:
    _, bp, _ = say(message, KENNEL)
    assert {e.name for e in bp.entities} == {"Owner", "Dog", "Stay"}
    assert breed(bp) is not None


def test_call_it_something_else_instead_is_a_rename() -> None:
    changed, bp, reply = say("Call the nightly rate 'price per night' instead", KENNEL)
    assert changed, reply
    assert field(bp, "Stay", "price_per_night") is not None
    assert field(bp, "Stay", "nightly_rate") is None
