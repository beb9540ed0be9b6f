"""General rules of the third round, each on a spec of its own (a bicycle repair workshop) and in
phrasings written for these tests: misspelt words of new fields corrected against the spec and
common field words (never a real word, never an affix), fields asked for as something to know
("we need to know when a repair was collected"), a list of values never cut at its commas when
the message holds several requests, schedules moved to a new time, and workflow items removed
by what they do (a queue's events stay published)."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from slipway.assistant.understand.spelling import fix_spelling
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from tests.unit.assistant_support import field

WORKSHOP = """# Spoke & Chain Workshop

Bike repairs booked by riders.

## Entities

### Rider
- full_name: string, required
- email: string, required, unique
- phone: string

### Repair
- rider: ref Rider, required
- booked_for: date, required
- price: number
- stage: enum(waiting, in_progress, done), default waiting

### Part
- title: string, required
- stock: integer, default 0

## Workflows
- schedule parts-reorder: cron(0 6 * * ? *)
- schedule rider-reminder: rate(1 day)
- queue invoice-print
- event repair.done -> invoice-print
"""


def say(message: str, spec: str = WORKSHOP) -> tuple[bool, Blueprint, str]:
    reply = OfflineAssistant().respond(spec, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint, reply.message


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("riders need a postcdoe", "Rider", "postcode", "string"),
        ("add a quantitiy to parts", "Part", "quantity", "integer"),
        ("parts have a suplier", "Part", "supplier", "string"),
        ("repairs get a discuont percentage", "Repair", "discount_percentage", "number"),
    ],
)
def test_misspelt_words_of_a_new_field(message: str, entity: str, name: str, kind: str) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == kind


def test_a_new_field_one_slip_from_one_it_has_is_that_field_and_said() -> None:
    changed, bp, reply = say("repairs need a prise")
    price = field(bp, "Repair", "price")
    assert changed and price is not None and price.required
    assert 'I read "prise" as price.' in reply and field(bp, "Repair", "prise") is None


def test_a_new_field_one_letter_off_a_field_it_has_is_a_question() -> None:
    changed, _, reply = say("riders need a full_nmae")
    assert not changed
    assert reply == "Rider already has full_name. Did you mean full_name, or a new field?"


def test_spelling_keeps_real_words_affixes_and_unknown_codes() -> None:
    names = {"book", "price", "title"}
    assert fix_spelling("a book format: ebook or paperback", names) == (
        "a book format: ebook or paperback"
    )
    assert fix_spelling("the dress code and the optical zoom", names) == (
        "the dress code and the optical zoom"
    )
    assert fix_spelling("the iban and the sku", names) == "the iban and the sku"
    assert fix_spelling("the legacy_titel column", names) == "the legacy_titel column"
    assert fix_spelling("a emial adress", names) == "a email address"
    assert fix_spelling("remove the titel", names) == "remove the titel"  # the spec's: asked


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("we need to know when a repair was collected", "Repair", "collected_at", "datetime"),
        ("please record who approved each repair", "Repair", "approved_by", "string"),
        ("we should see when riders signed up", "Rider", "signed_up_at", "datetime"),
        ("keep track of when a part was last restocked", "Part", "last_restocked_at", "datetime"),
        ("we want to know if a rider is verified", "Rider", "is_verified", "boolean"),
    ],
)
def test_a_field_asked_for_as_something_to_know(
    message: str, entity: str, name: str, kind: str
) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == kind


def test_something_to_know_of_an_unknown_shape_is_a_question() -> None:
    changed, _, reply = say("we need to know when a repair was maybe sort of done-ish")
    assert not changed and reply.endswith("?")


def test_a_list_of_values_is_not_cut_at_its_commas() -> None:
    changed, bp, _ = say(
        "add a serial to parts and make it unique, also repairs need a priority: low, normal, "
        "high or urgent"
    )
    priority = field(bp, "Repair", "priority")
    serial = field(bp, "Part", "serial")
    assert changed and priority is not None and serial is not None and serial.unique
    assert priority.enum_values == ["low", "normal", "high", "urgent"]


@pytest.mark.parametrize(
    ("message", "expression"),
    [
        ("move the parts reorder to every night at 3am", "cron(0 3 * * ? *)"),
        ("the parts reorder should run every 2 hours instead", "rate(2 hours)"),
    ],
)
def test_a_schedule_moved_to_a_new_time(message: str, expression: str) -> None:
    changed, bp, reply = say(message)
    jobs = {j.name: j.schedule for j in bp.workflows.jobs}
    assert changed and jobs == {"parts-reorder": expression, "rider-reminder": "rate(1 day)"}
    assert "now runs at" in reply


def test_a_schedule_at_its_own_time_is_no_change() -> None:
    changed, _, reply = say("run the parts reorder every day at 6am")
    assert not changed and "already runs" in reply


@pytest.mark.parametrize(
    "message",
    [
        "we don't remind the riders anymore, drop that job",
        "stop the rider reminders",
    ],
)
def test_a_schedule_removed_by_what_it_does(message: str) -> None:
    changed, bp, _ = say(message)
    assert changed and [j.name for j in bp.workflows.jobs] == ["parts-reorder"]


def test_a_removed_queue_leaves_its_event_published() -> None:
    changed, bp, reply = say("no more invoice print queue")
    assert changed and bp.workflows.queues == []
    assert [(e.name, e.target) for e in bp.workflows.events] == [("repair.done", None)]
    assert "still published" in reply


@pytest.mark.parametrize(
    "message",
    [
        "Riders should be called Cyclists everywhere in the app",
        "rename Rider to Cyclist across the whole system",
    ],
)
def test_a_rename_said_with_where_it_applies(message: str) -> None:
    changed, bp, _ = say(message)
    assert changed and {e.name for e in bp.entities} == {"Cyclist", "Repair", "Part"}


def test_a_new_name_of_many_words_is_a_question() -> None:
    changed, _, reply = say("rename Rider to the people who bring their bikes to us")
    assert not changed and reply.startswith("What should I rename")


def test_fields_written_the_way_a_developer_writes_them() -> None:
    changed, bp, _ = say(
        "part: sku string unique required, weight decimal. repair: urgency enum(low, high) "
        "default low, paid flag default false"
    )
    sku, weight = field(bp, "Part", "sku"), field(bp, "Part", "weight")
    urgency, paid = field(bp, "Repair", "urgency"), field(bp, "Repair", "paid")
    assert changed and sku is not None and sku.unique and sku.required
    assert weight is not None and weight.type == "number"
    assert urgency is not None and urgency.enum_values == ["low", "high"]
    assert urgency.default == "low"
    assert paid is not None and paid.type == "boolean" and paid.default is False


@pytest.mark.parametrize(
    "message",
    [
        "for riders i want to have a skill level, it can be beginner, commuter or racer, and when "
        "nothing is said then commuter",
        "riders have a skill level, it can be beginner, commuter or racer, commuter unless said "
        "otherwise",
    ],
)
def test_values_said_after_the_field_and_a_default_said_as_a_condition(message: str) -> None:
    changed, bp, _ = say(message)
    level = field(bp, "Rider", "skill_level")
    assert changed and level is not None and level.type == "enum"
    assert level.enum_values == ["beginner", "commuter", "racer"]
    assert level.default == "commuter"


def test_a_new_field_said_with_too_is_no_value_of_a_choice() -> None:
    changed, bp, _ = say("repairs get a tip amount too")
    tip, stage = field(bp, "Repair", "tip_amount"), field(bp, "Repair", "stage")
    assert changed and tip is not None and tip.type == "number"
    assert stage is not None and stage.enum_values == ["waiting", "in_progress", "done"]


def test_the_verb_said_once_for_two_entities() -> None:
    changed, bp, _ = say("riders need a postcode and a birthday, and parts a supplier")
    assert changed and field(bp, "Rider", "postcode") and field(bp, "Rider", "birthday")
    assert field(bp, "Part", "supplier") is not None and field(bp, "Rider", "parts_id") is None


def test_a_yes_no_default_makes_a_flag() -> None:
    changed, bp, _ = say("add a newsletter opt-in for riders, default is no")
    opt_in = field(bp, "Rider", "newsletter_opt_in")
    assert changed and opt_in is not None and opt_in.type == "boolean" and opt_in.default is False


def test_a_slip_in_a_long_field_name_is_named_in_the_reply() -> None:
    changed, bp, reply = say("rename ful_name to display_name")
    assert changed and field(bp, "Rider", "display_name") is not None
    assert 'I took "ful_name" to mean Rider.full_name' in reply


def test_that_must_be_is_the_field_just_said() -> None:
    changed, bp, _ = say("the rider phone is personal data, that must be encrypted")
    phone = field(bp, "Rider", "phone")
    assert changed and phone is not None and phone.encrypted


def respond_after(before: list[str], message: str) -> tuple[bool, Blueprint]:
    from slipway.assistant.base import ChatTurn

    spec, history = WORKSHOP, []
    assistant = OfflineAssistant()
    for said in before:
        reply = assistant.respond(spec, said, history)
        spec = spec if reply.undo else reply.spec
        if reply.undo:
            spec = WORKSHOP
        history += [ChatTurn("user", said), ChatTurn("assistant", reply.message)]
    reply = assistant.respond(spec, message, history)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint


def test_the_same_for_several_entities() -> None:
    changed, bp = respond_after(["add a notes field to repairs"], "same for riders and parts")
    assert changed and field(bp, "Rider", "notes") and field(bp, "Part", "notes")


def test_the_same_with_a_modifier() -> None:
    changed, bp = respond_after(
        ["add a waxed flag to repairs"], "and the same on parts, default true"
    )
    waxed = field(bp, "Part", "waxed")
    assert changed and waxed is not None and waxed.type == "boolean" and waxed.default is True
    assert field(bp, "Part", "same") is None


def test_put_it_elsewhere_after_an_undo() -> None:
    changed, bp = respond_after(
        ["add a discount_code to repairs", "undo that"], "put it on riders instead"
    )
    assert changed and field(bp, "Rider", "discount_code") is not None
    assert field(bp, "Repair", "discount_code") is None


def test_the_previous_verb_for_another_entity() -> None:
    changed, bp = respond_after(
        ["riders need a mobile number"], "and parts a barcode, but optional"
    )
    barcode = field(bp, "Part", "barcode")
    assert changed and barcode is not None and not barcode.required
    assert field(bp, "Part", "but_optional") is None


def test_a_misspelt_word_of_a_new_field_name_is_corrected_and_said() -> None:
    changed, bp, reply = say("riders need a emial adress")
    assert changed and field(bp, "Rider", "email_address") is not None
    assert "I read" in reply


def test_a_pronoun_added_to_a_choice_is_the_value_said_before_it() -> None:
    changed, bp, _ = say("repairs can also be 'abandoned', pls add it to the stage list")
    stage = field(bp, "Repair", "stage")
    assert changed and stage is not None and stage.enum_values[-1] == "abandoned"
    changed, bp, _ = say("some repairs end up as scrapped now, add it to stage")
    stage = field(bp, "Repair", "stage")
    assert changed and stage is not None and "scrapped" in stage.enum_values
    assert "it" not in stage.enum_values


def test_a_pronoun_with_nothing_to_stand_for_is_a_question() -> None:
    changed, _, reply = say("add it to stage")
    assert not changed and reply == "Which value should I add to Repair.stage?"


@pytest.mark.parametrize(
    "message",
    [
        "make the rider phone a choice between home, mobile and work",
        "actually make rider phone one of home, mobile or work",
        "turn the rider phone into a dropdown of home, mobile or work",
    ],
)
def test_a_field_made_a_choice(message: str) -> None:
    changed, bp, _ = say(message)
    phone = field(bp, "Rider", "phone")
    assert changed and phone is not None and phone.type == "enum"
    assert phone.enum_values == ["home", "mobile", "work"]


def test_that_one_is_the_field_of_the_previous_request() -> None:
    changed, bp = respond_after(["repairs need a damage report"], "make that one json")
    report = field(bp, "Repair", "damage_report")
    assert changed and report is not None and report.type == "json"


def test_unique_and_no_longer_than() -> None:
    changed, bp, _ = say("rider names must be unique and no longer than 60 letters")
    name = field(bp, "Rider", "full_name")
    assert changed and name is not None and name.unique and name.max_length == 60


@pytest.mark.parametrize(
    ("message", "entity", "names", "kind"),
    [
        ("booked_for should be a full timestamp, we give the hour too", "Repair", ["booked_for"],
         "datetime"),
        ("make price text, not a number", "Repair", ["price"], "string"),
        ("full_name and phone should be real json, not text", "Rider", ["full_name", "phone"],
         "json"),
    ],
)  # fmt: skip
def test_a_type_said_against_the_one_it_replaces(
    message: str, entity: str, names: list[str], kind: str
) -> None:
    changed, bp, _ = say(message)
    assert changed
    for name in names:
        made = field(bp, entity, name)
        assert made is not None and made.type == kind


def test_a_type_not_null_keeps_both() -> None:
    changed, bp, _ = say("the stock is a count, it should be an integer not null")
    stock = field(bp, "Part", "stock")
    assert changed and stock is not None and stock.type == "integer" and stock.required


def test_a_default_said_against_the_old_one() -> None:
    changed, bp, _ = say("the stock default should be 5 not 0, and make it requried")
    stock = field(bp, "Part", "stock")
    assert changed and stock is not None and stock.default == 5 and stock.required


@pytest.mark.parametrize(
    ("message", "values", "default"),
    [
        ("new repairs should start as 'queued', before they are booked",
         ["waiting", "in_progress", "done", "queued"], "queued"),
        ("every repair begins in in_progress", ["waiting", "in_progress", "done"], "in_progress"),
    ],
)  # fmt: skip
def test_what_a_new_thing_starts_as(message: str, values: list[str], default: str) -> None:
    changed, bp, _ = say(message)
    stage = field(bp, "Repair", "stage")
    assert changed and stage is not None
    assert stage.enum_values == values and stage.default == default


@pytest.mark.parametrize(
    ("message", "entity", "gone"),
    [
        ("we stopped taking the rider phone, the shop has it", "Rider", "phone"),
        ("we don't show stock levels on the site anymore", "Part", "stock"),
        ("we no longer quote a price for repairs", "Repair", "price"),
    ],
)
def test_a_field_removed_by_saying_the_business_stopped(
    message: str, entity: str, gone: str
) -> None:
    changed, bp, _ = say(message)
    assert changed and field(bp, entity, gone) is None


@pytest.mark.parametrize(
    "message", ["we stopped selling on sundays", "we don't open on mondays anymore"]
)
def test_stopping_what_no_field_records_removes_nothing(message: str) -> None:
    changed, bp, _ = say(message)
    assert not changed and len(bp.entities) == 3


def test_a_unit_said_in_words_is_the_short_one_of_the_name() -> None:
    spec = WORKSHOP.replace("- stock: integer, default 0", "- weight_per_kg: number")
    changed, bp, _ = say("we don't care about the weight per kilo of parts anymore", spec)
    assert changed and field(bp, "Part", "weight_per_kg") is None


@pytest.mark.parametrize(
    "message",
    [
        "not every rider rides every part... a rider has some parts and a part belongs to several "
        "riders",
        "riders can own parts: one rider owns many parts and a part is owned by many riders",
        "a part is used by several riders and riders use lots of parts obviously",
    ],
)
def test_many_on_both_sides_of_one_sentence(message: str) -> None:
    changed, bp, _ = say(message)
    kinds = {(r.kind, r.target) for e in bp.entities for r in e.relationships}
    assert changed and any(kind == "many_to_many" for kind, _ in kinds)


def test_a_schedule_named_with_its_kind_word_is_not_removed_by_its_other_word() -> None:
    """rider-reminder shares "rider" with what is said; "reminder" is not said."""
    changed, bp, _ = say("we stopped taking the rider phone, the shop has it")
    assert changed and field(bp, "Rider", "phone") is None
    assert [j.name for j in bp.workflows.jobs] == ["parts-reorder", "rider-reminder"]


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("we want to know how often a part was ordered", "Part", "ordered_count", "integer"),
        ("for every rider we want to see how far along they are, as a percent", "Rider",
         "progress", "number"),
        ("how long did the repair take, in minutes", "Repair", "duration", "integer"),
        ("for the riders we must know the birthday, so we can send a card", "Rider", "birthday",
         "date"),
        ("parts need a weight after cleaning", "Part", "weight_after_cleaning", "number"),
    ],
)  # fmt: skip
def test_more_fields_asked_for_as_something_to_know(
    message: str, entity: str, name: str, kind: str
) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == kind


def test_changes_logged_on_two_entities() -> None:
    changed, bp, _ = say(
        "for insurance every change on repairs and parts must be logged, who did what"
    )
    audited = {e.name for e in bp.entities if e.audit_log}
    assert changed and audited == {"Repair", "Part"}
    part = next(e for e in bp.entities if e.name == "Part")
    assert all(f.type != "enum" for f in part.fields)


def test_values_that_read_like_a_sentence_are_asked_about() -> None:
    from slipway.assistant.operations import SetEnumValues
    from slipway.assistant.understand.safety import doubtful

    ops = [SetEnumValues(entity="Repair", field="stage", values=["logged", "who_did_what"])]
    question = doubtful(ops, "repairs are logged, who did what")  # type: ignore[arg-type]
    assert question is not None and question.startswith('"who did what" reads like')


def test_a_field_hidden_in_the_database_is_encrypted_and_hidden_alone_is_not() -> None:
    changed, bp, _ = say("the rider phone must be hidden in the database, encrypted")
    phone = field(bp, "Rider", "phone")
    assert changed and phone is not None and phone.encrypted
    changed, bp, _ = say("the rider phone must be hidden")
    phone = field(bp, "Rider", "phone")
    assert phone is not None and not phone.encrypted


@pytest.mark.parametrize(
    "message",
    [
        "part: add refurbished bool default false + serial string unique",
        "part: add refurbished bool default false, serial string unique",
    ],
)
def test_a_plus_joins_fields_as_a_comma_does(message: str) -> None:
    changed, bp, _ = say(message)
    refurbished, serial = field(bp, "Part", "refurbished"), field(bp, "Part", "serial")
    assert changed and refurbished is not None and refurbished.type == "boolean"
    assert serial is not None and serial.unique


@pytest.mark.parametrize(
    "message",
    [
        "repair.price: decimal -> integer (whole euros), decimals never happen",
        "change repair.price from number to integer",
    ],
)
def test_a_type_changed_from_the_old_one(message: str) -> None:
    changed, bp, _ = say(message)
    price = field(bp, "Repair", "price")
    assert changed and price is not None and price.type == "integer"


def test_index_a_dotted_field() -> None:
    changed, bp, _ = say("index part.title")
    part = next(e for e in bp.entities if e.name == "Part")
    assert changed and any(i.fields == ["title"] for i in part.indexes)


@pytest.mark.parametrize(
    "message",
    [
        "a repair should say which kind it is, warranty or paid, most of them is paid",
        "repairs have a kind: warranty or paid, mostly paid",
    ],
)
def test_values_with_a_default_said_as_what_most_are(message: str) -> None:
    changed, bp, _ = say(message)
    kind = field(bp, "Repair", "kind")
    assert changed and kind is not None and kind.enum_values == ["warranty", "paid"]
    assert kind.default == "paid"


@pytest.mark.parametrize(
    ("message", "entity", "name", "attr", "value"),
    [
        ("As a mechanic I want to see when a repair was collected", "Repair", "collected_at",
         "type", "datetime"),
        ("It is necessary that each rider possesses a postcode which is obligatory", "Rider",
         "postcode", "required", True),
        ("pls add a serial to parts, req", "Part", "serial", "required", True),
        ("The phone of the rider shall be stored as a number and not as a text.", "Rider",
         "phone", "type", "number"),
        ("It is necessary that the phone of a rider is always filled in.", "Rider", "phone",
         "required", True),
        ("Please to add to the Rider a date of birth", "Rider", "date_of_birth", "type", "date"),
        ("The price of a repair shall be a whole number, decimals are not needed.", "Repair", "price",
         "type", "integer"),
    ],
)  # fmt: skip
def test_user_stories_formal_wording_and_short_forms(
    message: str, entity: str, name: str, attr: str, value: object
) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and getattr(made, attr) == value


def test_a_field_added_to_a_thing_the_spec_does_not_have_is_a_question() -> None:
    changed, bp, reply = say("add a note to repair lines")
    assert not changed and reply == "There is no RepairLine entity. Did you mean Repair?"
    assert field(bp, "Repair", "note_lines") is None


def test_plain_keeps_what_it_does_not_know() -> None:
    from slipway.assistant.understand.phrasing import plain

    assert plain("as a clerk i want to see when a parcel was scanned") == (
        "see when a parcel was scanned"
    )
    assert plain("as an accountant i don't want anyone to edit payments") == (
        "i don't want anyone to edit payments"
    )
    assert plain("keep logs for 90d") == "keep logs for 90 days"
    assert plain("add a desk to rooms") == "add a desk to rooms"


def test_a_slip_in_an_entity_to_rename_is_taken_and_said() -> None:
    changed, bp, reply = say("rename Repiar -> Job")
    assert changed and "Job" in {e.name for e in bp.entities}
    assert 'I took "repiar" to mean Repair.' in reply


def test_make_it_too_reads_as_a_request_not_a_repeat() -> None:
    changed, bp = respond_after(
        ["repairs need a date by which the bike has to be ready"], "make it required too"
    )
    due = field(bp, "Repair", "due_on")
    assert changed and due is not None and due.required and due.type == "date"


def test_same_for_with_please() -> None:
    changed, bp = respond_after(
        ["when a repair is deleted it should only be hidden"], "same for riders pls"
    )
    rider = next(e for e in bp.entities if e.name == "Rider")
    assert changed and rider.soft_delete


def test_a_default_said_as_what_it_must_be_when_nothing_is_chosen() -> None:
    changed, bp, _ = say(
        "It is necessary that each rider possesses a level, which can be basic, club or pro. "
        "When nothing is chosen it must be basic."
    )
    level = field(bp, "Rider", "level")
    assert changed and level is not None and level.enum_values == ["basic", "club", "pro"]
    assert level.default == "basic"


@pytest.mark.parametrize(
    ("message", "entity", "name", "attr", "value"),
    [
        ("price on repiars shld be an integer (cents), not a decimal", "Repair", "price", "type",
         "integer"),
        ("part kind: tyre/chain/brake, default chain", "Part", "kind", "default", "chain"),
        ("riders have a phone so make it required", "Rider", "phone", "required", True),
    ],
)  # fmt: skip
def test_more_shapes_of_one_request(
    message: str, entity: str, name: str, attr: str, value: object
) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and getattr(made, attr) == value
    assert field(bp, entity, "phone_so_make") is None


def test_same_for_a_field() -> None:
    changed, bp = respond_after(["the rider full_name should be max 60 chars"], "same for phone")
    phone = field(bp, "Rider", "phone")
    assert changed and phone is not None and phone.max_length == 60


def test_capped_at_and_a_purpose_after_it() -> None:
    changed, bp, _ = say(
        "As a mechanic I want part titles capped at 40 characters so they fit on labels"
    )
    title = field(bp, "Part", "title")
    assert changed and title is not None and title.max_length == 40


def test_a_rename_with_the_entity_after_the_new_name() -> None:
    changed, bp, _ = say("rename booked_for -> due_on on repairs")
    assert changed and field(bp, "Repair", "due_on") is not None
    assert field(bp, "Repair", "booked_for") is None


def test_call_it_everywhere_after_a_remark() -> None:
    changed, bp, _ = say("I find 'Rider' confusing for people, please call it Cyclist everywhere")
    assert changed and "Cyclist" in {e.name for e in bp.entities}


@pytest.mark.parametrize(
    ("message", "entity", "name", "attr", "value"),
    [
        ("As a mechanic I want to see when a repair was checked at the bench", "Repair",
         "checked_at", "type", "datetime"),
        ("For each part it is necessary to know its bin number.", "Part", "bin_number", "type",
         "string"),
        ("part: add restocked_at ts", "Part", "restocked_at", "type", "datetime"),
        ("Please, the field 'stage' of the Repair I would like to be called 'status'.", "Repair",
         "status", "type", "enum"),
    ],
)  # fmt: skip
def test_the_sixth_rounds_shapes(
    message: str, entity: str, name: str, attr: str, value: object
) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and getattr(made, attr) == value


@pytest.mark.parametrize(
    ("message", "entity", "gone"),
    [
        ("The phone of the rider must not be stored anymore, for privacy reasons.", "Rider",
         "phone"),
        ("The prices are not used by us anymore", "Repair", "price"),
    ],
)  # fmt: skip
def test_a_field_no_longer_stored_or_used(message: str, entity: str, gone: str) -> None:
    changed, bp, _ = say(message)
    assert changed and field(bp, entity, gone) is None


def test_it_cannot_be_left_empty_after_a_request() -> None:
    changed, bp = respond_after(["riders need a postcode"], "oh and it can't be left empty")
    postcode = field(bp, "Rider", "postcode")
    assert changed and postcode is not None and postcode.required


def test_they_is_the_entity_the_clause_before_changed() -> None:
    changed, bp, _ = say("The riders shall not be deleted truly; they must be only hidden, by law.")
    rider = next(e for e in bp.entities if e.name == "Rider")
    assert changed and rider.soft_delete


def test_only_the_day_of_a_datetime() -> None:
    spec = WORKSHOP.replace("- booked_for: date, required", "- dropped_off_at: datetime, required")
    changed, bp, _ = say(
        "As a manager I only care about the day a bike is dropped off, not the time, so just "
        "store the date",
        spec,
    )
    made = field(bp, "Repair", "dropped_off_at")
    assert changed and made is not None and made.type == "date"


def test_in_order_to_before_a_field_name_is_no_purpose() -> None:
    changed, bp, _ = say(
        "I kindly ask to change the name of the field booked_for in Repair to due_on."
    )
    assert changed and field(bp, "Repair", "due_on") is not None


def test_longer_like_a_number() -> None:
    spec = WORKSHOP.replace("- title: string, required", "- title: string, required, max 10")
    changed, bp, _ = say("make the part title longer, like 20", spec)
    title = field(bp, "Part", "title")
    assert changed and title is not None and title.max_length == 20


def test_too_short_make_it() -> None:
    spec = WORKSHOP.replace("- phone: string", "- phone: string, max 20")
    changed, bp, _ = say("20 chars for the rider phone is too short, make it 32", spec)
    phone = field(bp, "Rider", "phone")
    assert changed and phone is not None and phone.max_length == 32


def test_make_a_value_the_default() -> None:
    changed, bp, _ = say("make done the default stage")
    stage = field(bp, "Repair", "stage")
    assert changed and stage is not None and stage.default == "done"


def test_who_did_it_and_when() -> None:
    changed, bp, _ = say("we need to know who approved a repair and when")
    by, at = field(bp, "Repair", "approved_by"), field(bp, "Repair", "approved_at")
    assert changed and by is not None and at is not None and at.type == "datetime"


def test_when_that_happened_is_when_it_was_done() -> None:
    changed, bp, _ = say("repairs can be reopened, keep track of when that happened")
    made = field(bp, "Repair", "reopened_at")
    assert changed and made is not None and made.type == "datetime"
    assert field(bp, "Repair", "happened_at") is None


def test_a_length_said_after_a_new_field_among_other_requests() -> None:
    changed, bp, _ = say(
        "riders need a nickname, max 30 chars, and their email doesn't need to be unique"
    )
    nickname, email = field(bp, "Rider", "nickname"), field(bp, "Rider", "email")
    assert changed and nickname is not None and nickname.max_length == 30
    assert email is not None and not email.unique


ROLES = WORKSHOP + "\n## Auth\n- strategy: jwt\n- roles: admin, mechanic, viewer, rider\n"


@pytest.mark.parametrize(
    "message",
    [
        "get rid of the viewer role",
        "we don't need a viewer role anymore",
        "drop viewers",
        "the viewer role can go",
    ],
)
def test_a_role_removed(message: str) -> None:
    changed, bp, _ = say(message, ROLES)
    assert changed and bp.auth.roles == ["admin", "mechanic", "rider"]


def test_a_role_that_is_also_an_entity_is_asked_about() -> None:
    changed, bp, reply = say("drop riders", ROLES)
    assert not changed and "rider is a role and also a name" in reply
    assert "Rider" in {e.name for e in bp.entities}


def test_a_remark_that_a_field_is_vague_then_call_it() -> None:
    changed, bp, _ = say("the full name on riders is too vague, call it legal_name")
    assert changed and field(bp, "Rider", "legal_name") is not None


def test_a_quoted_word_before_a_full_stop_ends_its_sentence() -> None:
    from slipway.assistant.understand.text import normalize

    assert normalize("I want to label issues, e.g. 'frontend'. An issue has labels") == (
        "i want to label issues, for example frontend. an issue has labels"
    )


def test_add_it_to_the_stage_list_after_a_quoted_value() -> None:
    changed, bp, _ = say("repairs can also be 'parked', pls add it to the stage list")
    stage = field(bp, "Repair", "stage")
    assert changed and stage is not None and "parked" in stage.enum_values


@pytest.mark.parametrize(
    ("message", "entity", "name", "kind"),
    [
        ("could repiars maybe have a urgency thing? like low, normal or high... not sure if that "
         "should be a list or just text", "Repair", "urgency", "enum"),
        ("evry rider needs a postcode on it", "Rider", "postcode", "string"),
    ],
)  # fmt: skip
def test_the_unsure_and_the_hurried(message: str, entity: str, name: str, kind: str) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and made.type == kind
    assert {e.name for e in bp.entities} == {"Rider", "Repair", "Part"}


def test_short_forms_nvm_and_idx() -> None:
    changed, bp, _ = say("idx on Part.title")
    part = next(e for e in bp.entities if e.name == "Part")
    assert changed and any(i.fields == ["title"] for i in part.indexes)
    assert OfflineAssistant().respond(WORKSHOP, "nvm, revert that").undo


@pytest.mark.parametrize(
    "message", ["the repair thing is broken", "can a rider have two repairs at once?"]
)
def test_remarks_and_questions_with_the_unsure_words_change_nothing(message: str) -> None:
    changed, _, _ = say(message)
    assert not changed


def test_get_rid_of_it_after_a_field_named_is_that_field() -> None:
    changed, bp, _ = say(
        "booked_for never shows up in any report and half the repairs have it wrong. Get rid of it."
    )
    assert changed and field(bp, "Repair", "booked_for") is None
    assert "Repair" in {e.name for e in bp.entities}


def test_a_value_never_shared_is_unique_and_a_list_announced_first() -> None:
    changed, bp, _ = say(
        "Two things from the workshop please: we need riders' phone numbers so we can call them, "
        "and every rider gets a loyalty number which must never be shared with another rider."
    )
    loyalty = field(bp, "Rider", "loyalty_number")
    assert changed and loyalty is not None and loyalty.unique
    assert field(bp, "Rider", "phone_number") is not None or field(bp, "Rider", "phone") is not None


def test_a_new_value_said_as_a_kind_of_the_field() -> None:
    changed, bp, _ = say("Add a 'cancelled' stage, after done.")
    stage = field(bp, "Repair", "stage")
    assert changed and stage is not None and stage.enum_values[-1] == "cancelled"


def test_a_field_explained_away_then_removed() -> None:
    changed, bp, _ = say(
        "The phone field on riders only existed for a text campaign we stopped. Nobody fills it "
        "in — please remove it."
    )
    assert changed and field(bp, "Rider", "phone") is None


def test_one_more_option_of_the_choice_just_made() -> None:
    changed, bp = respond_after(
        ["parts need a condition: new, used or refurbished"],
        "oh, and 'salvaged' should be one of the options too",
    )
    condition = field(bp, "Part", "condition")
    assert changed and condition is not None and condition.enum_values[-1] == "salvaged"


def test_a_retype_with_a_range_and_the_enum_dropped() -> None:
    changed, bp, _ = say("Repair.stage -> int (1..3), lose the enum")
    stage = field(bp, "Repair", "stage")
    assert changed and stage is not None and stage.type == "integer"


def test_values_said_with_like_after_a_question_mark() -> None:
    changed, bp, _ = say(
        "could riders have a skill? like casual or racing... or pro maybe? no idea"
    )
    skill = field(bp, "Rider", "skill")
    assert changed and skill is not None and skill.enum_values[:2] == ["casual", "racing"]


def test_do_we_need_it_then_take_it_out() -> None:
    spec = WORKSHOP.replace("- price: number", "- price: number\n- rush_fee_per_hour: number")
    changed, bp, reply = say(
        "do we actually need the rush fee on repairs? maybe take it out?", spec
    )
    assert changed and field(bp, "Repair", "rush_fee_per_hour") is None
    assert 'I took "it" to mean Repair.rush_fee_per_hour.' in reply


def test_new_things_start_as_a_value_of_a_named_choice() -> None:
    spec = WORKSHOP.replace(
        "- price: number", "- price: number\n- effort: enum(light, medium, heavy), default medium"
    )
    changed, bp, _ = say("can new repairs start out as 'light' effort instead of medium?", spec)
    effort = field(bp, "Repair", "effort")
    assert changed and effort is not None and effort.default == "light"
    stage = field(bp, "Repair", "stage")
    assert stage is not None and stage.default == "waiting"


@pytest.mark.parametrize(
    ("message", "entity", "name", "attr", "value"),
    [
        ("two things for my report: repairs need a tip amount, and a timestamp for when the "
         "repair was collected", "Repair", "collected_at", "type", "datetime"),
        ("To report average time-to-fix per rider I need to know when each repair was finished.",
         "Repair", "finished_at", "type", "datetime"),
        ("could parts have a grade? like a / b / c... and maybe b if nobody picks one?", "Part",
         "grade", "default", "b"),
        ("each part must record also the hardness and the temperature of steel", "Part",
         "steel_temperature", "type", "number"),
    ],
)  # fmt: skip
def test_the_seventh_rounds_shapes(
    message: str, entity: str, name: str, attr: str, value: object
) -> None:
    changed, bp, _ = say(message)
    made = field(bp, entity, name)
    assert changed and made is not None and getattr(made, attr) == value


def test_for_members_is_no_purpose() -> None:
    changed, bp, _ = say("for riders i want to have a level, it can be easy or hard")
    assert changed and field(bp, "Rider", "level") is not None


def test_sorry_if_that_is_a_silly_question_adds_no_field() -> None:
    changed, bp, _ = say("can a rider have favourite parts? sorry if that's a silly question")
    rider = next(e for e in bp.entities if e.name == "Rider")
    assert all(f.name not in ("whether", "is_a_silly_question") for f in rider.fields)
    assert changed


@pytest.mark.parametrize(
    ("message", "check"),
    [
        ("Rider.phone -> enum(home, mobile, work)", lambda bp: field(bp, "Rider", "phone").type == "enum"),
        ("drop Rider.ful_name", lambda bp: field(bp, "Rider", "full_name") is None),
        ("The parts list is slow. I always sort parts by title — can that be indexed?",
         lambda bp: any(i.fields == ["title"] for e in bp.entities for i in e.indexes)),
    ],
)  # fmt: skip
def test_developer_shorthand_and_a_sort_to_index(message: str, check: object) -> None:
    changed, bp, _ = say(message)
    assert changed and check(bp)  # type: ignore[operator]


def test_a_clunky_name_then_could_it_be_called() -> None:
    spec = WORKSHOP.replace("- stock: integer, default 0", "- stock_units: integer, default 0")
    changed, bp, _ = say(
        "stock_units is kind of a clunky name... could it just be called stock? or would that be "
        "confusing?",
        spec,
    )
    assert changed and field(bp, "Part", "stock") is not None


def test_rename_that_after_a_request_with_a_justification() -> None:
    changed, bp = respond_after(
        ["riders should have a best_time_ms integer"],
        "rename that to personal_best_ms, it's clearer in the reports",
    )
    assert changed and field(bp, "Rider", "personal_best_ms") is not None


@pytest.mark.parametrize(
    ("message", "check"),
    [
        ("price is a number right now but we only charge whole euros... should it be an integer? "
         "yeah let's do that", lambda bp: field(bp, "Repair", "price").type == "integer"),
        ("should rider phones be unique? some families share one... hmm no, actually yes, let's "
         "make it unique", lambda bp: field(bp, "Rider", "phone").unique),
    ],
)  # fmt: skip
def test_a_question_answered_at_once(message: str, check: object) -> None:
    changed, bp, _ = say(message)
    assert changed and check(bp)  # type: ignore[operator]


def test_a_question_alone_changes_nothing() -> None:
    changed, _, _ = say("should the price be an integer?")
    assert not changed


@pytest.mark.parametrize(
    ("message", "undo"),
    [
        ("hmm, on second thought undo that, we'll just look them up by name", True),
        ("undo that, and add a notes field to parts", False),
    ],
)
def test_an_undo_with_a_reason_and_an_undo_with_a_request(message: str, undo: bool) -> None:
    assert OfflineAssistant().respond(WORKSHOP, message).undo is undo


@pytest.mark.parametrize(
    "message",
    [
        "riders find the reminder texts annoying and keep unsubscribing",
        "we don't really assign repairs to one mechanic anymore, everyone just grabs the next one",
    ],
)
def test_what_people_do_is_no_field_and_no_access(message: str) -> None:
    changed, bp, _ = say(message)
    assert not changed and not any(r.public for r in bp.api.resources)


def test_a_question_about_the_named_field_answered_at_once() -> None:
    changed, bp, _ = say("should the repair price be an integer? yeah let's do that")
    price = field(bp, "Repair", "price")
    assert changed and price is not None and price.type == "integer"
