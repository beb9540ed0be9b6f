"""The one editor: operations applied to spec text in place, all or nothing, always compiling."""

from __future__ import annotations

import pytest

from slipway.assistant.editor import EditError, apply_operations
from slipway.assistant.operations import (
    AddBucket,
    AddEntity,
    AddEvent,
    AddField,
    AddQueue,
    AddRelationship,
    AddSchedule,
    ChangeType,
    FieldSpec,
    Op,
    RemoveEntity,
    RemoveField,
    RemoveWorkflow,
    RenameEntity,
    RenameField,
    SetApi,
    SetApp,
    SetAuth,
    SetDatabase,
    SetDefault,
    SetEntityOption,
    SetEnumValues,
    SetIndexed,
    SetInfraFlag,
    SetLogRetention,
    SetMaxLength,
    SetRegion,
    SetRequired,
    SetRoles,
    SetTenancy,
    SetUnique,
)
from slipway.spec import compile_spec

SPEC = """# Lending Library

A small library. <!-- the description stays -->

## Entities

<!-- books first, please -->
### Book
* title: string,   required
* isbn: string, unique
* author: ref Author, required
* belongs to Shelf

### Author
* name: string, required

### Shelf
* code: string, required
* has many Members

### Member
* email: string, required, unique
* status: enum(active, banned), default active
"""


def edit(*ops: Op, text: str = SPEC) -> str:
    return apply_operations(text, list(ops)).text


def ir(text: str):  # type: ignore[no-untyped-def]
    result = compile_spec(text)
    assert result.ok, [str(e) for e in result.errors]
    return result.blueprint


def untouched(before: str, after: str, *changed: str) -> None:
    """Every line of ``before`` is still in ``after`` except the ones named."""
    kept = [line for line in before.splitlines() if line not in changed]
    assert all(line in after.splitlines() for line in kept), set(kept) - set(after.splitlines())


def test_a_field_goes_after_the_entity_s_last_field_and_nothing_else_moves() -> None:
    after = edit(AddField(entity="Book", field=FieldSpec(name="published_on", type="date")))
    lines = after.splitlines()
    assert lines[lines.index("* author: ref Author, required") + 1] == "* published_on: date"
    untouched(SPEC, after)
    assert ir(after).entity("Book").field("published_on").type == "date"


def test_modifiers_change_in_place_keeping_the_rest_of_the_line() -> None:
    after = edit(
        SetUnique(entity="Author", field="name"),
        SetMaxLength(entity="Author", field="name", max_length=80),
        SetRequired(entity="Book", field="author_id", required=False),
        SetDefault(entity="Member", field="status", default="banned"),
        SetIndexed(entity="Book", field="title"),
    )
    assert "* name: string, required, unique, max 80" in after
    assert "* author: ref Author\n" in after
    assert "* status: enum(active, banned), default banned" in after
    assert "* title: string, required, indexed" in after
    untouched(
        SPEC,
        after,
        "* name: string, required",
        "* author: ref Author, required",
        "* status: enum(active, banned), default active",
        "* title: string,   required",
    )
    assert any(i.fields == ["title"] for i in ir(after).entity("Book").indexes)


def test_a_relationship_bullet_becomes_a_field_when_it_must_change() -> None:
    after = edit(SetRequired(entity="Book", field="shelf_id", required=False))
    assert "* shelf: ref Shelf" in after and "belongs to Shelf" not in after
    member = ir(edit(SetRequired(entity="Member", field="shelf_id"))).entity("Member")
    assert member.field("shelf_id").required


def test_rename_entity_follows_references_api_and_tenancy() -> None:
    text = (
        SPEC
        + "\n## Tenancy\n- mode: multi-tenant by Author\n\n## API\n### Author\n- access: public\n"
    )
    after = edit(RenameEntity(name="Author", new_name="Writer"), text=text)
    bp = ir(after)
    assert bp.entity("Author") is None and bp.tenancy.tenant_entity == "Writer"
    assert bp.entity("Book").field("writer_id").references == "Writer"
    assert next(r for r in bp.api.resources if r.entity == "Writer").public


def test_remove_entity_takes_its_references_with_it() -> None:
    bp = ir(edit(RemoveEntity(name="Author")))
    assert bp.entity("Author") is None and bp.entity("Book").field("author_id") is None
    bp = ir(edit(RemoveEntity(name="Shelf")))
    assert (
        bp.entity("Book").field("shelf_id") is None
        and bp.entity("Member").field("shelf_id") is None
    )


def test_fields_rename_retype_and_go() -> None:
    bp = ir(
        edit(
            RenameField(entity="Book", field="title", new_name="name"),
            RenameField(entity="Book", field="author_id", new_name="writer_id"),
            ChangeType(entity="Member", field="status", type="string"),
            RemoveField(entity="Book", field="isbn"),
            SetRequired(entity="Member", field="status"),
        )
    )
    book = bp.entity("Book")
    assert book.field("name").required and book.field("writer_id").references == "Author"
    assert book.field("isbn") is None and bp.entity("Member").field("status").type == "string"


def test_enum_values() -> None:
    added = ir(edit(SetEnumValues(entity="Member", field="status", values=["paused"], mode="add")))
    assert added.entity("Member").field("status").enum_values == ["active", "banned", "paused"]
    with pytest.raises(EditError):
        edit(SetEnumValues(entity="Member", field="status", values=["active"], mode="remove"))


def test_entities_relationships_and_options() -> None:
    bp = ir(
        edit(
            AddEntity(name="Loan", fields=[FieldSpec(name="due_on", type="date", required=True)]),
            AddRelationship(entity="Loan", kind="belongs_to", target="Book", required=True),
            AddRelationship(entity="Member", kind="has_many", target="Loan"),
            AddRelationship(entity="Book", kind="many_to_many", target="Author"),
            SetEntityOption(entity="Member", option="soft_delete"),
            SetEntityOption(entity="Loan", option="audit_log"),
        )
    )
    loan = bp.entity("Loan")
    assert loan.field("book_id").required and loan.field("member_id") is not None
    assert bp.entity("AuthorBook").join_entity
    assert bp.entity("Member").soft_delete and loan.audit_log


def test_settings_sections_are_created_in_canonical_order() -> None:
    after = edit(
        SetInfraFlag(flag="tracing"),
        SetRegion(region="eu-west-1"),
        SetAuth(strategy="cognito"),
        SetRoles(roles=["librarian"]),
        SetTenancy(mode="multi", entity="Shelf"),
        SetApi(entity="Author", access="public", operations=["list", "get"]),
        AddQueue(name="payments", dead_letter=True),
        AddEvent(name="book.created", target="payments"),
        AddSchedule(name="nightly", schedule="cron(0 2 * * ? *)"),
        SetDatabase(database="postgres"),
        SetLogRetention(days=30),
        AddBucket(name="covers"),
    )
    order = [line for line in after.splitlines() if line.startswith("## ")]
    assert order == [
        "## Entities",
        "## Auth",
        "## Tenancy",
        "## API",
        "## Workflows",
        "## Infrastructure",
    ]
    bp = ir(after)
    assert bp.auth.roles == ["admin", "user", "librarian"] and bp.auth.strategy == "cognito"
    assert bp.infrastructure.tracing and bp.infrastructure.buckets == ["covers"]
    assert bp.workflows.events[0].target == "payments"
    after = edit(RemoveWorkflow(kind="event", name="book.created"), text=after)
    assert ir(after).workflows.events == []


def test_already_true_is_skipped_and_said() -> None:
    result = apply_operations(SPEC, [SetUnique(entity="Book", field="isbn")])
    assert not result.changed and result.text == SPEC
    assert result.skipped == ["Book.isbn is already unique"]


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (RemoveEntity(name="Warehouse"), "There is no Warehouse entity."),
        (RemoveField(entity="Book", field="colour"), "Book has no colour field."),
        (SetRequired(entity="Book", field="id"), "id is managed by Slipway"),
        (RenameEntity(name="Book", new_name="Author"), "already an entity called Author"),
        (
            AddField(entity="Book", field=FieldSpec(name="x", type="ref", target="Ghost")),
            "There is no Ghost entity.",
        ),
        (SetDefault(entity="Member", field="status", default="retired"), "would not compile"),
        (SetTenancy(mode="multi", entity="Ghost"), "There is no Ghost entity."),
    ],
)
def test_failures_change_nothing(op: Op, message: str) -> None:
    with pytest.raises(EditError) as err:
        apply_operations(SPEC, [AddField(entity="Book", field=FieldSpec(name="fine")), op])
    assert message in err.value.message


def test_typos_offer_candidates() -> None:
    with pytest.raises(EditError) as err:
        apply_operations(SPEC, [RemoveEntity(name="Autor")])
    assert err.value.candidates[0] == "Author"


def test_crlf_and_a_new_spec() -> None:
    crlf = SPEC.replace("\n", "\r\n")
    after = edit(AddField(entity="Book", field=FieldSpec(name="pages", type="integer")), text=crlf)
    assert "\r\n* pages: integer\r\n" in after and after.count("\n") == after.count("\r\n")
    fresh = edit(
        SetApp(name="Shop", description="Sells things."),
        AddEntity(name="Product", fields=[FieldSpec(name="name", required=True)]),
        text="",
    )
    assert ir(fresh).project.name == "Shop" and fresh.startswith("# Shop\n\nSells things.\n")


@pytest.mark.parametrize(("said", "on"), [("tracing: false", False), ("tracing: true", True)])
def test_a_flag_written_with_a_value_counts_as_it_says(said: str, on: bool) -> None:
    """ "- tracing: false" is off: turning tracing on replaces it; "- tracing: true" is on."""
    text = SPEC + f"\n## Infrastructure\n\n- {said}\n"
    assert ir(text).infrastructure.tracing is on
    flipped = edit(SetInfraFlag(flag="tracing", enabled=not on), text=text)
    assert ir(flipped).infrastructure.tracing is (not on)
    assert said not in flipped
    again = apply_operations(text, [SetInfraFlag(flag="tracing", enabled=on)])
    assert not again.changed and again.skipped == [f"tracing is already {'on' if on else 'off'}"]
