"""What a review of round thirteen found the new rules misread (each had been read right, or
left alone, before them), in phrasings of its own on a spec written for these tests: a removal
said as "no need for the X field" that named an entity, "X: add …" read as a field where it was
a value or a new entity, a default said in another unit, a purpose that was a constraint, a
retraction that moved to another entity, "the games record", a scope in "no two … at the
venue", "also only", a misspelt queue, "shared between tenants" on a single-tenant app, and a
remark inside a choice's brackets."""

from __future__ import annotations

import pytest

from slipway.ir import Blueprint
from tests.unit.assistant_support import field, say

ROOMS = """# Locked In

Escape rooms in two towns.

## Entities

### Game
- title: string, required, unique
- duration_minutes: integer, default 60
- difficulty: enum(easy, medium, hard), default medium
- max_players: integer

### Booking
- game: ref Game, required
- customer: ref Customer, required
- starts_at: datetime, required
- status: enum(pending, confirmed, cancelled), default pending
- price: number

### Customer
- name: string, required
- email: string, required, unique

### Venue
- name: string, required
- city: string

### Crew
- name: string, required
- size: integer

## Auth
- strategy: jwt
- roles: admin, staff

## API
### Booking
- operations: list, get, create, update, delete

## Workflows
- queue booking-events
"""
"""An escape-room business, written for these tests."""


def entity_names(bp: Blueprint) -> set[str]:
    return {e.name for e in bp.entities}


def test_no_need_for_a_field_named_like_an_entity_keeps_the_entity() -> None:
    _, bp, reply = say("there is no need for the crew field", ROOMS)
    assert "Crew" in entity_names(bp), reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "value"),
    [
        ("bookings: add a 'no-show' status", "Booking", "status", "no-show"),
        ("games: add an 'expert' difficulty", "Game", "difficulty", "expert"),
    ],
)
def test_a_value_added_under_the_entity_stays_a_value(
    message: str, entity: str, name: str, value: str
) -> None:
    changed, bp, reply = say(message, ROOMS)
    choice = field(bp, entity, name)
    assert changed and choice is not None and value in (choice.enum_values or []), reply


def test_a_new_entity_with_its_fields_under_another_stays_an_entity() -> None:
    changed, bp, reply = say("customers: add a Review with a rating and a comment", ROOMS)
    assert changed and "Review" in entity_names(bp), reply
    assert field(bp, "Customer", "review") is None, reply


def test_a_wish_under_an_entity_is_no_public_api() -> None:
    _, bp, reply = say("customers: add a way to log in without an account", ROOMS)
    assert not any(r.public for r in bp.api.resources), reply


@pytest.mark.parametrize(
    "message", ["the game duration should default to 2 hours", "games default to 2 guests"]
)
def test_a_default_in_another_unit_or_of_no_headcount_is_not_set(message: str) -> None:
    _, bp, reply = say(message, ROOMS)
    duration = field(bp, "Game", "duration_minutes")
    assert duration is not None and duration.default == 60, reply


@pytest.mark.parametrize(
    ("message", "name", "attribute"),
    [
        ("Add a weight to games. We need it to be required.", "weight", "required"),
        ("Add a voucher code to bookings. We need them to be unique", "voucher_code", "unique"),
    ],
)
def test_we_need_it_to_be_is_a_constraint_not_background(
    message: str, name: str, attribute: str
) -> None:
    changed, bp, reply = say(message, ROOMS)
    owner = "Game" if name == "weight" else "Booking"
    added = field(bp, owner, name)
    assert changed and added is not None and getattr(added, attribute), reply


def test_a_retraction_to_another_entity_goes_there() -> None:
    changed, bp, reply = say("games: add a theme... no wait, add a theme to venues", ROOMS)
    assert changed and field(bp, "Venue", "theme") is not None, reply
    assert field(bp, "Game", "theme_to_venues") is None, reply


def test_taken_back_with_no_entity_left_makes_no_entity() -> None:
    _, bp, reply = say("add a colour to games. scratch that, no, add a size instead", ROOMS)
    assert "SizeInstead" not in entity_names(bp), reply


def test_the_games_record_is_a_noun() -> None:
    changed, bp, reply = say("the games record needs a colour", ROOMS)
    assert changed and field(bp, "Game", "colour") is not None, reply


def test_the_bookings_paid_late_is_no_field() -> None:
    _, bp, reply = say("record the bookings paid late", ROOMS)
    assert field(bp, "Booking", "paid_late") is None, reply


def test_no_two_at_a_venue_is_not_unique_everywhere() -> None:
    _, bp, reply = say("no two bookings at the venue can have the same start time", ROOMS)
    starts = field(bp, "Booking", "starts_at")
    assert starts is not None and not starts.unique, reply


def test_also_only_is_only() -> None:
    changed, bp, reply = say("the booking API should also only allow list and get", ROOMS)
    api = next(r for r in bp.api.resources if r.entity == "Booking")
    assert changed and list(api.operations) == ["list", "get"], reply


def test_a_misspelt_queue_is_asked_about_not_made() -> None:
    changed, bp, reply = say("put booking.cancelled onto the booking-event queue", ROOMS)
    assert not changed and "booking-events" in reply, reply
    assert [q.name for q in bp.workflows.queues] == ["booking-events"], reply


def test_shared_between_tenants_in_a_single_tenant_app_sets_nothing() -> None:
    changed, _, reply = say("some venues are shared between tenants", ROOMS)
    assert not changed, reply


def test_a_type_in_brackets_keeps_its_limit() -> None:
    _, bp, reply = say("add a nickname (text, max 40) to customers", ROOMS)
    nickname = field(bp, "Customer", "nickname")
    assert nickname is None or nickname.max_length == 40, reply


def test_something_like_a_thing_on_an_entity_makes_no_entity() -> None:
    _, bp, reply = say("something like a rating with the stars and a comment on bookings", ROOMS)
    assert "Rating" not in entity_names(bp), reply


def test_a_remark_inside_a_choices_brackets() -> None:
    changed, bp, reply = say(
        "games have a tier (gold, silver or bronze - bronze by default, we rarely use it)", ROOMS
    )
    tier = field(bp, "Game", "tier")
    assert changed and tier is not None and tier.default == "bronze", reply
    assert field(bp, "Game", "silver") is None, reply


def test_how_many_were_left_is_not_time_spent() -> None:
    _, bp, reply = say("add how many minutes were left on bookings", ROOMS)
    assert field(bp, "Booking", "minutes_spent_left") is None, reply
