"""Two voices of the fourth round, on a spec of their own (a climbing gym) and in phrasings
written for these tests: a designer describing a screen that implies data ("route card: …"),
and acceptance criteria or user stories ("Given …, when …, then …")."""

from __future__ import annotations

from slipway.assistant import OfflineAssistant
from slipway.ir import Blueprint, FieldDef
from slipway.spec import compile_spec

CLIMBING = """# Crux Climbing Gym

Indoor bouldering: setters set routes on walls, climbers log their ascents.

## Entities

### Wall
- name: string, required, unique
- angle_degrees: integer

### Setter
- full_name: string, required
- email: string, required, unique

### Route
- wall: ref Wall, required
- setter: ref Setter
- grade: string, required
- set_on: date, required
- holds_colour: string

### Climber
- name: string, required
- email: string, unique
- born_on: date

### Ascent
- route: ref Route, required
- climber: ref Climber, required
- climbed_at: datetime, required
- attempts: integer, default 1
"""


def say(message: str, spec: str = CLIMBING) -> tuple[bool, Blueprint, str]:
    reply = OfflineAssistant().respond(spec, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint, reply.message


def field(bp: Blueprint, entity: str, name: str) -> FieldDef | None:
    found = next((e for e in bp.entities if e.name == entity), None)
    assert found is not None, entity
    return next((f for f in found.fields if f.name == name), None)


def names(bp: Blueprint, entity: str) -> set[str]:
    return {f.name for f in next(e for e in bp.entities if e.name == entity).fields}


# --- screens ------------------------------------------------------------------------------


def test_a_card_adds_only_what_the_entity_lacks() -> None:
    changed, bp, _ = say(
        "climber card: avatar, name, age, shoe size, and which wall they like best"
    )
    assert changed
    before = names(compile_spec(CLIMBING).blueprint, "Climber")  # type: ignore[arg-type]
    added = names(bp, "Climber") - before
    assert "shoe_size" in added and "avatar" in added
    assert not {"name", "age"} & added  # there already, and worked out from born_on
    assert field(bp, "Climber", "wall_id") is not None  # a wall it names, linked


def test_values_in_brackets_make_a_choice_and_looks_are_no_data() -> None:
    changed, bp, _ = say(
        "route tile: the grade big in the corner, the hold type (crimps / slopers / jugs), and a "
        "red warning badge if there's a safety note"
    )
    assert changed
    kind = field(bp, "Route", "hold_type")
    assert kind is not None and kind.type == "enum" and "slopers" in (kind.enum_values or [])
    assert field(bp, "Route", "safety_note") is not None
    assert field(bp, "Route", "warning") is None and field(bp, "Route", "badge") is None


def test_a_screen_of_what_exists_changes_nothing() -> None:
    changed, _, message = say(
        "wall page: name at the top, the angle, the list of its routes, and the average grade"
    )
    assert not changed
    assert "already" in message


def test_a_new_screen_makes_its_entity() -> None:
    changed, bp, _ = say(
        "new 'Membership' screen: the climber picks one of the walls, a start date, and an "
        "optional notes box"
    )
    assert changed
    assert field(bp, "Membership", "wall_id") is not None
    assert field(bp, "Membership", "start_date") is not None
    notes = field(bp, "Membership", "notes")
    assert notes is not None and not notes.required


def test_a_badge_saying_when_something_ends_stores_that_date() -> None:
    changed, bp, _ = say(
        "setter profile: photo, full name, and an amber badge 'certificate expires in 2 weeks'"
    )
    assert changed
    ends = field(bp, "Setter", "certificate_expires_on")
    assert ends is not None and ends.type == "date"


def test_a_count_left_needs_the_total_and_a_teacher_is_who_runs_it() -> None:
    changed, bp, _ = say(
        "ascent view: the route, '2 of 5 tries left', who's belaying it, and a short comment"
    )
    assert changed
    assert field(bp, "Ascent", "capacity") is not None or field(bp, "Ascent", "tries") is not None
    assert field(bp, "Ascent", "belayer") is not None
