"""Round eight's requests, in phrasings written for these tests: two fields said with one noun
("start and end times"), a command word inside a hyphenated one ("a drop-off time" is no
"drop"), and a link named by the part an entity plays ("a return branch")."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from slipway.assistant.base import ChatTurn
from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, expect, field, say

RENTAL = """# Bikes for hire

## Entities

### Branch
- name: string, required

### Bike
- frame: string, required
- branch: ref Branch, required

### Hire
- bike: ref Bike, required
- starts_at: datetime, required
"""


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("owners need first and last names", [("first_name", "string"), ("last_name", "string")]),
        ("owners need a first/last name", [("first_name", "string"), ("last_name", "string")]),
    ],
)
def test_two_fields_said_with_one_noun_on_owners(
    message: str, expected: list[tuple[object, ...]]
) -> None:
    expect(message, "Owner", expected)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("stays need start and end times", [("start_time", "datetime"), ("end_time", "datetime")]),
        ("each stay has a min and max temperature", [("min_temperature", "number"),
                                                      ("max_temperature", "number")]),
        ("stays need pickup/drop-off times", [("pickup_time", "datetime"),
                                              ("drop_off_time", "datetime")]),
        ("add check-in + check-out dates to stays", [("check_in_date", "date"),
                                                      ("check_out_date", "date")]),
        ("stays need before & after photos", [("before_photo", "string"),
                                              ("after_photo", "string")]),
    ],
)  # fmt: skip
def test_two_fields_said_with_one_noun(message: str, expected: list[tuple[object, ...]]) -> None:
    """Each field gets the noun: never ``start`` and ``end_times``."""
    expect(message, "Stay", expected)


def test_a_verb_before_the_pair_is_not_one_of_it() -> None:
    """ "the date pre-orders open and a retail price": "open" is what pre-orders do."""
    _, bp, reply = say("each stay needs the day bookings open and a retail price", KENNEL)
    assert field(bp, "Stay", "open_price") is None, reply
    assert field(bp, "Stay", "retail_price") is not None, reply


def test_a_command_word_inside_a_hyphenated_one_cuts_nothing() -> None:
    """ "… and drop-off time" is the second field, not a request to drop something."""
    expect(
        "stays need a pickup time and drop-off time",
        "Stay",
        [("pickup_time", "datetime"), ("drop_off_time", "datetime")],
    )


@pytest.mark.parametrize(
    ("message", "entity", "name", "target"),
    [
        ("each hire needs a return branch", "Hire", "return_branch_id", "Branch"),
        ("hires have a pickup branch and a return branch", "Hire", "return_branch_id", "Branch"),
        ("bikes need a home branch", "Bike", "home_branch_id", "Branch"),
        ("every hire has a backup bike", "Hire", "backup_bike_id", "Bike"),
    ],
)
def test_a_link_named_by_the_part_the_entity_plays(
    message: str, entity: str, name: str, target: str
) -> None:
    changed, bp, reply = say(message, RENTAL)
    assert changed, reply
    found = field(bp, entity, name)
    assert found is not None and found.references == target, reply


def test_a_part_word_before_a_thing_that_is_no_entity_stays_a_field() -> None:
    expect("each stay needs a return date", "Stay", [("return_date", "date")])


@pytest.mark.parametrize(
    ("message", "event"),
    [
        ("when a stay gets checked out, publish an event", "stay.checked_out"),
        ("fire an event when a dog is picked up", "dog.picked_up"),
        ("emit an event when a dog is dropped off", "dog.dropped_off"),
        ("emit an event when a stay is booked in the system", "stay.booked"),
    ],
)
def test_an_event_named_with_its_verbs_particle(message: str, event: str) -> None:
    """ "checked out" is the event, never "checked"; "in the system" is no particle."""
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [e.name for e in bp.workflows.events] == [event], reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("we need to know who the vet is for each dog", "Dog", [("vet", "string")]),
        ("dogs: which kennel run are they in?", "Dog", [("kennel_run", "string")]),
        ("which kennel run is each dog in?", "Dog", [("kennel_run", "string")]),
        ("record which room a stay is in", "Stay", [("room", "string")]),
        ("note down the reason for each stay", "Stay", [("reason", "string")]),
        ("please jot down each dog's diet", "Dog", [("diet", "string")]),
        ("make a note of each dog's diet", "Dog", [("diet", "string")]),
    ],
)
def test_a_field_said_as_who_or_which_or_noted_down(
    message: str, entity: str, expected: list[tuple[object, ...]]
) -> None:
    expect(message, entity, expected)


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("is the dog neutered? yes or no, default yes", "Dog", [("neutered", "boolean", True)]),
        ("is the dog neutered? default no", "Dog", [("neutered", "boolean", False)]),
        ("is the dog friendly with other dogs? yes or no, default yes", "Dog",
         [("friendly_with_dogs", "boolean", True)]),
        ("does the dog need medication? yes/no", "Dog", [("needs_medication", "boolean", None)]),
        ("has the owner signed the waiver? default no", "Owner",
         [("signed_waiver", "boolean", False)]),
        ("is the dog a puppy? yes or no", "Dog", [("is_puppy", "boolean", None)]),
    ],
)  # fmt: skip
def test_a_yes_no_question_with_its_answer_type_or_default(
    message: str, entity: str, expected: list[tuple[object, ...]]
) -> None:
    expect(message, entity, expected)


@pytest.mark.parametrize(
    "message",
    ["is the dog friendly with other dogs?", "is the dog neutered?"],
)
def test_a_yes_no_question_without_a_cue_is_asked_back(message: str) -> None:
    """The user may be asking about the spec, not for a field: a question, nothing changed."""
    changed, _, reply = say(message, KENNEL)
    assert not changed and reply.startswith("Should Dog get a yes/no field"), reply


def test_a_kind_said_as_a_question_adds_no_yes_no() -> None:
    changed, _, reply = say("is the dog a labrador or a poodle? yes or no", KENNEL)
    assert not changed, reply


def test_a_file_we_can_upload_is_named_by_the_file() -> None:
    changed, bp, reply = say("each dog needs a photo we can upload", KENNEL)
    assert changed and field(bp, "Dog", "photo") is not None, reply
    assert bp.infrastructure.buckets == ["photos"], reply


def test_an_event_said_with_late() -> None:
    changed, bp, reply = say("when a stay is paid late, fire an event", KENNEL)
    assert changed and [e.name for e in bp.workflows.events] == ["stay.paid_late"], reply


def test_how_someone_is_paid_is_no_field_and_no_entity() -> None:
    """ "paid by the hour" made a yes/no ``paid``, then an ``Hour`` entity to belong to."""
    expect(
        "owners get paid by the hour, store their hourly rate",
        "Owner",
        [("hourly_rate", "number")],
    )
    changed, bp, reply = say("owners get paid by the hour", KENNEL)
    assert not changed and "Hour" not in {e.name for e in bp.entities}, reply


def test_who_a_thing_is_kept_for_makes_no_entity() -> None:
    """ "some stays are reserved for repeat customers" made a RepeatCustomer and a many-to-many."""
    changed, bp, reply = say("some stays are reserved for repeat customers", KENNEL)
    assert not changed and "RepeatCustomer" not in {e.name for e in bp.entities}, reply
    assert "yes/no" in reply, reply


def test_a_rule_that_read_nothing_leaves_no_entity_in_focus() -> None:
    """ "add a weather note to each day" put it on whatever entity a failed rule looked at."""
    changed, _, reply = say("add a weather note to each day", KENNEL)
    assert not changed, reply


def test_a_reason_done_every_week_schedules_nothing() -> None:
    """ "…, we text the rota out every week" is why the phone is needed, not a job to run."""
    changed, bp, reply = say(
        "the phone on an owner has to be filled in now, we text the reminders out every week",
        KENNEL,
    )
    assert changed and not bp.workflows.jobs, reply
    phone = field(bp, "Owner", "phone")
    assert phone is not None and phone.required, reply


@pytest.mark.parametrize(
    "message",
    [
        "weekend duty managers need their own login level, above staff. call it duty_manager",
        "our weekend manager helps out, can she have her own role? duty_manager maybe",
    ],
)
def test_a_role_described_then_named(message: str) -> None:
    """ "call it duty_manager" after a login level is the role's name, never a rename of the
    entity the sentence before mentioned."""
    changed, bp, reply = say(message, KENNEL)
    assert changed and bp.auth.roles == ["admin", "staff", "duty_manager"], reply
    assert {e.name for e in bp.entities} == {"Owner", "Dog", "Stay"}, reply


@pytest.mark.parametrize(
    "message",
    [
        "new people signing up on the site should get the staff role automatically",
        "new people signing up should get the staff role",
    ],
)
def test_the_role_new_sign_ups_get_is_the_default(message: str) -> None:
    """ "… the staff role automatically" added a role called ``automatically``."""
    changed, bp, reply = say(message, KENNEL)
    assert changed and bp.auth.default_role == "staff", reply
    assert bp.auth.roles == ["admin", "staff"], reply


def test_one_thing_assigned_to_it_is_a_link() -> None:
    """ "every stay has one dog assigned to it" made a DogAssigned entity."""
    changed, bp, reply = say("every owner has one stay assigned to it", KENNEL)
    assert changed and field(bp, "Owner", "stay_id") is not None, reply
    assert "StayAssigned" not in {e.name for e in bp.entities}, reply


def test_a_yes_no_for_that_is_never_a_field_called_for() -> None:
    _, bp, reply = say(
        "most dogs arrive on the day. add a yes/no for that, yes unless we say otherwise", KENNEL
    )
    assert field(bp, "Dog", "for") is None and field(bp, "Stay", "for") is None, reply


def test_marked_as_a_state_with_its_default_said_after() -> None:
    expect(
        "is it possible to mark a dog as retired? not retired by default obvs",
        "Dog",
        [("retired", "boolean", False)],
    )


def test_every_pure_type_word_has_a_type() -> None:
    """ "… as a decimal number" after a field raised KeyError: a type word the lexicon lacked."""
    from slipway.assistant.understand.fieldsplit import PURE_TYPES
    from slipway.assistant.understand.lexicon import TYPE_WORDS

    assert not PURE_TYPES - set(TYPE_WORDS)
    expect("dogs need a weight, a decimal number", "Dog", [("weight", "number")])


@pytest.mark.parametrize(
    "message",
    [
        "after the inspection we were told stay records must never disappear",
        "if a stay gets deleted can we still see it afterwards for the accounts?",
    ],
)
def test_records_that_must_not_vanish_are_soft_deleted(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and stay.soft_delete, reply


def test_do_they_have_one_or_not_is_a_has_flag() -> None:
    expect(
        "do dogs have a passport or not — need a yes/no on each dog",
        "Dog",
        [("has_passport", "boolean")],
    )


def test_an_entity_changed_to_a_new_name_is_renamed() -> None:
    """ "Can we change Owner to Client everywhere?": the entity, named exactly, gets the name."""
    changed, bp, reply = say("Can we change Owner to Client everywhere?", KENNEL)
    assert changed and {e.name for e in bp.entities} == {"Client", "Dog", "Stay"}, reply


def test_the_other_side_said_in_brackets_keeps_the_link() -> None:
    changed, bp, reply = say(
        "each stay is looked after by one owner (an owner can look after a few stays)", KENNEL
    )
    assert changed and field(bp, "Stay", "owner_id") is not None, reply


def test_public_inside_a_name_is_no_api_access() -> None:
    """ "their public liability insurance details" made the Owner API public."""
    _, bp, reply = say("owners give us their public liability insurance details", KENNEL)
    assert not any(r.public for r in bp.api.resources), reply


def _chat(messages: list[str]) -> tuple[bool, str, str]:
    """Each message answered in turn, as the chat keeps them: (the last changed, spec, reply)."""
    assistant, spec, history = OfflineAssistant(), KENNEL, []
    reply = None
    for message in messages:
        reply = assistant.respond(spec, message, list(history))
        spec = reply.spec if reply.changed else spec
        history += [ChatTurn("user", message), ChatTurn("assistant", reply.message)]
    assert reply is not None
    return reply.changed, spec, reply.message


@pytest.mark.parametrize("more", ["and eye colour", "also their eye colour", "and an eye colour"])
def test_one_more_field_for_the_same_entity(more: str) -> None:
    """ "dogs need a colour", then "and eye colour": the dog's, even though the colour the first
    request added is on today's spec already."""
    changed, spec, reply = _chat(["dogs need a colour", more])
    bp = compile_spec(spec).blueprint
    assert changed and bp is not None and field(bp, "Dog", "eye_colour") is not None, reply


def test_follow_ups_in_a_row_keep_the_first_requests_entity() -> None:
    changed, spec, reply = _chat(["dogs need a colour", "and eye colour", "and a weight"])
    bp = compile_spec(spec).blueprint
    assert changed and bp is not None and field(bp, "Dog", "weight") is not None, reply


def test_and_a_word_that_names_no_field_is_no_follow_up() -> None:
    changed, _, reply = _chat(["dogs need a colour", "and required"])
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
    changed, spec, reply = _chat(["add a chip_code field to dogs", correction])
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
