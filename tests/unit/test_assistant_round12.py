"""Round twelve's requests, in phrasings written for these tests: fields said by what they
measure ("how many minute it take to groom it", "how far we drove"), a lead-in and sign-off
around the request ("Hi there! … I was wondering if …  Thanks a million, Sam"), the reasons
people give beside a request (now reported as background, not as misunderstood), a list of
changes per entity ("stays -> add a deposit"), a place taken back ("Frankfurt. Actually scrap
that, Ireland"), and a change history asked for after the story that names the entity."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, expect, field, say

ONE_FIELD: list[tuple[str, str, str, str]] = [
    (
        "Hello, for each dog I want to know how many minute it take to groom it. Please can you "
        "add this thing",
        "Dog",
        "minutes_to_groom",
        "integer",
    ),
    ("Owners need a flag for whether they've opted in to our sms reminders", "Owner",
     "reminders_opt_in", "boolean"),
    ("could each stay store how far we drove to collect the dog, in miles?", "Stay", "distance",
     "number"),
    ("I'd like to stash the raw answers from the intake form on each stay, as json", "Stay",
     "raw_answers", "json"),
    (
        "Hi there! Hope you're keeping well. So my accountant keeps nagging me about fuel and I "
        "was wondering if each stay could store how far we drove, in miles? Thanks a million, Sam",
        "Stay",
        "distance",
        "number",
    ),
]  # fmt: skip
"""Messages that add exactly one field: (message, entity, name, type)."""


@pytest.mark.parametrize(("message", "entity", "name", "kind"), ONE_FIELD)
def test_one_field_said_by_what_it_measures(
    message: str, entity: str, name: str, kind: str
) -> None:
    expect(message, entity, [(name, kind)])


def test_a_choice_whose_values_are_a_sentence_of_their_own() -> None:
    expect(
        "Dogs need a size. small, medium or large. New ones are medium",
        "Dog",
        [("size", "enum", "medium")],
    )


def test_a_reason_beside_the_request_is_background_not_misunderstood() -> None:
    changed, bp, reply = say(
        "email shouldn't be mandatory for owners, a few of ours are companies. still unique tho",
        KENNEL,
    )
    email = field(bp, "Owner", "email")
    assert changed and email is not None and not email.required and email.unique, reply
    assert 'I read "a few of ours are companies" as background' in reply, reply
    assert "did not understand" not in reply, reply


def test_a_story_sentence_is_reported_as_background() -> None:
    changed, _, reply = say(
        "Staff keep arguing about who edited which stay. Can we have a history of every change?",
        KENNEL,
    )
    assert changed and "Stay: audit log turned on" in reply, reply  # the story names the entity
    assert "as background, not as a change" in reply, reply


@pytest.mark.parametrize(
    "message",
    [
        "My partner does the books and wants a history of every change anyone makes to stays",
        "Staff keep arguing about who edited which stay. Can we have a history of every change?",
    ],
)
def test_a_history_of_every_change(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and stay.audit_log, reply


def test_keep_a_field_under_a_length() -> None:
    changed, bp, reply = say("keep the dog names under 60 chars pls", KENNEL)
    name = field(bp, "Dog", "name")
    assert changed and name is not None and name.max_length == 60, reply


def test_a_thing_with_fields_is_a_new_entity() -> None:
    expect_new = "Could you make a Kennel thing with a name and a block?"
    changed, bp, reply = say(expect_new, KENNEL)
    kennel = next((e for e in bp.entities if e.name == "Kennel"), None)
    assert changed and kennel is not None, reply
    assert [f.name for f in kennel.fields if not f.managed] == ["name", "block"], reply


def test_a_place_taken_back_for_another() -> None:
    changed, bp, reply = say(
        "Put the servers in Frankfurt. Actually scrap that, Ireland, it's closer.", KENNEL
    )
    assert changed and bp.infrastructure.region == "eu-west-1", reply


def test_before_and_after_photos_are_uploads() -> None:
    changed, bp, reply = say("can owners attach before/after photos of their dogs?", KENNEL)
    assert changed and bp.infrastructure.buckets, reply


def test_only_looking_no_changes_is_read_only() -> None:
    changed, bp, reply = say(
        "the dogs list should be visible to anyone without logging in. only looking tho, no "
        "changes",
        KENNEL,
    )
    dogs = next(r for r in bp.api.resources if r.entity == "Dog")
    assert changed and dogs.public and list(dogs.operations) == ["list", "get"], reply


def test_changes_listed_per_entity_with_arrows() -> None:
    changed, bp, reply = say(
        "few things:\n* stays -> add a deposit (money)\n* dogs -> drop breed, nobody ever fills it "
        "in",
        KENNEL,
    )
    deposit = field(bp, "Stay", "deposit")
    assert changed and deposit is not None and deposit.type == "number", reply
    assert field(bp, "Dog", "breed") is None, reply
    assert "Pack" not in reply and "DropBreed" not in reply and "did not understand" not in reply


def test_just_has_a_name_for_now() -> None:
    changed, bp, reply = say("Add a Pack entity. Packs just have a name for now", KENNEL)
    pack = next((e for e in bp.entities if e.name == "Pack"), None)
    assert changed and pack is not None, reply
    assert [f.name for f in pack.fields if not f.managed] == ["name"], reply


def test_a_remark_that_names_the_field_still_lets_it_be_removed() -> None:
    changed, bp, reply = say("Nobody uses breed. Remove it.", KENNEL)
    assert changed and field(bp, "Dog", "breed") is None, reply
