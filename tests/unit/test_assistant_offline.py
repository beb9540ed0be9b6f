"""The offline assistant end to end: replies entity by entity with the change class, questions and
refusals that leave the spec byte for byte, drafts from descriptions, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slipway.assistant import OfflineAssistant, parse_intent
from slipway.spec import compile_spec
from tests.fuzzing import FUZZ_EXAMPLES

A = OfflineAssistant()
SPEC = """# Bike Rental

<!-- rentals by the hour -->
Bikes rented by riders.

## Entities

### Bike
- code: string, required, unique
- model: string

### Rider
- email: string, required, unique

### Rental
- bike: ref Bike, required
- rider: ref Rider, required
- starts_at: datetime, required
"""


def ir(spec: str):  # type: ignore[no-untyped-def]
    result = compile_spec(spec)
    assert result.ok, [str(e) for e in result.errors]
    return result.blueprint


def test_a_change_is_reported_entity_by_entity_with_its_class() -> None:
    reply = A.respond(SPEC, "Add a due time to rentals and make the bike's model required")
    assert reply.changed and reply.change_class == "unsafe"
    assert reply.message.splitlines()[:3] == [
        "I changed the spec:",
        "- Rental: added due_time (datetime).",
        "- Bike: model is now required.",
    ]
    assert "entities.Bike.fields.model: nullable field made required" in reply.message
    assert [op["op"] for op in reply.operations] == ["add_field", "set_required"]
    assert "<!-- rentals by the hour -->" in reply.spec  # the user's own lines stay


def test_safe_and_blocked_classes_with_reasons() -> None:
    assert A.respond(SPEC, "bikes have a colour").change_class == "safe"
    reply = A.respond(SPEC, "we don't need riders any more")
    assert reply.change_class == "blocked" and "entity deleted" in reply.message


def test_the_class_is_against_the_applied_spec_not_the_draft() -> None:
    draft = A.respond(SPEC, "we don't need riders any more").spec  # not applied yet
    on_draft = A.respond(draft, "bikes have a colour")
    assert on_draft.change_class == "safe"  # against the draft it was applied to
    reply = A.respond(draft, "bikes have a colour", applied=SPEC)
    assert reply.spec == on_draft.spec
    assert reply.change_class == "blocked" and "entities.Rider: entity deleted" in reply.message
    assert "compares the draft with the applied version" in reply.message
    first = A.respond(SPEC, "bikes have a colour", applied=SPEC)
    assert first.change_class == "safe" and "applied version" not in first.message
    new = A.respond(SPEC, "bikes have a colour", applied="")  # nothing applied yet
    assert new.change_class == "safe" and "entities.Bike: entity added" not in new.message


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("delete the Station entity", "There is no Station entity. Did you mean"),
        ("rename it", "What should I rename"),
        ("make the email unique", "already"),
        ("what is a bike?", "I change the spec rather than answer questions"),
        ("make it shine", "I could not turn"),
        ("Add a rider", "Rider already exists"),
        ("the bike's code is unique", "already unique"),
    ],
)
def test_never_a_silent_no_op(message: str, said: str) -> None:
    reply = A.respond(SPEC, message)
    assert not reply.changed and reply.spec == SPEC
    assert said in reply.message


def test_questions_are_flagged() -> None:
    assert A.respond(SPEC, "remove the Bikee entity").question
    assert not A.respond(SPEC, "make it shine").question


def test_a_broken_spec_is_left_alone() -> None:
    broken = SPEC + "- oops: strng\n"
    reply = A.respond(broken, "bikes have a colour")
    assert not reply.changed and "does not compile" in reply.message


def test_undo_is_handed_to_the_caller() -> None:
    reply = A.respond(SPEC, "undo that")
    assert reply.undo and not reply.changed


@pytest.mark.parametrize(
    ("description", "entities"),
    [
        (
            "a library that lends books to members, who can reserve books and pay fines",
            {"Book", "Member", "Loan", "Reservation", "Fine"},
        ),
        (
            "A task management app with projects, tasks, and team members",
            {"Project", "Task", "Member"},
        ),
        ("An online shop where customers order products", {"Customer", "Product", "Order"}),
        ("a school where students enroll in courses taught by teachers", {"Student", "Course"}),
    ],
)
def test_descriptions_become_specs(description: str, entities: set[str]) -> None:
    reply = A.respond("", description)
    bp = ir(reply.spec)
    assert entities <= {e.name for e in bp.entities}, reply.message
    assert bp.auth.strategy == "jwt" and "admin" in bp.auth.roles
    assert len(bp.api.resources) == len([e for e in bp.entities if not e.join_entity])
    assert any(f.references for e in bp.entities for f in e.fields)  # relationships


def test_library_description_links_the_records() -> None:
    bp = ir(A.create_spec("a library that lends books to members, who can reserve books").spec)
    loan = bp.entity("Loan")
    assert loan.field("book_id").references == "Book" and loan.field("member_id").required


def test_an_empty_description_is_a_question() -> None:
    reply = A.respond("", "hello")
    assert reply.question and reply.spec == "" and not reply.changed


def test_usage_is_estimated() -> None:
    reply = A.respond(SPEC, "bikes have a colour")
    assert reply.input_tokens > 0 and reply.output_tokens > 0 and reply.provider == "offline"


def test_parse_intent_is_kept_for_old_callers() -> None:
    reading = parse_intent("bikes have a colour", SPEC)
    assert reading.ops[0].op == "add_field"


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True)
@given(st.text(max_size=200))
def test_never_raises_and_never_corrupts(message: str) -> None:
    reply = A.respond(SPEC, message)
    assert compile_spec(reply.spec).ok


WORDS = st.sampled_from(
    [
        "add",
        "a",
        "field",
        "to",
        "bikes",
        "riders",
        "rentals",
        "as",
        "enum",
        "x,",
        "y",
        "make",
        "code",
        "required",
        "remove",
        "the",
        "entity",
        "rename",
        "to",
        "belong",
        "can",
        "have",
        "several",
        "many",
        "multi-tenant",
        "by",
        "use",
        "postgres",
        "roles",
        "default",
        "on",
        "unique",
        "at",
        "most",
        "5",
        "characters",
        "undo",
        "also",
        "every",
        "night",
        "at",
        "2am",
        "queue",
        "public",
        "read-only",
        "upload",
        "photo",
        "soft",
        "delete",
        "audit",
        "log",
        "of",
        "the",
        "'s",
        "is",
        "isn't",
        "optional",
        "Bike",
        "Rider",
    ]
)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True)
@given(st.lists(WORDS, min_size=1, max_size=14))
def test_command_like_messages_never_corrupt(words: list[str]) -> None:
    reply = A.respond(SPEC, " ".join(words))
    assert compile_spec(reply.spec).ok
    if not reply.changed:
        assert reply.spec == SPEC
