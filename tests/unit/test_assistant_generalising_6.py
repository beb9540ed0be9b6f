"""General rules of the fourth round, on a spec of their own (a glassblowing studio) and in
phrasings written for these tests: several entities' lists in one line ("pieces: add …, firings:
add …"), a field named after another entity ("an artisan score") that is no reference, a record
that notes something of the one it points at ("every firing records the kiln's temperature"), a
default said in a sentence of its own, and a yes/no field removed by what it tells."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from slipway.assistant.base import ChatTurn
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from tests.unit.assistant_support import field

GLASSWORKS = """# Ember Glassworks

Hand-blown glass: artisans fire pieces in kilns.

## Entities

### Artisan
- full_name: string, required
- email: string, required, unique
- on_leave: boolean, default false

### Kiln
- label: string, required
- max_temp: integer
- serviced: boolean, default false

### Firing
- kiln: ref Kiln, required
- artisan: ref Artisan, required
- starts_at: datetime, required

### Piece
- title: string, required
- price: number
- firing: ref Firing
- glazed: boolean, default false
- signed: boolean, default false
"""


def say(message: str, spec: str = GLASSWORKS) -> tuple[bool, Blueprint, str]:
    reply = OfflineAssistant().respond(spec, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint, reply.message


def test_each_entity_s_list_in_one_line_goes_to_its_own_entity() -> None:
    changed, bp, _ = say("pieces: add notes (text) + a weight in grams, firings: add a peak temp")
    assert changed
    assert field(bp, "Piece", "notes") is not None
    assert field(bp, "Piece", "firings") is None and field(bp, "Piece", "firings_id") is None
    assert any(field(bp, "Firing", n) is not None for n in ("peak_temp", "peak_temperature"))


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("add an artisan score to pieces", "Piece", "artisan_score"),
        ("firings should have a kiln temperature in celsius", "Firing", "kiln_temperature"),
    ],
)
def test_a_field_named_after_another_entity_is_no_reference(
    message: str, entity: str, name: str
) -> None:
    changed, bp, _ = say(message)
    assert changed
    made = field(bp, entity, name)
    assert made is not None and made.type in ("integer", "number")
    before = next(e for e in compile_spec(GLASSWORKS).blueprint.entities if e.name == entity)  # type: ignore[union-attr]
    after = next(e for e in bp.entities if e.name == entity)
    assert len(after.fields) == len(before.fields) + 1


@pytest.mark.parametrize(
    "message",
    [
        "every firing should record the kiln's temperature",
        "As an artisan I want each firing to note the kiln's temperature",
    ],
)
def test_a_record_notes_something_of_the_one_it_points_at(message: str) -> None:
    changed, bp, _ = say(message)
    assert changed
    assert field(bp, "Firing", "kiln_temperature") is not None
    assert field(bp, "Kiln", "temperature") is None


@pytest.mark.parametrize(
    "message",
    [
        "pieces have a finish: matte, gloss or satin. If nobody picks one it should be gloss.",
        "pieces have a finish: matte, gloss or satin. The default should be gloss",
        "pieces get a finish: matte, gloss or satin. Unless told otherwise it's gloss.",
    ],
)
def test_a_default_said_in_a_sentence_of_its_own(message: str) -> None:
    changed, bp, _ = say(message)
    finish = field(bp, "Piece", "finish")
    assert changed and finish is not None
    assert finish.type == "enum" and finish.default == "gloss"


@pytest.mark.parametrize(
    ("message", "entity", "gone"),
    [
        ("we no longer record whether a kiln was serviced, the vendor does that", "Kiln", "serviced"),
        ("we don't track if an artisan is away with that yes/no thing anymore, drop it", "Artisan", "on_leave"),
        ("remove the thing on pieces that marks whether it was signed", "Piece", "signed"),
        ("get rid of the flag on pieces that says if the glaze went on", "Piece", "glazed"),
    ],
)  # fmt: skip
def test_a_yes_no_field_removed_by_what_it_tells(message: str, entity: str, gone: str) -> None:
    changed, bp, reply = say(message)
    assert changed, reply
    assert field(bp, entity, gone) is None
    kept = {"Piece": "title", "Kiln": "label", "Artisan": "email"}[entity]
    assert field(bp, entity, kept) is not None


@pytest.mark.parametrize(
    "message",
    [
        "remove the flag on pieces that says whether it is finished",  # two flags, neither named
        "I can't see whether a firing cracked anymore",  # a complaint, no removal
        "we no longer record whether a firing cracked",  # Firing has no yes/no field
    ],
)
def test_a_yes_no_field_not_told_apart_is_asked_about(message: str) -> None:
    changed, _, reply = say(message)
    assert not changed, reply


def test_each_line_of_a_bulleted_list_is_a_request_of_its_own() -> None:
    changed, bp, reply = say(
        "three things from the studio meeting:\n"
        "- kilns: add a serial number, unique\n"
        "* pieces need a weight in grams\n"
        "- artisans: rename full_name to name"
    )
    assert changed, reply
    serial = field(bp, "Kiln", "serial_number")
    assert serial is not None and serial.unique
    assert field(bp, "Piece", "weight_grams") or field(bp, "Piece", "weight")
    assert field(bp, "Artisan", "name") is not None and field(bp, "Artisan", "full_name") is None
    assert "did not understand" not in reply


def test_a_letter_s_greeting_reasons_and_signature_change_nothing() -> None:
    changed, bp, reply = say(
        "Good afternoon,\n\nOur insurer has pointed out that we should record the glaze colour "
        "of every piece, because the claims form\nasks for it.\n\nCould pieces have a glaze "
        "colour?\n\nKind regards,\nMaria Lopez"
    )
    assert changed, reply
    before = compile_spec(GLASSWORKS).blueprint
    assert before is not None
    old = {f.name for e in before.entities if e.name == "Piece" for f in e.fields}
    made = next(e for e in bp.entities if e.name == "Piece")
    assert [f.name for f in made.fields if f.name not in old] == ["glaze_colour"]
    assert all(e.name not in ("Insurer", "Maria", "ClaimsForm") for e in bp.entities)


@pytest.mark.parametrize(
    ("message", "entity", "made", "not_made"),
    [
        ("kilns should have a photo no wait just a link to the manual", "Kiln", "manual_url", "photo"),
        ("rename max_temp to max_temperature — no sorry, peak_temp, that's what the gauge says", "Kiln", "peak_temp", "max_temperature"),
        ("artisans need a loyalty balance — hm, actually no, put it on firings: the hours worked. integer", "Firing", "hours_worked", "loyalty_balance"),
    ],
)  # fmt: skip
def test_what_a_message_takes_back_is_completed_from_what_it_said(
    message: str, entity: str, made: str, not_made: str
) -> None:
    changed, bp, reply = say(message)
    assert changed, reply
    assert field(bp, entity, made) is not None
    assert all(field(bp, e.name, not_made) is None for e in bp.entities)


def test_a_type_said_in_a_sentence_of_its_own_types_the_field_before_it() -> None:
    changed, bp, _ = say("firings need the hours it took. integer")
    hours = field(bp, "Firing", "hours_it_took") or field(bp, "Firing", "hours")
    assert changed and hours is not None and hours.type == "integer"


def test_the_background_of_a_letter_is_not_read_as_a_request() -> None:
    changed, bp, reply = say(
        "Dear Sir or Madam,\n\nEvery season our artisans lose track of which kiln fired what. "
        "At the moment we keep a paper log by the door, and customers keep asking about it.\n\n"
        "Could each firing have a peak temperature in celsius?\n\nBest wishes,\nOla"
    )
    assert changed, reply
    firing = next(e for e in bp.entities if e.name == "Firing")
    assert any(f.name.startswith("peak_temp") for f in firing.fields)
    assert [e.name for e in bp.entities] == ["Artisan", "Kiln", "Firing", "Piece"]
    assert "Ola" not in reply


def test_background_alone_is_still_reported_not_dropped() -> None:
    changed, _, reply = say("At the moment we keep a paper log by the door.")
    assert not changed
    assert "paper log" in reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("artisans need a field four the apron colour if their is one", "Artisan", "apron_colour", "string"),
        ("kilns need a note weather there insured yes or no", "Kiln", "insured", "boolean"),
        ("pieces need a box whether it has a crack, yes or no", "Piece", "has_crack", "boolean"),
        ("artisans need a studio phone in case a kiln overheats, can you add that", "Artisan", "studio_phone", "string"),
        ("As a buyer I want pieces to show a colour name (text) so that I can match my shelves", "Piece", "colour_name", "string"),
        ("The Pieces need the technique in which they are made.", "Piece", "technique", "string"),
    ],
)  # fmt: skip
def test_a_field_said_with_slips_and_purposes(
    message: str, entity: str, name: str, kind: str
) -> None:
    changed, bp, reply = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == kind, reply


def test_a_non_native_writer_s_word_order() -> None:
    _, bp, _ = say("The field label at the Kiln I want to rename in kiln_name.")
    assert field(bp, "Kiln", "kiln_name") is not None and field(bp, "Kiln", "label") is None
    _, bp, _ = say("The field max_temp at the Kiln we don't need anymore, the sensor knows it.")
    assert field(bp, "Kiln", "max_temp") is None
    _, bp, _ = say("Please make the email of the Artisan not longer as 120 characters.")
    email = field(bp, "Artisan", "email")
    assert email is not None and email.max_length == 120


def test_one_field_for_two_entities() -> None:
    changed, bp, _ = say("add a nickname to artisans and kilns both")
    assert changed
    assert (
        field(bp, "Artisan", "nickname") is not None and field(bp, "Kiln", "nickname") is not None
    )
    assert field(bp, "Artisan", "kiln_id") is None


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("would it make sense to give kilns a warranty end date? the vendor asked", "Kiln", "warranty_end_date"),
        ("is it possible for each piece to have a glaze colour? customers ask", "Piece", "glaze_colour"),
        ("and then would it make sense for artisans to have a studio number?", "Artisan", "studio_number"),
    ],
)  # fmt: skip
def test_a_suggestion_asked_as_a_question_is_a_request(
    message: str, entity: str, name: str
) -> None:
    changed, bp, reply = say(message)
    assert changed and field(bp, entity, name) is not None, reply


@pytest.mark.parametrize(
    "message",
    [
        "What means 'max_temp' exactly? I don't understand this field.",
        "the weekly kiln report takes ages",
        "is it possible that a piece cracked in the kiln?",
    ],
)
def test_a_question_or_complaint_changes_nothing(message: str) -> None:
    changed, _, reply = say(message)
    assert not changed, reply


def test_make_it_names_no_field_called_make() -> None:
    spec = GLASSWORKS.replace(
        "- label: string, required", "- label: string, required\n- make: string"
    )
    first = OfflineAssistant().respond(spec, "add a notes field to firings")
    reply = OfflineAssistant().respond(
        first.spec,
        "make that required",
        [ChatTurn("user", "add a notes field to firings"), ChatTurn("assistant", first.message)],
    )
    bp = compile_spec(reply.spec).blueprint
    assert bp is not None
    notes, make = field(bp, "Firing", "notes"), field(bp, "Kiln", "make")
    assert notes is not None and notes.required
    assert make is not None and not make.required


@pytest.mark.parametrize(
    ("message", "entity", "name", "check"),
    [
        ("We must can know in which glass is each piece (soda, lead, borosilicate...).", "Piece", "glass", "enum"),
        ("Pieces must have a code like in our price list (for example PC-1042), and two pieces cannot have the same.", "Piece", "code", "unique"),
        ("kilns need a power rating. KW. decimal, e.g. 7.5", "Kiln", "power_rating", "number"),
        ("artisans need a grade. grade is a letter (A, B, C...)", "Artisan", "grade", "string"),
    ],
)  # fmt: skip
def test_what_a_writer_adds_around_a_field(
    message: str, entity: str, name: str, check: str
) -> None:
    changed, bp, reply = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None, reply
    assert made.unique if check == "unique" else made.type == check


@pytest.mark.parametrize(
    ("before", "message", "entity", "name", "kind"),
    [
        ("artisans need a home address", "and a postal one to", "Artisan", "postal_address", "string"),
        ("kilns should have a brand", "also a manual url for them", "Kiln", "manual_url", "string"),
        ("firings should record the start temperature", "and the hours it ran as well, in whole hours", "Firing", "hours", "integer"),
    ],
)  # fmt: skip
def test_one_more_field_for_what_the_previous_request_was_about(
    before: str, message: str, entity: str, name: str, kind: str
) -> None:
    first = OfflineAssistant().respond(GLASSWORKS, before)
    history = [ChatTurn("user", before), ChatTurn("assistant", first.message)]
    reply = OfflineAssistant().respond(first.spec, message, history)
    bp = compile_spec(reply.spec).blueprint
    assert bp is not None and reply.changed, reply.message
    made = field(bp, entity, name)
    assert made is not None and made.type == kind


@pytest.mark.parametrize(
    ("message", "entity", "name", "default"),
    [
        ("Please add to each kiln a field that says whether it has a vent.", "Kiln", "has_vent", None),
        ("Please add a yes/no box on each piece that says whether the certificate has come in. It should say 'no' when a piece is first added.", "Piece", "certificate_received", False),
        ("Our studio is very old. Some kilns have a chimney and some do not. I would like to record, for each kiln, whether there is a chimney.", "Kiln", "has_chimney", None),
        ("Let me explain. Some pieces can only be sold to collectors. So please mark each piece as collector-only or not. Most pieces are not.", "Piece", "collector_only", False),
    ],
)  # fmt: skip
def test_a_yes_no_field_described_by_what_it_says(
    message: str, entity: str, name: str, default: bool | None
) -> None:
    changed, bp, reply = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == "boolean", reply
    assert made.default == default
    assert [e.name for e in bp.entities] == ["Artisan", "Kiln", "Firing", "Piece"]


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("Buyers keep asking why. When a firing is aborted we need to store why: power cut, crack or operator error.", "Firing", "aborted_reason", "enum"),
        ("Can we record why a firing stopped? It's one of: done, fault or manual.", "Firing", "stopped_reason", "enum"),
        ("We need to store how each artisan prefers to be reached: phone, email or post.", "Artisan", "preferred_reach_method", "enum"),
        ("kilns: how many times serviced, starting at 0", "Kiln", "times_serviced", "integer"),
        ("We need GPS coordinates on every kiln, lat and long.", "Kiln", "long", "number"),
    ],
)  # fmt: skip
def test_a_field_named_from_what_it_records(
    message: str, entity: str, name: str, kind: str
) -> None:
    changed, bp, reply = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == kind, reply


@pytest.mark.parametrize(
    "message",
    [
        "the firings part feels kinda off, fix it",
        "if a kiln is a 'double', can two firings run in it?",
    ],
)
def test_a_complaint_or_a_conditional_question_adds_nothing(message: str) -> None:
    changed, _, reply = say(message)
    assert not changed, reply


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("Firings need a planned end time so the studio can warn the neighbours.", "Firing", "planned_end_time"),
        ("add a gift note to pieces so people buying presents can write something", "Piece", "gift_note"),
    ],
)  # fmt: skip
def test_what_a_field_is_for_is_no_part_of_its_name(message: str, entity: str, name: str) -> None:
    changed, bp, reply = say(message)
    assert changed and field(bp, entity, name) is not None, reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "check"),
    [
        ('Kilns must have their serial number (the "plate") and their insurance number, both unique of course.', "Kiln", "insurance_number", "unique"),
        ("Kilns need a asset code (unique), a nickname and a shelf count.", "Kiln", "asset_code", "unique"),
        ("is it possible to have 'on hold' as a firing status? for when the gas is off", "Firing", "status", "on_hold"),
        ("For each kiln we must know the number of shelves, and if there is a vent hood on the roof.", "Kiln", "has_vent_hood", "boolean"),
        ("An artisan can have a mentor: we need his name and his email.", "Artisan", "mentor_email", "string"),
        ("For the pieces, the buyer must choose a wrapping: plain, gift or crate.", "Piece", "wrapping", "enum"),
        ("artisans renew their guild card once a year. need the date they last renewed", "Artisan", "last_renewed_on", "date"),
        ("add a weight_kg field to pieces", "Piece", "weight_kg", "number"),
    ],
)  # fmt: skip
def test_more_ways_of_saying_a_field(message: str, entity: str, name: str, check: str) -> None:
    spec = GLASSWORKS.replace(
        "- starts_at: datetime, required",
        "- starts_at: datetime, required\n- status: enum(planned, fired)",
    )
    changed, bp, reply = say(message, spec)
    made = field(bp, entity, name)
    assert changed and made is not None, reply
    if check == "unique":
        assert made.unique
    elif check in ("boolean", "enum", "string", "date", "number"):
        assert made.type == check
    else:
        assert check in made.enum_values


def test_a_hedged_removal_is_not_done() -> None:
    changed, _, reply = say("would it make sense to drop kilns? we rent them now")
    assert not changed, reply


def test_make_that_an_integer_after_adding_it() -> None:
    first = OfflineAssistant().respond(GLASSWORKS, "add a weight_kg field to pieces")
    history = [
        ChatTurn("user", "add a weight_kg field to pieces"),
        ChatTurn("assistant", first.message),
    ]
    reply = OfflineAssistant().respond(
        first.spec, "is it possible to make that an integer instead?", history
    )
    bp = compile_spec(reply.spec).blueprint
    assert bp is not None
    weight = field(bp, "Piece", "weight_kg")
    assert weight is not None and weight.type == "integer"


def test_a_value_holding_an_access_word_is_no_access_change() -> None:
    spec = GLASSWORKS.replace(
        "- starts_at: datetime, required",
        "- starts_at: datetime, required\n- kind: enum(public_demo, private_commission)",
    )
    _, bp, reply = say("this kind is missing, so the staff always picks public demo", spec)
    assert not any(r.public for r in bp.api.resources), reply


@pytest.mark.parametrize(
    ("message", "missing"),
    [
        ("add a priority to tasks", "Task"),
        ("Add a comments feature to furnaces", "Furnace"),
    ],
)
def test_a_field_for_an_entity_the_spec_lacks_is_asked_about(message: str, missing: str) -> None:
    changed, _, reply = say(message)
    assert not changed
    assert reply.startswith(f"There is no {missing} entity. Did you mean")


def test_a_field_for_people_is_not_asked_about_as_an_entity() -> None:
    _, _, reply = say("add a priority to kilns for staff")
    assert "There is no Staff entity" not in reply


def test_a_story_after_another_sentence_is_not_taken_for_a_reason() -> None:
    changed, bp, reply = say(
        "Story: kiln logs. As the studio manager I want each firing to have a cone number."
    )
    assert changed and field(bp, "Firing", "cone_number") is not None, reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("From now on each kiln needs the date repairs start and a repair budget.", "Kiln", "repairs_start_on", "date"),
        ("Can each piece keep a count of how many times it's been shown at a fair?", "Piece", "times_shown", "integer"),
    ],
)  # fmt: skip
def test_a_field_named_for_when_or_how_often(
    message: str, entity: str, name: str, kind: str
) -> None:
    changed, bp, reply = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == kind, reply


def test_a_correction_takes_back_its_own_sentence_only() -> None:
    changed, bp, reply = say(
        "A few things:\n- pieces: add a finish (matte, gloss)\n- kilns need a phone — no wait, a serial code"
    )
    assert changed, reply
    assert field(bp, "Piece", "finish") is not None and field(bp, "Kiln", "serial_code") is not None
    assert field(bp, "Kiln", "phone") is None


def test_scratch_that_takes_back_everything_before_it() -> None:
    changed, bp, reply = say(
        "Add a glaze to pieces. Kilns need a vent. Scratch that, artisans need a nickname."
    )
    assert changed, reply
    assert field(bp, "Artisan", "nickname") is not None
    assert field(bp, "Piece", "glaze") is None and field(bp, "Kiln", "vent") is None


def test_a_feature_that_exists_is_said_or_linked() -> None:
    spec = GLASSWORKS + "\n### Comment\n- body: string, required\n- piece: ref Piece, required\n"
    changed, _, reply = say("Add a comments feature to pieces", spec)
    assert not changed and reply.startswith("Comment already belongs to Piece")
    changed, bp, _ = say("Add a comments feature to kilns", spec)
    assert changed and field(bp, "Comment", "kiln_id") is not None
    assert [e.name for e in bp.entities].count("Comment") == 1
