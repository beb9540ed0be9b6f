"""A developer's words for fields (columns, SQL types, dotted names, FKs, swapping the
datastore), on the kennel spec, in phrasings written for these tests; and the plain words that
look like them but are not ("a plain text field is fine", "a due date field")."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, field, say


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        ("Dog needs a weight_kg column, float.", "Dog", ("weight_kg", "number")),
        ("Add a jsonb column vet_notes on Dog to hold the raw clinic payload.", "Dog",
         ("vet_notes", "json")),
        ("add Stay.late_fee (decimal)", "Stay", ("late_fee", "number")),
        ("add a new int column stay.walks", "Stay", ("walks", "integer")),
        ("Owner needs a signed_up_on date column", "Owner", ("signed_up_on", "date")),
        ("add a due date field to stays", "Stay", ("due_date", "date")),
    ],
)  # fmt: skip
def test_a_column_is_a_field_of_its_type(
    message: str, entity: str, expected: tuple[str, str]
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed and [(f.name, f.type) for f in added(KENNEL, bp, entity)] == [expected], reply


def test_a_new_enum_column_with_values_and_a_default() -> None:
    changed, bp, reply = say(
        "New enum column Dog.coat with values short, long, wire; default short.", KENNEL
    )
    coat = field(bp, "Dog", "coat")
    assert changed and coat is not None, reply
    assert (coat.type, coat.enum_values, coat.default) == (
        "enum",
        ["short", "long", "wire"],
        "short",
    )


def test_rename_a_column_keeping_its_type() -> None:
    changed, bp, reply = say("Rename column Stay.nightly_rate to rate_gbp, same type.", KENNEL)
    rate = field(bp, "Stay", "rate_gbp")
    assert changed and rate is not None and rate.type == "number", reply


def test_a_non_null_fk_is_a_required_reference() -> None:
    changed, bp, reply = say(
        "New entity Invoice: non-null FK to Stay, amount (decimal), paid (bool, default false).",
        KENNEL,
    )
    stay = field(bp, "Invoice", "stay_id")
    assert changed and stay is not None, reply
    assert (stay.references, stay.required) == ("Stay", True)


def test_swapping_the_datastore_switches_the_database() -> None:
    spec = KENNEL + "\n## Infrastructure\n- database: dynamodb\n"
    changed, bp, reply = say("Swap the datastore from DynamoDB to Postgres", spec)
    assert changed and bp.infrastructure.database == "postgres", reply


def test_plain_words_about_a_text_field_are_no_column() -> None:
    _, bp, reply = say("owners speak languages; a plain text field is fine", KENNEL)
    assert not any(f.name in ("is", "fine") for f in added(KENNEL, bp, "Owner")), reply
