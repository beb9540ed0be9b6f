"""New entities and several requests said inline, on the kennel spec in phrasings written for
these tests: numbered items in one line, "X: each has …", a link inside a list of fields, the
fields of "several Ys with …" going to the Ys, and records named by how often they are made
("daily reports") scheduling no job."""

from __future__ import annotations

from slipway.ir import Blueprint
from tests.unit.assistant_support import KENNEL, field, say


def entity_links(bp: Blueprint, entity: str) -> set[tuple[str, str]]:
    found = next(e for e in bp.entities if e.name == entity)
    return {(r.kind, r.target) for r in found.relationships}


def test_numbered_items_in_one_line_are_each_a_request() -> None:
    changed, bp, reply = say(
        "Three things: 1) dogs get a microchip id, unique 2) stays get notes 3) turn on audit "
        "logging for stays",
        KENNEL,
    )
    assert changed, reply
    chip = field(bp, "Dog", "microchip_id")
    assert chip is not None and chip.unique
    assert field(bp, "Stay", "notes") is not None
    dog, stay = (next(e for e in bp.entities if e.name == n) for n in ("Dog", "Stay"))
    assert stay.audit_log and not dog.audit_log


def test_each_has_after_a_colon_lists_the_new_entity_s_fields() -> None:
    changed, bp, reply = say(
        "We also need to track grooming appointments: each has a date, a price and belongs to "
        "a dog",
        KENNEL,
    )
    assert changed, reply
    assert field(bp, "GroomingAppointment", "has_a_date") is None
    assert field(bp, "GroomingAppointment", "price") is not None
    assert ("belongs_to", "Dog") in entity_links(bp, "GroomingAppointment")
    assert {e.name for e in bp.entities} == {"Owner", "Dog", "Stay", "GroomingAppointment"}


def test_a_link_inside_a_list_of_fields_is_the_reference() -> None:
    changed, bp, reply = say(
        "Introduce a Payment entity: amount (number), paid_at (datetime), linked to a stay", KENNEL
    )
    assert changed, reply
    assert field(bp, "Payment", "linked") is None
    assert ("belongs_to", "Stay") in entity_links(bp, "Payment")


def test_the_fields_of_several_new_records_are_theirs() -> None:
    changed, bp, reply = say(
        "Each stay can have several daily reports with a note and a mood", KENNEL
    )
    assert changed, reply
    assert field(bp, "DailyReport", "note") is not None
    assert field(bp, "Stay", "note") is None


def test_records_named_by_how_often_they_are_made_schedule_nothing() -> None:
    changed, bp, reply = say("Add daily reports with a note and a mood", KENNEL)
    assert changed, reply
    assert not bp.workflows.jobs
    assert field(bp, "DailyReport", "mood") is not None
