"""Entity and relationship requests of the fourth round, on a spec of their own (a marina) and in
phrasings written for these tests: columns in developer notation (dotted, in a table, in SQL),
entity renames and removals said in prose or SQL, many-to-many links said from both sides, and
new kinds of record introduced in prose with their fields."""

from __future__ import annotations

from slipway.assistant import OfflineAssistant
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from tests.unit.assistant_support import field

MARINA = """# Gull Point Marina

Berths rented to skippers for their vessels.

## Entities

### Skipper
- full_name: string, required
- email: string, required, unique

### Berth
- code: string, required, unique
- length_m: number, required
- kind: enum(pontoon, mooring, dry), required

### Vessel
- title: string, required
- skipper: ref Skipper, required
- berth: ref Berth

### Mechanic
- full_name: string, required

### Lease
- vessel: ref Vessel, required
- starts_on: date, required
"""


def say(message: str, spec: str = MARINA) -> tuple[bool, Blueprint, str]:
    reply = OfflineAssistant().respond(spec, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint, reply.message


def entity_names(bp: Blueprint) -> set[str]:
    return {e.name for e in bp.entities}


def links(bp: Blueprint, entity: str) -> set[tuple[str, str]]:
    found = next(e for e in bp.entities if e.name == entity)
    return {(r.kind, r.target) for r in found.relationships}


# --- columns in developer notation ------------------------------------------------------------


def test_a_dotted_foreign_key_with_not_null_is_a_required_reference() -> None:
    changed, bp, _ = say("Lease.berth_id FK -> Berth, NOT NULL")
    assert changed
    ref = field(bp, "Lease", "berth_id")
    assert ref is not None and ref.required
    assert ("belongs_to", "Berth") in links(bp, "Lease")


def test_a_dotted_foreign_key_named_by_its_role_points_at_the_target() -> None:
    changed, bp, _ = say("Lease.witness_id FK -> Skipper, nullable (most leases have none)")
    assert changed
    ref = field(bp, "Lease", "witness_id")
    assert ref is not None and not ref.required


def test_a_dotted_enum_column_with_a_default() -> None:
    changed, bp, _ = say("Lease.state enum('draft','signed','ended') NOT NULL DEFAULT 'draft'")
    assert changed
    state = field(bp, "Lease", "state")
    assert state is not None and state.type == "enum" and state.required
    assert list(state.enum_values) == ["draft", "signed", "ended"] and state.default == "draft"


def test_values_added_with_plus_equals_and_the_same_for_another_field() -> None:
    spec = MARINA.replace("- starts_on: date, required", "- kind: enum(pontoon, mooring), required")
    changed, bp, _ = say("Berth.kind += 'buoy'; same for Lease.kind", spec)
    assert changed
    for owner in ("Berth", "Lease"):
        kind = field(bp, owner, "kind")
        assert kind is not None and "buoy" in kind.enum_values


def test_a_new_table_with_typed_columns_and_a_key() -> None:
    changed, bp, _ = say(
        "create table Fueling (id PK, vessel_id FK NOT NULL, litres DECIMAL, "
        "pump_label VARCHAR(20), fuelled_on DATE)"
    )
    assert changed
    assert field(bp, "Fueling", "litres") is not None
    label = field(bp, "Fueling", "pump_label")
    assert label is not None and label.max_length == 20
    vessel = field(bp, "Fueling", "vessel_id")
    assert vessel is not None and vessel.required


def test_an_entity_added_with_a_colon_and_columns() -> None:
    changed, bp, _ = say("add Charge: skipper_id FK NOT NULL, total DECIMAL NOT NULL, settled bool")
    assert changed
    total = field(bp, "Charge", "total")
    assert total is not None and total.type == "number" and total.required
    settled = field(bp, "Charge", "settled")
    assert settled is not None and settled.type == "boolean"


def test_columns_on_an_existing_entity_change_or_add() -> None:
    changed, bp, _ = say("Berth: depth_m NUMERIC DEFAULT 2; add remarks TEXT")
    assert changed
    depth = field(bp, "Berth", "depth_m")
    assert depth is not None and depth.type == "number" and depth.default == 2
    assert field(bp, "Berth", "remarks") is not None


def test_a_remark_after_the_columns_is_left_out() -> None:
    changed, bp, _ = say(
        "Skipper: add licence_no VARCHAR(30) nullable, needed for the harbour office"
    )
    assert changed
    assert field(bp, "Skipper", "licence_no") is not None
    assert field(bp, "Skipper", "needed_for_the_harbour_office") is None


def test_a_field_said_in_words_is_no_column() -> None:
    changed, bp, _ = say("skippers: mobile number please")
    assert changed
    assert field(bp, "Skipper", "mobile") is None


# --- renames and removals ---------------------------------------------------------------------


def test_rename_said_with_in_and_a_reason_after() -> None:
    changed, bp, _ = say("please rename the Mechanic in Engineer, that is the word the crew uses")
    assert changed
    assert "Engineer" in entity_names(bp) and "Mechanic" not in entity_names(bp)


def test_should_be_called_with_a_remark_after_a_dash() -> None:
    changed, bp, _ = say("Skipper should be called Owner — they own the boats after all")
    assert changed
    assert "Owner" in entity_names(bp) and "Skipper" not in entity_names(bp)


def test_call_the_entity_named_before_something_else() -> None:
    changed, bp, _ = say(
        "the name 'Lease' confuses our accountants. can we call the entity Rental?"
    )
    assert changed
    assert "Rental" in entity_names(bp)


def test_sql_table_rename_and_the_entity_name_said_after() -> None:
    changed, bp, _ = say("ALTER TABLE leases RENAME TO rentals; the entity should be Rental")
    assert changed
    assert "Rental" in entity_names(bp) and "Lease" not in entity_names(bp)


def test_arrow_rename_everywhere_and_keeping_the_keys() -> None:
    changed, bp, _ = say("Berth → Slip everywhere, keep the foreign keys in sync")
    assert changed
    assert "Slip" in entity_names(bp) and "Berth" not in entity_names(bp)


def test_an_entity_dropped_from_here_with_its_reason() -> None:
    changed, bp, _ = say("mechanics are handled by the boatyard now, drop Mechanic from here")
    assert changed
    assert "Mechanic" not in entity_names(bp)


def test_drop_table_cascade_and_what_the_other_keeps() -> None:
    spec = MARINA.replace("- vessel: ref Vessel, required\n- starts_on", "- starts_on")
    spec = spec.replace("### Lease\n", "### Lease\n- mechanic: ref Mechanic\n")
    changed, bp, _ = say("DROP TABLE mechanics CASCADE; leases keep starts_on only", spec)
    assert changed
    assert "Mechanic" not in entity_names(bp) and field(bp, "Lease", "starts_on") is not None


def test_a_field_is_not_dropped_as_an_entity() -> None:
    changed, _, _ = say("take Dinghy out")
    assert not changed


# --- many-to-many said from both sides --------------------------------------------------------


def test_both_sides_of_a_link_make_it_many_to_many() -> None:
    changed, bp, _ = say(
        "a mechanic can service several vessels and every vessel has a few regular mechanics"
    )
    assert changed
    assert ("many_to_many", "Vessel") in links(bp, "Mechanic")


def test_both_sides_said_in_two_sentences_and_then_link_them() -> None:
    changed, bp, _ = say(
        "Mechanics work on the vessels. One vessel has many mechanics. One mechanic works on "
        "lots of different vessels. Please link them."
    )
    assert changed
    assert ("many_to_many", "Vessel") in links(bp, "Mechanic")


def test_one_side_only_is_no_many_to_many() -> None:
    _, bp, _ = say("a skipper can have several vessels")
    assert ("many_to_many", "Vessel") not in links(bp, "Skipper")


def test_both_sides_with_a_new_entity() -> None:
    changed, bp, _ = say(
        "One berth can have more sensors, and one sensor watches also more berths. "
        "Make the Sensor its own entity with a serial code."
    )
    assert changed
    assert "Sensor" in entity_names(bp)
    assert ("many_to_many", "Sensor") in links(bp, "Berth")


# --- new kinds of record in prose -------------------------------------------------------------


def test_a_record_to_track_with_its_fields_after_a_colon() -> None:
    changed, bp, _ = say(
        "we want to track each pump out: which vessel, the date, and the volume in litres"
    )
    assert changed
    assert "PumpOut" in entity_names(bp)
    assert field(bp, "PumpOut", "vessel_id") is not None


def test_a_catalogue_with_its_fields() -> None:
    changed, bp, _ = say("We need a Spare catalogue: a name, and how many of each we have")
    assert changed
    quantity = field(bp, "Spare", "quantity")
    assert quantity is not None and quantity.type == "integer"


def test_records_on_another_entity_belong_to_it() -> None:
    changed, bp, _ = say(
        "We need to record complaints that skippers make about their berth: when it was made, "
        "and whether it's been resolved yet."
    )
    assert changed
    assert ("belongs_to", "Berth") in links(bp, "Complaint")


def test_a_record_said_by_what_it_is_for() -> None:
    changed, bp, _ = say("A booking is for one berth by one skipper, with the date it starts.")
    assert changed
    assert {("belongs_to", "Berth"), ("belongs_to", "Skipper")} <= links(bp, "Booking")


def test_records_needed_with_their_fields() -> None:
    changed, bp, _ = say("so we need inspections with the vessel the mechanic and the date")
    assert changed
    assert field(bp, "Inspection", "vessel_id") is not None
    assert field(bp, "Inspection", "mechanic_id") is not None


def test_an_existing_entity_is_not_made_again() -> None:
    _, bp, _ = say("we want to track each vessel: the title")
    assert sum(1 for e in bp.entities if e.name == "Vessel") == 1


# --- one record pointing at another -----------------------------------------------------------


def test_each_record_about_one_other_and_link_them() -> None:
    changed, bp, _ = say("each lease is about one berth, link them")
    assert changed
    assert ("belongs_to", "Berth") in links(bp, "Lease")


def test_at_most_one_is_an_optional_reference() -> None:
    changed, bp, _ = say("a vessel can have at most one mechanic, and it's optional")
    assert changed
    ref = field(bp, "Vessel", "mechanic_id")
    assert ref is not None and not ref.required


def test_which_one_did_it_makes_the_entity_and_the_list_gives_its_fields() -> None:
    changed, bp, _ = say(
        "The lease must record which notary has done it. The notaries are a list with their "
        "name and a licence code."
    )
    assert changed
    assert ("belongs_to", "Notary") in links(bp, "Lease")
    assert field(bp, "Notary", "licence_code") is not None


def test_the_entity_just_made_with_fields_and_a_pointer_to_him() -> None:
    changed, bp, _ = say(
        "Each lease is signed by one broker. We need the Broker with name and phone, and the "
        "lease shall point to him."
    )
    assert changed
    assert field(bp, "Broker", "phone") is not None
    assert ("belongs_to", "Broker") in links(bp, "Lease")


def test_a_hedged_link_is_a_request() -> None:
    changed, bp, _ = say("would it make sense for each lease to be linked to a berth?")
    assert changed
    assert ("belongs_to", "Berth") in links(bp, "Lease")


def test_a_hedged_question_that_asks_nothing_changes_nothing() -> None:
    changed, _, _ = say("would it make sense to think about the colours again?")
    assert not changed


def test_a_new_entity_instead_of_a_text_field() -> None:
    spec = MARINA.replace(
        "- title: string, required\n", "- title: string, required\n- club: string\n"
    )
    changed, bp, _ = say(
        "would it make sense to have a Club entity instead of club being free text on the vessel? "
        "each club has a name and a town",
        spec,
    )
    assert changed
    assert ("belongs_to", "Club") in links(bp, "Vessel")
    assert field(bp, "Club", "town") is not None


def test_a_new_entity_for_a_purpose_then_its_fields_listed() -> None:
    changed, bp, _ = say(
        "add a Guest entity for the clubhouse. name, phone, and whether they're crew or visitor"
    )
    assert changed
    kind = field(bp, "Guest", "type")
    assert kind is not None and set(kind.enum_values) == {"crew", "visitor"}
    assert field(bp, "Guest", "phone") is not None


def test_an_example_in_brackets_is_no_part_of_the_request() -> None:
    changed, bp, _ = say("each lease is about one berth (the long ones for example)")
    assert changed
    assert ("belongs_to", "Berth") in links(bp, "Lease")


def test_saying_a_link_is_missing_beside_the_link_asks_nothing_more() -> None:
    changed, bp, _ = say(
        "each lease is about one berth. Right now the lease is not linked to the berth."
    )
    assert changed
    assert ("belongs_to", "Berth") in links(bp, "Lease")


def test_records_users_leave_with_who_made_them() -> None:
    changed, bp, _ = say(
        "we'd love skippers to leave ratings after their stay: 1 to 5 stars, a remark, who wrote "
        "it and which berth it's about"
    )
    assert changed
    assert field(bp, "Rating", "skipper_id") is not None
    assert field(bp, "Rating", "berth_id") is not None
    stars = field(bp, "Rating", "stars")
    assert stars is not None and stars.type == "integer"


def test_one_of_our_few_is_a_link_to_a_new_entity_with_fields_in_brackets() -> None:
    changed, bp, _ = say(
        "every lease is signed at one of our three offices, so we need offices in here too "
        "(just a name and a town)"
    )
    assert changed
    assert ("belongs_to", "Office") in links(bp, "Lease")
    assert field(bp, "Office", "town") is not None
    assert "ThreeOffice" not in entity_names(bp)


def test_a_field_made_a_proper_table_with_its_fields_counted() -> None:
    changed, bp, _ = say(
        "leases need a surveyor. there are 3 of them, name & email each. make it a proper table"
    )
    assert changed
    assert field(bp, "Surveyor", "email") is not None
    assert ("belongs_to", "Surveyor") in links(bp, "Lease")


def test_an_aside_at_the_end_is_no_part_of_the_request() -> None:
    changed, bp, _ = say("each lease is about one berth of course")
    assert changed
    assert ("belongs_to", "Berth") in links(bp, "Lease")


def test_a_name_that_is_no_name_is_no_rename() -> None:
    _, bp, _ = say("Skipper should be called back — they asked twice")
    assert "Skipper" in entity_names(bp) and "Back" not in entity_names(bp)


def test_every_edit_recorded_is_no_new_entity() -> None:
    _, bp, _ = say("we want to record every edit: who made it and when")
    assert "Edit" not in entity_names(bp)


def test_a_type_in_brackets_with_a_remark_after_it() -> None:
    changed, bp, _ = say(
        "add Refuel: which vessel, litres (decimal, the pump shows tenths) and the price paid"
    )
    assert changed
    litres = field(bp, "Refuel", "litres")
    assert litres is not None and litres.type == "number"


def test_a_type_in_brackets_with_modifiers_after_it_keeps_them() -> None:
    changed, bp, _ = say("leases need a deposit (decimal, required)")
    assert changed
    deposit = field(bp, "Lease", "deposit")
    assert deposit is not None and deposit.required
