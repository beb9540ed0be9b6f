"""A choice of values said in many ways becomes one enum field with those values (and the
default said): values in a sentence of their own or between bars, a default in brackets or as
what new records start as, a lifecycle, a stage asked for, a classification, a fact then its
name. On the kennel spec, in phrasings written for these tests."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, say

SIZES = ["small", "medium", "large"]


@pytest.mark.parametrize(
    ("message", "name", "default"),
    [
        ("Give dogs a size. Possible values: small, medium, large", "size", None),
        ("Dogs: size (small|medium|large)", "size", None),
        (
            "Add size on dogs with values small, medium, large, defaulting to medium",
            "size",
            "medium",
        ),
        ("We classify every dog as small, medium or large", "category", None),
        ("Each dog should be marked small, medium or large", "category", None),
        ("Each dog is small, medium or large - store that as its size", "size", None),
        ("Each dog needs a size: small, medium or large (medium by default)", "size", "medium"),
    ],
)
def test_a_choice_said_any_way_is_one_enum_field(
    message: str, name: str, default: str | None
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = added(KENNEL, bp, "Dog")
    assert [(f.name, f.type) for f in new] == [(name, "enum")], reply
    assert new[0].enum_values == SIZES
    assert new[0].default == default
    assert {e.name for e in bp.entities} == {"Owner", "Dog", "Stay"}


STAGES = ["booked", "checked_in", "checked_out", "cancelled"]


@pytest.mark.parametrize(
    ("message", "values", "default"),
    [
        (
            "A stay can be booked, checked in, checked out or cancelled. New stays are booked.",
            STAGES,
            "booked",
        ),
        (
            "Stays go from booked to checked in to checked out; they can also be cancelled",
            STAGES,
            None,
        ),
        ("Track where each stay is at: booked, in, out or cancelled", None, None),
        (
            "The status of a stay should be booked, active, completed or cancelled (booked by "
            "default)",
            ["booked", "active", "completed", "cancelled"],
            "booked",
        ),
    ],
)
def test_a_lifecycle_is_a_status(
    message: str, values: list[str] | None, default: str | None
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    new = added(KENNEL, bp, "Stay")
    assert [(f.name, f.type) for f in new] == [("status", "enum")], reply
    assert values is None or new[0].enum_values == values
    assert len(new[0].enum_values) == 4
    assert new[0].default == default


def test_new_records_that_start_as_nothing_listed_set_no_default() -> None:
    changed, _, reply = say("New stays are important.", KENNEL)
    assert not changed, reply
