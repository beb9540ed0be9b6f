"""Reading messages into operations, on a spec that is neither of the development set's domains."""

from __future__ import annotations

import pytest

from slipway.assistant import ChatTurn, understand
from slipway.assistant.operations import Op
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.vocab import Vocab
from slipway.spec import compile_spec

FARM = """# Farm Shop

## Entities

### Farmer
- name: string, required
- phone: string

### Crop
- name: string, required, unique
- season: enum(spring, summer, autumn), default spring
- farmer: ref Farmer, required

### Harvest
- crop: ref Crop, required
- kilos: number
"""
BP = compile_spec(FARM).blueprint


def ops(message: str, history: list[ChatTurn] | None = None) -> list[dict[str, object]]:
    reading = understand(message, BP, history)
    assert reading.question is None, reading.question
    return [{"op": op.op, **op.model_dump(exclude_defaults=True)} for op in reading.ops]


def one(message: str) -> dict[str, object]:
    found = ops(message)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("message", "field", "kind"),
    [
        ("Farmers need a date of birth", "date_of_birth", "date"),
        ("add the number of acres to each farmer", "acres", "integer"),
        ("harvests should record the date they were weighed on", "weighed_on", "date"),
        ("give crops a price per kilo", "price", "number"),
        ("store a json blob of soil readings on each harvest", "soil_readings", "json"),
        ("add an organic flag to crops", "organic", "boolean"),
        ("crops have a yield percentage", "yield_percentage", "number"),
        ("Farmers have a website link", "website_link", "string"),
        ("Track when a harvest is shipped", "shipped_at", "datetime"),
        ("FARMERS NEED A LICENSE NUMBER", "license_number", "string"),
        ("add a notes field to harvets", "notes", "string"),
    ],
)
def test_field_types_come_from_the_words(message: str, field: str, kind: str) -> None:
    op = one(message)
    assert op["op"] == "add_field"
    spec = op["field"]
    assert isinstance(spec, dict) and spec["name"] == field and spec.get("type", "string") == kind


def test_enum_values_defaults_and_constraints_in_prose() -> None:
    spec = one("Harvests have a grade: a, b or c, b by default")["field"]
    assert spec == {"name": "grade", "type": "enum", "enum_values": ["a", "b", "c"], "default": "b"}
    spec = one("add a code to crops (unique) that is required")["field"]
    assert spec == {"name": "code", "required": True, "unique": True}


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "the farmer's phone is required",
            {"op": "set_required", "entity": "Farmer", "field": "phone"},
        ),
        (
            "the farmer of a crop doesn't have to be known",
            {"op": "set_required", "entity": "Crop", "field": "farmer_id", "required": False},
        ),
        (
            "crop names can be at most 40 characters",
            {"op": "set_max_length", "entity": "Crop", "field": "name", "max_length": 40},
        ),
        (
            "set the default season of crops to summer",
            {"op": "set_default", "entity": "Crop", "field": "season", "default": "summer"},
        ),
        ("index harvests by kilos", {"op": "set_indexed", "entity": "Harvest", "field": "kilos"}),
        (
            "make the farmer's name unique",
            {"op": "set_unique", "entity": "Farmer", "field": "name"},
        ),
        (
            "Rename Farmer to Grower",
            {"op": "rename_entity", "name": "Farmer", "new_name": "Grower"},
        ),
        (
            "rename kilos on harvests to weight",
            {"op": "rename_field", "entity": "Harvest", "field": "kilos", "new_name": "weight"},
        ),
        ("drop the phone field", {"op": "remove_field", "entity": "Farmer", "field": "phone"}),
        ("we don't need harvests any more", {"op": "remove_entity", "name": "Harvest"}),
        (
            "Deleting a farmer should only deactivate them",
            {"op": "set_entity_option", "entity": "Farmer", "option": "soft_delete"},
        ),
        (
            "keep a history of changes to crops",
            {"op": "set_entity_option", "entity": "Crop", "option": "audit_log"},
        ),
        ("move everything to postgresql", {"op": "set_database", "database": "postgres"}),
        ("deploy it in eu-central-1", {"op": "set_region", "region": "eu-central-1"}),
        ("keep logs for 3 weeks", {"op": "set_log_retention", "days": 21}),
    ],
)
def test_changes_to_what_exists(message: str, expected: dict[str, object]) -> None:
    assert one(message) == expected


def test_relationships_in_prose_create_what_is_missing() -> None:
    found = ops("each harvest is stored in exactly one barn")
    assert found[0]["op"] == "add_entity" and found[0]["name"] == "Barn"
    assert found[1] == {
        "op": "add_relationship",
        "entity": "Harvest",
        "kind": "belongs_to",
        "target": "Barn",
        "required": True,
    }
    found = ops("a crop can have several farmers and a farmer grows many crops")
    assert found == [
        {"op": "add_relationship", "entity": "Crop", "kind": "many_to_many", "target": "Farmer"}
    ]
    found = ops("Each farmer has many fields; a field has a name and a size in hectares")
    assert found[0]["op"] == "add_entity" and found[0]["name"] == "Field"
    fields = found[0]["fields"]
    assert isinstance(fields, list) and [f["name"] for f in fields] == ["name", "size"]


def test_many_to_many_in_other_words() -> None:
    found = ops("a farmer can sell at several markets")
    assert found[0]["name"] == "Market"
    assert found[1] == {
        "op": "add_relationship",
        "entity": "Farmer",
        "kind": "many_to_many",
        "target": "Market",
    }
    assert ops("crops can be grown by many farmers")[0]["kind"] == "many_to_many"
    spec = one("farmers have a rating from 1 to 5")["field"]
    assert spec == {"name": "rating", "type": "integer"}


def test_several_changes_in_one_message() -> None:
    found = ops("Add a phone to harvests and make the crop's season required; turn on tracing")
    assert [o["op"] for o in found] == ["add_field", "set_required", "set_infra_flag"]


def test_features_and_workflows() -> None:
    found = ops("Farmers can upload a photo of their farm")
    assert {"op": "add_bucket", "name": "farm-photos"} in found
    assert one("Email farmers a summary every monday at 6am")["schedule"] == "cron(0 6 ? * MON *)"
    assert one("send harvests through a fifo queue") == {
        "op": "add_queue",
        "name": "harvests",
        "fifo": True,
    }
    found = ops("make it multi-tenant, one tenant per cooperative")
    assert found[-1] == {"op": "set_tenancy", "mode": "multi", "entity": "Cooperative"}
    assert one("make the Crop list public but read-only") == {
        "op": "set_api",
        "entity": "Crop",
        "access": "public",
        "operations": ["list", "get"],
    }
    assert one("farmers sign in with their email and a password")["strategy"] == "cognito"


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("delete the Tractor entity", "There is no Tractor entity. Did you mean"),
        ("remove the Farmr entity", "There is no Farmr entity. Did you mean Farmer?"),
        ("rename it", "What should I rename"),
        ("make the name required", "Which name do you mean: Farmer.name or Crop.name?"),
        ("make it multi-tenant", "Which entity is the tenant"),
    ],
)
def test_questions_instead_of_guesses(message: str, question: str) -> None:
    reading = understand(message, BP)
    assert reading.question is not None and question in reading.question and not reading.ops


@pytest.mark.parametrize("message", ["make it better", "what do you think about GraphQL?", ""])
def test_nothing_to_do(message: str) -> None:
    reading = understand(message, BP)
    assert not reading.ops


def test_conversation_repeats_and_undoes() -> None:
    history = [ChatTurn("user", "add a notes field to crops"), ChatTurn("assistant", "done")]
    assert ops("also on harvests", history) == [
        {"op": "add_field", "entity": "Harvest", "field": {"name": "notes"}}
    ]
    assert ops("same for farmers", history)[0]["entity"] == "Farmer"
    assert understand("undo that", BP).undo and understand("Revert the last change", BP).undo


def test_typo_is_taken_and_said() -> None:
    reading = understand("add a colour to crpos", BP)
    assert reading.ops and 'I took "crpos" to mean Crop.' in reading.notes


def typed(ops_: list[Op]) -> list[str]:
    return [op.op for op in ops_]


def test_a_dropped_reading_takes_back_everything_it_noted() -> None:
    """A clause read and then dropped leaves no trace: the entity it focused on, the field it spoke
    of and the choice value it added ("make that the default" must not find it) all come back."""
    ctx = Context(Vocab(BP), BP)
    state = ctx.snapshot()
    ctx.entity("crops")
    ctx.value = ("Crop", "season", "winter")
    ctx.notes.append("a note")
    ctx.restore(state)
    assert (ctx.focus, ctx.value, ctx.notes) == (None, None, [])
