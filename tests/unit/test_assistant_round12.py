"""Round twelve's requests, in phrasings written for these tests: fields said by what they
measure ("how many minute it take to groom it", "how far we drove"), a lead-in and sign-off
around the request ("Hi there! … I was wondering if …  Thanks a million, Sam"), the reasons
people give beside a request (now reported as background, not as misunderstood), a list of
changes per entity ("stays -> add a deposit"), a place taken back ("Frankfurt. Actually scrap
that, Ireland"), and a change history asked for after the story that names the entity."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, chat, expect, field, say

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


MORE_FIELDS: list[tuple[str, str, list[tuple[object, ...]]]] = [
    ("We'd like to know the last time each dog was groomed.", "Dog",
     [("last_groomed_on", "date")]),
    ("For the stay please we need count how many walks is done, not only the rate.", "Stay",
     [("walks_done", "integer")]),
    ("can we flag dogs that are nervous? a yes/no is fine", "Dog", [("nervous", "boolean")]),
    ("Is possible to mark a stay as paid? Only yes or no.", "Stay", [("paid", "boolean")]),
    ("Dogs should say what coat they are: short, long or wire. Most are short.", "Dog",
     [("coat", "enum", "short")]),
    ("Can we grade each stay as gold, silver or bronze? Silver by default.", "Stay",
     [("grade", "enum", "silver")]),
    ("stays should have the owners phone too not just the dog", "Stay", [("owner_phone", "string")]),
]  # fmt: skip
"""Messages that add exactly these fields: (message, entity, [(name, type[, default])])."""


@pytest.mark.parametrize(("message", "entity", "expected"), MORE_FIELDS)
def test_fields_said_in_more_ways(
    message: str, entity: str, expected: list[tuple[object, ...]]
) -> None:
    expect(message, entity, expected)


def test_a_new_entity_with_a_count_and_a_default_said_after_it() -> None:
    changed, bp, reply = say(
        "add Walker with a name, how many walks there are and a rate. Most are volunteers so rate "
        "should be 0 unless we say otherwise.",
        KENNEL,
    )
    walker = next((e for e in bp.entities if e.name == "Walker"), None)
    assert changed and walker is not None, reply
    got = [(f.name, f.type, f.default) for f in walker.fields if not f.managed]
    assert got == [("name", "string", None), ("walks", "integer", None), ("rate", "number", 0)]


def test_archived_not_properly_deleted_is_a_soft_delete() -> None:
    changed, bp, reply = say(
        "Owners who leave should be archived (hidden), not properly deleted.", KENNEL
    )
    owner = next(e for e in bp.entities if e.name == "Owner")
    assert changed and owner.soft_delete, reply


def test_actually_make_that_a_number_corrects_the_one_just_said() -> None:
    changed, bp, reply = say(
        "Add a nickname to dogs. Oh and breed can be at most 40 characters. Actually make that 50.",
        KENNEL,
    )
    breed = field(bp, "Dog", "breed")
    assert changed and breed is not None and breed.max_length == 50, reply


def test_undo_the_unique_thing_of_the_previous_request() -> None:
    changed, spec, reply = chat(
        [
            "make dog names unique and add the date they arrived",
            "actually undo the unique thing, we have two dogs called Rex!",
        ]
    )
    assert changed and "- name: string, required\n- breed" in spec, reply
    assert "- arrived_on: date" in spec, reply  # the other half of the request stays


def test_an_entity_said_to_be_pointless_is_removed() -> None:
    changed, bp, reply = say(
        "We moved to one site so there's only one block now. Stays are pointless, delete them.",
        KENNEL,
    )
    assert changed and "Stay" not in {e.name for e in bp.entities}, reply


def test_the_default_is_wrong_with_the_number_after_it() -> None:
    spec = KENNEL.replace(
        "- nightly_rate: number, required", "- nightly_rate: number, required, default 30"
    )
    changed, bp, reply = say("The default nightly rate is wrong, the new price is 45.", spec)
    rate = field(bp, "Stay", "nightly_rate")
    assert changed and rate is not None and rate.default == 45, reply


def test_a_remark_after_a_dash_about_what_people_often_do() -> None:
    changed, bp, reply = say(
        "owner phone should be required - owners often forget to give it", KENNEL
    )
    phone = field(bp, "Owner", "phone")
    assert changed and phone is not None and phone.required, reply


def test_undo_the_bit_with_a_reason_takes_that_field_back() -> None:
    changed, spec, reply = chat(
        [
            "give dogs a weight in kg and a colour",
            "undo the colour bit, I don't care what colour they are",
        ]
    )
    assert changed and "colour" not in spec and "- weight: number" in spec, reply


def test_undo_the_entity_part_keeps_the_rest_of_the_request() -> None:
    changed, spec, reply = chat(
        [
            "Add a Walker entity with name and grade, and give owners a pager number",
            "undo the walker part, walks aren't our job. keep the pager number though",
        ]
    )
    assert changed and "### Walker" not in spec and "- pager_number: string" in spec, reply


def test_a_committee_letter_with_its_decision_and_signature() -> None:
    changed, bp, reply = say(
        "Hello from the committee! At the AGM it was decided (after much debate) that we should "
        "record the weight of each dog when we check it in. It's a number like 6.5. Many thanks, "
        "Jo (Treasurer)",
        KENNEL,
    )
    weight = field(bp, "Dog", "weight")
    assert changed and weight is not None and weight.type == "number", reply
    assert "already like that" not in reply and "did not understand" not in reply, reply


def test_a_letter_about_people_on_both_sides_is_a_many_to_many_and_we_is_no_entity() -> None:
    changed, bp, reply = say(
        "Dear Sir/Madam,\n\nI am writing on behalf of the kennel board. We have several walkers "
        "(staff, not owners!) and each of them walks many dogs, and of course every dog has a few "
        "walkers. Could you please add Walker with a name and a phone?\n\nKind regards,\nJo",
        KENNEL,
    )
    names = {e.name for e in bp.entities}
    assert changed and "Walker" in names and "We" not in names, reply
    assert any(e.name == "DogWalker" or e.join_entity for e in bp.entities), reply


def test_where_records_come_in_from_is_a_choice_with_its_usual_value() -> None:
    expect(
        "Stays come in from the website, over the phone or at the desk. Record which one it was; "
        "website is the usual.",
        "Stay",
        [("source", "enum", "website")],
    )


def test_a_link_that_may_be_there_but_need_not() -> None:
    changed, bp, reply = say(
        "Add Vet with a name and phone; a dog can be with a vet but doesn't have to be.", KENNEL
    )
    vet = field(bp, "Dog", "vet_id")
    assert changed and vet is not None and not vet.required, reply


def test_a_child_described_after_a_dash() -> None:
    changed, bp, reply = say(
        "A dog has many vaccinations - a vaccination is vaccine name, date given, and the batch",
        KENNEL,
    )
    shot = next((e for e in bp.entities if e.name == "Vaccination"), None)
    assert changed and shot is not None, reply
    got = [f.name for f in shot.fields if not f.managed and not f.references]
    assert got == ["vaccine_name", "date_given", "batch"], reply


def test_scans_they_give_us_are_uploads() -> None:
    changed, bp, reply = say(
        "owners have to give us scans of their ID cards, can they upload them?", KENNEL
    )
    assert changed and bp.infrastructure.buckets == ["id-card-scans"], reply


ROLES = KENNEL.replace(
    "- roles: admin, staff\n",
    "- roles: admin, staff, front_desk\n- default role: front_desk\n\n## API\n### Stay\n"
    "- access: roles admin, front_desk\n",
)


@pytest.mark.parametrize(
    "message",
    [
        "rename the front_desk role to reception",
        "front desk staff are called reception now, rename the role",
        "the front desk role should be called reception",
    ],
)
def test_a_role_renamed_everywhere_the_spec_names_it(message: str) -> None:
    changed, bp, reply = say(message, ROLES)
    assert changed, reply
    assert bp.auth.roles == ["admin", "staff", "reception"] and bp.auth.default_role == "reception"
    stays = next(r for r in bp.api.resources if r.entity == "Stay")
    assert stays.roles == ["admin", "reception"], reply


def test_a_role_rename_of_a_role_the_spec_lacks_asks() -> None:
    changed, _, reply = say("rename the cashier role to till", ROLES)
    assert not changed and "There is no role cashier" in reply and "front_desk" in reply


def test_an_entity_named_like_a_role_is_renamed_as_the_entity() -> None:
    spec = ROLES.replace("- roles: admin, staff, front_desk", "- roles: admin, staff, owner")
    spec = spec.replace("- default role: front_desk", "- default role: owner")
    changed, bp, reply = say("rename Owner to Client", spec.replace("front_desk", "owner"))
    assert changed and "Client" in {e.name for e in bp.entities}, reply
    assert "owner" in bp.auth.roles, reply  # the role keeps its name


def test_the_editor_refuses_a_role_rename_onto_a_role_that_exists() -> None:
    from slipway.assistant.editor import EditError, apply_operations
    from slipway.assistant.operations import RenameRole

    with pytest.raises(EditError, match="There is a role staff already"):
        apply_operations(ROLES, [RenameRole(old="front_desk", new="staff")])
    with pytest.raises(EditError) as missing:
        apply_operations(ROLES, [RenameRole(old="front_dsk", new="desk")])
    assert missing.value.candidates == ("front_desk",)


def test_i_meant_another_field_on_another_entity_moves_nothing() -> None:
    """The field named is not the one just added: nothing moves (a rewrite that moved "the
    field just added" whatever was named was taken out after review)."""
    _, spec, reply = chat(
        ["add a groomer field on stays", "I meant put the vet on dogs, not stays"]
    )
    stay = spec.split("### Stay")[1]
    assert "- groomer: string" in stay, reply


def test_a_city_near_a_region() -> None:
    changed, bp, reply = say(
        "we're in Portland, Oregon actually - can the servers be near us?", KENNEL
    )
    assert changed and bp.infrastructure.region == "us-west-2", reply


@pytest.mark.parametrize(
    "message",
    ["walkers need a nickname", "email on walkers shouldn't be mandatory, a few are students"],
)
def test_a_request_about_an_entity_the_spec_lacks_names_it(message: str) -> None:
    changed, _, reply = say(message, KENNEL)
    assert not changed, reply
    assert reply.startswith("There is no Walker entity (the entities are Owner, Dog, Stay)"), reply


@pytest.mark.parametrize("message", ["thanks for the updates", "we need a nickname", "dogs need"])
def test_a_message_naming_no_entity_gets_the_general_reply(message: str) -> None:
    changed, _, reply = say(message, KENNEL)
    assert not changed and "There is no" not in reply, reply
