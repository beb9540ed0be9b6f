"""Round ten's requests, in phrasings written for these tests: a field asked for as the question
staff ask of a record ("Dogs: is it neutered?"), a question people keep asking then "can we note
that against each dog?", a remark after a dash or a comma, a rename said as "call the … field x
instead of y", a value added and made the default in one message, and a field said by who it is
for ("a bio for the website")."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from tests.unit.assistant_support import KENNEL, added, chat, field, say

SIZED = KENNEL.replace(
    "- breed: string\n",
    "- breed: string\n- size: enum(small, medium, large), default medium\n",
)
TRACKS = """# Harriers

A running club's track sessions.

## Entities

### Track
- name: string, required

### Session
- track: ref Track, required
- starts_at: datetime, required
"""


ONE_FIELD: list[tuple[str, str, str, str]] = [
    # a field asked for as the question staff ask of a record
    ("Dogs: is it neutered? The kennel hand needs to know", "Dog", "is_neutered", "boolean"),
    ("dogs - was it rehomed or returned? the council asks", "Dog", "is_rehomed", "boolean"),
    ("stays: paid or not?", "Stay", "is_paid", "boolean"),
    ("is a dog insured through its owner? need a yes/no on dogs", "Dog", "insured", "boolean"),
    ("owners: how did they hear about us? free text", "Owner", "heard_about_us", "string"),
    ("owners keep asking which stays need a crate", "Stay", "crate_required", "boolean"),
    ("we need to know if a dog's a rescue", "Dog", "is_rescue", "boolean"),
    ("how many walks did each stay include?", "Stay", "walks_count", "integer"),
    ("we want to know roughly how heavy each dog is", "Dog", "weight", "number"),
    ("add how long each stay took, in days", "Stay", "duration", "integer"),
    ("keep count of how many owners called in per stay", "Stay", "call_ins", "integer"),
    # a question people keep asking, then "can we note that against each one?"
    (
        "Owners keep phoning to ask which dogs have a microchip. Can we note that against each "
        "dog?",
        "Dog",
        "has_microchip",
        "boolean",
    ),
    # what the field is, said after it, is no field of its own
    ("add a price to stays, what we charge per night", "Stay", "price", "number"),
    # someone else wants it on file
    ("Our vets now want every dog's date of birth on file.", "Dog", "date_of_birth", "date"),
    (
        "For the insurance we have to keep each dog's date of birth on file.",
        "Dog",
        "date_of_birth",
        "date",
    ),
    # when something first happened, or came back
    (
        "Could we store the date each dog first started boarding?",
        "Dog",
        "started_boarding_on",
        "date",
    ),
    (
        "can we record what time the dog actually got back from its walk on each stay?",
        "Stay",
        "returned_at",
        "datetime",
    ),
    ("Stays need a deposit-paid tickbox", "Stay", "deposit_paid", "boolean"),
]
"""Messages that add exactly one field: (message, entity, name, type)."""


@pytest.mark.parametrize(("message", "entity", "name", "kind"), ONE_FIELD)
def test_one_field_said_as_people_say_it(message: str, entity: str, name: str, kind: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [(f.name, f.type) for f in added(KENNEL, bp, entity)] == [(name, kind)], reply


def test_a_reason_after_a_comma_that_says_anyone_is_no_api_change() -> None:
    changed, bp, reply = say(
        "owner phone numbers should be compulsory, we can't book anyone in without one", KENNEL
    )
    assert changed, reply
    phone = field(bp, "Owner", "phone")
    assert phone is not None and phone.required, reply
    assert bp.api.resources == [] or all(not r.public for r in bp.api.resources), reply


def test_two_entities_made_readable_by_the_public_together() -> None:
    changed, bp, reply = say(
        "Stays and dogs should be readable by the public website. Read only.", KENNEL
    )
    assert changed, reply
    shared = {r.entity: (r.public, set(r.operations)) for r in bp.api.resources}
    assert shared.get("Stay") == (True, {"list", "get"}), reply
    assert shared.get("Dog") == (True, {"list", "get"}), reply


@pytest.mark.parametrize(
    ("message", "entity", "name"),
    [
        ("owners need a bio for the website", "Owner", "bio"),
        ("For the dogs we want a little photo for the website, a link is fine", "Dog", "photo_url"),
        ("dogs: microchip number please, unique", "Dog", "microchip_number"),
    ],
)
def test_who_a_field_is_for_is_no_part_of_its_name(message: str, entity: str, name: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    assert [f.name for f in added(KENNEL, bp, entity)] == [name], reply
    assert bp.infrastructure.buckets == [], reply  # a link to a photo keeps no file


@pytest.mark.parametrize(
    "message",
    [
        "Add a licence number to owners. Has to be unique.",
        "add a licence number to owners, has to be unique",
    ],
)
def test_a_constraint_said_without_its_subject(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    licence = field(bp, "Owner", "licence_number")
    assert licence is not None and licence.unique, reply


def test_a_rename_said_as_call_it_x_instead_of_y_with_a_remark() -> None:
    changed, bp, reply = say(
        "Call the stay rate field price_per_night instead of nightly_rate (it's still per night)",
        KENNEL,
    )
    assert changed, reply
    assert field(bp, "Stay", "price_per_night") is not None, reply
    assert field(bp, "Stay", "nightly_rate") is None, reply


@pytest.mark.parametrize(
    "message",
    [
        "Add 'giant' to the dog sizes and make that the default for new dogs",
        "add giant to the dog sizes and make giant the default",
    ],
)
def test_a_value_added_then_made_the_default(message: str) -> None:
    changed, bp, reply = say(message, SIZED)
    assert changed, reply
    size = field(bp, "Dog", "size")
    assert size is not None and "giant" in size.enum_values and size.default == "giant", reply


def test_a_reason_after_a_dash_is_not_part_of_the_default() -> None:
    changed, bp, reply = say(
        "Breed on dogs: make it required, and default it to mixed — most people don't know",
        KENNEL,
    )
    assert changed, reply
    breed = field(bp, "Dog", "breed")
    assert breed is not None and breed.required and breed.default == "mixed", reply


def test_a_role_then_a_remark_after_a_dash() -> None:
    changed, bp, reply = say("add a 'groomer' role please — they need to see every dog", KENNEL)
    assert changed, reply
    assert "groomer" in bp.auth.roles, reply


@pytest.mark.parametrize(
    ("message", "name"),
    [("track length in metres", "length"), ("track surface", "surface")],
)
def test_an_entity_named_like_a_verb_said_tersely(message: str, name: str) -> None:
    changed, bp, reply = say(message, TRACKS)
    assert changed, reply
    assert [f.name for f in added(TRACKS, bp, "Track")] == [name], reply
    assert [e.name for e in bp.entities] == ["Track", "Session"], reply


def test_something_for_a_screen_is_never_a_field() -> None:
    changed, _, reply = say("add a dark mode to the stay page please, owners keep asking", KENNEL)
    assert not changed, reply


def test_i_meant_on_the_other_entity_moves_the_field() -> None:
    changed, spec, reply = chat(
        ["add a price to stays, what we charge per night", "sorry, I meant on dogs, not stays"]
    )
    assert changed, reply
    assert "- price: number" in spec.split("### Dog")[1].split("### Stay")[0], reply
    assert "- price: number" not in spec.split("### Stay")[1], reply


def test_a_new_record_whose_fields_are_said_as_questions() -> None:
    changed, spec, reply = chat(
        [
            "We need a Groomer record: their name, how much they charge a month, the date the "
            "contract started, how many times a week they visit, and whether it's a mobile or "
            "salon groomer"
        ]
    )
    assert changed, reply
    fields = spec.split("### Groomer")[1]
    for line in ("- name: string", "- visits_per_week: integer", "- is_mobile: boolean"):
        assert line in fields, reply
    assert "number" in fields and "date" in fields and "ref" not in fields, reply


def test_what_we_can_do_with_a_record_and_a_bracketed_constraint() -> None:
    changed, spec, reply = chat(
        [
            "We need a Crate record: the serial number (no two the same), whether it's in for "
            "repair and whether we can claim vat on it"
        ]
    )
    assert changed, reply
    fields = spec.split("### Crate")[1]
    assert "- serial_number: string, unique" in fields, reply
    assert "- is_in_for_repair: boolean" in fields, reply
    assert "- can_claim_vat: boolean" in fields, reply


def test_how_much_they_pay_among_a_new_records_fields_is_kept() -> None:
    changed, spec, reply = chat(
        [
            "Walkers! We need their name, an email, how much they pay a month and the date they joined"
        ]
    )
    assert changed, reply
    fields = spec.split("### Walker")[1]
    assert "- email: string" in fields and ": number" in fields and ": date" in fields, reply


def test_undo_the_field_just_added_takes_only_that_out() -> None:
    changed, spec, reply = chat(
        ["give owners a mobile number", "and a postcode", "actually, undo the postcode"]
    )
    assert changed, reply
    assert "- mobile_number: string" in spec and "postcode" not in spec, reply


@pytest.mark.parametrize(
    ("message", "undo"),
    [
        ("actually, undo the last change", True),
        ("undo the whole thing", False),
        ("undo the rename please", False),
    ],
)
def test_undo_the_last_change_removes_no_field(message: str, undo: bool) -> None:
    _, spec, _ = chat(["give owners a mobile number"])
    reply = OfflineAssistant().respond(spec, message)
    assert not reply.changed and reply.undo is undo, reply.message


@pytest.mark.parametrize(
    "message",
    [
        "Stays: we run them in English, Welsh or Polish now, need to record which",
        "stays are run in english, welsh or polish",
    ],
)
def test_languages_something_is_run_in_are_its_language(message: str) -> None:
    changed, bp, reply = say(message, KENNEL)
    assert changed, reply
    language = field(bp, "Stay", "language")
    assert language is not None and language.type == "enum", reply
    assert [v.lower() for v in language.enum_values] == ["english", "welsh", "polish"], reply


def test_a_new_kind_of_record_the_business_needs_is_never_the_business() -> None:
    changed, bp, reply = say("the kennel needs invoices: the amount and the date sent", KENNEL)
    assert changed, reply
    assert "Invoice" in [e.name for e in bp.entities], reply
    assert "Kennel" not in [e.name for e in bp.entities], reply


def test_two_questions_that_ask_for_constraints() -> None:
    changed, bp, reply = say(
        "Is it possible to stop two owners from having the same email? And could owner names be "
        "kept to 60 characters?",
        KENNEL,
    )
    assert changed, reply
    email, name = field(bp, "Owner", "email"), field(bp, "Owner", "name")
    assert email is not None and email.unique, reply
    assert name is not None and name.max_length == 60, reply


def test_insisting_that_everyone_gives_a_field_makes_it_required() -> None:
    changed, bp, reply = say("Is there a way to insist that every owner gives us a phone?", KENNEL)
    assert changed, reply
    phone = field(bp, "Owner", "phone")
    assert phone is not None and phone.required, reply


def test_every_change_anyone_makes_is_an_audit_trail_never_a_public_api() -> None:
    changed, bp, reply = say(
        "We had a mix-up over a bill. From now on I need to see every change anyone makes to stays.",
        KENNEL,
    )
    assert changed, reply
    stay = next(e for e in bp.entities if e.name == "Stay")
    assert stay.audit_log, reply
    assert all(not r.public for r in bp.api.resources), reply


def test_each_kind_of_day_with_someone_in_charge_is_no_schedule() -> None:
    spec = KENNEL.replace("### Stay", "### WalkDay\n- walk_date: date, required\n\n### Stay")
    _, bp, reply = say("Each walk day has one owner in charge of running it", spec)
    assert bp.workflows.jobs == [], reply


def test_whether_a_quantity_is_in_one_unit_or_another_is_its_unit() -> None:
    spec = KENNEL.replace(
        "- nightly_rate: number, required\n",
        "- nightly_rate: number, required\n- quantity: integer\n",
    )
    changed, bp, reply = say(
        "Stays need to say whether the quantity is nights, weeks or months. Nights by default.",
        spec,
    )
    assert changed, reply
    unit = field(bp, "Stay", "quantity_unit")
    assert unit is not None and unit.enum_values == ["nights", "weeks", "months"], reply
    assert unit.default == "nights" and [f.name for f in added(spec, bp, "Stay")] == [
        "quantity_unit"
    ]


@pytest.mark.parametrize(("word", "value"), [("zero", 0), ("ten", 10)])
def test_a_default_said_as_a_word(word: str, value: int) -> None:
    changed, spec, reply = chat(
        ["owners should have a credit balance", f"default that to {word} please"]
    )
    assert changed, reply
    assert f"- credit_balance: number, default {value}" in spec, reply


def test_a_generic_field_said_of_an_entity_is_its_own_named_one() -> None:
    spec = SIZED.replace(
        "- size: enum(small, medium, large), default medium\n",
        "- dog_size: enum(small, medium, large)\n",
    )
    changed, bp, reply = say(
        "We've stopped taking big dogs so take large out of the dog sizes. Oh, and every dog "
        "should have a size, make it compulsory.",
        spec,
    )
    assert changed, reply
    size = field(bp, "Dog", "dog_size")
    assert size is not None and size.required and size.enum_values == ["small", "medium"], reply
    assert field(bp, "Dog", "size") is None, reply


def test_taking_a_word_out_of_a_field_that_is_no_value_removes_nothing() -> None:
    _, bp, reply = say("take breed out of the dog sizes", SIZED)
    size = field(bp, "Dog", "size")
    assert size is not None and size.enum_values == ["small", "medium", "large"], reply


def test_we_should_be_keeping_a_new_kind_of_record() -> None:
    changed, bp, reply = say(
        "We should be keeping invoices in here too. An invoice is for a stay, has an amount, and "
        "whether the owner paid it.",
        KENNEL,
    )
    assert changed, reply
    invoice = next(e for e in bp.entities if e.name == "Invoice")
    assert {f.name for f in invoice.fields} >= {"amount", "stay_id"}, reply
    assert [f.name for f in added(KENNEL, bp, "Stay")] == [], reply
    assert [f.name for f in added(KENNEL, bp, "Owner")] == [], reply


def test_a_two_word_head_ending_in_an_entity_asks_which_one_is_meant() -> None:
    changed, _, reply = say("rescue dogs: a handler name and a class", KENNEL)
    assert not changed, reply
    assert "Dog" in reply and "RescueDog" in reply, reply
