"""More general rules, each on a spec of its own (a rowing club) and in phrasings written for
these tests: misspelt keywords and names, undo in free wording, API operation sets said as
lists, questions about how many that change nothing, encryption and tenancy in prose, removals
in prose, one more value of an existing choice, renames in free wording, a choice said with a
verb getting a field named from its words, a named event sent onto a queue, soft delete."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from slipway.ir import Blueprint, FieldDef
from slipway.spec import compile_spec
from tests.unit.assistant_support import field

CLUB = """# Riverside Rowing Club

Boats, rowers and outings on the river.

## Entities

### Rower
- full_name: string, required
- email: string, required
- phone: string
- weight_kg: number

### Boat
- name: string, required
- seats: integer, required
- hull: enum(wood, carbon), default carbon
- condition: enum(ok, damaged, retired), default ok

### Outing
- boat: ref Boat, required
- rower: ref Rower
- starts_at: datetime, required
- level: enum(novice, club, racing), default club
- notes: string

### Locker
- code: string, required

## Auth
- strategy: jwt
- roles: captain, coach, rower

## API
### Outing
- operations: list, get, create, update, delete

## Workflows
- schedule weekly-crew-digest: cron(0 18 ? * SUN *)
- schedule boat-safety-check: rate(30 days)
- queue crew-alerts
- queue launch-slots
- event outing.booked -> crew-alerts

## Infrastructure
- region: eu-west-2
- bucket regatta-photos
"""


def say(message: str, spec: str = CLUB) -> tuple[bool, Blueprint]:
    reply = OfflineAssistant().respond(spec, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint


def must(bp: Blueprint, entity: str, name: str) -> FieldDef:
    made = field(bp, entity, name)
    assert made is not None, f"no {entity}.{name}"
    return made


def entity_names(bp: Blueprint) -> set[str]:
    return {e.name for e in bp.entities}


@pytest.mark.parametrize(
    ("message", "entity", "name", "attr", "value"),
    [
        ("the phone numbr shoud be mandatry", "Rower", "phone", "required", True),
        ("make rower emial uniqe", "Rower", "email", "unique", True),
        ("rower weight shoud be an integr", "Rower", "weight_kg", "type", "integer"),
        ("boat name shoud be max 60 charcters", "Boat", "name", "max_length", 60),
        ("rowr phone shoud be uniqe", "Rower", "phone", "unique", True),
    ],
)
def test_misspelt_keywords_and_names(
    message: str, entity: str, name: str, attr: str, value: object
) -> None:
    changed, bp = say(message)
    assert changed
    assert getattr(field(bp, entity, name), attr) == value


def test_a_real_word_near_a_keyword_is_left_alone() -> None:
    from slipway.assistant.understand.typos import fix_keywords

    assert fix_keywords("an outing requires a boat", set()) == "an outing requires a boat"
    assert fix_keywords("a strong hull", set()) == "a strong hull"
    assert fix_keywords("make it requird", set()) == "make it required"
    assert fix_keywords("the requird_by date", {"requird"}) == "the requird_by date"


@pytest.mark.parametrize(
    "message",
    [
        "ugh, scrap that last change",
        "on second thought, go back",
        "sorry, changed my mind — revert please",
        "my bad, take it back",
    ],
)
def test_undo_in_free_wording(message: str) -> None:
    assert OfflineAssistant().respond(CLUB, message).undo


def test_a_request_that_says_cancel_is_not_an_undo() -> None:
    assert not OfflineAssistant().respond(CLUB, "cancel outings, go back to drafts").undo


@pytest.mark.parametrize(
    ("message", "operations", "public"),
    [
        ("outings over the API: list, view and edit only, never deleting", ["list", "get", "update"], False),
        ("for the outing endpoints we only want browsing and fetching", ["list", "get"], False),
        ("make outings publicly readable and creatable, nothing else", ["list", "get", "create"], True),
        ("anyone may browse outings and submit new ones without signing in", ["list", "get", "create"], True),
        ("lockers: read and add only, no edits or deletes", ["list", "get", "create"], False),
    ],
)  # fmt: skip
def test_api_operation_sets_said_as_lists(
    message: str, operations: list[str], public: bool
) -> None:
    changed, bp = say(message)
    assert changed
    entity = "Locker" if "locker" in message else "Outing"
    resource = next(r for r in bp.api.resources if r.entity == entity)
    assert resource.operations == operations
    assert resource.public == public


@pytest.mark.parametrize(
    "message",
    [
        "can a rower have several outings at the same time?",
        "could an outing hold more than one rower?",
        "may a boat take two outings at once?",
    ],
)
def test_questions_about_how_many_change_nothing(message: str) -> None:
    reply = OfflineAssistant().respond(CLUB, message)
    assert not reply.changed and reply.question
    assert "unchanged" in reply.message


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        ("please keep rower phones encrypted", ["phone"]),
        ("rower emails are sensitive, store them encrypted at rest", ["email"]),
        ("rowers are private people, encrypt email and phone", ["email", "phone"]),
        ("rower weight: keep it encrypted", ["weight_kg"]),
    ],
)
def test_encryption_in_free_wording(message: str, fields: list[str]) -> None:
    changed, bp = say(message)
    assert changed
    assert all(must(bp, "Rower", f).encrypted for f in fields)


@pytest.mark.parametrize(
    ("message", "tenant"),
    [
        ("each club in the league should only see its own boats and rowers", "Club"),
        ("every county we cover keeps its outings and lockers to itself", "County"),
        ("we host rowing for several schools; every school must only see its own rowers", "School"),
    ],
)
def test_tenancy_in_prose(message: str, tenant: str) -> None:
    changed, bp = say(message)
    assert changed
    assert bp.tenancy.tenant_entity == tenant


@pytest.mark.parametrize(
    ("message", "gone"),
    [
        ("we don't run the boat safety check anymore", ("schedule", "boat-safety-check")),
        ("the launch slots queue can go", ("queue", "launch-slots")),
        ("stop sending the weekly crew digest", ("schedule", "weekly-crew-digest")),
        ("we don't need the photo storage any more", ("bucket", "regatta-photos")),
    ],
)
def test_workflow_items_removed_in_prose(message: str, gone: tuple[str, str]) -> None:
    changed, bp = say(message)
    assert changed
    kind, name = gone
    names = {
        "schedule": [j.name for j in bp.workflows.jobs],
        "queue": [q.name for q in bp.workflows.queues],
        "bucket": bp.infrastructure.buckets,
    }[kind]
    assert name not in names


def test_a_queue_and_an_event_removed_together() -> None:
    changed, bp = say(
        "the crew alerts queue isn't used anymore, and neither is the outing booked event"
    )
    assert changed
    assert [q.name for q in bp.workflows.queues] == ["launch-slots"]
    assert not bp.workflows.events


@pytest.mark.parametrize(
    "message",
    [
        "get rid of the whole locker thing, nobody uses it",
        "lockers aren't tracked in here any longer, remove them",
    ],
)
def test_entities_removed_in_prose(message: str) -> None:
    changed, bp = say(message)
    assert changed and "Locker" not in entity_names(bp)


def test_a_reason_before_a_removal_is_not_a_field() -> None:
    changed, bp = say("we don't lend to guests anymore, remove the Locker entity")
    assert changed and "Locker" not in entity_names(bp)


@pytest.mark.parametrize(
    ("message", "entity", "name", "value"),
    [
        ("boats can be sunk too", "Boat", "condition", "sunk"),
        ("there are plastic boats as well", "Boat", "hull", "plastic"),
        ("veteran outings exist too", "Outing", "level", "veteran"),
        ("boats can also be repaired sometimes", "Boat", "condition", "repaired"),
    ],
)
def test_one_more_value_of_an_existing_choice(
    message: str, entity: str, name: str, value: str
) -> None:
    changed, bp = say(message)
    assert changed
    assert value in must(bp, entity, name).enum_values
    assert field(bp, entity, value) is None  # never a boolean of the value's own


@pytest.mark.parametrize(
    ("message", "old", "new"),
    [
        ("rename starts_at so it is called launches_at", "starts_at", "launches_at"),
        ("switch the name notes over to remarks", "notes", "remarks"),
    ],
)
def test_field_renames_in_free_wording(message: str, old: str, new: str) -> None:
    changed, bp = say(message)
    assert changed
    assert field(bp, "Outing", old) is None and field(bp, "Outing", new) is not None


@pytest.mark.parametrize(
    "message",
    [
        "let's say Sculler everywhere instead of Rower",
        "rowers are really scullers here, change the name",
        "what we call a Rower should be a Sculler",
        "the coaches call rowers scullers, please rename Rower accordingly",
    ],
)
def test_entity_renames_in_free_wording(message: str) -> None:
    changed, bp = say(message)
    assert changed
    assert "Sculler" in entity_names(bp) and "Rower" not in entity_names(bp)


@pytest.mark.parametrize(
    ("message", "entity", "name", "values"),
    [
        ("rowers pay their dues weekly, monthly or yearly", "Rower", "frequency", ["weekly", "yearly"]),
        ("rowers pay for outings with card, cash or voucher", "Outing", "payment_method", ["card", "cash"]),
        ("boats are built from cedar, carbon or plastic", "Boat", "material", ["cedar", "plastic"]),
        ("outings start from one of our jetties: north, south or east", "Outing", "jetty", ["north", "east"]),
        ("lockers are on the upper or the lower floor", "Locker", "floor", ["upper", "lower"]),
        ("outings get booked online or by phone", "Outing", "booked_via", ["online", "phone"]),
    ],
)  # fmt: skip
def test_a_choice_said_with_a_verb_is_named_from_its_words(
    message: str, entity: str, name: str, values: list[str]
) -> None:
    changed, bp = say(message)
    assert changed
    assert set(values) <= set(must(bp, entity, name).enum_values)
    assert field(bp, entity, "type") is None


def test_a_choice_that_is_not_plain_values_is_left_alone() -> None:
    reply = OfflineAssistant().respond(CLUB, "outings get logged in boats, one boat per outing")
    bp = compile_spec(reply.spec).blueprint
    assert bp is not None and field(bp, "Outing", "logged_via") is None


@pytest.mark.parametrize(
    ("message", "event", "queue"),
    [
        ("when a boat is damaged, raise boat.damaged and push it onto a repairs queue", "boat.damaged", "repairs"),
        ("publish an outing.cancelled event onto the crew-alerts queue", "outing.cancelled", "crew-alerts"),
        ("emit rower.joined and queue it on welcome-packs", "rower.joined", "welcome-packs"),
    ],
)  # fmt: skip
def test_a_named_event_sent_onto_a_queue(message: str, event: str, queue: str) -> None:
    changed, bp = say(message)
    assert changed
    assert any(e.name == event and e.target == queue for e in bp.workflows.events)
    assert queue in [q.name for q in bp.workflows.queues]


@pytest.mark.parametrize(
    "message",
    [
        "outings should stick around after deletion for the coaches",
        "if a coach deletes an outing by accident we must be able to restore it",
    ],
)
def test_soft_delete_in_free_wording(message: str) -> None:
    changed, bp = say(message)
    assert changed
    assert next(e for e in bp.entities if e.name == "Outing").soft_delete


def test_a_datetime_after_a_developer_name_is_its_type() -> None:
    changed, bp = say("rename starts_at to launch_at and add a landed_at datetime to outings")
    assert changed
    assert must(bp, "Outing", "landed_at").type == "datetime"
    assert field(bp, "Outing", "launch_at") is not None


def test_a_type_said_after_the_owner_is_the_new_field_s() -> None:
    changed, bp = say("add a length to boats, decimal")
    assert changed
    assert must(bp, "Boat", "length").type == "number"


def test_not_needing_to_know_a_fact_removes_its_field() -> None:
    spec = CLUB.replace("- notes: string\n", "- notes: string\n- cancelled: boolean\n")
    changed, bp = say("we no longer need to track whether outings were cancelled", spec)
    assert changed
    assert field(bp, "Outing", "cancelled") is None
