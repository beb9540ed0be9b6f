"""Round thirteen's requests, in phrasings written for these tests: a date or year said by what
happened ("add the date each stay was settled", "the year each owner was last contacted"), a
purpose said after the request ("we like to know …"), a constraint said as a clause ("and no two
owners can share one"), a type said as a unit ("in whole nights"), a new record said as
"something like a X with …", a list of changes per entity, and a learner's word order."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, chat, expect, field, say

KENNEL_MORE = KENNEL.replace(
    "- nightly_rate: number, required\n",
    "- nightly_rate: number, required\n"
    "- size: enum(small, medium, large), default medium\n"
    "- places: integer, default 4\n"
    "- notes: string\n",
)
"""The kennel with a choice, a default and a notes field on stays."""

ONE_FIELD: list[tuple[str, str, str, str, str]] = [
    ("Add the date each stay was settled.", KENNEL, "Stay", "settled_on", "date"),
    ("please log the collection time against each stay", KENNEL, "Stay", "collection_time",
     "datetime"),
    ("owners need the year each owner was last contacted", KENNEL, "Owner",
     "last_contacted_year", "integer"),
    ("stays: record how many hours the walker spent", KENNEL, "Stay", "hours_spent", "integer"),
    ("dogs need a weight in whole kilos", KENNEL, "Dog", "weight", "integer"),
    (
        "hey! could dogs keep count of how many baths they've had so far? we like to know when "
        "they need a trim",
        KENNEL,
        "Dog",
        "baths",
        "integer",
    ),
]  # fmt: skip
"""Messages that add exactly one field: (message, spec, entity, name, type)."""


@pytest.mark.parametrize(("message", "spec", "entity", "name", "kind"), ONE_FIELD)
def test_one_field_said_by_what_happened(
    message: str, spec: str, entity: str, name: str, kind: str
) -> None:
    expect(message, entity, [(name, kind)], spec)


def test_a_purpose_after_the_request_is_background() -> None:
    changed, _, reply = say(
        "could dogs keep count of how many baths they've had? we like to know when they need "
        "a trim",
        KENNEL,
    )
    assert changed and "as background" in reply and "What should" not in reply, reply


def test_no_two_can_share_one_makes_the_new_field_unique() -> None:
    changed, bp, reply = say("Dogs need a microchip code and no two dogs can share one", KENNEL)
    chip = field(bp, "Dog", "microchip_code")
    assert changed and chip is not None and chip.unique, reply


def test_a_list_of_changes_each_under_its_entity() -> None:
    changed, bp, reply = say(
        "Three changes:\n- dogs: add a colour (what the coat looks like)\n"
        "- stays: default places should be 6, not 4\n- owners: phone is required from now on",
        KENNEL_MORE,
    )
    places, phone = field(bp, "Stay", "places"), field(bp, "Owner", "phone")
    assert changed and field(bp, "Dog", "colour") is not None, reply
    assert places is not None and places.default == 6, reply
    assert phone is not None and phone.required, reply


def test_a_value_added_as_an_option_and_a_new_default() -> None:
    changed, bp, reply = say(
        "Stay size: add 'giant' as an option and make 'large' the default", KENNEL_MORE
    )
    size = field(bp, "Stay", "size")
    assert changed and size is not None and "giant" in (size.enum_values or []), reply
    assert size.default == "large", reply


def test_a_command_after_on_the_entity() -> None:
    changed, bp, reply = say("on stays rename notes to drop_off_notes", KENNEL_MORE)
    assert changed and field(bp, "Stay", "drop_off_notes") is not None, reply
    assert field(bp, "Stay", "notes") is None, reply


def test_a_learner_asks_for_a_change_history_and_a_limit() -> None:
    changed, bp, reply = say(
        "pls add to the dogs the date of last wash, and also I want see who change the dog and "
        "when",
        KENNEL,
    )
    dog = next(e for e in bp.entities if e.name == "Dog")
    assert changed and dog.audit_log and field(bp, "Dog", "last_wash_on") is not None, reply
    changed, bp, reply = say("the owner must to have name with max 50 letters", KENNEL)
    name = field(bp, "Owner", "name")
    assert changed and name is not None and name.max_length == 50, reply
    assert field(bp, "Owner", "name_with") is None, reply


def test_something_like_a_record_with_its_fields() -> None:
    changed, bp, reply = say(
        "can we keep a waiting list for busy weeks? something like a WaitlistEntry with the "
        "dog, the owner and their position in the queue",
        KENNEL,
    )
    assert changed, reply
    names = {f.name for e in bp.entities if e.name == "WaitlistEntry" for f in e.fields}
    assert {"dog_id", "owner_id", "position"} <= names, reply


def test_which_one_holds_it_is_a_reference() -> None:
    changed, bp, reply = say(
        "Add Lead: a colour, a tag number (unique), and which owner currently has it", KENNEL
    )
    tag, owner = field(bp, "Lead", "tag_number"), field(bp, "Lead", "owner_id")
    assert changed and tag is not None and tag.unique and owner is not None, reply


def test_many_records_named_in_brackets_and_a_background_dash() -> None:
    changed, bp, reply = say(
        "dogs get many vet checks (call the entity VetCheck): each check has a date and notes",
        KENNEL,
    )
    assert changed and any(e.name == "VetCheck" for e in bp.entities), reply
    assert field(bp, "VetCheck", "dog_id") is not None, reply
    changed, bp, reply = say(
        "owners are grouped by village — a Village has a name and a county; each owner belongs "
        "to one village",
        KENNEL,
    )
    assert changed and field(bp, "Village", "county") is not None, reply
    assert field(bp, "Owner", "village_id") is not None, reply


def test_uploads_then_storage_for_those_asks_nothing() -> None:
    changed, _, reply = say(
        "Owners want to upload photos of their dogs. Please set up storage for those.", KENNEL
    )
    assert changed and "bucket" in reply and "What should" not in reply, reply


def test_deleting_should_not_actually_remove_it_is_a_soft_delete() -> None:
    changed, bp, reply = say(
        "Deleting an owner shouldn't actually remove them, we need them", KENNEL
    )
    owner = next(e for e in bp.entities if e.name == "Owner")
    assert changed and owner.soft_delete, reply


def test_an_api_kept_for_a_role_with_all_its_operations() -> None:
    changed, bp, reply = say(
        "The Dog API should be limited to the admin role (all operations)", KENNEL
    )
    api = next(r for r in bp.api.resources if r.entity == "Dog")
    assert changed and list(api.roles) == ["admin"], reply
    assert list(api.operations) == ["list", "get", "create", "update", "delete"], reply


def test_an_event_onto_a_queue_called_by_its_name() -> None:
    changed, bp, reply = say(
        "When a stay is marked finished, publish a stay.finished event onto a queue called billing",
        KENNEL,
    )
    assert changed and [q.name for q in bp.workflows.queues] == ["billing"], reply
    assert [(e.name, e.target) for e in bp.workflows.events] == [("stay.finished", "billing")]


def test_a_direct_link_not_only_through_another() -> None:
    changed, bp, reply = say(
        "Stays should also point straight at the owner, not only through the dog", KENNEL
    )
    assert changed and field(bp, "Stay", "owner_id") is not None, reply


def test_the_entity_one_is_the_field_just_added_there() -> None:
    changed, spec, reply = chat(
        [
            "Add a mobile number to owners",
            "and to dogs — oh wait, dogs don't carry phones. never mind that, make the owner "
            "one required instead",
        ]
    )
    bp = compile_spec(spec).blueprint
    mobile = field(bp, "Owner", "mobile_number") if bp else None
    assert changed and mobile is not None and mobile.required, reply
    assert bp is not None and field(bp, "Dog", "mobile_number") is None, reply


@pytest.mark.parametrize(
    "message",
    [
        "owners: add a loyalty number, unique and required",
        "owners need a loyalty number (unique, required)",
        "owners: add a loyalty number (unique, required)",
    ],
)
def test_a_new_field_under_its_entity_with_constraints(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    number = field(bp, "Owner", "loyalty_number")
    assert changed and number is not None and number.unique and number.required, reply
    assert not any(e.name == "LoyaltyNumber" for e in bp.entities), reply


def test_a_list_with_a_remark_and_a_headcount_default() -> None:
    changed, bp, reply = say(
        "Few things:\n* owners: email should be optional, we don't always get one\n"
        "* stays default to 6 places",
        KENNEL_MORE,
    )
    email, places = field(bp, "Owner", "email"), field(bp, "Stay", "places")
    assert changed and email is not None and not email.required, reply
    assert places is not None and places.default == 6, reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("Stays need a cap on how many dogs can come", "Stay", "max_dogs", "integer"),
        ("Dog fee in pounds pls", "Dog", "fee", "number"),
    ],
)
def test_a_limit_or_a_money_field_said_tersely(
    message: str, entity: str, name: str, kind: str
) -> None:
    expect(message, entity, [(name, kind)])


def test_a_retraction_that_leaves_the_field_as_it_was_keeps_the_topic() -> None:
    changed, bp, reply = say(
        "stays: nightly_rate should default to 40... no sorry, leave that as is, but add the "
        "amount paid",
        KENNEL,
    )
    paid, rate = field(bp, "Stay", "amount_paid"), field(bp, "Stay", "nightly_rate")
    assert changed and paid is not None and rate is not None and rate.default is None, reply
    assert not any(e.name == "AmountPaid" for e in bp.entities), reply


def test_a_limit_and_an_index_on_them() -> None:
    changed, bp, reply = say(
        "Owners' names should be no longer than 50 characters, and index them for search", KENNEL
    )
    owner = next(e for e in bp.entities if e.name == "Owner")
    name = field(bp, "Owner", "name")
    assert changed and name is not None and name.max_length == 50, reply
    assert any(list(i.fields) == ["name"] for i in owner.indexes), reply


def test_a_choice_in_brackets_with_its_default_after_a_dash() -> None:
    changed, bp, reply = say(
        "Add a Walk entity. Walks happen on a stay, have a trail name, a pace (slow, normal or brisk "
        "— normal by default) and the time they started",
        KENNEL,
    )
    pace = field(bp, "Walk", "pace")
    assert changed and pace is not None and pace.type == "enum", reply
    assert list(pace.enum_values or []) == ["slow", "normal", "brisk"], reply
    assert pace.default == "normal" and field(bp, "Walk", "stay_id") is not None, reply


def test_a_history_of_who_edits() -> None:
    changed, bp, reply = say("keep a history of who edits dogs", KENNEL)
    assert changed and next(e for e in bp.entities if e.name == "Dog").audit_log, reply


def test_a_new_role_after_a_colon_and_the_default_role() -> None:
    changed, bp, reply = say("new role: groomer. And the default role should be staff", KENNEL)
    assert changed and list(bp.auth.roles) == ["admin", "staff", "groomer"], reply
    assert bp.auth.default_role == "staff" and not any(e.name == "Role" for e in bp.entities)


def test_a_role_added_and_given_an_api_with_its_operations() -> None:
    changed, bp, reply = say(
        "add a 'groomer' role; the dog API is only for admin and groomer, and they can list, get "
        "and update",
        KENNEL,
    )
    api = next(r for r in bp.api.resources if r.entity == "Dog")
    assert changed and "groomer" in bp.auth.roles, reply
    assert list(api.roles) == ["admin", "groomer"], reply
    assert list(api.operations) == ["list", "get", "update"], reply
    assert field(bp, "Dog", "and_update") is None, reply


def test_photos_in_a_bucket_called_by_name() -> None:
    changed, bp, reply = say("put dog photos in an S3 bucket called dog-photos", KENNEL)
    assert changed and "dog-photos" in bp.infrastructure.buckets, reply


def test_a_type_in_brackets_with_its_reason() -> None:
    expect(
        "stays: add a late fee (a number; when they collect after 6 we charge it)",
        "Stay",
        [("late_fee", "number")],
    )


def test_renamed_by_what_they_are_called_now_with_a_reason() -> None:
    changed, bp, reply = say("Dogs are called Guests now (we take cats too)", KENNEL)
    assert changed and any(e.name == "Guest" for e in bp.entities), reply
    assert not any(e.name == "Dog" for e in bp.entities), reply


def test_no_need_for_a_field_removes_it() -> None:
    changed, bp, reply = say("Dogs: no need for the breed field anymore", KENNEL)
    assert changed and field(bp, "Dog", "breed") is None, reply
    assert field(bp, "Dog", "no_need") is None, reply


def test_a_new_entity_that_supplies_many() -> None:
    changed, bp, reply = say(
        "Dogs come from breeders. A Breeder has a name, an email and a phone, and supplies many "
        "dogs.",
        KENNEL,
    )
    assert changed and field(bp, "Dog", "breeder_id") is not None, reply
    assert field(bp, "Breeder", "supplies_many_dogs") is None, reply


def test_an_api_that_should_also_allow_more_keeps_its_own() -> None:
    spec = KENNEL + "\n## API\n### Dog\n- operations: list, get, create\n"
    changed, bp, reply = say("Dog API should also allow update and delete", spec)
    api = next(r for r in bp.api.resources if r.entity == "Dog")
    assert changed and list(api.operations) == ["list", "get", "create", "update", "delete"], reply


def test_going_multi_tenant_with_a_shared_entity() -> None:
    changed, bp, reply = say(
        "We want to go multi-tenant — each Branch is a tenant. Owners are shared between "
        "branches though.",
        KENNEL,
    )
    owner = next(e for e in bp.entities if e.name == "Owner")
    dog = next(e for e in bp.entities if e.name == "Dog")
    assert changed and bp.tenancy.tenant_entity == "Branch", reply
    assert not owner.tenant_scoped and field(bp, "Owner", "branch_id") is None, reply
    assert field(bp, "Dog", "branch_id") is not None and dog.tenant_scoped, reply


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("The dogs get weighed at the vet every month, so we want to record their weight in kilos",
         "Dog", "weight", "number"),
        ("we want to record the dogs' weight in kilos", "Dog", "weight", "number"),
        ("When owners drop off the keys we'd like to log the exact time against their stay",
         "Stay", "keys_dropped_off_at", "datetime"),
        ("owners pay a refundable key deposit on every stay - we need to store how much it was",
         "Stay", "key_deposit", "number"),
        ("Knowing a stay is paid isn't enough, I need the day the money actually arrived", "Stay",
         "payment_received_date", "date"),
        ("Most of our dogs have a rough year they were born in, like 2019. Could we store that?",
         "Dog", "born_year", "integer"),
        ("dogs should carry what they cost us per day - a big dog is £20 at the moment", "Dog",
         "cost", "number"),
    ],
)  # fmt: skip
def test_a_field_said_with_its_story(message: str, entity: str, name: str, kind: str) -> None:
    expect(message, entity, [(name, kind)])


def test_a_remark_about_an_entity_is_not_about_a_reference_to_it() -> None:
    """ "dogs are lovely" spoke of Dog; it had made Stay (whose ``dog`` names it) the one
    "their" meant."""
    changed, bp, reply = say("dogs are lovely, so record their weight in kilos", KENNEL)
    assert changed and field(bp, "Dog", "weight") is not None, reply
    assert field(bp, "Stay", "weight") is None, reply


def test_how_it_was_done_among_ways_said_with_their_words() -> None:
    changed, bp, reply = say(
        "Each stay should say how it was booked: by phone, on our own website, or via an agency. "
        "If nobody says, assume website.",
        KENNEL,
    )
    via = field(bp, "Stay", "booked_via")
    assert changed and via is not None and via.type == "enum", reply
    assert list(via.enum_values or []) == ["phone", "website", "agency"], reply
    assert via.default == "website", reply
