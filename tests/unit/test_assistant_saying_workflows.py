"""Jobs, queues, events and file storage asked for in everyday words, on the kennel spec in
phrasings written for these tests: a reminder "24 hours before" is an hourly job, "hourly, …"
a job, "put … on a queue" a queue of what is put, "other systems should be notified when …" an
event named in the past tense, "somewhere to store certificates" file storage (but somewhere
to store an address is no bucket)."""

from __future__ import annotations

import pytest

from slipway.assistant.understand.words import past
from slipway.ir import Blueprint
from tests.unit.assistant_support import KENNEL, added, say


def schedules(bp: Blueprint) -> dict[str, str]:
    return {j.name: j.schedule for j in bp.workflows.jobs}


@pytest.mark.parametrize(
    ("message", "rate"),
    [
        ("Remind owners 24 hours before their dog's stay starts", "rate(1 hour)"),
        ("Email owners two days before pick-up", "rate(1 day)"),
        ("Hourly, sync the kennel availability", "rate(1 hour)"),
        ("Daily, check which vaccinations expire soon", "rate(1 day)"),
    ],
)
def test_a_job_said_by_when_it_runs(message: str, rate: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert list(schedules(bp).values()) == [rate], reply


@pytest.mark.parametrize(
    ("message", "queue", "dead_letter"),
    [
        ("Put incoming stay requests on a queue", "stay-requests", False),
        ("Handle check-ins in the background with a queue, retrying failures", "checkins", True),
    ],
)
def test_a_queue_of_what_is_put_on_it(message: str, queue: str, dead_letter: bool) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    [made] = bp.workflows.queues
    assert made.name == queue and bool(made.dead_letter) is dead_letter


@pytest.mark.parametrize(
    ("message", "event"),
    [
        ("Other systems should be notified when a dog checks out", "dog.checked_out"),
        ("Publish an event when an owner signs up", "owner.signed_up"),
        ("Partners want to be told when a dog drops off", "dog.dropped_off"),
    ],
)
def test_an_event_named_by_what_happened(message: str, event: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [e.name for e in bp.workflows.events] == [event]


def test_somewhere_to_store_files_is_file_storage() -> None:
    changed, bp, reply = say("We need somewhere to store vaccination certificates (PDFs)", KENNEL)
    assert changed, reply
    assert bp.infrastructure.buckets == ["vaccination-certificates"]


def test_somewhere_to_store_a_value_is_a_field_not_a_bucket() -> None:
    changed, bp, reply = say("We need somewhere to store the owner's address", KENNEL)
    assert changed, reply
    assert not bp.infrastructure.buckets
    assert [f.name for f in added(KENNEL, bp, "Owner")] == ["address"]


def test_a_queue_for_it_is_no_queue_named_it() -> None:
    _, bp, _ = say("publish an event when a stay is booked and handle it on a queue", KENNEL)
    assert "it" not in {q.name for q in bp.workflows.queues}
    assert [e.name for e in bp.workflows.events] == ["stay.booked"]


@pytest.mark.parametrize(
    ("verb", "done"),
    [("checks", "checked"), ("comes", "came"), ("finishes", "finished"), ("drops", "dropped"),
     ("carries", "carried"), ("passes", "passed"), ("opens", "opened"), ("moves", "moved")],
)  # fmt: skip
def test_the_past_of_a_verb(verb: str, done: str) -> None:
    assert past(verb) == done
