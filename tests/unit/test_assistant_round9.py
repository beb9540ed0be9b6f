"""Round nine's requests, in phrasings written for these tests: a value made the default without
naming its field, a number taken back in the same message, a many-to-many link whose second side
is said as "lots of times", and a message that says it opens with background."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, added, chat, field, say

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


@pytest.mark.parametrize(
    ("message", "entity", "names", "kind"),
    [
        ("add date of last flea treatment to dogs pls", "Dog", {"last_flea_treatment_on"}, "date"),
        ("dogs need a date of birth", "Dog", {"date_of_birth"}, "date"),
        ("stays: add numbr of walks out to the far field", "Stay", {"walks", "number_of_walks"},
         "integer"),
        ("stays: add how many got fed", "Stay", {"fed"}, "integer"),
        ("add col `is_groomed` (bool) on the dogs table, default false", "Dog", {"is_groomed"},
         "boolean"),
    ],
)  # fmt: skip
def test_field_names_said_as_phrases(message: str, entity: str, names: set[str], kind: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = [f for f in added(KENNEL, bp, entity)]
    assert len(new) == 1 and new[0].name in names and new[0].type == kind, reply


def test_a_description_of_what_happened_and_whether_we_did_something() -> None:
    message = (
        "I'd like to log incidents: which stay it happened on, a description of what happened, "
        "and whether we've told the owner about it yet"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    got = {(f.name, f.type) for f in added(KENNEL, bp, "Incident")}
    assert {("description", "string"), ("owner_told", "boolean")} <= got, reply


def test_values_split_by_bars_after_an_enum_word() -> None:
    changed, bp, reply = say(
        "stays table: add `mood` enum - happy | fine | unsettled, default happy", KENNEL
    )
    assert changed, reply
    mood = field(bp, "Stay", "mood")
    assert mood is not None and mood.enum_values == ["happy", "fine", "unsettled"], reply
    assert mood.default == "happy"


def test_an_index_on_that_col() -> None:
    changed, bp, reply = say("we sort stays by arrives_on everywhere, add an index on that col",
                             KENNEL)  # fmt: skip
    assert changed, reply
    stay = bp.entity("Stay")
    assert stay is not None and any(i.fields == ["arrives_on"] for i in stay.indexes), reply


def test_one_item_of_a_list_taken_back() -> None:
    message = (
        "Add a collar size to dogs and a coat colour too - actually skip the colour, we have photos"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [f.name for f in added(KENNEL, bp, "Dog")] == ["collar_size"], reply


def test_one_entity_of_a_list_taken_back() -> None:
    message = "soft delete owners, and dogs - no, scratch the dogs, we really delete those"
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    owner, dog = bp.entity("Owner"), bp.entity("Dog")
    assert owner is not None and owner.soft_delete, reply
    assert dog is not None and not dog.soft_delete, reply


@pytest.mark.parametrize(
    "message", ["bump the default dog size to small", "make the default dog size small"]
)
def test_a_default_moved(message: str) -> None:
    changed, bp, reply = say(message, SIZED)
    assert changed, reply
    size = field(bp, "Dog", "size")
    assert size is not None and size.default == "small", reply


@pytest.mark.parametrize(
    ("message", "where"),
    [
        # a constraint, then how things are
        (
            "owner email shouldnt be mandatory, some owners dont have one till later",
            ("Owner", "email"),
        ),
        # "we can't insist on" a field makes it optional
        (
            "Some dogs come for open-ended stays, so we can't insist on a leaves_on date",
            ("Stay", "leaves_on"),
        ),
    ],
)
def test_a_field_made_optional(message: str, where: tuple[str, str]) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    found = field(bp, *where)
    assert found is not None and not found.required, reply


def test_an_api_said_by_its_endpoints_then_its_settings() -> None:
    changed, bp, reply = say("Stay endpoints: restrict to admins + staff, and drop DELETE", KENNEL)
    assert changed, reply
    api = next(r for r in bp.api.resources if r.entity == "Stay")
    assert set(api.roles) == {"admin", "staff"}, reply
    assert "delete" not in api.operations and "create" in api.operations, reply


def test_endpoints_are_never_a_field() -> None:
    changed, _, reply = say("Stay endpoints: admins or staff", KENNEL)
    assert not changed
    assert "API" in reply


def test_a_column_named_like_a_kind_word_is_dropped() -> None:
    spec = KENNEL.replace("- breed: string\n", "- breed: string\n- model: string\n")
    changed, bp, reply = say("ALTER TABLE dogs DROP COLUMN model;", spec)
    assert changed, reply
    assert field(bp, "Dog", "model") is None and field(bp, "Dog", "breed") is not None


@pytest.mark.parametrize(
    ("message", "gone"),
    [
        ("get rid of breed on dogs nobody uses it", ("Dog", "breed")),
        ("remove phone from owners as no one reads it any more", ("Owner", "phone")),
    ],
)
def test_a_reason_after_a_removal_without_a_comma(message: str, gone: tuple[str, str]) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert field(bp, *gone) is None, reply


def test_a_setting_called_a_thing_while_youre_at_it() -> None:
    changed, spec, reply = chat(
        ["switch the database backups on", "and the point-in-time recovery thing as well while "
         "you're at it"]
    )  # fmt: skip
    assert changed, reply
    compiled = compile_spec(spec).blueprint
    assert compiled is not None and compiled.infrastructure.point_in_time_recovery, reply


def test_a_field_said_with_when_and_then_made_a_fixed_choice() -> None:
    changed, spec, reply = chat(
        ["owners should tell us their dog's collar size when they book",
         "make that a fixed choice: xs, s, m, l, xl"]
    )  # fmt: skip
    assert changed, reply
    bp = compile_spec(spec).blueprint
    assert bp is not None
    size = field(bp, "Owner", "dog_collar_size") or field(bp, "Owner", "collar_size")
    assert size is not None and size.type == "enum" and size.enum_values == ["xs", "s", "m", "l",
                                                                              "xl"], reply  # fmt: skip


@pytest.mark.parametrize(
    ("message", "new", "old"),
    [
        ("rename model Dog -> Hound (table hounds), update the FKs", "Hound", "Dog"),
        ("I want to call 'Stay' as 'Visit' in the app, because some dogs only come for a day",
         "Visit", "Stay"),
        ("In our business we say 'visit', not 'stay'. Can you change this name everywhere please?",
         "Visit", "Stay"),
    ],
)  # fmt: skip
def test_an_entity_renamed_the_way_people_say_it(message: str, new: str, old: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    names = [e.name for e in bp.entities]
    assert new in names and old not in names, reply


@pytest.mark.parametrize(
    ("message", "unique", "required"),
    [
        ("No two owners should ever have the same phone number", True, False),
        ("every owner has to give us a phone number, no exceptions", False, True),
        ("owners must really provide a phone number", False, True),
    ],
)
def test_the_phone_number_is_the_phone(message: str, unique: bool, required: bool) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    phone = field(bp, "Owner", "phone")
    assert phone is not None and (phone.unique, phone.required) == (unique, required), reply
    assert field(bp, "Owner", "phone_number") is None


def test_a_field_the_entity_has_under_a_shorter_name_is_not_added_again() -> None:
    changed, _, reply = say("add a phone number to owners", KENNEL)
    assert not changed
    assert "already has phone" in reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("stays need a box for special requests", "Stay", "special_requests", "string"),
        ("DOGS NEED SOMEWHERE TO PUT FEEDING NOTES, LIKE WHICH BOWL TO USE", "Dog",
         "feeding_notes", "string"),
        ("owners neeed a postcode for the sat navs of our drivers", "Owner", "postcode", "string"),
        ("owners need a postcode for drivers sat navs", "Owner", "postcode", "string"),
        ("dogs need a flag for whether they're house trained", "Dog", "house_trained", "boolean"),
        ("dogs need a reason for leaving", "Dog", "reason_for_leaving", "string"),
    ],
)  # fmt: skip
def test_a_field_said_by_what_holds_it_or_what_it_is_for(
    message: str, entity: str, name: str, kind: str
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [(f.name, f.type) for f in added(KENNEL, bp, entity)] == [(name, kind)], reply


def test_somewhere_to_keep_files_is_still_a_bucket() -> None:
    changed, bp, reply = say("We need somewhere to store vaccination certificates (PDFs)", KENNEL)
    assert changed, reply
    assert bp.infrastructure.buckets, reply


@pytest.mark.parametrize(
    ("message", "name", "values", "default"),
    [
        ("A stay is either a day stay, an overnight one or a long one. Most are overnight.",
         "type", ["day", "overnight", "long"], "overnight"),
        ("The coat on each dog is either short, wiry or long. Call it short unless we say "
         "otherwise.", "coat", ["short", "wiry", "long"], "short"),
        ("each dog's temperament is calm, lively or nervous. If nobody says, assume calm.",
         "temperament", ["calm", "lively", "nervous"], "calm"),
    ],
)  # fmt: skip
def test_a_default_said_in_its_own_sentence_after_the_choice(
    message: str, name: str, values: list[str], default: str
) -> None:
    entity = "Stay" if message.startswith("A stay") else "Dog"
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    found = field(bp, entity, name)
    assert found is not None, reply
    assert (found.enum_values, found.default) == (values, default), reply


def test_most_of_them_said_loosely_is_no_default() -> None:
    spec = SIZED
    changed, bp, reply = say("most of ours are pretty small i think", spec)
    size = field(bp, "Dog", "size")
    assert size is not None and size.default == "medium", reply
    assert not changed


def test_a_link_that_wont_always_be_there_is_optional() -> None:
    changed, bp, reply = say(
        "Some dogs are strays the council brings in, so a dog won't always be part of an owner",
        KENNEL,
    )
    assert changed, reply
    owner = field(bp, "Dog", "owner_id") or field(bp, "Dog", "owner")
    assert owner is not None and not owner.required, reply


def test_a_length_said_after_why() -> None:
    changed, bp, reply = say(
        "Dog names are engraved on little brass tags, so nothing longer than 20 characters please",
        KENNEL,
    )
    assert changed, reply
    name = field(bp, "Dog", "name")
    assert name is not None and name.max_length == 20, reply


def test_an_index_asked_for_as_speed() -> None:
    changed, bp, reply = say(
        "I sort stays by arrives_on constantly, can you speed that up?", KENNEL
    )
    assert changed, reply
    stay = bp.entity("Stay")
    assert stay is not None and any(i.fields == ["arrives_on"] for i in stay.indexes), reply
