"""Round eleven's later requests, in phrasings written for these tests: an entity dropped with
the reason ("We've stopped using walkers, take them out of the system"), a link said as which
things went with which, a field said with a remark about what it is for, a follow-up that adds to
"it", a rename taken back mid-message, a record logged "one each time …", and a verb with its
object that is no entity ("takes it to one of the runs")."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import added, chat, field, say
from tests.unit.test_assistant_round11 import KENNEL11


def test_why_a_field_is_wanted_after_the_question_is_no_field() -> None:
    changed, bp, reply = say(
        "could owners have latitude and longitude? we want to put them on a map", KENNEL11
    )
    assert changed, reply
    got = [(f.name, f.type) for f in added(KENNEL11, bp, "Owner")]
    assert got == [("latitude", "number"), ("longitude", "number")], reply


@pytest.mark.parametrize(
    ("message", "gone"),
    [
        ("We've stopped using walkers, take them out of the system", "Walker"),
        ("Runs — we've stopped tracking them. delete pls", "Run"),
    ],
)
def test_an_entity_dropped_with_the_reason(message: str, gone: str) -> None:
    changed, bp, reply = say(message, KENNEL11)
    assert changed, reply
    assert gone not in {e.name for e in bp.entities}, reply


def test_which_things_went_with_which_is_many_to_many() -> None:
    changed, bp, reply = say(
        "track which walkers were assigned to which dogs (many-to-many)", KENNEL11
    )
    assert changed, reply
    links = {(e.name, r.kind, r.target) for e in bp.entities for r in e.relationships}
    assert links & {("Walker", "many_to_many", "Dog"), ("Dog", "many_to_many", "Walker")}, reply


def test_a_link_said_as_pointing_straight_at_it() -> None:
    changed, bp, reply = say(
        "stays should also point straight at the owner who booked them, not just via the dog",
        KENNEL11,
    )
    assert changed, reply
    assert field(bp, "Stay", "owner_id") is not None, reply


def test_a_role_removed_with_the_reason_before_it() -> None:
    changed, bp, reply = say(
        "walkers won't have accounts after all, remove the staff role", KENNEL11
    )
    assert changed, reply
    assert bp.auth.roles == ["admin"], reply


def test_a_follow_up_adds_to_the_entity_just_made() -> None:
    changed, spec, reply = chat(
        ["add a Vet entity with a name", "also on it a website and a phone number"], KENNEL11
    )
    assert changed, reply
    assert "- website: string\n- phone_number: string" in spec, reply


@pytest.mark.parametrize(
    "message",
    [
        "on Dog, rename breed to breed_name... actually no, just call it kind",
        "on dogs: rename breed to kind",
    ],
)
def test_a_rename_on_a_named_entity_taken_back_mid_message(message: str) -> None:
    changed, bp, reply = say(message, KENNEL11)
    assert changed, reply
    assert field(bp, "Dog", "kind") is not None and field(bp, "Dog", "breed") is None, reply
    assert "did not understand" not in reply, reply


def test_a_record_logged_one_each_time_something_happens() -> None:
    changed, bp, reply = say(
        "We need to log Walks: one each time a dog goes out — walker name, length (short or "
        "long). And which dog, obviously.",
        KENNEL11,
    )
    assert changed, reply
    walk = {f.name: (f.type, f.references) for f in added(KENNEL11, bp, "Walk") if not f.managed}
    assert walk["walker_name"] == ("string", None) and walk["length"][0] == "enum", reply
    assert walk["dog_id"][1] == "Dog", reply


def test_a_verb_and_its_object_make_no_entity() -> None:
    _, bp, reply = say(
        "We want to track Feeds — a walker picks up food from the store and takes it to one of "
        "the runs",
        KENNEL11,
    )
    assert "Take" not in {e.name for e in bp.entities}, reply


@pytest.mark.parametrize(
    ("message", "entity", "names"),
    [
        (
            "Each stay should record how many meals were served and the feeding notes",
            "Stay",
            ["meals", "feeding_notes"],
        ),
        (
            "Dogs need notes, what happened during the stay, and a vet phone number",
            "Dog",
            ["notes", "vet_phone_number"],
        ),
        ("Dogs can do an obedience course. Record the date when they completed it.", "Dog", None),
    ],
)
def test_a_rewrite_keeps_what_is_said_after_it(
    message: str, entity: str, names: list[str] | None
) -> None:
    """What follows a reading ("… and the feeding notes", "…, and a vet phone number") is read
    too, and a pronoun is never part of a name ("the date when they completed it")."""
    changed, bp, reply = say(message, KENNEL11)
    got = [f.name for f in added(KENNEL11, bp, entity)]
    if names is not None:
        assert changed and got == names, reply
    assert not any(name.startswith("it_") for name in got), reply


@pytest.mark.parametrize(
    ("messages", "check"),
    [
        (["On reflection, rename breed to kind"], "- kind: string"),
        (["Stays no longer need a nightly rate"], "nightly_rate"),
        (["add a microchip number to dogs", "make it 18 or over"], "- microchip_number: string"),
    ],
)
def test_narrow_readings_leave_other_requests_alone(messages: list[str], check: str) -> None:
    """An opener is no entity ("On reflection, …"), a field no longer needed goes (it is not
    made optional), and "18 or over" is no list of values."""
    _, spec, reply = chat(messages, KENNEL11)
    if check == "nightly_rate":
        assert "nightly_rate" not in spec, reply
    else:
        assert check in spec, reply


@pytest.mark.parametrize(
    "message", ["record which dog was assigned to which owner", "Stays should start on time"]
)
def test_singular_pairs_and_start_times_change_nothing(message: str) -> None:
    changed, bp, reply = say(message, KENNEL11)
    assert not changed, reply
    assert all(r.kind != "many_to_many" for e in bp.entities for r in e.relationships), reply
