"""The offline assistant: every intent it documents, unknown requests, and a fuzz property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slipway.assistant import OfflineAssistant, parse_intent
from slipway.spec import compile_spec
from tests.fuzzing import FUZZ_EXAMPLES

A = OfflineAssistant()
BASE = A.respond("", "A task management app with projects, tasks, and team members").spec


def ir(spec: str):  # type: ignore[no-untyped-def]
    result = compile_spec(spec)
    assert result.ok, [str(e) for e in result.errors]
    return result.blueprint


def test_create_from_description() -> None:
    bp = ir(BASE)
    assert [e.name for e in bp.entities] == ["Project", "Task", "Member"]
    task = bp.entity("Task")
    assert task.field("project_id").references == "Project"
    assert task.field("assignee_id").references == "Member"


@pytest.mark.parametrize(
    "description",
    [
        "A blog with authors, posts and comments",
        "An online shop with products, orders and customers",
        "A CRM for companies, contacts and deals",
        "A booking system with customers and bookings",
    ],
)
def test_create_other_domains(description: str) -> None:
    reply = A.respond("", description)
    assert reply.changed and len(ir(reply.spec).entities) >= 2


def apply(message: str, spec: str = BASE):  # type: ignore[no-untyped-def]
    reply = A.respond(spec, message)
    assert reply.changed, reply.message
    return reply, ir(reply.spec)


def test_add_comments_feature() -> None:
    reply, bp = apply("Add a comments feature to tasks")
    comment = bp.entity("Comment")
    assert comment.field("task_id").references == "Task"
    assert comment.field("author_id").references == "Member"
    assert comment.field("content").required
    assert comment.field("created_at").managed
    assert "Comment" in reply.message


def test_add_enum_field_with_default() -> None:
    _, bp = apply("Add a priority field to tasks as enum low, medium, high with default low")
    f = bp.entity("Task").field("priority")
    assert f.enum_values == ["low", "medium", "high"] and f.default == "low"


@pytest.mark.parametrize(
    ("message", "check"),
    [
        (
            "Add an estimate field to tasks as number",
            lambda bp: bp.entity("Task").field("estimate").type == "number",
        ),
        (
            "Add a done field to tasks as boolean with default false",
            lambda bp: bp.entity("Task").field("done").default is False,
        ),
        (
            "Make description required on Task",
            lambda bp: bp.entity("Task").field("description").required,
        ),
        ("Make name on Member unique", lambda bp: bp.entity("Member").field("name").unique),
        ("Make title optional on Task", lambda bp: not bp.entity("Task").field("title").required),
        (
            "Remove the due_date field from Task",
            lambda bp: bp.entity("Task").field("due_date") is None,
        ),
        (
            "Rename description to summary on Project",
            lambda bp: bp.entity("Project").field("summary") is not None,
        ),
        (
            "Tasks can have multiple tags",
            lambda bp: bp.entity("TagTask") is not None and bp.entity("Tag") is not None,
        ),
        (
            "Tasks can have subtasks",
            lambda bp: bp.entity("Task").field("parent_id").references == "Task",
        ),
        ("Add roles admin, editor, viewer", lambda bp: {"editor", "viewer"} <= set(bp.auth.roles)),
        (
            "Make it multi-tenant by organization",
            lambda bp: (
                bp.tenancy.tenant_entity == "Organization"
                and bp.entity("Project").field("organization_id")
            ),
        ),
        ("Use PostgreSQL", lambda bp: bp.infrastructure.database == "postgres"),
        (
            "Remove the Member entity",
            lambda bp: (
                bp.entity("Member") is None and bp.entity("Task").field("assignee_id") is None
            ),
        ),
    ],
)
def test_intents(message: str, check) -> None:  # type: ignore[no-untyped-def]
    _, bp = apply(message)
    assert check(bp)


def test_relationship_in_words() -> None:
    spec = A.respond(BASE, "Add a label entity").spec
    _, bp = apply("Labels belong to projects", spec)
    assert bp.entity("Label").field("project_id").references == "Project"


@pytest.mark.parametrize(
    "message",
    [
        "make it sparkle",
        "Add a field",
        "Rename nothing to something on Ghost",
        "Add a priority field to ghosts",
    ],
)
def test_unmappable_requests_leave_the_spec_unchanged(message: str) -> None:
    reply = A.respond(BASE, message)
    assert not reply.changed and reply.spec == BASE
    assert "unchanged" in reply.message and "Add a comments feature to tasks" in reply.message


def test_usage_is_estimated() -> None:
    reply = A.respond(BASE, "Add a comments feature to tasks")
    assert reply.input_tokens > 0 and reply.output_tokens > 0 and reply.provider == "offline"


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_never_corrupts(message: str) -> None:
    parse_intent(message)
    reply = A.respond(BASE, message)
    assert compile_spec(reply.spec).ok


WORDS = st.sampled_from(
    [
        "add",
        "a",
        "field",
        "to",
        "tasks",
        "as",
        "enum",
        "x,",
        "y",
        "make",
        "title",
        "required",
        "remove",
        "the",
        "entity",
        "rename",
        "project",
        "projects",
        "belong",
        "can",
        "have",
        "multiple",
        "tags",
        "multi-tenant",
        "by",
        "use",
        "postgresql",
        "roles",
        "comments",
        "feature",
        "default",
        "on",
        "Task",
    ]
)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12))
def test_command_like_messages_never_corrupt(words: list[str]) -> None:
    reply = A.respond(BASE, " ".join(words))
    assert compile_spec(reply.spec).ok
