"""Round seven's requests, in phrasings written for these tests on the kennel spec: a new thing
said with "need a …" and its fields, a new entity whose list says what it belongs to, money said
as what someone pays or charges, a link to a page "on our website", a purpose or a precision said
before the request, "whether it's … or not"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from slipway.assistant import OfflineAssistant
from slipway.assistant.base import ChatTurn
from slipway.assistant.understand.words import past
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, added, expect, field, say

_IMPLICIT = {"id", "created_at", "updated_at"}


def _said(bp: Blueprint, name: str) -> list[tuple[str, str]]:
    """The fields of a new entity, without the ones every entity has."""
    found = next(e for e in bp.entities if e.name == name)
    return [(f.name, f.type) for f in found.fields if f.name not in _IMPLICIT]


@pytest.mark.parametrize(
    "message",
    [
        "we need a Groomer with a name, a phone number and a day rate",
        "need a Groomer with a name, a phone number and a day rate",
        "I'd like a Groomer with a name, a phone number and a day rate please",
    ],
)
def test_a_new_thing_needed_with_its_fields(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert _said(bp, "Groomer") == [
        ("name", "string"),
        ("phone_number", "string"),
        ("day_rate", "number"),
    ]


def test_a_field_with_parts_is_no_new_entity() -> None:
    """ "a phone number with the area code and country" names a field's parts, not a thing."""
    changed, bp, reply = say("we need a phone number with the area code and country", KENNEL)
    assert not changed and "PhoneNumber" not in {e.name for e in bp.entities}, reply


def test_a_new_entity_whose_list_says_what_it_belongs_to() -> None:
    message = (
        "New entity Invoice - it belongs to an owner, has a total amount, an issue date and "
        "paid yes/no"
    )
    changed, bp, reply = say(message, KENNEL)
    invoice = next(e for e in bp.entities if e.name == "Invoice")
    assert changed, reply
    assert _said(bp, "Invoice") == [
        ("total_amount", "number"),
        ("issue_date", "date"),
        ("paid", "boolean"),
        ("owner_id", "string"),
    ]
    assert [(r.kind, r.target) for r in invoice.relationships] == [("belongs_to", "Owner")]


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("owners pay a joining fee (with cents)", "Owner", "joining_fee"),
        ("stays charge a cleaning fee, add it (money, with cents)", "Stay", "cleaning_fee"),
        ("Owners leave a deposit", "Owner", "deposit"),
    ],
)
def test_money_said_as_what_someone_pays(message: str, entity: str, name: str) -> None:
    expect(message, entity, [(name, "number")])


def test_paying_something_that_is_no_money_is_not_read_as_money() -> None:
    changed, _, reply = say("owners pay attention", KENNEL)
    assert not changed, reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "Can a dog have a link to its profile page on our website?",
            "Dog",
            ("profile_page_url", "string"),
        ),
        (
            "For billing we need to know exactly when each stay was paid (timestamp)",
            "Stay",
            ("paid_at", "datetime"),
        ),
        ("Dog: add whether it's neutered or not", "Dog", ("is_neutered", "boolean")),
        ("dogs need whether they are chipped or not", "Dog", ("chipped", "boolean")),
    ],
)
def test_round_seven_fields(message: str, entity: str, expected: tuple[str, str]) -> None:
    expect(message, entity, [expected])


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("the stays need a use-by date", "Stay", ("use_by_date", "date", None)),
        (
            "dogs should have a medical notes field for stuff like allergies or epilepsy",
            "Dog",
            ("medical_notes", "string", None),
        ),
        ("Owners have a website, could you add the URL?", "Owner", ("website_url", "string", None)),
        ("how many walks does each dog get?", "Dog", ("walks", "integer", None)),
        (
            "Dogs need a photo consent tick box. Assume no unless the owner says yes.",
            "Dog",
            ("photo_consent", "boolean", False),
        ),
    ],
)
def test_round_seven_fields_said_around(
    message: str, entity: str, expected: tuple[str, str, object]
) -> None:
    expect(message, entity, [expected])


def test_a_count_of_what_the_spec_links_is_no_new_field() -> None:
    """ "how many dogs does each owner have?": the link already says it (it added dogs_does)."""
    changed, _, reply = say("how many dogs does each owner have?", KENNEL)
    assert not changed and "already has many Dogs" in reply, reply


def test_no_two_said_first_makes_the_field_unique() -> None:
    """It was read as a field called "no" (a rule for "…, and no two … the same" took it)."""
    changed, bp, reply = say("No two owners can have the same phone", KENNEL)
    assert changed and field(bp, "Owner", "phone").unique, reply


def test_a_default_for_a_field_said_per_entity() -> None:
    changed, bp, reply = say("default nightly rate for a stay should be 45", KENNEL)
    assert changed and field(bp, "Stay", "nightly_rate").default == 45, reply


@pytest.mark.parametrize(
    "message",
    [
        "We actually call them Visits, not Stays. rename it please",
        "we call stays visits",
        "Stays are called Visits here",
    ],
)
def test_what_the_business_calls_a_thing_is_a_rename(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    names = {e.name for e in bp.entities}
    assert changed and "Visit" in names and "Stay" not in names, reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "owners need a yes/no for whether there are children at home",
            "Owner",
            [("has_children", "boolean", None)],
        ),
        (
            "Track the date each owner's passport runs out",
            "Owner",
            [("passport_expiry_date", "date", None)],
        ),
        ("add how long each stay took", "Stay", [("duration", "integer", None)]),
        ("stays need how long they lasted, in days", "Stay", [("duration_days", "integer", None)]),
        (
            "Dogs are either small or large. Most of ours are small so default to that",
            "Dog",
            [("size", "enum", "small")],
        ),
    ],
)
def test_round_seven_fields_in_other_words(
    message: str, entity: str, expected: list[tuple[str, str, object]]
) -> None:
    expect(message, entity, expected)


def test_a_list_of_things_with_its_fields_is_a_new_entity() -> None:
    message = "We need a Treat list too: product name, the brand and how many bags we have in stock"
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert _said(bp, "Treat") == [
        ("product_name", "string"),
        ("brand", "string"),
        ("bags_in_stock", "number"),
    ]


def test_a_fixed_list_is_no_new_entity() -> None:
    changed, bp, reply = say("the dog size should be a fixed list: small, medium, large", KENNEL)
    assert changed and "Fixed" not in {e.name for e in bp.entities}, reply
    assert field(bp, "Dog", "size").enum_values == ["small", "medium", "large"], reply


def test_what_a_new_thing_is_about_and_whether_it_has_been_done() -> None:
    message = (
        "Add Complaints: which owner, date received, what it's about and whether it's been resolved"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert sorted(_said(bp, "Complaint")) == [
        ("date_received", "date"),
        ("description", "string"),
        ("owner_id", "string"),
        ("resolved", "boolean"),
    ]


def test_also_on_repeats_the_request_as_it_was_read() -> None:
    """The earlier request is read again in its plain words ("add how long each … took" is a
    duration), then put on the entity the follow-up names."""
    reply = OfflineAssistant().respond(KENNEL, "add how long each stay took")
    history = [
        ChatTurn("user", "add how long each stay took"),
        ChatTurn("assistant", reply.message),
    ]
    again = OfflineAssistant().respond(reply.spec, "also on dogs pls", history)
    bp = compile_spec(again.spec).blueprint
    assert again.changed and bp is not None, again.message
    assert [(f.name, f.type) for f in added(KENNEL, bp, "Dog")] == [("duration", "integer")]


def test_the_role_people_get_when_they_sign_up_is_no_sign_in_strategy() -> None:
    """It moved a jwt spec to Cognito: "sign up" named a way to sign in."""
    message = "people who sign up should get a new 'visitor' role by default"
    changed, bp, reply = say(message, KENNEL)
    assert changed and bp.auth.strategy == "jwt", reply
    assert "visitor" in bp.auth.roles and bp.auth.default_role == "visitor", reply
    changed, bp, reply = say("owners who sign up should get the visitor role", KENNEL)
    assert bp.auth.strategy == "jwt", reply


@pytest.mark.parametrize(
    "message",
    [
        "we've stopped tracking individual stays, get rid of them",
        "we don't keep stays any more, so please remove them",
    ],
)
def test_what_is_no_longer_tracked_is_removed(message: str) -> None:
    """ "… get rid of them" added a field called rid_of_them."""
    changed, bp, reply = say(message, KENNEL)
    assert changed and "Stay" not in {e.name for e in bp.entities}, reply


def test_a_field_no_longer_measured_is_taken_off() -> None:
    message = "we don't bother recording the breed anymore, take it off the dogs"
    changed, bp, reply = say(message, KENNEL)
    assert changed and field(bp, "Dog", "breed") is None, reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "each dog should store its walking route for the park map, just the raw geojson",
            "Dog",
            [("walking_route", "json")],
        ),
        (
            "dogs should link to their vaccination certificate",
            "Dog",
            [("vaccination_certificate_url", "string")],
        ),
        ("Record the deposit the owner paid on each stay", "Stay", [("deposit", "number")]),
        (
            "I'd like to record when a dog was actually collected by the owner",
            "Dog",
            [("collected_at", "datetime")],
        ),
    ],
)
def test_round_seven_fields_with_words_around_them(
    message: str, entity: str, expected: list[tuple[str, str]]
) -> None:
    expect(message, entity, expected)


def test_how_often_a_search_runs_is_no_part_of_the_index() -> None:
    changed, bp, reply = say(
        "we search stays by nightly rate all day long, can you index that", KENNEL
    )
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and any(i.fields == ["nightly_rate"] for i in stay.indexes), reply
    assert 'took ""' not in reply  # "that" has no words of its own to explain


def test_a_field_named_nightly_is_no_schedule() -> None:
    """ "by nightly rate, can you index that" scheduled a nightly job (the comma hid the field)."""
    changed, bp, reply = say("we search stays by nightly rate, can you index that", KENNEL)
    assert changed and not bp.workflows.jobs, reply


def test_what_the_business_is_split_into_is_a_new_entity() -> None:
    message = "the kennel is split into wings, every stay is in one wing"
    changed, bp, reply = say(message, KENNEL)
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and "Wing" in {e.name for e in bp.entities}, reply
    assert ("belongs_to", "Wing") in [(r.kind, r.target) for r in stay.relationships], reply


def test_a_name_spelt_the_other_side_of_the_atlantic() -> None:
    spec = KENNEL.replace("### Stay\n", "### Enrollment\n- dog: ref Dog\n\n### Stay\n")
    message = "if an owner cancels an enrolment we shouldn't lose it, just hide it from the lists"
    changed, bp, reply = say(message, spec)
    enrollment = next(e for e in bp.entities if e.name == "Enrollment")
    assert changed and enrollment.soft_delete, reply


def test_a_request_after_a_reason_that_reads_as_a_remark() -> None:
    """ "not every …" alone is a remark; after it, ", so …" is the request."""
    message = "not every owner gives us an email, so an owner's email shouldn't be compulsory"
    changed, bp, reply = say(message, KENNEL)
    assert changed and not field(bp, "Owner", "email").required, reply


def test_a_choice_said_with_a_verb_of_its_own_and_where_new_ones_start() -> None:
    message = "dogs work towards a badge: none, bronze, silver or gold. new pups start on none"
    changed, bp, reply = say(message, KENNEL)
    badge = field(bp, "Dog", "badge")
    assert changed and badge is not None, reply
    assert (badge.enum_values, badge.default) == (["none", "bronze", "silver", "gold"], "none")


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "Owners: add whether they can drive. Default to false",
            "Owner",
            [("can_drive", "boolean", False)],
        ),
        (
            "Dogs: add a flag for whether they qualify for puppy rates",
            "Dog",
            [("puppy_rates_eligible", "boolean", None)],
        ),
        (
            "add a yes/no on dogs for whether they have to wear a muzzle",
            "Dog",
            [("muzzle_required", "boolean", None)],
        ),
        (
            "we should store which vet practice each owner is with",
            "Owner",
            [("vet_practice", "string", None)],
        ),
        ("how long is each stay? in nights", "Stay", [("duration_nights", "integer", None)]),
        (
            "owners each have a discount rate (a percent)",
            "Owner",
            [("discount_rate", "number", None)],
        ),
    ],
)
def test_round_seven_yes_no_and_other_fields(
    message: str, entity: str, expected: list[tuple[str, str, object]]
) -> None:
    expect(message, entity, expected)


def test_things_to_keep_track_of_are_a_new_entity_and_each_one_has_its_fields() -> None:
    """ "… Each one is for a dog and has the vaccine name …" added the name to Dog."""
    message = (
        "We need to keep track of licences. Each one is for an owner and has the licence number "
        "and the date it runs out"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed and field(bp, "Owner", "licence_number") is None, reply
    assert sorted(_said(bp, "Licence")) == [
        ("expires_on", "date"),
        ("licence_number", "string"),
        ("owner_id", "string"),
    ]


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "Dogs should have a size - toy, small or giant. Assume small if we don't say",
            "Dog",
            [("size", "enum", "small")],
        ),
        (
            "stays should also store the deposit amount - right now we only have a nightly rate",
            "Stay",
            [("deposit_amount", "number", None)],
        ),
        (
            "I'd like to keep a running count of how many walks each dog has had with us",
            "Dog",
            [("walks_count", "integer", None)],
        ),
    ],
)
def test_round_seven_fields_said_with_a_remark(
    message: str, entity: str, expected: list[tuple[str, str, object]]
) -> None:
    expect(message, entity, expected)


def test_a_role_of_their_own_named_in_brackets() -> None:
    changed, bp, reply = say(
        "my brother does the books, he needs his own role (bookkeeper)", KENNEL
    )
    assert changed and "bookkeeper" in bp.auth.roles, reply


def test_who_a_field_is_for_is_no_part_of_it() -> None:
    """ "… so owners can have a look before they book" added Owner.look_before."""
    message = "For each dog I want a link to a photo so owners can have a look before they book"
    changed, bp, reply = say(message, KENNEL)
    assert changed and added(KENNEL, bp, "Owner") == [], reply
    assert [f.name for f in added(KENNEL, bp, "Dog")] == ["photo_url"], reply


def test_many_of_one_at_each_of_the_other_both_ways() -> None:
    """ "… and obviously each owner …" added a field called obviously."""
    message = "lots of owners share each dog and obviously each owner walks loads of dogs"
    changed, bp, reply = say(message, KENNEL)
    links = {(e.name, r.kind, r.target) for e in bp.entities for r in e.relationships}
    assert changed, reply
    assert links & {("Owner", "many_to_many", "Dog"), ("Dog", "many_to_many", "Owner")}, reply
    assert added(KENNEL, bp, "Owner") == [], reply


@pytest.mark.parametrize(
    ("message", "check"),
    [
        (
            "each dog is walked by one walker - we need a Walker with a name",
            lambda bp: (
                ("belongs_to", "Walker")
                in [
                    (r.kind, r.target)
                    for e in bp.entities
                    if e.name == "Dog"
                    for r in e.relationships
                ]
            ),
        ),
        (
            "we've stopped boarding in here so Stay can go",
            lambda bp: "Stay" not in {e.name for e in bp.entities},
        ),
        (
            "add a manager role, and anyone signing up should be staff by default",
            lambda bp: "manager" in bp.auth.roles and bp.auth.default_role == "staff",
        ),
        (
            "text owners a reminder at 6pm the day before their stay",
            lambda bp: len(bp.workflows.jobs) == 1,
        ),
        (
            "save the dog's diet plan (kibble, raw, treats or not...) as json",
            lambda bp: (
                field(bp, "Dog", "diet_plan") is not None
                and field(bp, "Dog", "diet_plan").type == "json"
            ),
        ),
        (
            "we call them guests, not owners - can you rename that",
            lambda bp: "Guest" in {e.name for e in bp.entities},
        ),
    ],
)
def test_round_seven_requests_said_around(message: str, check: Callable[[Blueprint], bool]) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed and check(bp), reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("we take a deposit on every stay, can you add that", "Stay", [("deposit", "number")]),
        (
            "Id like to see how many times each dog has been walked out",
            "Dog",
            [("walked_count", "integer")],
        ),
        ("When did we adopt each dog? we need to store that", "Dog", [("adopted_on", "date")]),
        (
            "some of the dogs are raw fed only, add a flag for that",
            "Dog",
            [("raw_fed_only", "boolean")],
        ),
        ("add the max weight a dog can carry, in kg", "Dog", [("max_weight", "number")]),
        ("record the date each dog was last groomed", "Dog", [("last_groomed_on", "date")]),
    ],
)
def test_round_seven_fields_said_of_what_happens(
    message: str, entity: str, expected: list[tuple[str, str]]
) -> None:
    expect(message, entity, expected)


def test_their_own_role_given() -> None:
    message = "we've got saturday volunteers now, give them their own volunteer role"
    changed, bp, reply = say(message, KENNEL)
    assert changed and "volunteer" in bp.auth.roles, reply


@pytest.mark.parametrize(
    ("verb", "done"),
    [("buy", "bought"), ("hire", "hired"), ("stop", "stopped"), ("carry", "carried"),
     ("open", "opened"), ("visit", "visited"), ("plan", "planned")],
)  # fmt: skip
def test_past_tense_of_a_verb(verb: str, done: str) -> None:
    assert past(verb) == done


def test_examples_of_new_things_in_brackets_are_no_values() -> None:
    """ "several themes (halloween, 80s, pirates etc)" made an enum with a value
    "in_several_halloween"."""
    message = (
        "dogs can be in several packs (morning, puppies, seniors etc) and each pack has loads of "
        "dogs in it"
    )
    changed, bp, reply = say(message, KENNEL)
    links = {(e.name, r.kind, r.target) for e in bp.entities for r in e.relationships}
    assert changed and added(KENNEL, bp, "Dog") == [], reply
    assert links & {("Dog", "many_to_many", "Pack"), ("Pack", "many_to_many", "Dog")}, reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "owners: store their contact preferences as a json blob",
            "Owner",
            [("contact_preferences", "json", None)],
        ),
        (
            "stays need a risk flag - red, amber or green. assume green unless told otherwise",
            "Stay",
            [("risk_flag", "enum", "green")],
        ),
    ],
)
def test_round_seven_typed_fields(
    message: str, entity: str, expected: list[tuple[str, str, object]]
) -> None:
    expect(message, entity, expected)


def test_an_index_asked_as_can_that_be_indexed() -> None:
    message = "we look stays up by nightly rate constantly, can that be indexed?"
    changed, bp, reply = say(message, KENNEL)
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and any(i.fields == ["nightly_rate"] for i in stay.indexes), reply


def test_a_new_thing_for_each_day_with_its_fields() -> None:
    message = (
        "I want a WalkLog for each day with the date, the distance in km and whether it rained"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [name for name, _ in _said(bp, "WalkLog")] == ["date", "distance", "rained"], reply


def test_a_verb_after_need_to_is_no_thing() -> None:
    """ "we need to invoice parents" made an InvoiceParent entity, then Invoice.parents."""
    message = (
        "we need to invoice owners. each Invoice has the stay, an amount, a due date and "
        "whether it's paid"
    )
    changed, bp, reply = say(message, KENNEL)
    names = {e.name for e in bp.entities}
    assert changed and "InvoiceOwner" not in names, reply
    assert sorted(n for n, _ in _said(bp, "Invoice")) == ["amount", "due_date", "paid", "stay_id"]


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "how many years has each owner been boarding with us? want that on their profile",
            "Owner",
            [("years_boarding", "integer", None)],
        ),
        ("OWNERS NEED THEIR VET NAME ON FILE", "Owner", [("vet_name", "string", None)]),
        (
            "dogs need a status: waiting, in, out or collected. new ones are waiting obviously",
            "Dog",
            [("status", "enum", "waiting")],
        ),
    ],
)
def test_round_seven_fields_with_a_remark_after(
    message: str, entity: str, expected: list[tuple[str, str, object]]
) -> None:
    expect(message, entity, expected)


def test_a_developer_changes_a_field_name_to_just_another() -> None:
    changed, bp, reply = say("change nightly_rate on Stay to just rate", KENNEL)
    assert changed and field(bp, "Stay", "rate") is not None, reply
    changed, bp, reply = say("change nightly_rate on Stay to integer", KENNEL)
    assert field(bp, "Stay", "integer") is None, reply


@pytest.mark.parametrize(
    "message",
    [
        "when a stay gets marked paid, fire off an event so we can text the owner",
        "when a stay becomes paid, publish an event",
    ],
)
def test_an_event_when_something_is_marked(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed and [e.name for e in bp.workflows.events] == ["stay.paid"], reply


def test_soft_delete_and_an_audit_trail_in_one_sentence() -> None:
    """ "never" belongs to the deletion; the audit trail after the comma was dropped."""
    message = "stays should never actually be deleted, and I want an audit trail on them"
    changed, bp, reply = say(message, KENNEL)
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and stay.soft_delete and stay.audit_log, reply


def test_a_role_for_someone_hired() -> None:
    message = "we hired a groomer for saturdays, she needs her own role"
    changed, bp, reply = say(message, KENNEL)
    assert changed and "groomer" in bp.auth.roles, reply


def test_things_logged_against_an_entity_with_their_fields() -> None:
    message = "we want to log Incidents against stays - a description and a resolved yes/no"
    changed, bp, reply = say(message, KENNEL)
    incident = next(e for e in bp.entities if e.name == "Incident")
    assert changed and [(r.kind, r.target) for r in incident.relationships] == [
        ("belongs_to", "Stay")
    ], reply


def test_one_more_field_named_in_snake_case_on_a_two_word_entity() -> None:
    spec = KENNEL.replace("### Stay\n", "### PhoneModel\n- name: string\n\n### Stay\n")
    first = OfflineAssistant().respond(spec, "add a screen_price to phone models")
    history = [ChatTurn("user", "add a screen_price to phone models")]
    again = OfflineAssistant().respond(first.spec, "and a case_price", history)
    bp = compile_spec(again.spec).blueprint
    assert again.changed and bp is not None and field(bp, "PhoneModel", "case_price"), again.message


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "we need to know when a dog was actually dropped off",
            "Dog",
            [("dropped_off_at", "datetime")],
        ),
        (
            "Stays should have a due date, normally 30 days after they're booked",
            "Stay",
            [("due_date", "date")],
        ),
        (
            "owners can give us a webhook URL so their system gets updates",
            "Owner",
            [("webhook_url", "string")],
        ),
    ],
)
def test_round_seven_fields_said_with_how_they_are_used(
    message: str, entity: str, expected: list[tuple[str, str]]
) -> None:
    expect(message, entity, expected)


def test_a_confusing_name_called_something_else_renames_the_entity() -> None:
    """It renamed the link Stay.dog_id instead."""
    changed, bp, reply = say("Dog is a confusing name, call it Pet", KENNEL)
    names = {e.name for e in bp.entities}
    assert changed and "Pet" in names and "Dog" not in names, reply


def test_a_role_for_her_is_named_by_who_was_hired() -> None:
    """ "add a role for her" added a role called her."""
    changed, bp, reply = say("we've hired a bookkeeper, add a role for her", KENNEL)
    assert changed and "bookkeeper" in bp.auth.roles and "her" not in bp.auth.roles, reply


def test_the_thing_we_talked_about_names_no_field() -> None:
    changed, _, reply = say("add the thing we talked about yesterday to stays", KENNEL)
    assert not changed and "does not say which field of Stay" in reply, reply


def test_structured_logging_switched_to_beside_log_retention() -> None:
    changed, bp, reply = say("keep logs for 90 days, and switch to structured logging", KENNEL)
    infra = bp.infrastructure
    assert changed and infra.log_retention_days == 90 and infra.structured_logging, reply


def test_values_after_a_dash_and_where_new_ones_are() -> None:
    message = "Stays need a status — booked, in, out or cancelled. New stays are booked"
    changed, bp, reply = say(message, KENNEL)
    status = field(bp, "Stay", "status")
    assert changed and status is not None and status.type == "enum", reply
    assert status.default == "booked", reply


def test_an_optional_part_of_something() -> None:
    spec = KENNEL.replace("### Stay\n", "### Walker\n- name: string\n\n### Stay\n")
    changed, bp, reply = say("stays can be part of a walker, but it's optional", spec)
    stay = next(e for e in bp.entities if e.name == "Stay")
    links = [(r.kind, r.target) for r in stay.relationships]
    assert changed and ("belongs_to", "Walker") in links, reply


def test_did_they_opt_in_is_a_yes_no_with_its_default() -> None:
    """It added a yes/no called "did"."""
    changed, bp, reply = say("owners - did they opt in to the newsletter? default no", KENNEL)
    assert changed, reply
    assert [(f.name, f.type, f.default) for f in added(KENNEL, bp, "Owner")] == [
        ("newsletter_opt_in", "boolean", False)
    ], reply


def test_what_is_noted_and_no_two_with_the_same() -> None:
    changed, bp, reply = say("dogs shoudl have the reason for leaving noted", KENNEL)
    assert changed and [f.name for f in added(KENNEL, bp, "Dog")] == ["reason_for_leaving"]
    message = "Dog names: 40 characters max, and no two dogs with the same name"
    changed, bp, reply = say(message, KENNEL)
    name = field(bp, "Dog", "name")
    assert changed and name is not None and (name.max_length, name.unique) == (40, True), reply


def test_which_of_two_it_is_is_a_choice() -> None:
    """ "whether it's steel or aluminium" added a yes/no is_steel and a text field aluminium."""
    message = (
        "add a Lead with a length, whether it's leather or nylon, and how many we've got in stock"
    )
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert sorted(_said(bp, "Lead")) == [
        ("length", "number"),
        ("quantity", "integer"),
        ("type", "enum"),
    ], reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "Stays need a status. It's booked, in or out, and new ones are booked.",
            "Stay",
            [("status", "enum", "booked")],
        ),
        ("owners: add how they heard about us", "Owner", [("heard_about_us", "string", None)]),
        ("I need to know when each dog is next due", "Dog", [("next_due_on", "date", None)]),
        (
            "record the mileage for each stay pls, for my tax return",
            "Stay",
            [("mileage", "number", None)],
        ),
    ],
)
def test_round_seven_fields_with_their_reason(
    message: str, entity: str, expected: list[tuple[str, str, object]]
) -> None:
    expect(message, entity, expected)
