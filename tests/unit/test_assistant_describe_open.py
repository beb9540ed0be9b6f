"""Descriptions of products whose nouns are not in the noun table become sensible specs, by the
general rules: the app named after the subject, relationships from the words between nouns,
synonyms merged, typed fields by the kind of noun and the cues next to it, roles from the people,
an API for every entity, and a spec that compiles."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slipway.assistant.describe import draft_spec
from slipway.assistant.describe_kb import NOUNS
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from tests.fuzzing import FUZZ_DERANDOMIZE, FUZZ_EXAMPLES


@dataclass(frozen=True)
class Case:
    description: str
    name: str
    entities: set[str]
    links: set[tuple[str, str]]  # (entity, the entity it references)
    typed: dict[str, dict[str, str]]  # entity → field → type
    roles: set[str]
    absent: set[str] = field(default_factory=set)


CASES = [
    Case(
        "A climbing gym that lets members book classes taught by instructors, buy day passes, "
        "and log their climbs on routes with a grade",
        "Climbing Gym",
        {"Member", "Class", "Instructor", "Booking", "Pass", "Climb", "Route"},
        {
            ("Booking", "Member"),
            ("Booking", "Class"),
            ("Class", "Instructor"),
            ("Climb", "Member"),
            ("Climb", "Route"),
        },
        {
            "Class": {"starts_at": "datetime", "capacity": "integer", "status": "enum"},
            "Booking": {"starts_at": "datetime", "status": "enum"},
            "Pass": {"price": "number"},
            "Route": {"grade": "string"},
            "Instructor": {"email": "string"},
        },
        {"admin", "member", "instructor"},
    ),
    Case(
        "a dog walking service: dogs and their owners, walkers, and bookings; owners book walks "
        "for their dogs, and an appointment can be moved",
        "Dog Walking",
        {"Dog", "Owner", "Walker", "Walk", "Booking"},
        {("Dog", "Owner"), ("Walk", "Dog"), ("Booking", "Owner")},
        {
            "Walk": {"starts_at": "datetime", "status": "enum"},
            "Owner": {"email": "string"},
            "Booking": {"starts_at": "datetime", "status": "enum"},
        },
        {"admin", "owner", "walker"},
        {"Appointment", "Service"},
    ),
    Case(
        "a wedding photography studio where couples book shoots with photographers; each shoot "
        "has a venue and a date, and couples receive galleries of photos",
        "Wedding Photography Studio",
        {"Couple", "Shoot", "Photographer", "Booking", "Venue", "Gallery", "Photo"},
        {
            ("Booking", "Couple"),
            ("Booking", "Photographer"),
            ("Shoot", "Venue"),
            ("Gallery", "Couple"),
            ("Photo", "Gallery"),
        },
        {"Shoot": {"starts_at": "datetime", "date": "date"}, "Couple": {"email": "string"}},
        {"admin", "couple", "photographer"},
        {"Date", "Studio"},
    ),
    Case(
        "an allotment association whose gardeners rent plots; each plot belongs to a garden, "
        "and gardeners log harvests with a weight and a date",
        "Allotment Association",
        {"Gardener", "Plot", "Rental", "Garden", "Harvest"},
        {
            ("Rental", "Gardener"),
            ("Rental", "Plot"),
            ("Plot", "Garden"),
            ("Harvest", "Gardener"),
        },
        {
            "Harvest": {"weight": "number", "date": "date"},
            "Plot": {"price": "number"},
            "Garden": {"address": "string"},
        },
        {"admin", "gardener"},
        {"Belong", "Weight"},
    ),
    Case(
        "a pet grooming salon where clients book appointments for their pets with groomers; "
        "customers pay a deposit and each appointment has a price and a duration",
        "Pet Grooming Salon",
        {"Client", "Pet", "Groomer", "Appointment", "Payment"},
        {
            ("Pet", "Client"),
            ("Appointment", "Client"),
            ("Appointment", "Pet"),
            ("Appointment", "Groomer"),
            ("Payment", "Client"),
        },
        {
            "Appointment": {
                "starts_at": "datetime",
                "status": "enum",
                "price": "number",
                "duration_minutes": "integer",
            },
            "Groomer": {"email": "string"},
        },
        {"admin", "client", "groomer"},
        {"Customer", "Booking", "Deposit"},
    ),
    Case(
        "a food truck that sells dishes from a menu; staff and employees take orders with a "
        "pickup time, and customers leave reviews of dishes",
        "Food Truck",
        {"Dish", "Staff", "Order", "Customer", "Review"},
        {("Review", "Customer"), ("Review", "Dish"), ("Order", "Staff")},
        {
            "Dish": {"price": "number", "description": "string"},
            "Order": {"status": "enum", "starts_at": "datetime"},
        },
        {"admin", "staff", "customer"},
        {"Employee", "Truck"},
    ),
    Case(
        "a boat charter company where skippers run trips on boats, and sailors reserve seats "
        "on trips",
        "Boat Charter",
        {"Skipper", "Trip", "Boat", "Seat", "Sailor", "Reservation"},
        {
            ("Trip", "Skipper"),
            ("Trip", "Boat"),
            ("Seat", "Trip"),
            ("Reservation", "Sailor"),
            ("Reservation", "Seat"),
        },
        {
            "Trip": {"starts_at": "datetime", "capacity": "integer", "status": "enum"},
            "Reservation": {"status": "enum"},
        },
        {"admin", "skipper", "sailor"},
    ),
    Case(
        "For our climbing gym, members book classes taught by instructors, and route setters "
        "log new routes with a grade.",
        "Climbing Gym",
        {"Member", "Class", "Instructor", "Booking", "Setter", "Route"},
        {("Booking", "Member"), ("Booking", "Class"), ("Class", "Instructor")},
        {"Route": {"grade": "string"}, "Setter": {"email": "string"}},
        {"admin", "member", "instructor", "setter"},
        {"App", "Gym"},
    ),
    Case(
        "We need an app for a dog walking business: walkers take dogs out on walks, dogs and "
        "their owners, owners make appointments and pay per walk.",
        "Dog Walking",
        {"Walker", "Dog", "Walk", "Owner", "Appointment", "Payment"},
        {
            ("Dog", "Owner"),
            ("Walk", "Walker"),
            ("Walk", "Dog"),
            ("Appointment", "Owner"),
            ("Payment", "Owner"),
        },
        {"Walk": {"starts_at": "datetime"}, "Payment": {"amount": "number"}},
        {"admin", "walker", "owner"},
        {"Business", "Need"},
    ),
    Case(
        "a music festival where bands give performances on stages, volunteers work shifts, "
        "and each stage has a capacity",
        "Music Festival",
        {"Band", "Performance", "Stage", "Volunteer", "Shift"},
        {("Shift", "Volunteer"), ("Performance", "Stage"), ("Performance", "Band")},
        {
            "Shift": {"starts_at": "datetime"},
            "Stage": {"capacity": "integer"},
            "Performance": {"starts_at": "datetime", "status": "enum"},
        },
        {"admin", "volunteer"},
    ),
]


def _draft(description: str) -> tuple[str, Blueprint]:
    spec, message = draft_spec(description)
    assert spec is not None, message
    result = compile_spec(spec)
    assert result.ok and result.blueprint is not None, result.errors
    return spec, result.blueprint


@pytest.mark.parametrize("case", CASES, ids=[c.name + str(i) for i, c in enumerate(CASES)])
def test_an_open_description_becomes_a_sensible_spec(case: Case) -> None:
    spec, bp = _draft(case.description)
    assert bp.project.name == case.name
    names = [e.name for e in bp.entities if not e.join_entity]
    assert len(names) == len(set(names))
    assert case.entities <= set(names), names
    assert not case.absent & set(names), names
    for child, parent in case.links:
        entity = bp.entity(child)
        assert entity is not None
        refs = {f.references for f in entity.fields if f.references}
        assert parent in refs, (child, parent, spec)
    for entity_name, fields in case.typed.items():
        entity = bp.entity(entity_name)
        assert entity is not None
        for field_name, kind in fields.items():
            found = entity.field(field_name)
            assert found is not None and found.type == kind, (entity_name, field_name, spec)
    assert bp.auth.strategy == "jwt" and case.roles <= set(bp.auth.roles), bp.auth.roles
    assert {r.entity for r in bp.api.resources} == set(names)


@pytest.mark.parametrize("case", CASES, ids=[c.name + str(i) for i, c in enumerate(CASES)])
def test_entities_outside_the_table_get_more_than_a_name(case: Case) -> None:
    _, bp = _draft(case.description)
    managed = {"id", "created_at", "updated_at"}
    for entity in bp.entities:
        if entity.join_entity or entity.name.lower() in NOUNS:
            continue
        own = [f for f in entity.fields if f.name not in managed]
        assert len(own) >= 2, (entity.name, [f.name for f in own])


@pytest.mark.parametrize(
    ("description", "kept", "merged"),
    [
        (
            "a spa where guests make bookings and reservations for treatments",
            "Booking",
            "Reservation",
        ),
        ("a garage whose customers and clients bring cars for repairs", "Customer", "Client"),
        ("a warehouse where staff and employees pick parcels", "Staff", "Employee"),
    ],
)
def test_synonyms_are_one_entity(description: str, kept: str, merged: str) -> None:
    _, bp = _draft(description)
    names = {e.name for e in bp.entities}
    assert kept in names and merged not in names, names


def test_the_subject_names_the_app_wherever_it_stands() -> None:
    for description, name in [
        ("I run a small bakery that sells cakes to customers", "Bakery"),
        ("Members of our rowing club book boats", "Rowing Club"),
        ("For my tattoo studio: artists take appointments from clients", "Tattoo Studio"),
    ]:
        _, bp = _draft(description)
        assert bp.project.name == name


def test_people_are_roles_and_things_are_not() -> None:
    _, bp = _draft("a bike courier company where couriers deliver parcels to recipients")
    assert {"courier", "recipient"} <= set(bp.auth.roles)
    assert "parcel" not in bp.auth.roles and "admin" in bp.auth.roles


WORDS = [
    "a",
    "an",
    "the",
    "each",
    "every",
    "their",
    "its",
    "of",
    "for",
    "on",
    "with",
    "by",
    "and",
    "who",
    "that",
    "has",
    "have",
    "many",
    "several",
    "belongs",
    "to",
    "taught",
    "led",
    "owned",
    "dogs",
    "owners",
    "walkers",
    "walks",
    "members",
    "classes",
    "instructors",
    "bookings",
    "appointments",
    "reservations",
    "clients",
    "customers",
    "staff",
    "employees",
    "plots",
    "gardens",
    "harvests",
    "price",
    "date",
    "weight",
    "grade",
    "capacity",
    "duration",
    "sells",
    "buy",
    "book",
    "reserve",
    "rent",
    "pay",
    "galleries",
    "photos",
    "trips",
    "boats",
    "seats",
    "sets",
    "stages",
    "gym",
    "shop",
    "studio",
    "status",
    "email",
    "notes",
]


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_DERANDOMIZE)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_any_word_soup_drafts_a_spec_that_compiles_or_asks(words: list[str]) -> None:
    spec, message = draft_spec(" ".join(words))
    if spec is None:
        assert message.endswith("'.") or "describe it again" in message
        return
    result = compile_spec(spec)
    assert result.ok and result.blueprint is not None, (words, result.errors)
    names = [e.name for e in result.blueprint.entities]
    assert len(names) == len(set(names))
