"""Round nine's renames and removals, said the way people talk about names and about what they
no longer need, in phrasings written for these tests; and two silent wrong edits they exposed (a
sign-up said as a record switched the sign-in strategy; "X deals with Y now, so take it off Z"
made a new entity)."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, field, say

WITH_KIND = KENNEL.replace(
    "- breed: string\n", "- breed: string\n- kind: string\n- gift_aid: boolean\n"
)


@pytest.mark.parametrize(
    ("message", "new", "old"),
    [
        ("Nobody at the kennel says 'stay', we say 'visit'. Can the app talk the way we do?",
         "Visit", "Stay"),
        ("We say clients now, not owners - the manager thinks it sounds friendlier. Please update it.",
         "Client", "Owner"),
        ("Each sign-up is a family rather than a person, so 'owners' should really be 'families'",
         "Family", "Owner"),
    ],
)  # fmt: skip
def test_an_entity_renamed_by_what_people_say(message: str, new: str, old: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    names = [e.name for e in bp.entities]
    assert new in names and old not in names, reply
    assert bp.auth.strategy == "jwt", reply


@pytest.mark.parametrize(
    "message",
    [
        "'kind' on a dog is a bit vague, I'd rather it was called dog_type",
        "On dogs we'd rather say dog_type than kind",
        "'kind' on a dog is what we call the dog_type, please change the name to that",
        "'kind' on dogs should really be 'dog_type', because kind means something else here",
    ],
)
def test_a_field_renamed_by_what_people_say(message: str) -> None:
    changed, bp, reply = say(message, WITH_KIND)
    assert changed, reply
    assert field(bp, "Dog", "kind") is None and field(bp, "Dog", "dog_type") is not None, reply


def test_a_field_that_should_be_required_is_not_renamed() -> None:
    changed, bp, reply = say("breed on dogs should be required", WITH_KIND)
    assert changed, reply
    breed = field(bp, "Dog", "breed")
    assert breed is not None and breed.required, reply


@pytest.mark.parametrize(
    ("message", "gone"),
    [
        ("the treasurer deals with gift aid now, so take it off dogs", ("Dog", "gift_aid")),
        ("Nobody has ever filled in kind on dogs, bin it", ("Dog", "kind")),
    ],
)
def test_a_field_no_longer_needed(message: str, gone: tuple[str, str]) -> None:
    changed, bp, reply = say(message, WITH_KIND)
    assert changed, reply
    assert field(bp, *gone) is None, reply
    assert [e.name for e in bp.entities] == ["Owner", "Dog", "Stay"], reply


@pytest.mark.parametrize(
    "message",
    [
        "The council is taking over the boarding, so stays don't belong in this system any more.",
        "Boarding happens in another app now, so stays can come out of this app altogether",
    ],
)
def test_an_entity_no_longer_needed(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [e.name for e in bp.entities] == ["Owner", "Dog"], reply


def test_a_sign_up_said_as_a_record_is_no_sign_in() -> None:
    changed, bp, reply = say("each sign-up is a household, not a person", KENNEL)
    assert not changed, reply
    assert bp.auth.strategy == "jwt"


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("We need to record walks - for each one, which dog, what kind (short, long or beach) and "
         "how many miles", "Walk", {("dog_id", "string"), ("kind", "enum"), ("miles", "number")}),
        ("I'd like to log repairs on the runs - what was done, the date, what it cost and which "
         "stay it was", "Repair", {("work_done", "string"), ("date", "date"), ("cost", "number"),
                                   ("stay_id", "string")}),
        ("We should track medications too: for each one, which dog it's for, the drug, the dose, "
         "and when the course starts and ends", "Medication",
         {("dog_id", "string"), ("drug", "string"), ("start_date", "date"), ("end_date", "date")}),
        ("log treats: which dog, how many biscuits and how much they cost", "Treat",
         {("dog_id", "string"), ("biscuits", "integer"), ("amount", "number")}),
    ],
)  # fmt: skip
def test_a_new_thing_recorded_with_question_words(
    message: str, entity: str, expected: set[tuple[str, str]]
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = bp.entity(entity)
    assert new is not None, reply
    assert expected <= {(f.name, f.type) for f in new.fields}, reply


def test_how_many_times_is_still_a_count_of_times() -> None:
    _, bp, reply = say("I'd like to see how many times each dog has stayed with us", KENNEL)
    assert not any(f.name == "times" for e in bp.entities for f in e.fields), reply


def test_a_new_thing_of_two_words_with_time_in_its_name() -> None:
    message = (
        "We need to record time entries - for each one, which stay, what kind (walk, feed or "
        "groom) and how many hours"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    entry = bp.entity("TimeEntry")
    assert entry is not None, reply
    assert {("stay_id", "string"), ("kind", "enum"), ("hours", "number")} <= {
        (f.name, f.type) for f in entry.fields
    }, reply


def test_a_time_alone_is_still_no_new_thing() -> None:
    _, bp, reply = say("record the time: which stay and how many hours", KENNEL)
    assert bp.entity("Time") is None, reply
