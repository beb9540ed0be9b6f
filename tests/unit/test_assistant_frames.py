"""The frames a request for something to be kept comes in ("we have to know …", "staff want to
see … on each stay", "there's no place to put …", "stays are missing …", "we don't capture …
yet", "how about … on stays?"), on a spec of their own (a dog kennel) in phrasings written for
these tests: each adds the one field it asks for, to the entity it names; the frames that ask
for something else (access, sign-in, an audit trail) or tell a fact are left to their rules."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, field, say

FRAMES = [
    "We have to know the deposit amount for each stay",
    "We've got to record the deposit amount for every stay",
    "We must know the deposit amount on stays",
    "Stays are missing a deposit amount",
    "A stay lacks a deposit amount",
    "Stays don't have a deposit amount yet",
    "Stays have no deposit amount yet",
    "There's no place to put a deposit amount on a stay",
    "There is no field for the deposit amount on stays",
    "Right now there's nowhere to record the deposit amount for a stay",
    "Staff want to see a deposit amount on each stay",
    "The front desk needs to see the deposit amount for every stay",
    "We should be able to note a deposit amount for a stay",
    "Staff need to be able to enter a deposit amount on each stay",
    "We'd like to be able to store the deposit amount for each stay",
    "Make room for a deposit amount on stays",
    "What about a deposit amount on stays?",
    "How about adding a deposit amount to stays?",
    "We don't capture the deposit amount on stays yet",
    "The stay must also capture a deposit amount",
]


@pytest.mark.parametrize("message", FRAMES)
def test_each_frame_adds_the_field_it_asks_for(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = added(KENNEL, bp, "Stay")
    assert [(f.name, f.type) for f in new] == [("deposit_amount", "number")], reply
    assert all(not added(KENNEL, bp, other) for other in ("Owner", "Dog"))


@pytest.mark.parametrize(
    ("message", "entity", "names", "type_"),
    [
        ("The dog has to record a microchip number", "Dog", {"microchip_number"}, "string"),
        (
            "We need to be able to log the weight in kg for each dog",
            "Dog",
            {"weight", "weight_kg"},
            "number",
        ),
        ("Reception wants to see a pick-up time on every stay", "Stay", {"pick_up_time"}, None),
        ("There's no way to know the vet's phone for a dog", "Dog", None, "string"),
    ],
)
def test_what_follows_the_frame_names_and_types_the_field(
    message: str, entity: str, names: set[str] | None, type_: str | None
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = added(KENNEL, bp, entity)
    assert len(new) == 1, reply
    assert names is None or new[0].name in names
    assert type_ is None or new[0].type == type_


@pytest.mark.parametrize(
    "message",
    [
        "Admins must see all stays",  # access, not a field
        "Staff want to see every stay",
        "There is no tax on stays",  # a fact about the business
        "The dog is missing",
        "We don't store card numbers on owners",  # a fact, no "yet"
    ],
)
def test_a_frame_without_a_field_in_it_changes_nothing(message: str) -> None:
    changed, _, _ = say(message, KENNEL)
    assert not changed


def test_signing_in_is_not_a_field_to_keep() -> None:
    changed, bp, _ = say("Owners should log in with google", KENNEL)
    assert changed and bp.auth.strategy == "cognito"
    assert field(bp, "Owner", "in_with_google") is None


def test_keeping_track_of_changes_is_an_audit_trail() -> None:
    changed, bp, _ = say("Stays should track changes", KENNEL)
    assert changed
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert stay.audit_log and not added(KENNEL, bp, "Stay")
