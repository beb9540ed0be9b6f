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


# --- acceptance criteria and stories ------------------------------------------------------


def test_a_field_missing_and_rejected_is_required() -> None:
    changed, bp, _ = say(
        "Given a climber is registered, when the email is missing, then the request is rejected."
    )
    assert changed
    email = field(bp, "Climber", "email")
    assert email is not None and email.required


def test_too_long_and_rejected_is_a_maximum_length() -> None:
    changed, bp, _ = say(
        "Given a route, when its grade is longer than 12 characters, then it fails."
    )
    assert changed
    grade = field(bp, "Route", "grade")
    assert grade is not None and grade.max_length == 12


def test_saved_without_a_value_makes_it_optional() -> None:
    changed, bp, _ = say(
        "Given a new ascent without a climber, when we save it, then the record is stored."
    )
    assert changed
    climber = field(bp, "Ascent", "climber_id")
    assert climber is not None and not climber.required


def test_a_story_s_criteria_make_an_entity_with_its_link_and_fields() -> None:
    changed, bp, _ = say(
        "Story: belay checks. As a floor manager I want to record belay checks so that nobody "
        "climbs unchecked. Acceptance criteria: a BelayCheck belongs to a Climber, has a result "
        "(pass, fail or retake) and the date it was done."
    )
    assert changed
    assert field(bp, "BelayCheck", "climber_id") is not None
    result = field(bp, "BelayCheck", "result")
    assert result is not None and result.type == "enum"
    assert not any(e.name in ("Story", "AcceptanceCriterion") for e in bp.entities)


def test_an_entity_that_links_two_others() -> None:
    changed, bp, _ = say("Acceptance criteria: a Favourite links a Climber and a Route.")
    assert changed
    assert field(bp, "Favourite", "climber_id") is not None
    assert field(bp, "Favourite", "route_id") is not None


def test_then_it_references_adds_the_link_and_unique_across_is_unique() -> None:
    changed, bp, _ = say(
        "Given an ascent, then it references the Wall. The email must also be unique across "
        "setters, of course."
    )
    assert changed
    assert field(bp, "Ascent", "wall_id") is not None
    changed, bp, _ = say("The name must also be unique across climbers.")
    name = field(bp, "Climber", "name")
    assert changed and name is not None and name.unique
    changed, _, message = say("Emails must stay unique across climbers; keep that as it is.")
    assert not changed and "already unique" in message


def test_anonymous_callers_and_the_operations_that_work() -> None:
    changed, bp, _ = say(
        "Given an anonymous visitor, when they call the walls API, then list and get work."
    )
    assert changed
    api = next(r for r in bp.api.resources if r.entity == "Wall")
    assert sorted(api.operations) == ["get", "list"]


def test_unique_per_something_else_is_not_made_unique_everywhere() -> None:
    _, bp, _ = say("Route grades must be unique per wall.")
    grade = field(bp, "Route", "grade")
    assert grade is not None and not grade.unique


def test_a_story_wanting_things_assigned_to_one_of_another() -> None:
    changed, bp, _ = say(
        "As the head setter I want routes to be assigned to a Wall so that nobody gets lost. "
        "Given a new route, then it may have no wall yet."
    )
    assert changed
    assert field(bp, "Route", "wall_id") is not None
    changed, bp, _ = say("As a coach I want ascents to be assigned to a Coach. A Coach has a name.")
    assert changed
    assert field(bp, "Ascent", "coach_id") is not None and field(bp, "Coach", "name") is not None


def test_a_status_shown_going_through_steps_is_a_choice() -> None:
    changed, bp, _ = say("route status chip on the wall board goes draft → set → stripped")
    assert changed
    status = field(bp, "Route", "status")
    assert status is not None and status.enum_values == ["draft", "set", "stripped"]
    assert status.default == "draft"


def test_more_ways_of_saying_given_when_then() -> None:
    changed, bp, _ = say(
        "Given a climber signs up, when no name is entered, then an error is shown.", CLIMBING
    )
    assert not changed  # the name is already required
    changed, bp, _ = say("Given a wall, when the name is already taken, then it is refused.")
    wall = field(bp, "Wall", "name")
    assert not changed and wall is not None and wall.unique
    changed, bp, _ = say("Given two setters, when they share the same full name, then the "
                         "second one is rejected.")  # fmt: skip
    name = field(bp, "Setter", "full_name")
    assert changed and name is not None and name.unique
    changed, bp, _ = say("Given a route is created without a setter, then it is still saved.")
    assert not changed


def test_an_entity_that_has_a_panel_word_is_no_screen() -> None:
    spec = CLIMBING + "\n### Panel\n- code: string, required\n"
    changed, bp, _ = say("a panel has a colour and a width in cm", spec)
    assert changed
    assert field(bp, "Panel", "colour") is not None


def test_criteria_under_a_heading_say_what_entities_have() -> None:
    changed, bp, _ = say(
        "Acceptance criteria:\n- a Grade belongs to a Route\n- a grade has a score (whole "
        "number) and a note\n- given a grade, when the score is missing, then it is rejected"
    )
    assert changed
    assert field(bp, "Grade", "route_id") is not None
    score = field(bp, "Grade", "score")
    assert score is not None and score.type == "integer"
    changed, bp, _ = say(
        "Acceptance criteria: a wall has a lighting flag (yes/no) and a short description of "
        "at most 300 characters."
    )
    text = field(bp, "Wall", "description") or field(bp, "Wall", "short_description")
    assert changed and field(bp, "Wall", "lighting") is not None
    assert text is not None and text.max_length == 300
    assert not any(e.name == "AcceptanceCriterion" for e in bp.entities)


def test_a_criterion_of_no_data_is_asked_about() -> None:
    changed, _, message = say("Acceptance criteria: the wall page feels welcoming")
    assert not changed
    assert "criterion" in message or "?" in message


def test_requests_said_after_a_screen_s_name_are_read_as_requests() -> None:
    changed, bp, _ = say("route form: add a sector field and make the grade optional")
    grade = field(bp, "Route", "grade")
    assert changed and field(bp, "Route", "sector") is not None
    assert grade is not None and not grade.required
    changed, _, _ = say("the wall page has a bug, the angle is wrong")
    assert not changed


def test_picking_many_of_something_is_no_single_link() -> None:
    changed, bp, _ = say("ascent screen: pick a route, pick climbers, and a short comment")
    assert changed
    assert field(bp, "Ascent", "comment") is not None
    assert field(bp, "Ascent", "climber_id") is not None  # there already
    assert field(bp, "Ascent", "pick_climbers") is None


def test_a_value_used_when_none_is_given_is_the_default() -> None:
    changed, bp, _ = say("Given a new ascent, when no attempts are entered, then 3 is used.")
    attempts = field(bp, "Ascent", "attempts")
    assert changed and attempts is not None and attempts.default == 3


def test_a_check_on_a_new_entity_of_the_same_message_reads_whole() -> None:
    changed, bp, _ = say(
        "Acceptance criteria: a Booking belongs to a Wall, has a slot (date) and a note; given a "
        "booking, when the slot is missing, then it is rejected."
    )
    slot = field(bp, "Booking", "slot")
    assert changed and slot is not None and slot.required
    assert field(bp, "Booking", "missing_at") is None and field(bp, "Booking", "rejected") is None


def test_what_a_screen_shows_said_in_a_sentence_of_its_own() -> None:
    changed, bp, message = say(
        "We're designing the route page. It shows the grade, the wall, a topo image and the "
        "hold colour."
    )
    assert changed
    assert field(bp, "Route", "topo_image") is not None
    assert field(bp, "Route", "hold_colour") is None  # holds_colour is there
    assert "did not understand" not in message


def test_a_dashboard_of_figures_stores_nothing() -> None:
    changed, _, _ = say("Dashboard: number of ascents today, average attempts, and upcoming walls")
    assert not changed


def test_what_is_recorded_then_is_a_field_and_a_status_it_becomes_a_value() -> None:
    changed, bp, _ = say(
        "Given an ascent, when it is disputed, then the dispute reason is recorded."
    )
    assert changed and field(bp, "Ascent", "dispute_reason") is not None
    spec = CLIMBING.replace("- holds_colour: string", "- state: enum(open, closed), default open")
    changed, bp, _ = say("Given a route, when it is reset, then its state becomes retired.", spec)
    state = field(bp, "Route", "state")
    assert changed and state is not None and "retired" in (state.enum_values or [])


def test_a_screen_s_access_or_progress_is_no_data() -> None:
    changed, bp, _ = say("wall page: done")
    assert not changed
    _, bp, _ = say("walls view: public, read only")
    assert field(bp, "Wall", "public") is None and field(bp, "Wall", "read_only") is None


def test_a_screen_cut_before_a_named_entity_is_read_to_its_end() -> None:
    changed, bp, _ = say("ascent screen: climbed at, climber, style (flash / onsight / redpoint)")
    style = field(bp, "Ascent", "style")
    assert changed and style is not None and style.type == "enum"


def test_a_story_wishing_to_see_things_on_a_screen() -> None:
    changed, bp, _ = say(
        "As a setter I want to see the sector and the grade on the route page so that I can plan."
    )
    assert changed and field(bp, "Route", "sector") is not None
    assert field(bp, "Route", "grade_2") is None
