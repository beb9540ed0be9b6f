"""Round nine's requests, in phrasings written for these tests: a value made the default without
naming its field, a number taken back in the same message, a many-to-many link whose second side
is said as "lots of times", and a message that says it opens with background."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, field, say

SIZED = KENNEL.replace(
    "- breed: string\n",
    "- breed: string\n- size: enum(toy, small, medium, large), default medium\n",
)
TWO_SIZES = SIZED.replace(
    "- nightly_rate: number, required\n",
    "- nightly_rate: number, required\n- kennel_size: enum(small, large), default small\n",
)


@pytest.mark.parametrize(
    "message",
    [
        "make large the default",
        "large should be the default one",
        "we mostly board big dogs, so make large the default",
        "make the large size the default",
    ],
)
def test_a_value_made_the_default_is_its_one_choice(message: str) -> None:
    changed, bp, reply = say(message, SIZED)
    assert changed, reply
    size = field(bp, "Dog", "size")
    assert size is not None and size.default == "large", reply


def test_a_value_two_choices_have_is_asked_about() -> None:
    changed, _, reply = say("make large the default", TWO_SIZES)
    assert not changed
    assert "Dog.size" in reply and "Stay.kennel_size" in reply


def test_a_value_no_choice_has_changes_nothing() -> None:
    changed, _, _ = say("make gigantic the default", SIZED)
    assert not changed


@pytest.mark.parametrize(
    ("message", "entity", "name", "length"),
    [
        ("dog names can be 20 characters max - no wait, make it 30", "Dog", "name", 30),
        ("owner emails max 100 chars, actually 120", "Owner", "email", 120),
        ("dog breeds at most 40 characters... actually 60", "Dog", "breed", 60),
    ],
)
def test_a_number_taken_back_is_replaced(message: str, entity: str, name: str, length: int) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    found = field(bp, entity, name)
    assert found is not None and found.max_length == length, reply


@pytest.mark.parametrize(
    "message",
    [
        "a stay can include a few extras (grooming, walks), and each extra gets booked lots of "
        "times",
        "one stay has several extras and every extra is sold many times",
    ],
)
def test_the_second_side_said_as_many_times_makes_many_to_many(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    stay = bp.entity("Stay")
    assert stay is not None
    kinds = {(r.kind, r.target) for r in stay.relationships}
    assert ("many_to_many", "Extra") in kinds, reply


def test_a_hyphenated_word_before_the_plural_still_names_it() -> None:
    message = "a handler can be signed off for several runs and each run has a bunch of signed-off handlers"
    spec = KENNEL.replace("### Stay", "### Handler\n- name: string, required\n\n### Run\n"
                          "- code: string, required\n\n### Stay")  # fmt: skip
    changed, bp, reply = say(message, spec)
    assert changed, reply
    handler = bp.entity("Handler")
    assert handler is not None
    assert ("many_to_many", "Run") in {(r.kind, r.target) for r in handler.relationships}, reply


def test_a_sentence_said_to_be_background_is_not_read() -> None:
    message = (
        "Some background: the vet needs a record of every stay, so not every dog can stay in "
        "every run. add a vet_notes field to stays"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert field(bp, "Stay", "vet_notes") is not None
    assert compile_spec(KENNEL).blueprint is not None
    assert [e.name for e in bp.entities] == ["Owner", "Dog", "Stay"], reply
