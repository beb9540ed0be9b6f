"""Round ten's later requests, in phrasings written for these tests: a new thing said as a note,
a field taken back for another or a unit for another, a request after background or after a
dash, a link explained after a dash, a record not wanted "gone for good", and "flag em"."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, added, chat, say


def test_a_new_thing_said_as_a_note_with_its_fields() -> None:
    changed, spec, reply = chat(
        ["new thing: Kennel. name, max dogs, and whether it's heated or not"]
    )
    assert changed, reply
    fields = spec.split("### Kennel")[1]
    assert "- name: string" in fields and "- max_dogs: integer" in fields, reply


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("Dogs - add the measurements? actually just the height in cm is enough", "Dog", "height"),
        (
            "Our owners are billed by the night and it varies between them — can we put their "
            "nightly discount in?",
            "Owner",
            "nightly_discount",
        ),
        (
            "At the moment we only have the date a stay was booked for. We'd like to also record "
            "when it actually ended, because half the time dogs stay on.",
            "Stay",
            "ended_at",
        ),
    ],
)
def test_the_one_field_meant_after_a_retraction_or_background(
    message: str, entity: str, name: str
) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [f.name for f in added(KENNEL, bp, entity)] == [name], reply


def test_a_request_after_a_dash_reads_the_story_before_it() -> None:
    changed, bp, reply = say(
        "Some owners have a gate code for late pick-ups \u2013 could we keep the gate code on their "
        "record?",
        KENNEL,
    )
    assert changed, reply
    assert [f.name for f in added(KENNEL, bp, "Owner")] == ["gate_code"], reply


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Each owner has many dogs — the dogs of one family all come in together.", "has_many"),
        (
            "Stays have a rota — lots of walkers per stay, and a walker gets booked on loads of stays.",
            "many_to_many",
        ),
    ],
)
def test_a_link_said_with_an_explanation_after_a_dash(message: str, kind: str) -> None:
    spec = KENNEL.replace("### Stay", "### Walker\n- name: string, required\n\n### Stay")
    changed, bp, reply = say(message, spec)
    assert changed == (kind == "many_to_many"), reply  # owners have their dogs already
    links = {(e.name, r.kind, r.target) for e in bp.entities for r in e.relationships}
    wanted = ("Owner", "has_many", "Dog") if kind == "has_many" else ("Stay", kind, "Walker")
    assert wanted in links, reply


def test_lots_of_things_per_record_is_no_new_entity() -> None:
    spec = KENNEL.replace("### Stay", "### Walker\n- name: string, required\n\n### Stay")
    changed, bp, reply = say(
        "stays have lots of walkers per stay, and a walker appears on many stays", spec
    )
    assert changed, reply
    assert {e.name for e in bp.entities} >= {"Owner", "Dog", "Walker", "Stay"}, reply
    assert not any("Per" in e.name for e in bp.entities), reply


def test_not_wanting_a_record_gone_for_good_hides_it() -> None:
    changed, bp, reply = say(
        "If someone deletes an owner I don't want them gone for good — the old stays still have "
        "to add up. Just hide them.",
        KENNEL,
    )
    assert changed, reply
    owner = next(e for e in bp.entities if e.name == "Owner")
    assert owner.soft_delete, reply


def test_records_that_come_in_as_something_then_flag_em() -> None:
    changed, bp, reply = say("stays come in as LATE sometimes (after 8pm). flag em", KENNEL)
    assert changed, reply
    assert [(f.name, f.type) for f in added(KENNEL, bp, "Stay")] == [("late", "boolean")], reply


@pytest.mark.parametrize(
    ("message", "name"),
    [
        ("stays: km walked — no wait, make it miles, the owners think in miles", "miles_walked"),
        ("dogs: weight in kilos - actually pounds", "weight"),
    ],
)
def test_a_unit_taken_back_for_another(message: str, name: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    entity = "Stay" if message.startswith("stays") else "Dog"
    assert [(f.name, f.type) for f in added(KENNEL, bp, entity)] == [(name, "number")], reply
