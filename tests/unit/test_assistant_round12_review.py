"""What a review of round twelve's rewrites found them doing wrong, each now a test: messages the
assistant read right before the round, and must still read right (a possessive rewrite had
named ``bu_number``, "mark phone as required" had become a yes/no, "each dog is small, medium,
and large" three text fields, "The default … is wrong, it should be 5 more" a default of 5, "on
weekends, add …" a field ``surcharge_to_weekends``, "scrap that" had dropped the rest of the
message, "undo the colour. Dogs need a weight" lost the weight, and a story sentence holding a
request was set apart as background)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slipway.spec import compile_spec
from tests.unit.assistant_support import KENNEL, chat, field, say

SHOP = Path(__file__).resolve().parents[2] / "tests" / "assistant" / "dev" / "base-shop.md"
RATE = KENNEL.replace(
    "- nightly_rate: number, required", "- nightly_rate: number, required, default 30"
)

ADDED: list[tuple[str, str, str, str]] = [
    ("the bus number for each stay", "Stay", "bus_number", "string"),
    ("on weekends, add a surcharge to stays", "Stay", "surcharge", "string"),
    ("Each stay just gets a receipt, add receipt_number to Stay", "Stay", "receipt_number", "string"),
    ("a couple of tweaks are needed: dogs need a weight", "Dog", "weight", "number"),
    ("Stays need a notes field. Actually make it 500", "Stay", "notes", "string"),
]  # fmt: skip
"""(message, entity, field, type): the field is added, with its own name."""


@pytest.mark.parametrize(("message", "entity", "name", "kind"), ADDED)
def test_a_field_keeps_its_name(message: str, entity: str, name: str, kind: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    found = field(bp, entity, name)
    assert changed and found is not None and found.type == kind, reply


def test_mark_a_field_as_required_is_a_constraint_not_a_flag() -> None:
    changed, bp, reply = say("mark phone as required", KENNEL)
    phone = field(bp, "Owner", "phone")
    assert changed and phone is not None and phone.required, reply


def test_a_list_of_values_said_with_is_stays_a_choice() -> None:
    changed, bp, reply = say("each dog is small, medium, and large", KENNEL)
    size = field(bp, "Dog", "size")
    assert changed and size is not None and size.enum_values == ["small", "medium", "large"], reply


@pytest.mark.parametrize(
    "message",
    [
        "The default nightly rate is wrong, it should be 5 more",
        "The default nightly rate is wrong since 2024",
        "The default nightly rate is wrong, raise it by 5",
    ],
)
def test_a_wrong_default_said_with_an_unrelated_number_changes_nothing(message: str) -> None:
    changed, _, reply = say(message, RATE)
    assert not changed, reply


def test_on_an_entity_add_a_field_and_make_it_required() -> None:
    changed, bp, reply = say("on stays: add a deposit and make it required", KENNEL)
    deposit = field(bp, "Stay", "deposit")
    assert changed and deposit is not None and deposit.required, reply


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("Dogs sometimes arrive late so track the arrival time on stays. Also add a weight to "
         "dogs.", "Stay", "arrival_time"),
        ("Owners often forget to pay so record a paid flag on stays. Dogs need a weight too.",
         "Stay", "paid"),
    ],
)  # fmt: skip
def test_a_story_sentence_that_asks_is_read(message: str, entity: str, name: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed and field(bp, entity, name) is not None, reply
    assert field(bp, "Dog", "weight") is not None, reply


def test_no_point_in_having_it_drop_it_removes_it() -> None:
    changed, bp, reply = say("No point in having breed, drop it. Add a weight to dogs.", KENNEL)
    assert changed and field(bp, "Dog", "breed") is None and field(bp, "Dog", "weight"), reply


def test_scrap_that_takes_back_only_its_own_sentence() -> None:
    changed, bp, reply = say(
        "Dogs need a weight. Owners need an address. scrap that, owners need a postcode", KENNEL
    )
    assert changed and field(bp, "Dog", "weight") is not None, reply
    assert field(bp, "Owner", "postcode") is not None, reply
    changed, bp, reply = say(
        "We're based in london, scrap that, leeds. Dogs need a weight.", KENNEL
    )
    assert changed and field(bp, "Dog", "weight") is not None, reply
    assert bp.infrastructure.region == "us-east-1", reply  # leeds names no region: unchanged


def test_undo_a_field_then_ask_for_another() -> None:
    changed, spec, reply = chat(["add a colour to dogs", "undo the colour. Dogs need a weight"])
    assert changed and "- weight: number" in spec, reply


def test_undo_the_bit_of_a_field_that_was_only_changed_keeps_the_field() -> None:
    _, spec, reply = chat(["make breed required", "undo the breed bit"])
    assert "- breed:" in spec, reply


@pytest.mark.parametrize(
    "message",
    [
        "make a simple thing with a name and a date",
        "Owners should see their dog's stays. only looking tho, no changes",
        "show us pictures of each dog",
        "we need to count how many dogs are booked",
    ],
)
def test_too_broad_readings_stay_unread(message: str) -> None:
    changed, _, reply = say(message, KENNEL)
    assert not changed, reply


def test_an_entity_named_someone_can_still_be_asked_for() -> None:
    changed, bp, reply = say("Add a Someone entity with a name", KENNEL)
    assert changed and "Someone" in {e.name for e in bp.entities}, reply


def test_a_plural_word_ending_in_s_keeps_it_in_a_shop() -> None:
    spec = SHOP.read_text()
    assert compile_spec(spec).ok
    changed, bp, reply = say("the sales email on each customer", spec)
    assert changed and field(bp, "Customer", "sales_email") is not None, reply


ROLE_FIELD = KENNEL.replace("- breed: string\n", "- breed: string\n- role: string\n")


@pytest.mark.parametrize(
    "message", ["rename the role field to position", "rename the role to position"]
)
def test_a_field_called_role_is_renamed_as_a_field(message: str) -> None:
    changed, bp, reply = say(message, ROLE_FIELD)
    assert changed and field(bp, "Dog", "position") is not None, reply
    assert bp.auth.roles == ["admin", "staff"], reply


def test_scrap_that_just_the_thing_said_before_keeps_only_it() -> None:
    changed, bp, reply = say(
        "dogs need a weight. owners need an address. actually scrap that, just the weight", KENNEL
    )
    assert changed and field(bp, "Dog", "weight") is not None, reply
    assert field(bp, "Owner", "weight") is None and field(bp, "Owner", "address") is None, reply


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("stays just need a deposit, a pickup time and a notes field", "Stay", "pickup_time"),
        ("owners send us photos of their vaccination cards", "Owner", "vaccination_card_photo"),
    ],
)
def test_more_readings_kept_after_the_second_review(message: str, entity: str, name: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed and field(bp, entity, name) is not None, reply
    assert not {"StaysJust", "Us"} & {e.name for e in bp.entities}, reply


def test_an_arrow_to_make_a_field_required_is_no_rename_of_the_entity() -> None:
    changed, bp, reply = say("dogs -> make breed required", KENNEL)
    breed = field(bp, "Dog", "breed")
    assert changed and breed is not None and breed.required, reply


def test_the_default_is_wrong_we_have_a_number_now() -> None:
    changed, bp, reply = say("the default nightly rate is wrong, we have 12 now", RATE)
    rate = field(bp, "Stay", "nightly_rate")
    assert changed and rate is not None and rate.default == 12, reply
