"""Requests in the word order and words of someone writing in a second language, on the kennel
spec, in phrasings written for these tests."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, field, say


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("The owner, we must know his date of birth, please add it.", "Owner",
         ("date_of_birth", "date")),
        ("In the stay I need to keep how many persons are coming with the dog.", "Stay",
         ("persons", "integer")),
        ("Stays have a fee for one night, it is with cents, please put it.", "Stay",
         ("fee", "number")),
        ("We need also the Kennel as own thing, with code and how long it is in metres.",
         "Kennel", ("code", "string")),
    ],
)  # fmt: skip
def test_second_language_requests(message: str, entity: str, expected: tuple[str, str]) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    fields = (
        [(f.name, f.type) for f in added(KENNEL, bp, entity)]
        if entity != "Kennel"
        else [(f.name, f.type) for e in bp.entities if e.name == "Kennel" for f in e.fields]
    )
    assert expected in fields, reply


def test_when_is_a_new_one_it_is_is_the_default() -> None:
    changed, bp, reply = say(
        "Dogs have a state: boarding, home or away. When is a new dog, it is home.", KENNEL
    )
    state = field(bp, "Dog", "state")
    assert changed and state is not None and state.default == "home", reply


def test_more_long_than_is_longer_than() -> None:
    changed, bp, reply = say("Name of a dog can not be more long than 40 letters.", KENNEL)
    name = field(bp, "Dog", "name")
    assert changed and name is not None and name.max_length == 40, reply


def test_this_we_dont_need_no_more_removes_it() -> None:
    changed, bp, reply = say("Breed of the dog, this we don't need no more.", KENNEL)
    assert changed and field(bp, "Dog", "breed") is None, reply


def test_everybody_can_see_it_but_not_change_is_public_read_only() -> None:
    changed, bp, reply = say(
        "The list of dogs, everybody on internet can see it, but not to change.", KENNEL
    )
    dogs = next(r for r in bp.api.resources if r.entity == "Dog")
    assert changed and dogs.public and sorted(dogs.operations) == ["get", "list"], reply
