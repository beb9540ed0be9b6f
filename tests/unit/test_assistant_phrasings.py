"""Kinds of request said the long way round, each on a spec of its own (a grooming salon): defaults
said as conditions, choices named by their values, constraints and renames said as facts, new
things introduced by what they have, API access in plain words, and changes that must not be
read as something else (a "not mandatory" that made a field required, "private or group" that
changed the API, "take them out" that did nothing)."""

from __future__ import annotations

from typing import Any

import pytest

from slipway.assistant import OfflineAssistant, understand
from slipway.spec import compile_spec

SALON = """# Grooming Salon

## Entities

### Dog
- name: string, required
- breed: string
- owner: ref Owner, required

### Owner
- full_name: string, required
- email: string, required, unique

### Appointment
- dog: ref Dog, required
- starts_at: datetime, required
- price: integer, default 40
- size: enum(small, big), default small
- station: ref GroomingStation

### GroomingStation
- label: string, required
"""
BP = compile_spec(SALON).blueprint


def names(bp: Any, entity: str) -> set[str]:
    """The names of an entity's fields (every one, managed too)."""
    return {f.name for f in bp.entity(entity).fields}


def ops(message: str, spec: str = SALON) -> list[dict[str, Any]]:
    reading = understand(message, compile_spec(spec).blueprint)
    assert reading.question is None, reading.question
    return [{"op": op.op, **op.model_dump(exclude_defaults=True)} for op in reading.ops]


def after(message: str, spec: str = SALON) -> Any:
    reply = OfflineAssistant().respond(spec, message)
    assert reply.changed, reply.message
    result = compile_spec(reply.spec)
    assert result.ok and result.blueprint is not None
    return result.blueprint


def field(bp: Any, entity: str, name: str) -> Any:
    found = bp.entity(entity).field(name)
    assert found is not None, [f.name for f in bp.entity(entity).fields]
    return found


@pytest.mark.parametrize(
    ("message", "name", "default"),
    [
        ("dogs get a coat colour, brown unless the owner says otherwise", "coat_colour", "brown"),
        ("appointments have a tip, 5 if not set", "tip", 5),
        ("a dog is waiting, bathing or done; new ones start out waiting", "status", "waiting"),
        ("appointments are booked, confirmed or done. booked at first", "status", "booked"),
    ],
)
def test_a_default_said_as_a_condition(message: str, name: str, default: object) -> None:
    entity = "Appointment" if "appointment" in message else "Dog"
    assert field(after(message), entity, name).default == default


def test_a_choice_of_the_entity_itself_is_named_by_its_values() -> None:
    assert field(after("owners are gold, silver or bronze"), "Owner", "type").type == "enum"
    assert field(after("dogs come in tiny, small or huge"), "Dog", "size").enum_values == [
        "tiny",
        "small",
        "huge",
    ]
    made = after("owners pick a plan. it's basic unless they upgrade to plus or pro")
    plan = field(made, "Owner", "plan")
    assert (plan.enum_values, plan.default) == (["basic", "plus", "pro"], "basic")


def test_a_negated_constraint_is_never_read_as_the_constraint() -> None:
    assert ops("Owner email isn't mandatory anymore") == [
        {"op": "set_required", "entity": "Owner", "field": "email", "required": False}
    ]
    assert ops("owner emails no longer need to be unique")[0]["unique"] is False


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("breeds are limited to 40 characters", ("max_length", 40)),
        ("breed is 30 characters max", ("max_length", 30)),
        ("each dog name has to be different", ("unique", True)),
        ("no two owners can share a full name", ("unique", True)),
    ],
)
def test_constraints_said_as_facts(message: str, expected: tuple[str, object]) -> None:
    found = ops(message)
    assert len(found) == 1 and found[0].get(expected[0], True) == expected[1], found


def test_renames_said_as_facts_and_of_a_value() -> None:
    assert ops("Owner should become Client") == [
        {"op": "rename_entity", "name": "Owner", "new_name": "Client"}
    ]
    assert ops("at our salon dogs are called pets, please change that")[0]["new_name"] == "Pet"
    assert ops("the size 'big' should be called 'large'") == [
        {"op": "set_enum_values", "entity": "Appointment", "field": "size",
         "values": ["small", "large"]}
    ]  # fmt: skip
    assert ops("rename the apointment entity to Visit")[0]["name"] == "Appointment"
    made = after("rename small to petite")
    assert field(made, "Appointment", "size").default == "petite"


def test_removals_said_in_other_words() -> None:
    assert ops("appointments shouldn't reference a station anymore") == [
        {"op": "remove_field", "entity": "Appointment", "field": "station_id"}
    ]
    assert ops("we no longer handle appointments, take them out") == [
        {"op": "remove_entity", "name": "Appointment"}
    ]


def test_a_new_thing_introduced_by_what_it_has() -> None:
    made = after("each dog has a favourite groomer; groomers have a name, a phone and a rate")
    assert made.entity("Groomer") is not None
    assert field(made, "Dog", "favourite_groomer_id").references == "Groomer"
    made = after("owners hold vouchers. a voucher has a code and an expiry date")
    assert made.entity("Voucher") is not None and made.entity("Owner").field("vouchers") is None
    made = after("Walkers (name and phone) walk dogs")
    assert {f.name for f in made.entity("Walker").fields} >= {"name", "phone"}
    made = after("we sell shampoos too. Each one has a brand and a price")
    assert field(made, "Shampoo", "price").type == "number"
    assert field(after("Dog.weight_kg: decimal"), "Dog", "weight_kg").type == "number"


def test_relationships_with_a_new_subject_or_a_place() -> None:
    made = after("each treat belongs to an appointment, with a flavour and a quantity")
    assert field(made, "Treat", "quantity").type == "integer"
    assert made.entity("Treat").field("appointment_id") is not None
    made = after("appointments take place at a particular salon")
    assert [r.target for r in made.entity("Appointment").relationships if r.kind == "belongs_to"]
    made = after("an appointment is paid in several instalments, each with an amount")
    assert field(made, "Instalment", "amount").type == "number"


def test_api_access_in_plain_words() -> None:
    assert ops("anyone should be able to browse dogs without an account")[0] == {
        "op": "set_api", "entity": "Dog", "access": "public", "operations": ["list", "get"]
    }  # fmt: skip
    assert ops("appointments shouldn't be deletable over the API")[0]["operations"] == [
        "list", "get", "create", "update"
    ]  # fmt: skip
    assert ops("owners over the API: list, view and update only")[0]["operations"] == [
        "list", "get", "update"
    ]  # fmt: skip
    assert ops("owners can look at dogs through the API but never edit them") == [
        {"op": "set_api", "entity": "Dog", "operations": ["list", "get"]}
    ]
    assert ops("dogs are small or big")[0]["op"] == "add_field"  # a choice, not "private"
    assert after("we want a health check route").api.health_endpoint is True


def test_infrastructure_and_workflows_in_plain_words() -> None:
    assert after("our servers should be in Tokyo").infrastructure.region == "ap-northeast-1"
    assert after("structured json logging please").infrastructure.structured_logging
    assert after("notify us when something breaks").infrastructure.alarms
    assert after("we need to keep vaccination PDFs").infrastructure.buckets == ["vaccination-pdfs"]
    assert after("when a dog is checked in, publish a dog arrived event").workflows.events[
        0
    ].name == ("dog.arrived")
    made = after("booking requests should go through a fifo queue so nothing is lost")
    assert made.workflows.queues[0].fifo
    assert after("every hour, look for no-shows").workflows.jobs


def test_the_roles_listed_are_all_the_roles() -> None:
    made = after("there are two kinds of users: groomer and receptionist")
    assert made.auth.roles == ["groomer", "receptionist"]


@pytest.mark.parametrize(
    ("message", "entity", "option"),
    [
        ("owners must never be physically deleted", "Owner", "soft_delete"),
        ("dogs can be deleted but we want to keep them around, hidden", "Dog", "soft_delete"),
        ("any change to owner data should be recorded", "Owner", "audit_log"),
        ("we need to see who touched an appointment", "Appointment", "audit_log"),
    ],
)
def test_entity_options_in_other_words(message: str, entity: str, option: str) -> None:
    assert getattr(after(message).entity(entity), option) is True


def test_tenancy_said_as_data_kept_apart() -> None:
    made = after("we'll license this to salons and every salon's data must stay separate")
    assert made.tenancy.tenant_entity == "Salon"
    made = after("each franchise that uses the app gets its own isolated data")
    assert made.tenancy.tenant_entity == "Franchise"


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("dogs: add a boolean called neutered", "Dog", "neutered", "boolean"),
        ("owners need a 6 digit pin", "Owner", "pin", "string"),
        ("i'd like a link to a photo for every dog", "Dog", "photo_url", "string"),
        ("appointments should record how long the groom took, in minutes", "Appointment",
         "duration_minutes", "integer"),
        ("dogs should say whether you need a muzzle for them (yes/no)", "Dog", "muzzle_required",
         "boolean"),
        ("add a percent off to appointments", "Appointment", "percent_off", "number"),
        ("appointments get a sequence number", "Appointment", "sequence_number", "integer"),
        ("grooming stations need email addresses, unique ones", "GroomingStation", "email",
         "string"),
        ("add a rating to dogs, an integer from 1 to 5", "Dog", "rating", "integer"),
        ("appointments get a score from the groomer, 0 to 10", "Appointment", "score", "integer"),
        ("add a weight to dogs with decimals", "Dog", "weight", "number"),
        ("owners speak languages; a plain text field is fine", "Owner", "languages", "string"),
        ("track how many baths each dog has had this year", "Dog", "baths_had", "integer"),
    ],
)  # fmt: skip
def test_field_phrases_said_the_long_way(message: str, entity: str, name: str, kind: str) -> None:
    made = after(message)
    assert field(made, entity, name).type == kind
    assert names(made, entity) - names(BP, entity) == {field(made, entity, name).name}


def test_what_a_message_says_of_its_new_field_is_part_of_it() -> None:
    found = ops("track how many walks each dog gets, it can be fractional")
    assert found == [
        {"op": "add_field", "entity": "Dog", "field": {"name": "walks", "type": "number"}}
    ]
    assert len(ops("each appointment lasts a number of minutes, add a duration")) == 1
    found = ops("dogs need a price and a sale price")
    assert [o["field"]["name"] for o in found] == ["price", "sale_price"]  # not a unit: both


def test_a_retyped_number_keeps_its_default() -> None:
    made = after("appointment price can be fractional")
    assert (field(made, "Appointment", "price").type, made.entity("Appointment").field("price")
            .default) == ("number", 40)  # fmt: skip
