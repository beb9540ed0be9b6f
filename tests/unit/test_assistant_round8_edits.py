"""Round eight's requests, in phrasings written for these tests (the second half): follow-ups and
corrections in a conversation, and the silent wrong edits mended on the way ("make large the
default" made a role, "get rid of the vans bit" a field ``rid``, "… but not list, read, change or
delete them" opened the API)."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, chat, expect, field, say


@pytest.mark.parametrize("more", ["and eye colour", "also their eye colour", "and an eye colour"])
def test_one_more_field_for_the_same_entity(more: str) -> None:
    """ "dogs need a colour", then "and eye colour": the dog's, even though the colour the first
    request added is on today's spec already."""
    changed, spec, reply = chat(["dogs need a colour", more])
    bp = compile_spec(spec).blueprint
    assert changed and bp is not None and field(bp, "Dog", "eye_colour") is not None, reply


def test_follow_ups_in_a_row_keep_the_first_requests_entity() -> None:
    changed, spec, reply = chat(["dogs need a colour", "and eye colour", "and a weight"])
    bp = compile_spec(spec).blueprint
    assert changed and bp is not None and field(bp, "Dog", "weight") is not None, reply


def test_and_a_word_that_names_no_field_is_no_follow_up() -> None:
    changed, _, reply = chat(["dogs need a colour", "and required"])
    assert not changed, reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("stays should say what kind they are - boarding, daycare or grooming. most are boarding "
         "so default to that", "Stay", [("kind", "enum", "boarding")]),
        ("dogs need a little blurb for the shop page", "Dog", [("blurb", "string", None)]),
        ("each stay has its placing (1 for first, 2 for second...)", "Stay",
         [("placing", "integer", None)]),
        ("stays need the prize money", "Stay", [("prize_money", "number", None)]),
        ("stays need an ETA", "Stay", [("eta", "datetime", None)]),
    ],
)  # fmt: skip
def test_round_eight_field_words(
    message: str, entity: str, expected: list[tuple[object, ...]]
) -> None:
    expect(message, entity, expected)


def test_an_index_in_a_list_of_additions_is_an_index() -> None:
    """ "…, and an index on arrives_on while you're there" added a field ``index_on_…``."""
    changed, bp, reply = say(
        "add a nullable pickup_note varchar(40) to Stay, and an index on arrives_on while "
        "you're there",
        KENNEL,
    )
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and any(i.fields == ["arrives_on"] for i in stay.indexes), reply
    assert field(bp, "Stay", "index_on_arrives_on") is None, reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("owners need the date they last passed their in-water safety test", "Owner",
         [("last_safety_test_on", "date", None)]),
        ("owners need the date they joined the club", "Owner", [("joined_on", "date", None)]),
        ("For every stay I want know if the dog did arrive or not. Please put default as no.",
         "Stay", [("arrived", "boolean", False)]),
    ],
)  # fmt: skip
def test_dates_and_yes_nos_said_with_their_verbs(
    message: str, entity: str, expected: list[tuple[object, ...]]
) -> None:
    """ "Please put default as no" added a text field ``default_as_no``."""
    expect(message, entity, expected)


def test_a_value_with_when_it_applies() -> None:
    spec = KENNEL.replace("- breed: string", "- size: enum(small, large), default small")
    changed, bp, reply = say("dogs can also be 'giant' if they are over 50kg", spec)
    size = field(bp, "Dog", "size")
    assert changed and size is not None and size.enum_values == ["small", "large", "giant"], reply


def test_a_remark_on_a_field_then_a_rename_of_it() -> None:
    """ "the breed on dogs is really their type, rename it to kind": the remark asks nothing."""
    changed, bp, reply = say("the breed on dogs is really their type, rename it to kind", KENNEL)
    assert changed and field(bp, "Dog", "kind") is not None, reply
    assert field(bp, "Dog", "breed") is None, reply


def test_a_new_thing_thought_of_or_wanted_by_others() -> None:
    """ "I'm thinking a Walk with …", "The trustees want a Walk list: …": a new entity."""
    for message in (
        "The council want us logging walks. I'm thinking a Walk with which dog it was, the time "
        "it started, the distance reading and whether it was completed.",
        "The trustees want a Walk list: which dog, what's wrong, when it started, and whether it "
        "was completed.",
    ):
        changed, bp, reply = say(message, KENNEL)
        assert changed and field(bp, "Walk", "dog_id") is not None, reply
    assert field(bp, "Walk", "problem") is not None, reply


def test_how_values_are_kept_is_no_field_and_stick_it_in_json() -> None:
    """ "dogs: sit, stay, heel and recall are all scored separately." added a field ``sit``."""
    expect(
        "dogs: sit, stay, heel and recall are all scored separately. just stick the breakdown "
        "in a json field",
        "Dog",
        [("breakdown", "json")],
    )


def test_a_reading_is_a_number() -> None:
    expect("stays need a thermometer reading", "Stay", [("thermometer_reading", "number")])


def test_one_more_value_said_after_a_dash() -> None:
    """ "either private or group - oh and semi-private too, for two people" made the values
    ``group_-_oh`` and ``for_two_people``."""
    expect(
        "stays are either short or long - oh and medium too, for a week. short unless we say "
        "otherwise",
        "Stay",
        [("type", "enum", "short")],
    )
    _, bp, _ = say("stays are either short or long - oh and medium too, for a week", KENNEL)
    kind = field(bp, "Stay", "type")
    assert kind is not None and kind.enum_values == ["short", "long", "medium"]


def test_a_value_made_of_a_sentence_is_asked_about() -> None:
    changed, _, reply = say("stays have a kind: short - oh or long", KENNEL)
    assert not changed or "_-_" not in reply, reply


def test_if_it_is_so_or_no_is_a_yes_no() -> None:
    expect(
        "For dogs we must know if it is vaccinated or no. Please can you add this?",
        "Dog",
        [("vaccinated", "boolean")],
    )


def test_make_a_value_the_default_is_no_new_role() -> None:
    """ "so make large the default" added a role ``large`` and made it the default role."""
    spec = KENNEL.replace("- breed: string", "- size: enum(small, medium, large), default medium")
    _, bp, reply = say("most dogs are large actually, so make large the default", spec)
    assert bp.auth.roles == ["admin", "staff"] and bp.auth.default_role is None, reply


def test_get_rid_of_the_bit_removes_it() -> None:
    """ "we stopped boarding, get rid of the stays bit" added a field ``rid``."""
    changed, bp, reply = say(
        "we stopped doing boarding years ago, get rid of the stays bit", KENNEL
    )
    assert changed and "Stay" not in {e.name for e in bp.entities}, reply
    assert all(f.name != "rid" for e in bp.entities for f in e.fields), reply


def test_roughly_how_many_stored_as_a_whole_number() -> None:
    """ "…, store that as a whole number pls" added a text field ``store``."""
    expect(
        "each dog has roughly how many walks on it, store that as a whole number pls",
        "Dog",
        [("walks", "integer")],
    )


def test_public_create_only_said_with_but_not() -> None:
    """ "anyone can create … without logging in, but not list, read, change or delete them"
    opened list, update and delete to everyone."""
    changed, bp, reply = say(
        "anyone should be able to create a Stay through the api without logging in, but not "
        "list, read, change or delete them",
        KENNEL,
    )
    stay = next(r for r in bp.api.resources if r.entity == "Stay")
    assert changed and stay.public and stay.operations == ["create"], reply


@pytest.mark.parametrize(
    "correction",
    ["sorry, I meant owners, not dogs. the chip goes with the owner", "put it on owners instead"],
)
def test_a_correction_moves_the_last_change(correction: str) -> None:
    """ "sorry, I meant rounds, not drivers" made a VanGo entity; "instead" kept both."""
    changed, spec, reply = chat(["add a chip_code field to dogs", correction])
    bp = compile_spec(spec).blueprint
    assert changed and bp is not None, reply
    assert field(bp, "Owner", "chip_code") is not None and field(bp, "Dog", "chip_code") is None
    assert {e.name for e in bp.entities} == {"Owner", "Dog", "Stay"}, reply


def test_a_duty_by_law_then_the_field_for_each_one() -> None:
    """ "By law every inflatable has to pass …" added a field ``by_law``."""
    changed, bp, reply = say(
        "By law every dog has to pass a health check once a year. I keep losing track, so I "
        "need to record when each one was last checked.",
        KENNEL,
    )
    assert changed and field(bp, "Dog", "by_law") is None, reply
    assert field(bp, "Dog", "last_checked_at") is not None, reply


def test_a_health_check_of_a_record_is_no_health_endpoint() -> None:
    changed, bp, reply = say("every dog has to pass a health check once a year", KENNEL)
    assert not changed and not bp.api.health_endpoint, reply
    changed, bp, reply = say("add a health check endpoint", KENNEL)
    assert changed and bp.api.health_endpoint, reply


def test_a_code_given_as_an_example_is_text() -> None:
    """ "a size (e.g. 8x10)" made a number."""
    expect("stays need a kennel size (e.g. 4x6)", "Stay", [("kennel_size", "string")])


def test_a_contacts_name_and_number_are_both_the_contacts() -> None:
    """ "an emergency contact name and number" added ``emergency_contact_name`` and ``number``."""
    expect(
        "owners should have an emergency contact name and number",
        "Owner",
        [("emergency_contact_name", "string"), ("emergency_contact_number", "string")],
    )


def test_give_them_a_role_is_a_role_never_a_field() -> None:
    """ "give owners an owner role" added a text field ``owner_role``."""
    changed, bp, reply = say(
        "let owners log in to see their dogs - give them a client role", KENNEL
    )
    assert changed and bp.auth.roles == ["admin", "staff", "client"], reply
    assert all(f.name != "client_role" for e in bp.entities for f in e.fields), reply


@pytest.mark.parametrize(
    "values",
    [
        "make it a pick list: facebook, google, word of mouth, or a school fair",
        "make it an enum: facebook, google, word of mouth or school fair",
    ],
)
def test_the_last_field_made_a_choice(values: str) -> None:
    changed, spec, reply = chat(["owners need a field for how they heard about us", values])
    bp = compile_spec(spec).blueprint
    heard = field(bp, "Owner", "heard_about_us") if bp else None
    assert changed and heard is not None and heard.type == "enum", reply
    assert heard.enum_values == ["facebook", "google", "word_of_mouth", "school_fair"], reply


@pytest.mark.parametrize(
    "message",
    ["every dog stays in one of our kennels", "our dogs each sleep in one of our kennels"],
)
def test_one_of_our_things_is_a_link_to_it(message: str) -> None:
    """ "every driver works out of one of our depots" was not read."""
    changed, bp, reply = say(message, KENNEL)
    assert changed and field(bp, "Dog", "kennel_id") is not None, reply


def test_and_no_two_the_same_after_a_field() -> None:
    """ "and no two owners can have the same phone" read as ", unique phone" after "and"."""
    changed, bp, reply = say("and no two owners can have the same phone", KENNEL)
    phone = field(bp, "Owner", "phone")
    assert changed and phone is not None and phone.unique, reply


def test_take_it_off_is_a_removal() -> None:
    changed, bp, reply = say("take breed off dogs, we don't really need it", KENNEL)
    assert changed and field(bp, "Dog", "breed") is None, reply


def test_an_entity_that_should_really_be_called_something_else() -> None:
    changed, bp, reply = say(
        "We board cats as well as dogs now, so Dog should really be called Pet.", KENNEL
    )
    assert changed and "Pet" in {e.name for e in bp.entities}, reply


def test_a_team_role_keeps_its_name() -> None:
    """ "can she have her own 'accounts' role" added a role ``account``."""
    changed, bp, reply = say(
        "my sister does the books - can she have her own 'accounts' role, separate from staff?",
        KENNEL,
    )
    assert changed and bp.auth.roles == ["admin", "staff", "accounts"], reply


def test_please_add_after_a_comma_is_a_request_of_its_own() -> None:
    """ "owners pay a yearly fee, please add how much each one has paid"."""
    expect(
        "owners pay a yearly fee to the club, please add how much each one has paid",
        "Owner",
        [("amount_paid", "number")],
    )


def test_they_are_no_longer_needed_at_all_is_a_removal() -> None:
    changed, bp, reply = say(
        "Stays are handled by the booking site now so we don't need them in our system at all.",
        KENNEL,
    )
    assert changed and "Stay" not in {e.name for e in bp.entities}, reply


def test_a_reason_after_a_dash_is_no_part_of_the_field() -> None:
    changed, bp, reply = say(
        "put the owner on each stay too please — sometimes a dog is dropped off by someone else",
        KENNEL,
    )
    assert changed and field(bp, "Stay", "owner_id") is not None, reply
