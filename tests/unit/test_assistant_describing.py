"""A field said as a clause ("who dropped the dog off", "how much was paid upfront", "how long
the stay lasts in nights", "if it needs medication") is named from the clause's own words and
typed by it, whatever frames the request; on the kennel spec, in phrasings written for these
tests. A clause about changes stays an audit trail; "the agent who wrote it" names an agent."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, say

ITEMS = [
    ("who dropped the dog off", {"dropped_off_by"}, "string"),
    ("who picked it up", {"picked_up_by"}, "string"),
    ("how long the stay lasts in nights", {"duration_nights"}, "integer"),
    ("if it needs medication", None, "boolean"),
    ("how much was paid upfront", {"amount_paid_upfront"}, "number"),
    ("how often it must be fed per day", {"fed_per_day"}, "integer"),
    ("how many walks they get per day", {"walks_per_day"}, "integer"),
    ("the number of the kennel it sleeps in", {"kennel_number"}, "string"),
    ("what food it eats", {"food"}, "string"),
    ("the hour it is collected", {"collected_at"}, "datetime"),
    ("the date of its last rabies shot", {"last_rabies_shot_on"}, "date"),
]
FRAMES = ["Each stay needs {}", "We need to know {} for each stay", "Please add {} to stays"]


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("item", "names", "type_"), ITEMS)
def test_a_clause_names_and_types_the_field(
    frame: str, item: str, names: set[str] | None, type_: str
) -> None:
    changed, bp, reply = say(frame.format(item), KENNEL)
    assert changed, reply
    new = added(KENNEL, bp, "Stay")
    assert len(new) == 1, reply
    assert names is None or new[0].name in names, new[0].name
    assert new[0].type == type_


def test_a_yes_no_box_asked_for_with_add_is_the_question_it_asks() -> None:
    changed, bp, reply = say("Please add a true/false for whether it is insured to stays", KENNEL)
    assert changed, reply
    assert [(f.name, f.type) for f in added(KENNEL, bp, "Stay")] == [("insured", "boolean")]


def test_who_changed_it_is_an_audit_trail_not_a_field() -> None:
    changed, bp, _ = say("We need to know who changed each stay", KENNEL)
    assert changed and not added(KENNEL, bp, "Stay")
    assert next(e for e in bp.entities if e.name == "Stay").audit_log


def test_a_noun_before_who_is_a_reference_not_a_field() -> None:
    changed, bp, reply = say("Each stay needs the owner who booked it", KENNEL)
    assert changed, reply
    assert [(f.name, f.type) for f in added(KENNEL, bp, "Stay")] == [("owner_id", "string")]
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert ("belongs_to", "Owner") in {(r.kind, r.target) for r in stay.relationships}


@pytest.mark.parametrize(
    ("message", "names", "type_"),
    [
        ("we need to know exactly when each stay was paid (timestamp)", {"paid_at"}, "datetime"),
        ("We should record the year each stay was booked.", {"booked_year"}, "integer"),
        (
            "Please add a free-text care notes field on stays, the staff write a lot there.",
            {"care_notes"},
            "string",
        ),
        ("we also need when each stay was cancelled", {"cancelled_at"}, "datetime"),
    ],
)
def test_more_clauses_name_and_type_the_field(message: str, names: set[str], type_: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    [made] = added(KENNEL, bp, "Stay")
    assert made.name in names and made.type == type_


def test_an_entity_s_own_should_record_stays_its_own() -> None:
    changed, bp, reply = say("Stays should record the price paid, in euros", KENNEL)
    assert changed, reply
    assert [f.type for f in added(KENNEL, bp, "Stay")] == ["number"]
