"""The general rules that carry the assistant to phrasings and domains it was not written for,
each on a spec of its own: names by head noun and by word stem, the entity spoken of last,
retractions, clauses read in parts, choices in prose, the default role, timestamps, questions
that ask instead of guessing, and the API operations said in words."""

from __future__ import annotations

import pytest

from slipway.assistant import EditError, OfflineAssistant, apply_operations, understand
from slipway.assistant.operations import SetDefaultRole
from slipway.spec import compile_spec

GARDEN = """# Garden Centre

## Entities

### Plant
- name: string, required
- price: number, required
- purchased_on: date
- colour: string
- supplier: ref Supplier

### Supplier
- name: string, required
- email: string

### GardenTool
- label: string, required

### Tenant
- name: string, required

## Auth
- roles: admin, staff

## API
### Plant
- operations: list, get, create, update
"""
BP = compile_spec(GARDEN).blueprint


def ops(message: str) -> list[dict[str, object]]:
    reading = understand(message, BP)
    assert reading.question is None, reading.question
    return [{"op": op.op, **op.model_dump(exclude_defaults=True)} for op in reading.ops]


def ir(spec: str):  # type: ignore[no-untyped-def]
    result = compile_spec(spec)
    assert result.ok, [str(e) for e in result.errors]
    return result.blueprint


def test_a_compound_entity_is_named_by_its_head_noun_but_never_removed_so() -> None:
    assert ops("tools need a weight in kg")[0]["entity"] == "GardenTool"
    question = understand("remove tools", BP).question
    assert question is not None and "GardenTool" in question


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("the purchase date is required", "purchased_on"),  # same words, other forms
        ("the sale price is optional", "price"),  # one word more
        ("the supplier mail is required", "email"),  # a typo, said as such
    ],
)
def test_fields_by_their_words(message: str, field: str) -> None:
    assert ops(message)[0]["field"] == field


def test_the_entity_spoken_of_last_settles_an_ambiguous_field() -> None:
    assert ops("supplier email default none@example.com and the name max 40 characters") == [
        {
            "op": "set_default",
            "entity": "Supplier",
            "field": "email",
            "default": "none@example.com",
        },
        {"op": "set_max_length", "entity": "Supplier", "field": "name", "max_length": 40},
    ]
    assert understand("the name max 40 characters", BP).question is not None


def test_a_retraction_keeps_what_follows() -> None:
    assert ops("add a height to plants, no wait, add a width to plants") == [
        {"op": "add_field", "entity": "Plant", "field": {"name": "width", "type": "number"}}
    ]


def test_a_clause_in_parts_keeps_what_it_reads_and_reports_the_rest() -> None:
    reading = understand("plants are lovely, add a height to plants", BP)
    assert [op.op for op in reading.ops] == ["add_field"]
    assert reading.unknown == ["plants are lovely"]
    shared = ops("a plant belongs to a nursery and has a latin name")
    assert [o["op"] for o in shared] == ["add_entity", "add_relationship", "add_field"]
    assert shared[2]["entity"] == "Plant"


def test_text_defaults_keep_the_case_they_were_written_in() -> None:
    field = ops("plants have a currency, GBP by default")[0]["field"]
    assert field == {"name": "currency", "default": "GBP"}


def test_choices_in_prose() -> None:
    assert ops("the colour of a plant is red, white or blue")[0] == {
        "op": "change_type",
        "entity": "Plant",
        "field": "colour",
        "type": "enum",
        "enum_values": ["red", "white", "blue"],
    }
    made = ops("supplier size can be small, medium or large")[0]
    assert made["entity"] == "Supplier" and made["field"]["enum_values"] == [  # type: ignore[index]
        "small",
        "medium",
        "large",
    ]
    typed = ops("plants can be annual (spring or summer) or perennial")[0]["field"]
    assert typed == {
        "name": "type",
        "type": "enum",
        "enum_values": ["spring", "summer", "perennial"],
    }
    assert understand("plants are nice and suppliers are kind", BP).ops == []


def test_counts_and_relationships_from_a_number_of() -> None:
    field = ops("plants have a number of petals")[0]
    assert field["field"] == {"name": "petals", "type": "integer"}
    assert ops("a supplier has a number of plants")[0]["op"] == "add_relationship"


def test_the_default_role() -> None:
    assert ops("add a gardener role and make it the default role") == [
        {"op": "set_roles", "roles": ["gardener"]},
        {"op": "set_default_role", "role": "gardener"},
    ]
    reply = OfflineAssistant().respond(GARDEN, "the default role should be staff")
    assert ir(reply.spec).auth.default_role == "staff"
    with pytest.raises(EditError, match="There is no role ghost"):
        apply_operations(GARDEN, [SetDefaultRole(role="ghost")])


def test_timestamps_off_and_on() -> None:
    off = OfflineAssistant().respond(GARDEN, "suppliers don't need timestamps")
    assert ir(off.spec).entity("Supplier").timestamps is False
    on = OfflineAssistant().respond(
        off.spec, "give suppliers their created/updated timestamps back"
    )
    assert ir(on.spec).entity("Supplier").timestamps is True


def test_a_yes_no_question_asks_unless_the_message_says_yes_no() -> None:
    assert (
        understand("is the plant hardy?", BP).question == "Should Plant get a yes/no field hardy?"
    )
    assert ops("is the plant hardy? we need that as a yes/no")[0]["field"] == {
        "name": "hardy",
        "type": "boolean",
    }


def test_a_thing_left_by_one_entity_about_another() -> None:
    found = ops("suppliers can leave a note on a plant: a text and a date")
    assert found[0] == {
        "op": "add_entity",
        "name": "Note",
        "fields": [{"name": "text"}, {"name": "date", "type": "date"}],
    }
    targets = {(o["target"], o.get("required", False)) for o in found[1:]}
    assert targets == {("Plant", True), ("Supplier", False)}


def test_a_spec_with_a_tenant_entity_is_not_made_multi_tenant() -> None:
    assert ops("tenants need a phone number")[0]["entity"] == "Tenant"
    assert ops("make it multi-tenant by Supplier")[0]["op"] == "set_tenancy"


@pytest.mark.parametrize(
    ("message", "operations"),
    [
        ("plants can be deleted through the api", ["list", "get", "create", "update", "delete"]),
        ("allow deleting plants via the API", ["list", "get", "create", "update", "delete"]),
        ("plants can't be deleted through the api", None),  # already so: nothing to change
        ("just let people list and read plants, publicly", ["list", "get"]),
    ],
)
def test_api_operations_in_words(message: str, operations: list[str] | None) -> None:
    reply = OfflineAssistant().respond(GARDEN, message)
    resource = next(r for r in ir(reply.spec).api.resources if r.entity == "Plant")
    assert resource.operations == (operations or ["list", "get", "create", "update"])


def test_contractions_without_apostrophes() -> None:
    assert ops("plants dont need a colour any more") == [
        {"op": "remove_field", "entity": "Plant", "field": "colour"}
    ]


def test_names_written_in_camel_case_keep_it() -> None:
    assert ops("add a SeedPacket entity. Plants have many of them") == [
        {"op": "add_entity", "name": "SeedPacket", "fields": [{"name": "name", "required": True}]},
        {"op": "add_relationship", "entity": "Plant", "kind": "has_many", "target": "SeedPacket"},
    ]
    assert ops("Rename Supplier to SeedMerchant")[0]["new_name"] == "SeedMerchant"


def test_a_pronoun_and_a_later_sentence_name_the_new_entity() -> None:
    assert ops("add a Pot entity. it has a diameter and a colour")[0] == {
        "op": "add_entity",
        "name": "Pot",
        "fields": [{"name": "diameter", "type": "number"}, {"name": "colour"}],
    }
    later = ops("pots have a diameter; every plant is sold in one pot")
    assert later[0] == {
        "op": "add_entity",
        "name": "Pot",
        "fields": [{"name": "diameter", "type": "number"}],
    }
    assert later[1]["op"] == "add_relationship" and later[1]["target"] == "Pot"


def test_a_topic_then_a_command() -> None:
    assert ops("plants: remove colour") == [
        {"op": "remove_field", "entity": "Plant", "field": "colour"}
    ]
    assert ops("suppliers: add a phone")[0]["entity"] == "Supplier"


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("plants need to be fast", 'I could not read "to be fast"'),
        ("suppliers can be deleted", "The Supplier API already has"),  # a note, no edit
    ],
)
def test_no_edit_from_words_that_name_nothing(message: str, said: str) -> None:
    reply = OfflineAssistant().respond(GARDEN, message)
    assert not reply.changed and said in reply.message


def test_yes_no_in_brackets_is_a_boolean_not_choices() -> None:
    assert ops("plants can be potted (yes/no)")[0]["field"] == {"name": "potted", "type": "boolean"}


def test_more_shapes_of_the_same_requests() -> None:
    assert ops("plants have a grade - a, b or c - defaulting to b")[0]["field"] == {
        "name": "grade",
        "type": "enum",
        "enum_values": ["a", "b", "c"],
        "default": "b",
    }
    assert ops("I'd like suppliers to have a phone")[0]["entity"] == "Supplier"
    assert ops("Plant.colour should be required") == [
        {"op": "set_required", "entity": "Plant", "field": "colour"}
    ]
    assert ops("suppliers have a max delivery time in days")[0]["field"] == {
        "name": "max_delivery_time",
        "type": "integer",
    }
    assert ops("can plants have more than one photo?")[-1]["kind"] == "has_many"
