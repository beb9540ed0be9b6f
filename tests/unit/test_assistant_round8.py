"""Round eight's requests, in phrasings written for these tests: two fields said with one noun
("start and end times"), a command word inside a hyphenated one ("a drop-off time" is no
"drop"), and a link named by the part an entity plays ("a return branch")."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("add a pickup_on (date) column to the stays table", "Stay", [("pickup_on", "date")]),
        ("Dog: add a `notes_json` json column to hold the raw export from the vet's system",
         "Dog", [("notes_json", "json")]),
    ],
)  # fmt: skip
def test_a_developers_column_and_table(
    message: str, entity: str, expected: list[tuple[object, ...]]
) -> None:
    """ "… (date) column to the standing_orders table" added ``start_date_column_table``."""
    expect(message, entity, expected)


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("every dog needs whether it's ok for puppies", "Dog", [("ok_for_puppies", "boolean")]),
        ("record the year each dog was born, if the owner knows it", "Dog",
         [("born_year", "integer")]),
    ],
)  # fmt: skip
def test_whether_it_is_ok_for_and_the_year_it_was_made(
    message: str, entity: str, expected: list[tuple[object, ...]]
) -> None:
    expect(message, entity, expected)


def test_keep_a_log_of_any_edits_is_an_audit_log() -> None:
    changed, bp, reply = say(
        "if a stay gets cancelled don't delete it, just hide it. and keep a log of any edits to "
        "stays, the insurers keep asking",
        KENNEL,
    )
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and stay.soft_delete and stay.audit_log, reply
