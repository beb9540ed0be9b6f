"""Fourth-round API, access, infrastructure, workflow and feature requests, on a spec of their own
(a ferry operator) and in phrasings written for these tests: infrastructure said as a list of
short items or in plain words, queues and jobs said in passing, operations refused in a sentence
of their own, roles listed with their default, and an entity's history kept."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from slipway.assistant.base import ChatTurn
from slipway.ir import Blueprint
from slipway.spec import compile_spec

FERRY = """# Harbour Ferries

A small ferry line: vessels sail crossings, passengers hold tickets.

## Entities

### Vessel
- name: string, required, unique
- capacity: integer, required

### Crossing
- vessel: ref Vessel, required
- departs_at: datetime, required
- status: enum(planned, boarding, sailed, cancelled), default planned

### Passenger
- full_name: string, required
- email: string, required, unique
- phone: string

### Ticket
- crossing: ref Crossing, required
- passenger: ref Passenger, required
- price: number, required

## Auth
- strategy: jwt
- roles: clerk, skipper

## API
### Crossing
- operations: list, get, create, update, delete
- access: authenticated
### Ticket
- operations: list, get, create, update, delete
- access: authenticated

## Workflows
- schedule nightly-manifest: cron(0 2 * * ? *)

## Infrastructure
- region: eu-west-1
- database: dynamodb
- bucket manifests
"""


def say(*messages: str, spec: str = FERRY) -> tuple[bool, Blueprint, str]:
    history: list[ChatTurn] = []
    changed = False
    reply_text = ""
    for message in messages:
        reply = OfflineAssistant().respond(spec, message, list(history))
        changed, spec, reply_text = reply.changed, reply.spec, reply.message
        history += [ChatTurn("user", message), ChatTurn("assistant", reply.message)]
    compiled = compile_spec(spec)
    assert compiled.ok and compiled.blueprint is not None
    return changed, compiled.blueprint, reply_text


# --- infrastructure as a list of items -------------------------------------------------------


def test_ops_shorthand_list_of_infrastructure_items() -> None:
    changed, bp, _ = say("staging: us-east-2, postgres, log retention 14d, tracing on")
    infra = bp.infrastructure
    assert changed
    assert infra.region == "us-east-2" and infra.database == "postgres"
    assert infra.log_retention_days == 14 and infra.tracing


@pytest.mark.parametrize(
    "message",
    [
        "switch on alarms + x-ray, and cap the log retention at 60d",
        "we would like alarms and tracing, plus keep logs for 60 days",
    ],
)
def test_flags_and_retention_said_together(message: str) -> None:
    changed, bp, _ = say(message)
    assert changed
    assert bp.infrastructure.alarms and bp.infrastructure.tracing
    assert bp.infrastructure.log_retention_days == 60


def test_a_remark_about_why_does_not_stop_the_list() -> None:
    changed, bp, _ = say("turn on alarms, we keep getting surprised by outages")
    assert changed and bp.infrastructure.alarms


def test_alerts_said_in_plain_words_and_a_flag_asked_in_passing() -> None:
    changed, bp, _ = say("can we be notified when the backend goes down? structured logs too")
    assert changed
    assert bp.infrastructure.alarms and bp.infrastructure.structured_logging


def test_a_flag_added_in_a_follow_up_with_a_typo() -> None:
    changed, bp, _ = say("enable alarms", "and tracing to while your at it")
    assert changed and bp.infrastructure.tracing and bp.infrastructure.alarms


def test_restore_to_any_point_in_time_is_point_in_time_recovery() -> None:
    changed, bp, _ = say("It must be possible to roll back the database to any point in time.")
    assert changed and bp.infrastructure.point_in_time_recovery


def test_retention_asked_for_by_a_policy_and_then_applied() -> None:
    changed, bp, _ = say("The regulator says logs must be kept for 2 years. Update the retention.")
    assert changed and bp.infrastructure.log_retention_days == 730


def test_an_item_that_stays_and_a_bucket_added_beside_it() -> None:
    changed, bp, _ = say("the manifests bucket stays, but add another bucket for crew certificates")
    assert changed
    assert "manifests" in bp.infrastructure.buckets and len(bp.infrastructure.buckets) == 2


def test_a_region_named_by_its_country_adjective() -> None:
    changed, bp, _ = say("Please host it in the German AWS region.")
    assert changed and bp.infrastructure.region == "eu-central-1"


def test_an_infrastructure_item_beside_another_request() -> None:
    changed, bp, _ = say("turn on point-in-time recovery, and passenger phones must be encrypted")
    assert changed and bp.infrastructure.point_in_time_recovery
    phone = next(
        f for e in bp.entities if e.name == "Passenger" for f in e.fields if f.name == "phone"
    )
    assert phone.encrypted


def test_a_remark_about_an_alarm_changes_nothing() -> None:
    changed, _, _ = say("our alarms are noisy at night, we lost sleep over them")
    assert not changed


# --- workflows said in passing ---------------------------------------------------------------


def _queue(bp: Blueprint, name: str):  # type: ignore[no-untyped-def]
    return next((q for q in bp.workflows.queues if q.name == name), None)


def test_a_queue_said_by_its_own_hyphenated_name() -> None:
    changed, bp, _ = say(
        "route them through a fifo queue 'boarding-scans' with a dead-letter queue"
    )
    made = _queue(bp, "boarding-scans")
    assert changed and made is not None and made.fifo and made.dead_letter


def test_an_event_put_on_the_queue_just_added() -> None:
    changed, bp, _ = say("add a 'ticket-events' queue, publish ticket.refunded onto it")
    assert changed and _queue(bp, "ticket-events") is not None
    assert [(e.name, e.target) for e in bp.workflows.events] == [
        ("ticket.refunded", "ticket-events")
    ]


def test_what_a_queue_carries_said_at_length_and_its_kind_said_after() -> None:
    changed, bp, _ = say(
        "Incoming ticket refunds should go through a queue. The queue must be FIFO, and "
        "messages that keep failing go to a dead letter queue."
    )
    made = _queue(bp, "ticket-refunds")
    assert changed and made is not None and made.fifo and made.dead_letter


def test_failures_sent_to_a_dead_letter_queue() -> None:
    changed, bp, _ = say("failed manifest uploads must land in a dead letter queue")
    assert changed
    assert any(q.dead_letter and "manifest" in q.name for q in bp.workflows.queues)


def test_a_job_said_by_what_it_does_beside_a_queue() -> None:
    changed, bp, _ = say(
        "nightly job at 04:00 that cancels unpaid tickets, plus a queue port-alerts with a dlq"
    )
    assert changed
    jobs = {j.name: j.schedule for j in bp.workflows.jobs}
    assert any("cancel" in n and s == "cron(0 4 * * ? *)" for n, s in jobs.items())
    assert _queue(bp, "port-alerts") is not None


def test_an_hourly_job_by_its_adverb() -> None:
    changed, bp, _ = say("add an hourly sync job")
    assert changed
    assert any(j.schedule == "rate(1 hour)" for j in bp.workflows.jobs)


def test_a_time_said_after_the_job_in_a_sentence_of_its_own() -> None:
    changed, bp, _ = say(
        "could we email passengers a reminder the day before they sail? ideally every day at 5pm"
    )
    assert changed
    assert any(j.schedule == "cron(0 17 * * ? *)" for j in bp.workflows.jobs)


def test_a_time_after_a_sentence_that_runs_nothing_is_not_a_job() -> None:
    _, bp, _ = say("our skippers are tired. like every day at 5pm")
    assert len(bp.workflows.jobs) == 1


def test_an_event_said_as_who_must_be_told() -> None:
    changed, bp, _ = say(
        "When a ticket is cancelled, the harbour office needs to be notified right away. "
        "I guess this is an event that goes onto a queue they read."
    )
    assert changed
    assert any(e.name == "ticket.cancelled" and e.target for e in bp.workflows.events)


def test_an_event_with_a_when_and_a_named_queue_is_left_to_the_event_rules() -> None:
    changed, bp, _ = say("we need an event when a ticket is refunded, sent to the refunds queue")
    assert changed
    assert [e.name for e in bp.workflows.events] == ["ticket.refunded"]


# --- roles -----------------------------------------------------------------------------------


def test_roles_and_their_default_in_one_line() -> None:
    changed, bp, _ = say("roles purser, deckhand, harbour_master; default role deckhand")
    assert changed
    assert {"purser", "deckhand", "harbour_master"} <= set(bp.auth.roles)
    assert bp.auth.default_role == "deckhand"


def test_roles_and_their_default_after_a_dash() -> None:
    changed, bp, _ = say("roles: clerk, purser \u2014 default purser")
    assert changed and "purser" in bp.auth.roles and bp.auth.default_role == "purser"


def test_a_default_that_is_no_role_is_not_set() -> None:
    _, bp, _ = say("roles purser, deckhand, default role captain")
    assert bp.auth.default_role != "captain"


def test_a_count_of_roles_with_their_purpose_and_a_typo() -> None:
    changed, bp, _ = say("we need too roles for signing in purser and deckhand")
    assert changed and {"purser", "deckhand"} <= set(bp.auth.roles)


def test_roles_asked_for_that_keep_a_team_name() -> None:
    changed, bp, _ = say("we need roles clerk and operations for that")
    assert changed and "operations" in bp.auth.roles


def test_one_role_added_with_its_reason_is_a_role_not_a_field() -> None:
    changed, bp, _ = say("Please add an inspector role so we can restrict the manifests.")
    assert changed and "inspector" in bp.auth.roles
    assert all(f.name != "inspector_role" for e in bp.entities for f in e.fields)


# --- API operations in a clause of their own -------------------------------------------------


def _api(bp: Blueprint, entity: str):  # type: ignore[no-untyped-def]
    return next(r for r in bp.api.resources if r.entity == entity)


def test_operations_refused_in_a_sentence_after_the_api_one() -> None:
    changed, bp, _ = say("Crossing API: public, list only. no get, no writes")
    made = _api(bp, "Crossing")
    assert changed and made.public and made.operations == ["list"]


def test_operations_said_to_be_unavailable_as_a_list() -> None:
    changed, bp, _ = say(
        "Tickets over the API: listing and reading work; create, update and delete are not "
        "available."
    )
    assert changed and _api(bp, "Ticket").operations == ["list", "get"]


def test_only_these_operations_and_a_refusal_of_the_others() -> None:
    changed, bp, _ = say(
        "the timetable page reads crossings without anyone logging in. list and get only, "
        "nobody should be editing crossings"
    )
    made = _api(bp, "Crossing")
    assert changed and made.public and made.operations == ["list", "get"]


def test_one_operation_taken_off_by_name() -> None:
    changed, bp, _ = say("remove the delete from tickets")
    assert changed and _api(bp, "Ticket").operations == ["list", "get", "create", "update"]


def test_a_field_called_so_is_not_an_operation() -> None:
    spec = FERRY.replace("- price: number, required", "- price: number, required\n- update: string")
    _, bp, _ = say("remove the update from tickets", spec=spec)
    assert _api(bp, "Ticket").operations == ["list", "get", "create", "update", "delete"]


def test_operation_words_without_any_talk_of_an_api_are_left_alone() -> None:
    _, bp, _ = say("no deleting")
    assert _api(bp, "Ticket").operations == ["list", "get", "create", "update", "delete"]


def test_operations_after_a_colon_of_a_resource_open_to_all() -> None:
    changed, bp, _ = say(
        "Tickets must be bookable from the website without logging in: only the creation, not "
        "the reading."
    )
    made = _api(bp, "Ticket")
    assert changed and made.public and made.operations == ["create"]


# --- entity features, encryption and files ---------------------------------------------------


def _entity(bp: Blueprint, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in bp.entities if e.name == name)


def test_every_edit_logged_of_the_entity_spoken_of() -> None:
    changed, bp, _ = say(
        "Tickets are evidence for the maritime authority. They must never be hard-deleted, "
        "and every change has to be recorded."
    )
    ticket = _entity(bp, "Ticket")
    assert changed and ticket.audit_log and ticket.soft_delete


def test_every_edit_logged_with_nothing_spoken_of_asks() -> None:
    changed, _, reply = say("every edit has to be logged")
    assert not changed and "Which entity" in reply


def test_a_field_encrypted_on_the_entity_said_before() -> None:
    changed, bp, _ = say(
        "add a Stowaway entity with a name and a berth",
        "Encrypt the name on that please. It is sensitive data.",
    )
    name = next(f for f in _entity(bp, "Stowaway").fields if f.name == "name")
    assert changed and name.encrypted


def test_a_new_field_said_with_its_encryption() -> None:
    changed, bp, _ = say("We also need passengers' home addresses, encrypted as well.")
    made = [f for f in _entity(bp, "Passenger").fields if "address" in f.name]
    assert changed and made and made[0].encrypted


def test_files_of_no_entity_kept_in_a_bucket_of_their_own() -> None:
    changed, bp, _ = say("Could the system store those harbour videos so we can show visitors?")
    assert changed and any("video" in b for b in bp.infrastructure.buckets)


def test_a_field_added_before_encrypted_by_pronoun() -> None:
    changed, bp, _ = say(
        "passengers should have a passport number",
        "under GDPR that number has to be encrypted at rest",
    )
    made = next(f for f in _entity(bp, "Passenger").fields if "passport" in f.name)
    assert changed and made.encrypted


def test_a_role_for_someone() -> None:
    changed, bp, _ = say("add a role for the harbour pilot")
    assert changed and "harbour_pilot" in bp.auth.roles


def test_a_refusal_said_once_covers_every_flag_after_it() -> None:
    _, bp, _ = say("enable tracing and alarms", "switch off tracing and alarms")
    assert not bp.infrastructure.tracing and not bp.infrastructure.alarms


def test_each_flag_with_its_own_switch() -> None:
    changed, bp, _ = say("enable tracing", "tracing off, alarms on")
    assert changed and not bp.infrastructure.tracing and bp.infrastructure.alarms


def test_a_long_subject_of_a_queue_keeps_no_modal_verb() -> None:
    changed, bp, _ = say("new refund requests should go through a queue")
    assert changed and [q.name for q in bp.workflows.queues] == ["refund-requests"]


def test_a_request_and_every_edit_recorded_of_its_entity() -> None:
    changed, bp, _ = say("vessels must never be hard-deleted and every change must be recorded")
    vessel = _entity(bp, "Vessel")
    assert changed and vessel.soft_delete and vessel.audit_log


def test_a_job_named_by_the_base_of_its_verb() -> None:
    changed, bp, _ = say("nightly job at 23:00 that archives sailed crossings")
    assert changed
    assert any(j.name.startswith("archive-") for j in bp.workflows.jobs)


def test_alerts_asked_for_when_something_fails() -> None:
    changed, bp, _ = say("I'd like alerts whenever the app crashes")
    assert changed and bp.infrastructure.alarms


def test_a_remark_that_alarms_fail_changes_nothing() -> None:
    changed, _, _ = say("the alarms fail a lot")
    assert not changed


def test_an_operation_taken_off_that_is_not_there_changes_nothing() -> None:
    spec = FERRY.replace(
        "### Ticket\n- operations: list, get, create, update, delete",
        "### Ticket\n- operations: list, get",
    )
    changed, _, reply = say("remove the delete from tickets", spec=spec)
    assert not changed and "no delete" in reply


def test_a_role_for_people_named_like_an_entity() -> None:
    changed, bp, _ = say("add a role for the vessel owners")
    assert changed and "vessel_owner" in bp.auth.roles
