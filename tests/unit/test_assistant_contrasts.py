"""More kinds of request said the long way round (found by blind batch 6), on the grooming
salon of ``test_assistant_phrasings``: a thing made its own entity and linked many to many, a
state or kind added to an entity's own choice, API operations said as a contrast, answers to a
yes/no question kept as a flag, and messages that must ask rather than half-apply."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant, understand
from tests.unit.test_assistant_phrasings import BP, SALON, after, field, names, ops

TUTORS = SALON.replace("- breed: string\n", "- breed: string\n- trick: string\n").replace(
    "- size: enum(small, big), default small",
    "- size: enum(small, big), default small\n- status: enum(booked, done), default booked",
)


def test_a_text_field_made_its_own_entity_and_linked_many_to_many() -> None:
    made = after("dogs know several tricks, so make tricks their own entity and link them many "
                 "to many", TUTORS)  # fmt: skip
    assert any(r.kind == "many_to_many" and r.target == "Trick"
               for r in made.entity("Dog").relationships)  # fmt: skip


def test_a_state_or_kind_added_to_the_entity_s_own_choice_only() -> None:
    made = after("appointments also get postponed sometimes", TUTORS)
    assert "postponed" in field(made, "Appointment", "status").enum_values
    assert "postponed" not in field(made, "Appointment", "size").enum_values
    assert ops("appointments also get postponed sometimes")[0]["op"] != "set_enum_values"


@pytest.mark.parametrize(
    ("message", "entity", "operations"),
    [
        ("owners can be listed and created through the API, but never deleted", "Owner",
         ["list", "get", "create", "update"]),
        ("appointments can be created through the api but not updated or deleted", "Appointment",
         ["list", "get", "create"]),
        ("appointments are read only in the API", "Appointment", ["list", "get"]),
    ],
)  # fmt: skip
def test_api_operations_said_as_a_contrast(
    message: str, entity: str, operations: list[str]
) -> None:
    made = after(message)
    resource = next(r for r in made.api.resources if r.entity == entity)
    assert resource.operations == operations
    assert not made.entity(entity).soft_delete  # "never deleted" here is about the API


def test_the_answer_to_a_yes_no_question_kept_as_a_flag() -> None:
    made = after("did the dog behave? store it as yes/no on each appointment")
    assert field(made, "Appointment", "behaved").type == "boolean"
    assert ops("can we flag some owners as vip?")[0]["field"] == {"name": "vip", "type": "boolean"}
    assert ops("dogs can be marked as adopted out")[0]["field"]["name"] == "adopted_out"


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind", "default"),
    [
        ("I want to know the colour each dog is registered with", "Dog", "colour", "string", None),
        ("appointment length is 45 minutes by default", "Appointment", "length", "integer", 45),
        ("appointments take a fixed number of minutes", "Appointment", "duration_minutes",
         "integer", None),
        ("we need the owner's address as json", "Owner", "address", "json", None),
        ("grooming stations could use a phone number", "GroomingStation", "phone_number",
         "string", None),
    ],
)  # fmt: skip
def test_fields_said_in_passing(
    message: str, entity: str, name: str, kind: str, default: object
) -> None:
    found = field(after(message), entity, name)
    assert (found.type, found.default) == (kind, default)


def test_relationships_said_in_passing() -> None:
    made = after("Visits: an owner brings a dog with a mood (1-3)")
    assert {f.name for f in made.entity("Visit").fields} >= {"owner_id", "dog_id", "mood"}
    made = after("each appointment uses one grooming station and one owner")
    targets = {r.target for r in made.entity("Appointment").relationships if r.kind == "belongs_to"}
    assert {"GroomingStation", "Owner"} <= targets
    made = after("each dog can be walked by a groomer (optional)")
    assert field(made, "Dog", "groomer_id").required is False


def test_constraints_and_renames_said_in_passing() -> None:
    assert ops("breed: drop the uniqueness") == [
        {"op": "set_unique", "entity": "Dog", "field": "breed", "unique": False}
    ]
    assert ops("make the breed optional and cap it at 60 chars")[1]["max_length"] == 60
    assert ops("starts_at is a confusing name, call it begins_at") == [
        {"op": "rename_field", "entity": "Appointment", "field": "starts_at",
         "new_name": "begins_at"}
    ]  # fmt: skip
    assert ops("we'd prefer Client rather than Owner")[0]["new_name"] == "Client"
    assert ops("owners are no longer needed, nuke that entity") == [
        {"op": "remove_entity", "name": "Owner"}
    ]


def test_a_message_naming_something_unknown_asks_rather_than_half_applies() -> None:
    reply = OfflineAssistant().respond(SALON, "delete Dogs and Hamsters")
    assert not reply.changed and reply.question


def test_features_said_in_passing() -> None:
    assert after("I need to know who changed breeds").entity("Dog").audit_log
    made = after("we run several salons, isolate the data by Salon")
    assert made.tenancy.tenant_entity == "Salon"
    made = after("each franchise using the app must only see its own dogs")
    assert made.tenancy.tenant_entity == "Franchise"
    auth = SALON + "\n## Auth\n- strategy: api_key\n"
    assert after("move us from api keys to cognito", auth).auth.strategy == "cognito"
    made = after("when a dog is picked up, put a message on the billing queue")
    assert [e.target for e in made.workflows.events] == ["billing"]
    made = after("every friday evening, email owners their invoices")
    assert made.workflows.jobs[0].schedule == "cron(0 18 ? * FRI *)"


def test_the_values_of_a_choice_said_after_a_colon_with_their_default() -> None:
    made = after("owners: tier is one of free, plus, pro; free is the default")
    tier = field(made, "Owner", "tier")
    assert (tier.enum_values, tier.default) == (["free", "plus", "pro"], "free")
    made = after("dogs also have a coat, like curly or straight, just text")
    assert names(made, "Dog") - names(BP, "Dog") == {"coat"}
    assert understand("undo", BP).undo


def test_names_are_found_word_for_word_without_a_regex_per_name() -> None:
    from slipway.assistant.understand.words import phrase_at, tokens

    words = tokens("the juror emails, please; monthly_price too")
    assert phrase_at(words, "juror_email", plural=True) == 1
    assert phrase_at(words, "juror_email") == -1
    assert phrase_at(tokens("monthly price"), "monthly_price") == 0
    assert phrase_at(words, "email") == -1
