"""Round six's requests, in phrasings written for these tests on the kennel spec: a dash after
the entity ("owners - date of birth please"), a date said as an expiry, a "collected-on date",
a yes/no someone may opt in to or that flags some records, with its default said in the next
sentence."""

from __future__ import annotations

import pytest

from slipway.assistant.understand.text import normalize
from tests.unit.assistant_support import KENNEL, added, field, say


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("owners - date of birth please", "Owner", ("date_of_birth", "date", None)),
        ("Dog vaccination expiry", "Dog", ("vaccination_expiry", "date", None)),
        ("Add a collected-on date to stays", "Stay", ("collected_on", "date", None)),
        ("add a picked up at time to stays", "Stay", ("picked_up_at", "datetime", None)),
        ("Owners can opt in to sms reminders", "Owner", ("sms_reminders", "boolean", None)),
        (
            "Owners can opt in to SMS reminders. Off unless they ask.",
            "Owner",
            ("sms_reminders", "boolean", False),
        ),
        (
            "Flag dogs of rare breeds. Most aren't, so false unless set.",
            "Dog",
            ("rare_breeds", "boolean", False),
        ),
    ],
)
def test_round_six_fields(message: str, entity: str, expected: tuple[str, str, object]) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [(f.name, f.type, f.default) for f in added(KENNEL, bp, entity)] == [expected], reply


def test_a_dash_before_a_default_is_a_comma() -> None:
    changed, bp, reply = say("dogs have a size: small, medium or large - default to medium", KENNEL)
    [size] = added(KENNEL, bp, "Dog")
    assert changed and (size.name, size.default) == ("size", "medium"), reply


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("stays have a rating from 1 - 5", "stays have a rating from 1 - 5"),
        ("owners - date of birth please", "owners: date of birth please"),
        ("size is small or large - default small", "size is small or large, default small"),
        (
            "a stay can be cancelled - track who did it",
            "a stay can be cancelled - track who did it",
        ),
    ],
)
def test_which_dashes_are_read_as_what(message: str, said: str) -> None:
    assert normalize(message) == said


@pytest.mark.parametrize(
    "message",
    [
        "Owners - we need an emergency contact name, and whether they've signed the waiver",
        "owners need whether they signed the waiver",
    ],
)
def test_whether_they_did_something_is_a_yes_no(message: str) -> None:
    # "whether they've signed the health waiver" added a text field called "whether"
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert ("signed_waiver", "boolean") in [(f.name, f.type) for f in added(KENNEL, bp, "Owner")]


def test_a_question_word_is_never_a_field_name() -> None:
    changed, _, reply = say("owners need whether", KENNEL)
    assert not changed and 'a field called "whether"' in reply


def test_where_alone_is_a_location() -> None:
    changed, bp, reply = say("stays need where (free text)", KENNEL)
    assert changed and [(f.name, f.type) for f in added(KENNEL, bp, "Stay")] == [
        ("location", "string")
    ], reply


def test_stages_things_move_through_are_a_status_and_new_ones_start_at_one() -> None:
    changed, bp, reply = say(
        "Stays move through stages: booked, checked_in, checked_out. New ones start at booked.",
        KENNEL,
    )
    [status] = added(KENNEL, bp, "Stay")
    assert changed, reply
    assert (status.name, status.enum_values, status.default) == (
        "status",
        ["booked", "checked_in", "checked_out"],
        "booked",
    )


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("New ones start at received.", "received by default."),
        ("new ones start at 0.5", "0.5 by default"),
    ],
)
def test_where_new_ones_start_is_the_default_without_the_full_stop(message: str, said: str) -> None:
    # "received." was read as the value, with its full stop
    assert normalize(message) == said


def test_why_an_index_is_wanted_is_no_field() -> None:
    # "…, we filter on it constantly" added fields index_supplier and we_filter_on
    changed, bp, reply = say("Put an index on Owner.phone, we filter on it constantly.", KENNEL)
    owner = next(e for e in bp.entities if e.name == "Owner")
    assert changed and any(i.fields == ["phone"] for i in owner.indexes), reply
    assert added(KENNEL, bp, "Owner") == []


def test_an_index_on_a_field_that_is_not_there_asks() -> None:
    # it added a text field called index_microchip
    changed, _, reply = say("Add an index on Dog.microchip.", KENNEL)
    assert not changed and "microchip" in reply


def test_an_index_on_it_is_on_the_field_just_named() -> None:
    # "put an index on it" added a text field called index
    changed, bp, reply = say("we search owners by phone a lot, put an index on it", KENNEL)
    owner = next(e for e in bp.entities if e.name == "Owner")
    assert changed and any(i.fields == ["phone"] for i in owner.indexes), reply
    assert added(KENNEL, bp, "Owner") == []


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Add a nullable checked_in_on date column to Stay.", ("checked_in_on", False, False)),
        ("Add a non-null checked_in_on date column to Stay.", ("checked_in_on", True, False)),
        ("add a unique booking code to stays", ("booking_code", False, True)),
    ],
)
def test_nullable_and_unique_said_before_the_name(
    message: str, expected: tuple[str, bool, bool]
) -> None:
    # "a nullable completed_on date column" added nullable_completed_on
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [(f.name, f.required, f.unique) for f in added(KENNEL, bp, "Stay")] == [expected]


def test_an_arrow_then_call_it_renames() -> None:
    # "dog breed -> call it kind" renamed breed to call_it_kind
    changed, bp, reply = say("dog breed -> call it kind", KENNEL)
    dog = next(e for e in bp.entities if e.name == "Dog")
    assert changed and "kind" in {f.name for f in dog.fields}, reply


@pytest.mark.parametrize(
    "message",
    [
        "These days most stays are long, so could the nightly rate default to 35 rather than 40?",
        "Prices went up in spring, so the nightly rate should default to 35.",
    ],
)
def test_a_request_after_so_is_read_without_its_reason(message: str) -> None:
    changed, bp, reply = say(
        message, KENNEL.replace("nightly_rate: number, required", "nightly_rate: number")
    )
    rate = field(bp, "Stay", "nightly_rate")
    assert changed and rate is not None and rate.default == 35, reply


@pytest.mark.parametrize(
    "message",
    [
        "dog coat: short, long or wire. wire default",
        "dogs have a coat: short, long or wire. default is wire",
        "dogs have a coat: short, long or wire. wire by default",
    ],
)
def test_a_default_said_after_the_values(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    coat = field(bp, "Dog", "coat")
    assert changed and coat is not None and coat.default == "wire", reply


def test_new_ones_should_obviously_start_off_as_is_the_default() -> None:
    changed, bp, reply = say(
        "let's give stays a stage: enquiry, booked, done. New ones should obviously start off as "
        "enquiry.",
        KENNEL,
    )
    stage = field(bp, "Stay", "stage")
    assert changed and stage is not None and stage.default == "enquiry", reply


@pytest.mark.parametrize(
    "message",
    [
        "Our vet was firm about this: no dog without a breed.",
        "So the breed shouldn't be allowed to be empty any more.",
    ],
)
def test_no_x_without_y_and_y_not_empty_make_it_required(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    breed = field(bp, "Dog", "breed")
    assert changed and breed is not None and breed.required, reply


def test_it_cant_be_left_empty_is_no_field_called_it() -> None:
    changed, _, reply = say("oh and it can't be left empty", KENNEL)
    assert not changed and "it_required" not in reply


def test_a_yes_no_for_whether_they_have_got_something() -> None:
    changed, bp, reply = say(
        "Could we keep a simple yes/no on each owner for whether they've got the leaflet?", KENNEL
    )
    assert changed and [(f.name, f.type) for f in added(KENNEL, bp, "Owner")] == [
        ("has_leaflet", "boolean")
    ], reply


def test_a_field_on_it_and_what_it_would_save() -> None:
    # "have the venue address on it" added venue_address_on (date), "would save us …" a field
    changed, bp, reply = say(
        "could each stay have the pickup address on it? Would save us so many phone calls.", KENNEL
    )
    assert changed and [f.name for f in added(KENNEL, bp, "Stay")] == ["pickup_address"], reply


@pytest.mark.parametrize(
    "message",
    ["the nightly walk check must be given", "the nightly walk check can't be null"],
)
def test_a_constraint_on_something_said_nightly_runs_nothing(message: str) -> None:
    # it scheduled a nightly job "kiln-check-must-given"
    changed, bp, reply = say(message, KENNEL)
    assert not changed and not bp.workflows.jobs, reply


@pytest.mark.parametrize(
    "message",
    [
        "each dog gets a tag number when it comes in, and tags are never reused",
        "every dog gets a tag number; two dogs can never have the same one",
    ],
)
def test_a_value_never_reused_is_unique(message: str) -> None:
    # "when it comes in" made the field tag_number_when
    changed, bp, reply = say(message, KENNEL)
    assert changed and [(f.name, f.unique) for f in added(KENNEL, bp, "Dog")] == [
        ("tag_number", True)
    ], reply


def test_two_can_never_have_the_same_makes_it_unique() -> None:
    changed, bp, reply = say("two owners can never have the same phone", KENNEL)
    phone = field(bp, "Owner", "phone")
    assert changed and phone is not None and phone.unique, reply


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("owners - when they started w us. just the date", "Owner", [("started_on", "date")]),
        ("stays need a comments bit. free txt", "Stay", [("comments", "string")]),
        ("dogs need a weight. decimal", "Dog", [("weight", "number")]),
        ("each stay has a walker. one of the owners", "Stay", [("walker_id", "string")]),
    ],
)
def test_phone_fragments(message: str, entity: str, expected: list[tuple[str, str]]) -> None:
    # "free txt" was a field of its own (free_text), "when they started w us" unread
    changed, bp, reply = say(message, KENNEL)
    assert changed and [(f.name, f.type) for f in added(KENNEL, bp, entity)] == expected, reply


def test_logged_in_people_can_look_but_not_add() -> None:
    changed, bp, reply = say("dogs - logged in ppl can look but not add anymore", KENNEL)
    dogs = next(r for r in bp.api.resources if r.entity == "Dog")
    assert changed and sorted(dogs.operations) == ["get", "list"], reply


def test_values_listed_with_commas_only_and_a_default_after_a_reason() -> None:
    # "a stage: enquiry, confirmed, carving, delivered" made an enum of enquiry alone
    changed, bp, reply = say(
        "The team keeps asking what stage a stay is at, so let's give stays a stage: enquiry, "
        "confirmed, boarding, collected. New ones should obviously start off as enquiry.",
        KENNEL,
    )
    stage = field(bp, "Stay", "stage")
    assert changed and stage is not None, reply
    assert (stage.enum_values, stage.default) == (
        ["enquiry", "confirmed", "boarding", "collected"],
        "enquiry",
    )


def test_a_default_for_new_ones() -> None:
    spec = KENNEL.replace("nightly_rate: number, required", "nightly_rate: number")
    changed, bp, reply = say("nightly rate default 45 for new stays", spec)
    rate = field(bp, "Stay", "nightly_rate")
    assert changed and rate is not None and rate.default == 45, reply


def test_each_one_sees_only_its_own_stuff_is_tenancy() -> None:
    changed, bp, reply = say(
        "couple other kennels want to use this too. each branch sees only own stuff", KENNEL
    )
    assert changed and (bp.tenancy.mode, bp.tenancy.tenant_entity) == ("multi", "Branch"), reply


@pytest.mark.parametrize(
    "message",
    [
        "We've taken on volunteers. They need a login of their own with a 'volunteer' role.",
        "Volunteers want to log in and check on their own stays. Set them up with a volunteer role.",
    ],
)
def test_a_login_for_new_people_is_a_role_not_a_new_strategy(message: str) -> None:
    # "a login of their own" switched the spec from jwt to cognito
    changed, bp, reply = say(message, KENNEL)
    assert changed and bp.auth.strategy == "jwt" and "volunteer" in bp.auth.roles, reply


def test_signing_in_with_email_and_password_is_still_cognito() -> None:
    changed, bp, reply = say("Owners should be able to sign in with email and password", KENNEL)
    assert changed and bp.auth.strategy == "cognito", reply


def test_no_uploads_yet_adds_no_bucket() -> None:
    # "no uploads yet" added a file bucket called "yets"
    _, bp, reply = say("add photo links on stays, just urls for now, no uploads yet", KENNEL)
    assert not bp.infrastructure.buckets, reply


def test_a_casual_writers_fillers_and_values_of_two_words() -> None:
    # "a proper status fr: queued, …, collected. default queued obv" was unread
    changed, bp, reply = say(
        "stays need a proper status fr: queued, walking, ready, collected. default queued obv",
        KENNEL,
    )
    status = field(bp, "Stay", "status")
    assert changed and status is not None, reply
    assert status.enum_values == ["queued", "walking", "ready", "collected"]
    assert status.default == "queued"


def test_who_a_field_is_for_is_no_field() -> None:
    # "so the guide knows before setting off" added Guide.before_setting_off
    changed, bp, reply = say(
        "Stays need the dog's allergies, so the walker knows before setting off.", KENNEL
    )
    assert changed and [f.name for f in added(KENNEL, bp, "Stay")] == ["dog_allergies"], reply


def test_wanting_something_removed_that_is_not_there_asks() -> None:
    # it added a field "paddock_records_removed"
    changed, _, reply = say("The walkers want the paddock records removed.", KENNEL)
    assert not changed and "paddock" in reply.lower(), reply


def test_saying_whether_it_is_one_of_some_states_is_a_condition() -> None:
    # "say whether it's good, needs repair or scrapped" added three yes/no fields
    changed, bp, reply = say(
        "Each kennel should say whether it's clean, needs cleaning or closed.",
        KENNEL.replace("## Auth", "### Kennel\n- code: string, required\n\n## Auth"),
    )
    condition = field(bp, "Kennel", "condition")
    assert changed and condition is not None, reply
    assert condition.enum_values == ["clean", "needs_cleaning", "closed"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Good morning. I would be most grateful if each stay could record the pickup address, "
            "as our walkers have on several occasions gone to the wrong house.",
            ("pickup_address", "string"),
        ),
        (
            "Further to our call, I should like each stay to record the number of hours the walker "
            "spent on site, which may of course include fractions of an hour.",
            ("hours_spent", "number"),
        ),
        (
            "It would be of considerable assistance if each stay could carry the date by which "
            "payment is expected, so that I might pursue late payments in good time.",
            ("due_on", "date"),
        ),
    ],
)
def test_a_formal_letters_request(message: str, expected: tuple[str, str]) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed and [(f.name, f.type) for f in added(KENNEL, bp, "Stay")] == [expected], reply


def test_a_fave_of_an_entity_said_by_its_short_form_is_a_link() -> None:
    # "a fave tech they always go to, just one tho" made a Tech entity and a field just_one_tho
    spec = KENNEL.replace("## Auth", "### Technician\n- name: string, required\n\n## Auth")
    changed, bp, reply = say("owners can have a fave tech they always go to, just one tho", spec)
    fave = field(bp, "Owner", "fave_tech_id")
    assert changed and fave is not None and fave.references == "Technician", reply
    assert [e.name for e in bp.entities if e.name == "Tech"] == []
    assert field(bp, "Owner", "just_one") is None


def test_loads_of_is_many() -> None:
    spec = KENNEL.replace("## Auth", "### Kennel\n- code: string, required\n\n## Auth")
    changed, bp, reply = say("a kennel has loads of stays", spec)
    kennel = next(e for e in bp.entities if e.name == "Kennel")
    links = {(r.kind, r.target) for r in kennel.relationships}
    assert changed and ("has_many", "Stay") in links, reply


def test_tie_after_a_list_of_fields_is_a_request_of_its_own() -> None:
    # "…, and tie each hire to the driver who took it" added a field tie_each_hire
    changed, bp, reply = say(
        "Keep a list of our walkers with their name and phone number, and tie each stay to the "
        "walker who took it.",
        KENNEL,
    )
    walker = next((e for e in bp.entities if e.name == "Walker"), None)
    assert changed and walker is not None, reply
    assert [f.name for f in walker.fields if not f.managed] == ["name", "phone_number"]
