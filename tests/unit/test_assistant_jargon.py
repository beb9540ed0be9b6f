"""General rules added for blind batches 3 and 4, each on a spec of its own (a pottery studio):
developer jargon for types and constraints, field encryption, removals by a near name, "it" for
the field spoken of before, schedules and queues removed by their words, remarks that are not
requests, and the sentence shapes that carry a request ("…, add a flag for that", "… - track …")."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant, apply_operations, understand
from slipway.assistant.base import ChatTurn
from slipway.assistant.evaluate import run_cases
from slipway.assistant.operations import SetEncrypted
from slipway.spec import compile_spec

STUDIO = """# Clay Studio

## Entities

### Student
- name: string, required
- email: string, required, unique
- phone: string

### Teacher
- name: string, required
- phone: string

### Kiln
- label: string, required
- max_temp: integer
- supplier: string

### Firing
- kiln: ref Kiln, required
- fired_on: date
- glaze_notes: string
- outcome: enum(good, cracked), default good

## Auth
- roles: admin, teacher, sales

## Workflows
- schedule glaze-report: cron(0 7 * * ? *)
- queue firing-jobs, dead letter
"""
BP = compile_spec(STUDIO).blueprint
A = OfflineAssistant()


def ops(message: str, history: list[ChatTurn] | None = None) -> list[dict[str, object]]:
    reading = understand(message, BP, history)
    assert reading.question is None, reading.question
    return [{"op": op.op, **op.model_dump(exclude_defaults=True)} for op in reading.ops]


def ir(spec: str):  # type: ignore[no-untyped-def]
    result = compile_spec(spec)
    assert result.ok, [str(e) for e in result.errors]
    return result.blueprint


def field(spec: str, entity: str, name: str):  # type: ignore[no-untyped-def]
    found = ir(spec).entity(entity)
    assert found is not None
    return found.field(name)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "make label unique varchar(40)",
            [
                {"op": "set_unique", "entity": "Kiln", "field": "label"},
                {"op": "set_max_length", "entity": "Kiln", "field": "label", "max_length": 40},
            ],
        ),
        (
            "kiln.max_temp -> not null",
            [{"op": "set_required", "entity": "Kiln", "field": "max_temp"}],
        ),
        (
            "make glaze notes nullable",
            [{"op": "set_required", "entity": "Firing", "field": "glaze_notes", "required": False}],
        ),
        (
            "max_temp: make it a decimal",
            [{"op": "change_type", "entity": "Kiln", "field": "max_temp", "type": "number"}],
        ),
        (
            "firing outcome: add glazed",
            [
                {
                    "op": "set_enum_values",
                    "entity": "Firing",
                    "field": "outcome",
                    "values": ["glazed"],
                    "mode": "add",
                }
            ],
        ),
    ],
)
def test_a_field_then_only_modifiers(message: str, expected: list[dict[str, object]]) -> None:
    assert ops(message) == expected


def test_the_phone_number_keeps_number_in_its_name() -> None:
    assert ops("make the students phone number unique") == [
        {"op": "set_unique", "entity": "Student", "field": "phone"}
    ]


def test_types_written_after_names_in_a_list() -> None:
    reply = A.respond(STUDIO, "add a Glaze entity: name text, cone int, food_safe bool, kiln ref")
    glaze = ir(reply.spec).entity("Glaze")
    assert glaze is not None
    kinds = {f.name: f.type for f in glaze.fields}
    assert kinds["name"] == "string" and kinds["cone"] == "integer"
    assert kinds["food_safe"] == "boolean" and glaze.field("kiln_id") is not None
    # a plain name ending in "text" is a name when nothing around it is typed
    assert ops("add alt text to kilns")[0]["field"]["name"] == "alt_text"  # type: ignore[index]


def test_sql_statements_are_requests() -> None:
    assert ops("ALTER TABLE firings ADD COLUMN peak_temp float;") == [
        {"op": "add_field", "entity": "Firing", "field": {"name": "peak_temp", "type": "number"}}
    ]


def test_encryption_is_an_operation_the_editor_writes() -> None:
    assert ops("encrypt the student phone") == [
        {"op": "set_encrypted", "entity": "Student", "field": "phone"}
    ]
    encrypted = A.respond(STUDIO, "students' email should be encrypted at rest").spec
    assert field(encrypted, "Student", "email").encrypted
    assert "- email: string, required, unique, encrypted" in encrypted
    plain = apply_operations(
        encrypted, [SetEncrypted(entity="Student", field="email", encrypted=False)]
    )
    assert not field(plain.text, "Student", "email").encrypted
    added = A.respond(STUDIO, "add tax_id varchar(20), encrypted to teachers").spec
    tax = field(added, "Teacher", "tax_id")
    assert tax.encrypted and tax.max_length == 20


def test_removal_by_a_near_name_when_one_field_is_close() -> None:
    assert ops("remove the phone number from students") == [
        {"op": "remove_field", "entity": "Student", "field": "phone"}
    ]
    several = understand("remove the phone number", BP).question  # on both
    assert several is not None and "Student.phone" in several and "Teacher.phone" in several
    typo = understand("remove the phnoe from students", BP).question
    assert typo is not None and "phone" in typo


def test_schedules_and_queues_are_removed_by_their_words() -> None:
    assert ops("stop the glaze report") == [
        {"op": "remove_workflow", "kind": "schedule", "name": "glaze-report"}
    ]
    assert ops("we don't need the firing jobs queue any more, drop it") == [
        {"op": "remove_workflow", "kind": "queue", "name": "firing-jobs"}
    ]


@pytest.mark.parametrize(
    "message",
    [
        "students can be tricky",
        "i think tracing is overkill",
        "students sometimes forget their password",
        "the kiln room is hot in summer",
        "the firing outcome is confusing for students",
        "kilns: make it cheaper",
        "our teachers start at 8am every day",
    ],
)
def test_remarks_change_nothing(message: str) -> None:
    assert A.respond(STUDIO, message).spec == STUDIO


def test_it_is_the_field_of_the_previous_request() -> None:
    history = [ChatTurn("user", "add a kiln number to firings"), ChatTurn("assistant", "…")]
    spec = A.respond(STUDIO, "add a kiln number to firings").spec
    reply = A.respond(spec, "and make it unique", history)
    assert field(reply.spec, "Firing", "kiln_number").unique
    assert understand("make it unique", BP).question is not None  # nothing to point at


def test_it_is_the_field_a_remark_was_about() -> None:
    assert ops("the max temp is in celsius, make it required") == [
        {"op": "set_required", "entity": "Kiln", "field": "max_temp"}
    ]


def test_a_request_pointing_at_the_state_said_before() -> None:
    assert ops("firings can be aborted, add a flag for that") == [
        {"op": "add_field", "entity": "Firing", "field": {"name": "aborted", "type": "boolean"}}
    ]


def test_a_dash_before_a_new_request() -> None:
    found = ops("a kiln can overheat - track the highest temperature reached")
    assert found[0]["entity"] == "Kiln"


def test_a_text_field_becomes_its_own_entity() -> None:
    reply = A.respond(STUDIO, "the supplier should be its own entity with a name and a phone")
    kiln = ir(reply.spec).entity("Kiln")
    assert kiln is not None and kiln.field("supplier_id") is not None
    assert ir(reply.spec).entity("Supplier") is not None


def test_plural_links_are_many_on_both_sides_unless_one_side_has_one() -> None:
    assert ops("teachers are assigned to kilns") == [
        {"op": "add_relationship", "entity": "Teacher", "kind": "many_to_many", "target": "Kiln"}
    ]
    assert understand("firings are done in kilns", BP).ops == []  # Firing already has a kiln


def test_roles_as_the_spec_spells_them() -> None:
    assert ops("restrict the firings api to teachers and sales") == [
        {"op": "set_api", "entity": "Firing", "access": "roles", "roles": ["teacher", "sales"]}
    ]
    assert ops("give sales the default role") == [{"op": "set_default_role", "role": "sales"}]


def test_events_as_said() -> None:
    assert ops("publish a firing.cracked event when a firing cracks") == [
        {"op": "add_event", "name": "firing.cracked"}
    ]
    assert ops("emit an event when a kiln starts cooling, on the firing-jobs queue") == [
        {"op": "add_event", "name": "kiln.starts_cooling", "target": "firing-jobs"}
    ]  # the queue exists: not added again (that would drop its dead letter queue)


def test_a_final_undo_is_judged_on_the_spec_it_restores() -> None:
    """The chat restores the draft before the last change; the scorer judges that spec (it
    used to judge the reply's unchanged spec: "the spec did not change")."""
    case = {
        "base": "base-studio.md",
        "before": ["add a note to kilns", "add a glaze colour to firings"],
        "msg": "undo that",
        "checks": [
            {"entity": "Kiln", "field": "note"},
            {"entity": "Firing", "field": "glaze_colour", "absent": True},
        ],
    }
    result = run_cases([case], {"base-studio.md": STUDIO}, A.respond)[0]
    assert result.ok, result.reason


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "rename fired_on to fired_at and glaze_notes to notes",
            [
                {
                    "op": "rename_field",
                    "entity": "Firing",
                    "field": "fired_on",
                    "new_name": "fired_at",
                },
                {
                    "op": "rename_field",
                    "entity": "Firing",
                    "field": "glaze_notes",
                    "new_name": "notes",
                },
            ],
        ),
        (
            "kiln.label -> name, not null, max 30",
            [
                {"op": "rename_field", "entity": "Kiln", "field": "label", "new_name": "name"},
                {"op": "set_required", "entity": "Kiln", "field": "name"},
                {"op": "set_max_length", "entity": "Kiln", "field": "name", "max_length": 30},
            ],
        ),
        (
            "deleting a student should keep their firings",
            [{"op": "set_entity_option", "entity": "Student", "option": "soft_delete"}],
        ),
        ("the nightly kiln check can't be null", None),
        (
            "make outcome default to cracked",
            [{"op": "set_default", "entity": "Firing", "field": "outcome", "default": "cracked"}],
        ),
        (
            "send an email when a firing is done",
            [{"op": "add_event", "name": "firing.done"}],
        ),
    ],
)
def test_more_shapes(message: str, expected: list[dict[str, object]] | None) -> None:
    if expected is None:  # names nothing the spec has (and "nightly" runs nothing): no edit
        assert A.respond(STUDIO, message).spec == STUDIO
    else:
        assert ops(message) == expected


def test_what_cannot_be_said_is_said_not_guessed() -> None:
    bound = A.respond(STUDIO, "max temp must be at least 600")
    assert bound.spec == STUDIO and "no minimum or maximum" in bound.message
    wrong = understand("make outcome default to shattered", BP).question
    assert wrong is not None and "good, cracked" in wrong
    # a name no operation takes is not read (it used to raise a validation error: a 500)
    assert A.respond(STUDIO, "outcome should be an enum: good, cracked").spec
    assert A.respond(STUDIO, "students pay monthly by card").spec == STUDIO  # no job
    assert A.respond(STUDIO, "students can enrol many times a year").spec == STUDIO


def test_a_word_made_from_an_entity_name_is_another_noun() -> None:
    reply = A.respond(STUDIO, "firings are loaded by a loader; a loader has a name")
    loader = ir(reply.spec).entity("Loader")
    assert loader is not None and loader.field("name") is not None
    kiln = A.respond(STUDIO, "a kilner has a badge number").spec  # not Kiln
    assert field(kiln, "Kiln", "badge_number") is None
