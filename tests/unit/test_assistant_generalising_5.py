"""General rules of the fifth round, on a spec of its own (a kayak rental on a lake) and in
phrasings written for these tests: new entities described in prose, their fields said in the
business's words ("how many pages were signed", "until when it is valid", "when to refill (a
number)", "which rack each kayak sits on"), a request said after its reason ("…, so get rid of
…"), changes written in developer notation, and a link said with any verb and "one specific"."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from slipway.ir import Blueprint, EntityDef, FieldDef
from slipway.spec import compile_spec

LAKE = """# Still Water Kayaks

Kayak rental and paddling lessons by the lake: paddlers book trips on our kayaks.

## Entities

### Paddler
- full_name: string, required
- email: string, required, unique

### Kayak
- label: string, required, unique
- seats: integer, default 1

### Rack
- spot: string, required

### Trip
- paddler: ref Paddler, required
- kayak: ref Kayak, required
- starts_at: datetime, required
- guide_name: string
"""


def say(message: str) -> tuple[bool, Blueprint, str]:
    reply = OfflineAssistant().respond(LAKE, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint, reply.message


def entity(bp: Blueprint, name: str) -> EntityDef | None:
    return next((e for e in bp.entities if e.name == name), None)


def field(bp: Blueprint, owner: str, name: str) -> FieldDef | None:
    found = entity(bp, owner)
    assert found is not None, owner
    return next((f for f in found.fields if f.name == name), None)


def kinds(bp: Blueprint, owner: str) -> dict[str, str]:
    found = entity(bp, owner)
    assert found is not None, owner
    return {
        f.name: f"ref:{f.references}" if f.references else f.type
        for f in found.fields
        if not f.managed and f.name != "id"
    }


@pytest.mark.parametrize(
    ("message", "name", "expected"),
    [
        (
            "we'd like to start keeping Waivers, that's the form a paddler signs, with the date, "
            "how many pages were signed and whether they agreed or not",
            "Waiver",
            {"date": "date", "pages_signed": "integer", "agreed": "boolean"},
        ),
        (
            "track Repairs, each one for a kayak and how much money was spent",
            "Repair",
            {"kayak_id": "ref:Kayak", "money_spent": "number"},
        ),
        (
            "we want gift cards: each one has a number that is unique, how many euros credit and "
            "until when it is usable",
            "GiftCard",
            {"number": "string", "credit_euros": "number", "usable_until": "date"},
        ),
        (
            "we also need to track paddle Sets, the colour, how many we have on hand and when to "
            "refill (a minimum count)",
            "PaddleSet",
            {"colour": "string", "quantity_on_hand": "integer", "refill_threshold": "integer"},
        ),
    ],
)
def test_new_entity_described_in_prose(message: str, name: str, expected: dict[str, str]) -> None:
    changed, bp, _ = say(message)
    assert changed
    said = kinds(bp, name)
    for key, kind in expected.items():
        assert said.get(key) == kind, (key, said)


def test_the_business_word_before_a_new_thing_adds_nothing() -> None:
    changed, bp, _ = say("we want to track paddling Vests, the colour and how many we have on hand")
    assert changed
    assert entity(bp, "PaddlingVest") is None
    assert kinds(bp, "Vest") == {"colour": "string", "quantity_on_hand": "integer"}


def test_unique_said_of_a_new_field() -> None:
    _, bp, _ = say("we want gift cards: each one has a number that is unique")
    made = field(bp, "GiftCard", "number")
    assert made is not None and made.unique


def test_a_link_said_among_the_fields_of_a_new_entity() -> None:
    changed, bp, _ = say(
        "we bought more boats so we'd like to keep a list of Docks with their name and also "
        "which dock each kayak is kept at"
    )
    assert changed
    assert kinds(bp, "Dock") == {"name": "string"}
    assert kinds(bp, "Kayak")["dock_id"] == "ref:Dock"


def test_the_request_after_its_reason() -> None:
    changed, bp, _ = say(
        "nobody signs up anymore, people just walk in, so remove paddlers entirely and just put "
        "the phone on the trip"
    )
    assert changed
    assert entity(bp, "Paddler") is None
    assert "paddler_id" not in kinds(bp, "Trip")
    assert kinds(bp, "Trip")["phone"] == "string"
    assert not any(r.public for r in bp.api.resources)  # "people walk in" opens no access


def test_an_entity_declared_in_developer_notation() -> None:
    changed, bp, _ = say("new table SafetyCheck(kayak ref, passed bool required)")
    assert changed
    passed = field(bp, "SafetyCheck", "passed")
    assert passed is not None and passed.type == "boolean" and passed.required
    assert kinds(bp, "SafetyCheck")["kayak_id"] == "ref:Kayak"


def test_a_text_field_pointed_at_a_new_entity() -> None:
    changed, bp, _ = say("trip.guide_name -> ref Guide (new entity: full name, email)")
    assert changed
    assert set(kinds(bp, "Guide")) == {"full_name", "email"}
    assert "guide_name" not in kinds(bp, "Trip")
    assert kinds(bp, "Trip")["guide_id"] == "ref:Guide"


def test_a_rename_with_a_note_on_it() -> None:
    changed, bp, _ = say("Kayak -> Boat (entity rename, keep the references intact)")
    assert changed
    assert entity(bp, "Kayak") is None and entity(bp, "Boat") is not None
    assert kinds(bp, "Trip")["boat_id"] == "ref:Boat"


def test_any_verb_with_one_specific_thing_links() -> None:
    changed, bp, _ = say("each kayak occupies one specific rack, link them")
    assert changed
    assert kinds(bp, "Kayak")["rack_id"] == "ref:Rack"


@pytest.mark.parametrize(
    "message",
    [
        "each paddler likes one kayak",  # a liking, no link
        "track kayaks, with the seats",  # kayaks exist already: nothing new
    ],
)
def test_no_silent_change(message: str) -> None:
    changed, bp, _ = say(message)
    assert not changed
    assert entity(bp, "Kayaks") is None


def test_a_need_said_after_its_reason() -> None:
    changed, bp, _ = say("we paddle at night now so kayaks need a lamp colour")
    assert changed
    assert kinds(bp, "Kayak")["lamp_colour"] == "string"


def test_logging_said_with_a_list_is_no_new_entity() -> None:
    _, bp, _ = say("log errors, with tracing")
    assert entity(bp, "Error") is None


@pytest.mark.parametrize(
    ("message", "name", "expected"),
    [
        (
            "we require a new entity Rescue: it has the time of rescue, the name of the "
            "lifeguard and whether it was reported",
            "Rescue",
            {"time": "datetime", "lifeguard_name": "string", "reported": "boolean"},
        ),
        (
            "add a Coupon entity: the word itself (unique), the discount off and the day it lapses",
            "Coupon",
            {"word": "string", "discount_off": "string", "lapses_on": "date"},
        ),
        (
            "record every Refund of a trip: the amount the paddler got back and when it was approved",
            "Refund",
            {"trip_id": "ref:Trip", "amount": "number", "approved_at": "datetime"},
        ),
        (
            "new entity Review: trip ref, stars int, body",  # a verb said as the name
            "Review",
            {"trip_id": "ref:Trip", "stars": "integer", "body": "string"},
        ),
    ],
)
def test_new_entity_fields_said_of_themselves(
    message: str, name: str, expected: dict[str, str]
) -> None:
    changed, bp, _ = say(message)
    assert changed
    said = kinds(bp, name)
    for key, kind in expected.items():
        assert said.get(key) == kind, (key, said)


@pytest.mark.parametrize(
    ("message", "owner", "name"),
    [
        ("count how many guests were seated on a trip", "Trip", "guests_seated"),
        ("see how many paddles of each kayak we own, so we know when to buy more", "Kayak",
         "paddles"),
    ],
)  # fmt: skip
def test_a_count_said_as_what_took_part(message: str, owner: str, name: str) -> None:
    changed, bp, _ = say(message)
    assert changed
    assert kinds(bp, owner)[name] == "integer"


def links(bp: Blueprint) -> set[tuple[str, str, str]]:
    return {(e.name, r.kind, r.target) for e in bp.entities for r in e.relationships}


def test_a_link_said_with_assign_and_when() -> None:
    changed, bp, _ = say("assign each kayak to a rack; one rack holds many kayaks over time")
    assert changed
    assert kinds(bp, "Kayak")["rack_id"] == "ref:Rack"


def test_who_did_it_said_after_the_linked_one() -> None:
    changed, bp, _ = say(
        "One paddler can have many kayaks that he bought from us; each kayak belongs to the "
        "paddler who bought it."
    )
    assert changed
    assert kinds(bp, "Kayak")["paddler_id"] == "ref:Paddler"
    assert not any(kind == "many_to_many" for _, kind, _ in links(bp))


def test_a_new_entity_belonging_to_two() -> None:
    changed, bp, _ = say(
        "A Rating belongs to a trip and to the paddler who gave it, and has a score from 1 to 5 "
        "and a comment."
    )
    assert changed
    said = kinds(bp, "Rating")
    assert said["trip_id"] == "ref:Trip" and said["paddler_id"] == "ref:Paddler"
    assert said["score"] == "integer" and said["comment"] == "string"


def test_shared_across_means_many_on_both_sides() -> None:
    changed, bp, _ = say("a trip can have many routes and routes are shared across trips")
    assert changed
    assert any(kind == "many_to_many" for _, kind, _ in links(bp))


def test_the_values_said_after_a_comma() -> None:
    changed, bp, _ = say(
        "add a Lesson entity with a title and a level, either beginner or advanced"
    )
    assert changed
    level = field(bp, "Lesson", "level")
    assert level is not None and level.type == "enum"
    assert level.enum_values == ["beginner", "advanced"]


def test_many_on_both_sides_with_a_new_one_named_in_full_before() -> None:
    changed, bp, _ = say(
        "we want paddlers to explore river routes. A paddler can explore several routes and a "
        "route is explored by several paddlers."
    )
    assert changed
    assert entity(bp, "RiverRoute") is not None and entity(bp, "Route") is None
    assert any(kind == "many_to_many" for _, kind, _ in links(bp))


def test_many_on_both_sides_with_a_new_one_keeps_its_own_name() -> None:
    changed, bp, _ = say("a paddler joins several clubs and clubs are joined by many paddlers")
    assert changed
    assert entity(bp, "Club") is not None


@pytest.mark.parametrize(
    ("message", "required"),
    [("Trip -> Rack FK, not null", True), ("trip gets a foreign key to Rack (optional)", False)],
)
def test_a_foreign_key_in_developer_words(message: str, required: bool) -> None:
    changed, bp, _ = say(message)
    assert changed
    assert kinds(bp, "Trip")["rack_id"] == "ref:Rack"
    made = field(bp, "Trip", "rack_id")
    assert made is not None and made.required is required
    assert entity(bp, "Trip") is not None


def test_a_new_table_said_with_its_columns_then_keyed() -> None:
    changed, bp, _ = say("New Pier table (code, depth). Kayak gets an FK to Pier, nullable.")
    assert changed
    assert kinds(bp, "Pier") == {"code": "string", "depth": "number"}
    assert entity(bp, "PierTable") is None
    assert kinds(bp, "Kayak")["pier_id"] == "ref:Pier"


def test_linked_to_one_of_ours() -> None:
    changed, bp, _ = say("we lose boats. Every kayak should be chained to one of our racks.")
    assert changed
    assert kinds(bp, "Kayak")["rack_id"] == "ref:Rack"


def test_a_link_with_a_particle_after_the_verb() -> None:
    changed, bp, _ = say("a paddler can be signed up to one rack at a time")
    assert changed
    assert kinds(bp, "Paddler")["rack_id"] == "ref:Rack"


def test_news_of_a_new_thing_sold_then_described() -> None:
    changed, bp, _ = say(
        "Heads up: from June we start renting out dry bags. Every bag has its own tag number, "
        "a deposit and a day after which it is no longer covered."
    )
    assert changed
    said = kinds(bp, "DryBag")
    assert said == {"tag_number": "string", "deposit": "number", "expires_on": "date"}
    tag = field(bp, "DryBag", "tag_number")
    assert tag is not None and tag.unique


def test_news_alone_changes_nothing() -> None:
    changed, _, _ = say("we start renting out dry bags in June")
    assert not changed


def test_the_things_just_spoken_of_given_a_name() -> None:
    changed, bp, _ = say(
        "Guides will hand out snacks on the water. Let's record them as Handouts: the snack "
        "name, the count, the cost, and which trip it was for."
    )
    assert changed
    said = kinds(bp, "Handout")
    assert said["snack_name"] == "string" and said["trip_id"] == "ref:Trip"
    assert said["count"] == "integer" and said["cost"] == "number"


def test_an_activity_described_by_what_happens_in_it() -> None:
    changed, bp, _ = say(
        "From next month the instructors will hold Checkups: twice a season someone looks at "
        "every kayak and gives it a grade out of 5 plus a remark."
    )
    assert changed
    said = kinds(bp, "Checkup")
    assert said == {"grade": "integer", "remark": "string", "kayak_id": "ref:Kayak"}


def test_a_yes_no_said_with_what_most_are() -> None:
    changed, bp, _ = say(
        "trips need the rôle's code, and a flag for whether it is a night trip — most aren't"
    )
    assert changed
    night = field(bp, "Trip", "night_trip")
    assert night is not None and night.type == "boolean" and night.default is False
    assert "role_code" in kinds(bp, "Trip")


@pytest.mark.parametrize(
    "message",
    [
        "could a paddler have preferred kayaks? maybe a few? not sure how that works",
        "a kayak can have regular paddlers right? usually three or four",
    ],
)
def test_others_said_by_their_plural_are_many_on_both_sides(message: str) -> None:
    changed, bp, _ = say(message)
    assert changed
    assert {("Paddler", "many_to_many", "Kayak"), ("Kayak", "many_to_many", "Paddler")} & links(bp)


def test_kept_elsewhere_then_removed() -> None:
    changed, bp, _ = say(
        "The harbour office now handles racks in their own spreadsheet, so we don't keep them "
        "here anymore. Please delete them."
    )
    assert changed
    assert entity(bp, "Rack") is None and entity(bp, "Kayak") is not None


def test_kept_elsewhere_alone_changes_nothing() -> None:
    changed, _, reply = say(
        "The harbour office now handles racks in their own spreadsheet, so we don't keep them "
        "here anymore."
    )
    assert not changed
    assert "Rack" in reply


GUIDED = LAKE.replace("- guide_name: string\n", "- guide: ref Guide\n") + (
    "\n### Guide\n- name: string, required\n\n## Auth\n- strategy: jwt\n- roles: admin, guide\n"
)


def test_a_role_and_an_entity_removed_as_the_entity_when_another_needs_none() -> None:
    reply = OfflineAssistant().respond(
        GUIDED,
        "we don't really pair trips with a fixed person anymore, everyone just paddles alone. "
        "so could we drop guides? trips wouldn't need one",
    )
    compiled = compile_spec(reply.spec)
    assert reply.changed and compiled.blueprint is not None
    assert entity(compiled.blueprint, "Guide") is None
    assert "guide_id" not in kinds(compiled.blueprint, "Trip")
    assert compiled.blueprint.auth is not None and "guide" in compiled.blueprint.auth.roles


def test_a_role_and_an_entity_removed_bare_is_asked() -> None:
    reply = OfflineAssistant().respond(GUIDED, "drop guides")
    assert not reply.changed
