"""Round thirteen's requests, continued (in phrasings written for these tests): a letter asking
for the date of the most recent event, "that reading", a request taken back twice, a list
announced for one entity, a default said with its unit, an event put on a queue with no name,
"can that be left blank?", news before the request, a developer's foreign key, and what an
owner donated."""

from __future__ import annotations

import pytest

from tests.unit.assistant_support import KENNEL, expect, field, say


def test_a_letter_asking_for_the_date_of_the_most_recent_event() -> None:
    changed, bp, reply = say(
        "Dear team,\n\nCould you please add the date of each dog's most recent vaccination to her "
        "record? We use it to plan the boosters.\n\nKind regards,\nAnn",
        KENNEL,
    )
    jab = field(bp, "Dog", "last_vaccination_on")
    assert changed and jab is not None and jab.type == "date", reply
    assert "as background" in reply, reply


def test_that_reading_is_what_was_read() -> None:
    expect(
        "The vet reads the temperature when a dog arrives. We need to store that reading on "
        "every stay.",
        "Stay",
        [("temperature", "number")],
    )


def test_taken_back_twice_then_asked() -> None:
    expect(
        "put a price per night on stays.. actually no, scrap that, i want the total payment we "
        "got for the stay instead",
        "Stay",
        [("total_payment", "number")],
    )


def test_a_list_announced_for_one_entity() -> None:
    changed, bp, reply = say(
        "few things for stays:\n- a pickup note\n- nightly rate defaults to 30\n"
        "- walk plan: solo, pair or group",
        KENNEL,
    )
    rate, plan = field(bp, "Stay", "nightly_rate"), field(bp, "Stay", "walk_plan")
    assert changed and field(bp, "Stay", "pickup_note") is not None, reply
    assert rate is not None and rate.default == 30, reply
    assert (
        plan is not None
        and plan.type == "enum"
        and not any(e.name == "WalkPlan" for e in bp.entities)
    ), reply


def test_most_are_on_one_so_use_that_as_the_default() -> None:
    expect(
        "dogs have a walk plan - solo, pair or group. most are on pair so use that as the default",
        "Dog",
        [("walk_plan", "enum", "pair")],
    )


def test_no_two_in_a_place_and_a_limit() -> None:
    changed, bp, reply = say(
        "no two dogs in the kennel can have the same name, and keep names to 20 characters max",
        KENNEL,
    )
    name = field(bp, "Dog", "name")
    assert changed and name is not None and name.unique and name.max_length == 20, reply


def test_able_to_list_view_and_add_but_not_edit_or_delete() -> None:
    changed, bp, reply = say(
        "Staff should be able to list, view and add stays through the API, but not edit or "
        "delete them.",
        KENNEL,
    )
    api = next(r for r in bp.api.resources if r.entity == "Stay")
    assert changed and list(api.operations) == ["list", "get", "create"], reply
    changed, bp, reply = say("stays can be read through the api but not changed", KENNEL)
    api = next(r for r in bp.api.resources if r.entity == "Stay")
    assert changed and list(api.operations) == ["list", "get"], reply


def test_an_event_put_on_a_queue_with_no_name() -> None:
    changed, bp, reply = say(
        "when a stay is cancelled by the owner, raise an event and put it on a queue so I get "
        "alerted",
        KENNEL,
    )
    assert changed and [q.name for q in bp.workflows.queues] == ["stay-events"], reply
    assert [(e.name, e.target) for e in bp.workflows.events] == [("stay.cancelled", "stay-events")]
    assert not any(q.name in ("a", "new") for q in bp.workflows.queues), reply


def test_the_contact_of_whoever_made_it() -> None:
    expect(
        "Hello,\n\nWe would like to store the email address of whoever made each stay, so that "
        "reminders go to the right person.\n\nMany thanks,\nPriya",
        "Stay",
        [("contact_email", "string")],
    )


def test_a_story_then_not_savable_without() -> None:
    changed, bp, reply = say(
        "Owners keep arriving without their vet's number and we end up ringing round. We need it "
        "before they arrive, so an owner shouldn't be savable without a phone.",
        KENNEL,
    )
    phone = field(bp, "Owner", "phone")
    assert changed and phone is not None and phone.required, reply
    assert "as background" in reply, reply


def test_a_default_said_with_its_unit() -> None:
    spec = KENNEL.replace(
        "- breed: string\n", "- breed: string\n- walk_minutes: integer, default 30\n"
    )
    changed, bp, reply = say("the default walk minutes of dogs is 45 minutes", spec)
    walk = field(bp, "Dog", "walk_minutes")
    assert changed and walk is not None and walk.default == 45, reply
    sessions = KENNEL.replace(
        "- breed: string\n", "- breed: string\n- duration_minutes: integer, default 60\n"
    )
    changed, bp, reply = say("most of our dogs take 45 min now, change the default", sessions)
    duration = field(bp, "Dog", "duration_minutes")
    assert changed and duration is not None and duration.default == 45, reply


def test_can_that_be_left_blank() -> None:
    changed, bp, reply = say(
        "we don't always know an owner's email when we first add them, can that be left blank?",
        KENNEL,
    )
    email = field(bp, "Owner", "email")
    assert changed and email is not None and not email.required, reply


def test_news_before_the_request_is_background_and_the_tenant_said_with_as() -> None:
    changed, bp, reply = say(
        "Big news - we're franchising. Every franchise runs its own kennels. Please make the "
        "whole thing multi-tenant with Franchise as the tenant.",
        KENNEL,
    )
    assert changed and bp.tenancy.tenant_entity == "Franchise", reply
    assert not any(e.name == "BigNews" for e in bp.entities), reply


def test_a_developers_foreign_key_said_three_ways() -> None:
    for message in (
        "add a nullable FK walker on stays -> owners",
        "add walker (ref owner) to stays",
        "add a walker_id foreign key to stays referencing owners",
    ):
        changed, bp, reply = say(message, KENNEL)
        walker = field(bp, "Stay", "walker_id")
        assert changed and walker is not None and walker.references == "Owner", (message, reply)


def test_an_index_on_entity_field_in_brackets_with_its_reason() -> None:
    changed, bp, reply = say(
        "create an index on stays(arrives_on), the calendar view filters on it", KENNEL
    )
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert changed and any(list(i.fields) == ["arrives_on"] for i in stay.indexes), reply
    assert not bp.workflows.queues, reply


def test_what_the_owner_donated_after_a_story() -> None:
    changed, bp, reply = say(
        "Good afternoon,\n\nWe have started asking for a small donation at pick-up. Could each "
        "stay record how much the owner donated, please?\n\nBest wishes,\nTom",
        KENNEL,
    )
    donated = field(bp, "Stay", "amount_donated")
    assert changed and donated is not None and donated.type == "number", reply
    assert "as background" in reply, reply


def test_a_database_and_its_region_in_one_breath() -> None:
    changed, bp, reply = say(
        "put it on dynamodb in eu-west-1 and turn on point in time recovery", KENNEL
    )
    assert changed and bp.infrastructure.region == "eu-west-1", reply
    assert bp.infrastructure.point_in_time_recovery, reply


def test_each_ones_data_then_the_tenant_named() -> None:
    changed, bp, reply = say(
        "We're sharing the system with two other kennels in town and each one's data must stay "
        "separate. Make it multi-tenant by Kennel.",
        KENNEL,
    )
    assert changed and bp.tenancy.tenant_entity == "Kennel", reply
    assert "There is no  entity" not in reply, reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("stays need date deposit paid", "Stay", "deposit_paid_date", "date"),
        ("store the raw intake json from the tablet app on each stay", "Stay", "raw_intake",
         "json"),
    ],
)  # fmt: skip
def test_a_date_said_first_and_json_from_an_app(
    message: str, entity: str, name: str, kind: str
) -> None:
    expect(message, entity, [(name, kind)])


def test_shows_up_in_many_is_a_many_to_many() -> None:
    spec = KENNEL.replace("\n## Auth", "\n### Toy\n- name: string, required\n\n## Auth")
    changed, bp, reply = say("stays use many toys and each toy shows up in many stays", spec)
    names = {e.name for e in bp.entities}
    assert changed and "ToyShow" not in names, reply
    assert names & {"StayToy", "ToyStay"}, reply


def test_a_public_api_that_allows_only_one_operation() -> None:
    changed, bp, reply = say(
        "Our website needs to send enquiries: make the stay API public but allow only create.",
        KENNEL,
    )
    api = next(r for r in bp.api.resources if r.entity == "Stay")
    assert changed and api.public and list(api.operations) == ["create"], reply
