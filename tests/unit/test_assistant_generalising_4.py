"""General rules of the fourth round, each on a spec of its own (a pottery studio) and in
phrasings written for these tests: workflow items removed by what they do (a schedule by its
deed, the one reminder, a queue by what goes through it, an event by its cause and effect, a
storage by what it keeps), a schedule moved to another hour of its days, API access said in
prose (kept for roles, behind a sign-in, read-only, one operation with the others refused),
roles named as the people who sign in, a queue for work sent async, a storage for "the X ones",
and flags said with a region."""

from __future__ import annotations

import pytest

from slipway.assistant import OfflineAssistant
from slipway.ir import OPERATIONS, Blueprint
from slipway.spec import compile_spec

STUDIO = """# Kiln & Clay

A pottery studio: members make pieces, the staff fire them.

## Entities

### Potter
- name: string, required
- email: string, required, unique

### Piece
- potter: ref Potter, required
- title: string, required
- glaze: string

### Firing
- started_at: datetime, required
- temperature: integer

### Workshop
- title: string, required
- starts_on: date, required

## Auth
- roles: owner, staff

## API
### Workshop
- operations: list, get
- access: public

### Piece
- operations: list, get, create, update, delete

## Workflows
- schedule clay-stock-count: cron(0 6 * * ? *)
- schedule workshop-reminder: cron(0 10 ? * MON *)
- queue kiln-loads
- queue collection-texts
- event piece.glazed -> collection-texts

## Infrastructure
- region: us-east-1
- bucket piece-photos
"""


def say(message: str, spec: str = STUDIO) -> tuple[bool, Blueprint, str]:
    reply = OfflineAssistant().respond(spec, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint, reply.message


def items(bp: Blueprint) -> set[str]:
    flows = bp.workflows
    return (
        {j.name for j in flows.jobs}
        | {q.name for q in flows.queues}
        | {e.name for e in flows.events}
        | set(bp.infrastructure.buckets)
    )


ALL = {"clay-stock-count", "workshop-reminder", "kiln-loads", "collection-texts", "piece.glazed",
       "piece-photos"}  # fmt: skip


@pytest.mark.parametrize(
    ("message", "gone"),
    [
        ("we stopped counting the clay stock, the supplier tops it up", "clay-stock-count"),
        ("we no longer do the clay stock count", "clay-stock-count"),
        ("the teacher phones everyone now, so the automatic reminder can go", "workshop-reminder"),
        ("kiln loads don't go through a queue any more", "kiln-loads"),
        ("glazing a piece shouldn't trigger collection texts anymore", "piece.glazed"),
        ("we stopped texting potters each time a piece gets glazed", "piece.glazed"),
        ("we don't take photos of the pieces anymore, remove that storage", "piece-photos"),
    ],
)
def test_a_workflow_item_removed_by_what_it_does(message: str, gone: str) -> None:
    changed, bp, _ = say(message)
    assert changed and items(bp) == ALL - {gone}


def test_something_no_longer_done_that_names_no_item_is_no_removal() -> None:
    _changed, bp, _ = say("we don't sell mugs any more")
    assert items(bp) == ALL


@pytest.mark.parametrize(
    ("message", "expression"),
    [
        ("the clay stock count should run at 5am, not 6", "cron(0 5 * * ? *)"),
        ("move the workshop reminder to 8:30", "cron(30 8 ? * MON *)"),
    ],
)
def test_a_schedule_moved_to_another_hour_of_its_days(message: str, expression: str) -> None:
    changed, bp, _reply = say(message)
    jobs = {j.name: j.schedule for j in bp.workflows.jobs}
    assert changed and jobs[next(n for n in jobs if n.split("-")[0] in message)] == expression
    assert len(jobs) == 2


def test_a_number_that_is_no_time_moves_nothing() -> None:
    _changed, bp, _ = say("the clay stock count is for 3 kilns")
    assert {j.schedule for j in bp.workflows.jobs} == {"cron(0 6 * * ? *)", "cron(0 10 ? * MON *)"}


def _api(bp: Blueprint, entity: str) -> tuple[bool, list[str], list[str]]:
    found = next(r for r in bp.api.resources if r.entity == entity)
    return found.public, list(found.operations), list(found.roles)


def test_an_api_kept_for_a_role() -> None:
    changed, bp, _ = say("the potter list in the api is for the staff only")
    assert changed and _api(bp, "Potter")[2] == ["staff"]


@pytest.mark.parametrize(
    "message",
    ["the workshop list shouldn't be public anymore", "make the workshop endpoints need a login"],
)
def test_an_api_put_behind_a_sign_in(message: str) -> None:
    changed, bp, _ = say(message)
    assert changed and not _api(bp, "Workshop")[0]


def test_the_public_only_looking() -> None:
    changed, bp, _ = say("visitors should browse firings without logging in, only look, no changes")
    assert changed and _api(bp, "Firing")[:2] == (True, ["list", "get"])


def test_one_operation_with_the_others_refused() -> None:
    changed, bp, _ = say("pieces via the api: create only, no listing, no editing, no deleting")
    assert changed and _api(bp, "Piece")[1] == ["create"]


def test_roles_named_as_the_people_who_sign_in() -> None:
    spec = STUDIO.replace("## Auth\n- roles: owner, staff\n\n", "")
    changed, bp, _ = say("the teachers and the owner must log in, those are the roles", spec)
    assert changed and bp.auth.roles == ["teacher", "owner"]


def test_roles_are_not_the_words_after_the_word_roles() -> None:
    _, bp, _ = say("the teachers and the owner must log in, those are the roles we need")
    assert "we_need" not in bp.auth.roles


def test_a_queue_for_work_sent_async() -> None:
    changed, bp, _ = say("send the firing reports async, with retries")
    queue = next(q for q in bp.workflows.queues if q.name == "firing-reports")
    assert changed and queue.dead_letter


def test_a_storage_for_the_ones_said_before() -> None:
    changed, bp, _ = say("potters print their glazed photos, we need a separate storage for those")
    assert not changed
    changed, bp, _ = say(
        "potters print their glazed photos, we need a separate storage for the glazed ones"
    )
    assert changed and set(bp.infrastructure.buckets) == {"piece-photos", "glazed-photos"}


def test_a_storage_for_ones_never_said_is_a_question() -> None:
    changed, _, reply = say("we need a separate storage for the blurry ones")
    assert not changed and "?" in reply


def test_flags_said_with_a_region() -> None:
    changed, bp, _ = say("host it in Frankfurt and alarm us when something breaks")
    assert changed and bp.infrastructure.region == "eu-central-1" and bp.infrastructure.alarms


def test_a_deed_that_names_an_entity_as_much_as_an_item_removes_no_item() -> None:
    spec = STUDIO.replace("- queue kiln-loads", "- queue firings")
    _, bp, _ = say("we stopped doing firings", spec)
    assert "firings" in {q.name for q in bp.workflows.queues}


# The sixth round: roles and API operations said in prose, infrastructure lists, workflow
# requests that point back at the rest of the message.


def test_a_list_of_role_changes_is_each_its_own_change() -> None:
    changed, bp, _ = say("roles: remove staff, add glazer")
    assert changed and sorted(bp.auth.roles) == ["glazer", "owner"]
    assert "Glazer" not in {e.name for e in bp.entities}


def test_removing_a_role_the_spec_lacks_is_a_question() -> None:
    changed, _, reply = say("roles: drop apprentice, add glazer")
    assert not changed and "apprentice" in reply and "?" in reply


def test_a_role_beside_the_others() -> None:
    changed, bp, _ = say("we need a teacher role alongside the owner and staff")
    assert changed and bp.auth.roles == ["owner", "staff", "teacher"]


def test_sign_in_set_up_in_one_line() -> None:
    changed, bp, _ = say("configure auth: cognito, roles kiln tech and tutor; default role tutor")
    assert changed and bp.auth.strategy == "cognito" and bp.auth.default_role == "tutor"
    assert {"kiln_tech", "tutor"} <= set(bp.auth.roles)


def test_a_sign_in_swapped_for_another() -> None:
    spec = STUDIO.replace("## Auth\n", "## Auth\n- strategy: jwt\n")
    changed, bp, _ = say("swap jwt for api keys", spec)
    assert changed and bp.auth.strategy == "api_key"


def test_an_api_locked_to_roles_said_after_it() -> None:
    changed, bp, _ = say("firings should be locked to the owner role in the api")
    assert changed and _api(bp, "Firing")[2] == ["owner"] and "in_api" not in bp.auth.roles


@pytest.mark.parametrize(
    ("message", "left"),
    [
        ("no one may remove a piece via the api", ["list", "get", "create", "update"]),
        (
            "we don't want anybody to change pieces over the api",
            ["list", "get", "create", "delete"],
        ),
        ("strip delete and update from the pieces api", ["list", "get", "create"]),
    ],
)
def test_api_operations_refused_in_prose(message: str, left: list[str]) -> None:
    changed, bp, _ = say(message)
    public, ops, _roles = _api(bp, "Piece")
    assert changed and ops == left and not public


def test_the_public_may_look_and_nobody_may_write() -> None:
    changed, bp, _ = say(
        "firings api: everybody can look at them without signing in, nobody can write to them"
    )
    assert changed and _api(bp, "Firing")[:2] == (True, ["list", "get"])


def test_the_only_operations_said_after_the_api_was_named() -> None:
    changed, bp, _ = say(
        "nobody should delete pieces through the API. They may only be added and viewed."
    )
    assert changed and _api(bp, "Piece")[1] == ["list", "get", "create"]


def test_a_list_of_infrastructure_requests() -> None:
    changed, bp, _ = say("region us-east-1 -> eu-north-1, db to postgres, keep logs 14 days")
    infra = bp.infrastructure
    assert changed and infra.region == "eu-north-1" and infra.database == "postgres"
    assert infra.log_retention_days == 14


@pytest.mark.parametrize(
    ("message", "region"),
    [
        ("the studio is moving to japan", "ap-northeast-1"),
        ("member data must stay in sweden, please", "eu-north-1"),
    ],
)
def test_a_region_said_as_a_place(message: str, region: str) -> None:
    changed, bp, _ = say(message)
    assert changed and bp.infrastructure.region == region


def test_a_bucket_and_a_flag_in_one_clause() -> None:
    changed, bp, _ = say("add a bucket for glaze recipes, and alarms on")
    infra = bp.infrastructure
    assert changed and "glaze-recipes" in infra.buckets and infra.alarms


def test_point_in_time_recovery_on_the_database() -> None:
    changed, bp, _ = say("we want point in time recovery on the database and json logs")
    infra = bp.infrastructure
    assert changed and infra.point_in_time_recovery and infra.structured_logging


def test_remove_one_item_but_keep_another() -> None:
    changed, bp, _ = say("drop the clay stock count but keep the workshop reminder")
    assert changed and items(bp) == ALL - {"clay-stock-count"}


def test_it_removed_already_and_another_kept() -> None:
    changed, bp, _ = say(
        "we don't count the clay stock anymore. Delete it but leave the workshop reminder."
    )
    assert changed and items(bp) == ALL - {"clay-stock-count"}


def test_a_queue_with_a_dead_letter_and_an_event_in_one_sentence() -> None:
    changed, bp, _ = say(
        "add a queue with dlq for kiln alerts and emit an event whenever a firing is finished"
    )
    queue = next(q for q in bp.workflows.queues if q.name == "kiln-alerts")
    assert changed and queue.dead_letter and "firing.finished" in items(bp)


def test_work_in_the_background_on_its_own_queue() -> None:
    changed, bp, _ = say(
        "the certificate of a workshop should be rendered in the background. Put it on its own queue"
    )
    names = {q.name for q in bp.workflows.queues}
    assert changed and names == {"kiln-loads", "collection-texts", "workshop-certificate"}


def test_the_tenant_named_after_an_equals_sign() -> None:
    changed, bp, _ = say("make it multi-tenant, tenant = Studio")
    assert changed and bp.tenancy.tenant_entity == "Studio"


def test_two_entity_features_in_one_short_line() -> None:
    changed, bp, _ = say("pieces: soft delete + audit log")
    piece = next(e for e in bp.entities if e.name == "Piece")
    assert changed and piece.soft_delete and piece.audit_log


@pytest.mark.parametrize(
    ("message", "entity", "expected"),
    [
        (
            "anybody on the website may browse pieces without logging in, but they cannot add, "
            "edit or delete any",
            "Piece",
            (True, ["list", "get"]),
        ),
        (
            "members get a portal: there they can view their pieces, make a new one and edit it, "
            "but removing a piece must never be allowed",
            "Piece",
            (False, ["list", "get", "create", "update"]),
        ),
        (
            "the public should be able to add potters from the website — but they can't see, "
            "edit or remove anybody's entry",
            "Potter",
            (True, ["create"]),
        ),
    ],
)
def test_what_people_may_and_may_not_do_told_in_a_sentence(
    message: str, entity: str, expected: tuple[bool, list[str]]
) -> None:
    changed, bp, _ = say(message)
    assert changed and _api(bp, entity)[:2] == expected


def test_every_operation_said_as_full_crud() -> None:
    changed, bp, _ = say("workshops: no longer public, full crud for signed-in users")
    assert changed and _api(bp, "Workshop")[:2] == (False, list(OPERATIONS))


def test_an_access_the_api_has_already_changes_nothing() -> None:
    changed, _bp, reply = say("should the potter list be private? only for logged-in people?")
    assert not changed and "already" in reply


def test_a_lost_record_asked_back_is_no_spec_edit() -> None:
    changed, _bp, reply = say(
        "A member says her blue vase vanished from the gallery page overnight. Could you bring "
        "it back?"
    )
    assert not changed and "record" in reply


def test_a_file_named_in_one_sentence_and_uploaded_in_another() -> None:
    changed, bp, _ = say(
        "potters keep asking for a picture beside their name on the members wall. can they "
        "upload one?"
    )
    assert changed and set(bp.infrastructure.buckets) == {"piece-photos", "pictures"}


def test_the_file_uploaded_named_before_a_part_pointing_back_at_it() -> None:
    changed, bp, _ = say(
        "from spring potters can upload a scan of their insurance before a course, so we need a "
        "place to keep those files"
    )
    assert changed and "insurance-scans" in bp.infrastructure.buckets


def test_a_reminder_stopped_by_what_another_sentence_says_of_it() -> None:
    changed, bp, _ = say(
        "Members say the Monday workshop reminder mails are too much. Please stop sending them."
    )
    assert changed and items(bp) == ALL - {"workshop-reminder"}


@pytest.mark.parametrize(
    ("message", "event", "target"),
    [
        ("could you tell the staff somehow when a firing gets started?", "firing.started", None),
        (
            "we already text potters when a piece is glazed. can we also text them when a "
            "workshop fills up? same collection queue is fine",
            "workshop.filled_up",
            "collection-texts",
        ),
    ],
)
def test_an_event_asked_for_as_a_message_to_people(
    message: str, event: str, target: str | None
) -> None:
    changed, bp, _ = say(message)
    targets = {e.name: e.target for e in bp.workflows.events}
    assert changed and targets[event] == target and len(bp.workflows.queues) == 2


@pytest.mark.parametrize(
    ("message", "tenant"),
    [
        (
            "we're opening more studios: each studio gets set up by us and must only ever see "
            "the potters, pieces and firings of its own studio",
            "Studio",
        ),
        (
            "each kiln room runs separately and may only see its own firings, never another's",
            "KilnRoom",
        ),
    ],
)
def test_tenancy_said_as_who_sees_only_their_own(message: str, tenant: str) -> None:
    changed, bp, _ = say(message)
    assert changed and bp.tenancy.mode == "multi" and bp.tenancy.tenant_entity == tenant


@pytest.mark.parametrize(
    ("message", "region"),
    [
        ("we open in japan first, so host it over there instead of virginia", "ap-northeast-1"),
        ("serve it from oregon rather than ireland", "us-west-2"),
    ],
)
def test_the_place_moved_to_never_the_one_left(message: str, region: str) -> None:
    changed, bp, _ = say(message)
    assert changed and bp.infrastructure.region == region


def test_infrastructure_said_in_passing() -> None:
    changed, bp, _ = say(
        "glaze disputes come up long after, so keep the logs for a whole year; also the logs "
        "should be structured"
    )
    infra = bp.infrastructure
    assert changed and infra.log_retention_days == 365 and infra.structured_logging


def test_a_bare_database_name_in_a_list() -> None:
    changed, bp, _ = say("postgres, eu-west-1, turn on backups")
    infra = bp.infrastructure
    assert changed and infra.database == "postgres" and infra.region == "eu-west-1"


def test_roles_for_a_list_of_people_read_whole() -> None:
    changed, bp, _ = say("We need roles for kiln techs, teachers and desk clerks.")
    assert changed and {"kiln_tech", "teacher", "desk_clerk"} <= set(bp.auth.roles)
