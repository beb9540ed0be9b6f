"""Whole-app edits: auth, roles, tenancy, API access, infrastructure, workflows, title."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.editor.base import Buffer, EditError, Skip, close, targets
from slipway.assistant.operations import (
    AddBucket,
    AddEvent,
    AddQueue,
    AddSchedule,
    RemoveBucket,
    RemoveWorkflow,
    RenameRole,
    SetApi,
    SetApp,
    SetAuth,
    SetDatabase,
    SetDefaultRole,
    SetHealth,
    SetInfraFlag,
    SetLogRetention,
    SetRegion,
    SetRoles,
    SetTenancy,
)
from slipway.assistant.outline import words
from slipway.ir import OPERATIONS
from slipway.spec.read_sections import FLAG_VALUES

Change = tuple[str, str]
DEFAULT_ROLES = ["admin", "user"]
FLAG_TEXT = {
    "tracing": "tracing",
    "alarms": "alarms",
    "structured_logging": "structured logging",
    "point_in_time_recovery": "point in time recovery",
    "backups": "backups",
}


def _current(buf: Buffer, section: str, key: str) -> str | None:
    found = buf.outline.section(section)
    for b in found.bullets if found else []:
        if b.key == key:
            return b.value
    return None


def set_auth(buf: Buffer, op: SetAuth) -> Change:
    if (_current(buf, "auth", "strategy") or "").lower().replace("-", "_") == op.strategy:
        raise Skip(f"auth already uses {op.strategy}")
    old = buf.upsert("auth", "strategy", f"strategy: {op.strategy}")
    was = f" (was {old.partition(':')[2].strip()})" if old else ""
    return "Auth", f"strategy {op.strategy}{was}"


def roles_of(buf: Buffer) -> list[str]:
    value = _current(buf, "auth", "roles")
    if value is None:
        return list(DEFAULT_ROLES)
    return [r.strip().lower() for r in value.split(",") if r.strip()]


def set_roles(buf: Buffer, op: SetRoles) -> Change:
    roles = roles_of(buf)
    if op.mode == "add":
        new = list(dict.fromkeys([*roles, *op.roles]))
    elif op.mode == "replace":
        new = list(dict.fromkeys(op.roles))
    else:
        new = [r for r in roles if r not in op.roles]
    if new == roles and _current(buf, "auth", "roles") is not None:
        raise Skip(f"the roles are already {', '.join(roles)}")
    if not new:
        raise EditError("The app needs at least one role.")
    buf.upsert("auth", "roles", f"roles: {', '.join(new)}")
    return "Auth", f"roles {', '.join(new)}"


def rename_role(buf: Buffer, op: RenameRole) -> Change:
    """The role called something else: in the roles, the default role and every API access."""
    roles = roles_of(buf)
    if op.old not in roles:
        raise EditError(f"There is no role {op.old}. The roles are {', '.join(roles)}.",
                        close(op.old, roles))  # fmt: skip
    if op.new in roles:
        raise EditError(f"There is a role {op.new} already. The roles are {', '.join(roles)}.")
    buf.upsert("auth", "roles", "roles: " + ", ".join(op.new if r == op.old else r for r in roles))
    if (_current(buf, "auth", "default role") or "").lower() == op.old:
        buf.upsert("auth", "default role", f"default role: {op.new}")
    word = re.compile(rf"(?<![\w-]){re.escape(op.old)}(?![\w-])", re.IGNORECASE)
    api = buf.outline.section("api")
    for bullet in [b for block in (api.blocks if api else []) for b in block.bullets]:
        key, colon, value = bullet.body.partition(":")
        if key.strip().lower() == "access" and colon and word.search(value):
            buf.replace(bullet.index, f"{bullet.marker}{key}:{word.sub(op.new, value)}")
    return "Auth", f"role {op.old} renamed to {op.new}"


def set_default_role(buf: Buffer, op: SetDefaultRole) -> Change:
    if op.role not in roles_of(buf):
        raise EditError(f"There is no role {op.role}. The roles are {', '.join(roles_of(buf))}.")
    if (_current(buf, "auth", "default role") or "").lower() == op.role:
        raise Skip(f"the default role is already {op.role}")
    buf.upsert("auth", "default role", f"default role: {op.role}")
    return "Auth", f"default role {op.role}"


def set_tenancy(buf: Buffer, op: SetTenancy) -> Change:
    if op.mode == "multi":
        assert op.entity is not None
        buf.entity(op.entity)
        text = f"multi-tenant by {op.entity}"
    else:
        text = "single"
    current = _current(buf, "tenancy", "mode")
    if current is not None and words(current) == words(text):
        raise Skip(f"tenancy is already {text}")
    if current is None and op.mode == "single":
        raise Skip("the app is already single-tenant")
    buf.upsert("tenancy", "mode", f"mode: {text}")
    return "Tenancy", text


def _access_text(op: SetApi) -> str | None:
    if op.access == "roles":
        return f"roles {', '.join(op.roles)}"
    return op.access


def set_api(buf: Buffer, op: SetApi) -> Change:
    buf.entity(op.entity)
    wanted: list[tuple[str, str]] = []
    access = _access_text(op)
    if access is not None:
        wanted.append(("access", access))
    if op.operations is not None:
        ops = [o for o in OPERATIONS if o in op.operations]
        wanted.append(("operations", ", ".join(ops) if ops else "none"))
    if op.path is not None:
        wanted.append(("path", op.path))
    if not wanted:
        raise EditError("Say what to change about the API: access, operations or path.")
    section = buf.section("api")
    block = next((b for b in section.blocks if targets(b.name, op.entity)), None)
    if block is None:
        at = section.last_content(buf.lines) + 1
        lines = ["", f"### {op.entity}"] if at > section.start + 1 else [f"### {op.entity}"]
        buf.insert(at, lines)
        section = buf.section("api")
        block = next(b for b in section.blocks if b.name == op.entity)
    changed = []
    for key, value in wanted:
        found = next((b for b in block.bullets if b.key == key), None)
        if found is not None and words(found.value) == words(value):
            continue
        if found is not None:
            buf.replace(found.index, f"{found.marker}{key}: {value}")
        else:
            buf.insert(block.last + 1, [f"- {key}: {value}"])
            block = next(b for b in buf.section("api").blocks if b.start == block.start)
        changed.append(f"{key} {value}")
    if not changed:
        raise Skip(f"the {op.entity} API already has {'; '.join(f'{k} {v}' for k, v in wanted)}")
    return op.entity, f"API {'; '.join(changed)}"


def set_health(buf: Buffer, op: SetHealth) -> Change:
    on = words(_current(buf, "api", "health") or "") in ("true", "yes", "on", "enabled")
    if on == op.enabled:
        raise Skip(f"the health endpoint is already {'on' if on else 'off'}")
    buf.upsert("api", "health", f"health: {'true' if op.enabled else 'false'}")
    return "API", f"health endpoint {'on' if op.enabled else 'off'}"


def set_database(buf: Buffer, op: SetDatabase) -> Change:
    current = (_current(buf, "infrastructure", "database") or "dynamodb").lower()
    if current.replace("postgresql", "postgres") == op.database:
        raise Skip(f"the database is already {op.database}")
    buf.upsert("infrastructure", "database", f"database: {op.database}")
    return "Infrastructure", f"database {op.database} (was {current})"


def set_region(buf: Buffer, op: SetRegion) -> Change:
    current = _current(buf, "infrastructure", "region") or "us-east-1"
    if current == op.region and _current(buf, "infrastructure", "region") is not None:
        raise Skip(f"the region is already {op.region}")
    buf.upsert("infrastructure", "region", f"region: {op.region}")
    return "Infrastructure", f"region {op.region} (was {current})"


def _item(buf: Buffer, section: str, prefix: str, name: str) -> int | None:
    found = buf.outline.section(section)
    for b in found.bullets if found else []:
        low = b.body.strip()
        if (
            low.lower().startswith(prefix)
            and low[len(prefix) :].split(",")[0].split(":")[0].split("->")[0].strip() == name
        ):
            return b.index
    return None


def add_bucket(buf: Buffer, op: AddBucket) -> Change:
    if _item(buf, "infrastructure", "bucket ", op.name) is not None:
        raise Skip(f"the bucket {op.name} already exists")
    buf.add_bullet(buf.section("infrastructure"), f"bucket {op.name}")
    return "Infrastructure", f"file bucket {op.name}"


def remove_bucket(buf: Buffer, op: RemoveBucket) -> Change:
    at = _item(buf, "infrastructure", "bucket ", op.name)
    if at is None:
        raise EditError(f"There is no bucket called {op.name}.")
    buf.delete(at)
    return "Infrastructure", f"bucket {op.name} removed"


def set_infra_flag(buf: Buffer, op: SetInfraFlag) -> Change:
    """The flag on ("- tracing") or off (no bullet); a "- tracing: false" the user wrote counts
    as what it says, and is replaced."""
    text = FLAG_TEXT[op.flag]
    section = buf.outline.section("infrastructure")
    said = [b for b in (section.bullets if section else []) if b.key == text]
    on = bool(said) and (":" not in said[-1].body or FLAG_VALUES.get(words(said[-1].value), True))
    if on == op.enabled:
        raise Skip(f"{text} is already {'on' if op.enabled else 'off'}")
    for b in reversed(said):
        buf.delete(b.index)
    if op.enabled:
        buf.add_bullet(buf.section("infrastructure"), text)
    return "Infrastructure", f"{text} {'on' if op.enabled else 'off'}"


def set_log_retention(buf: Buffer, op: SetLogRetention) -> Change:
    current = _current(buf, "infrastructure", "log retention")
    if op.days is None:
        if current is None:
            raise Skip("logs have no retention limit set")
        section = buf.section("infrastructure")
        buf.delete(next(b.index for b in section.bullets if b.key == "log retention"))
        return "Infrastructure", "log retention removed"
    if current is not None and current.split()[0] == str(op.days):
        raise Skip(f"logs are already kept {op.days} days")
    buf.upsert("infrastructure", "log retention", f"log retention: {op.days}")
    return "Infrastructure", f"logs kept {op.days} days"


def add_schedule(buf: Buffer, op: AddSchedule) -> Change:
    """A new scheduled job, or a new time for the one of that name."""
    at = _item(buf, "workflows", "schedule ", op.name)
    if at is not None:
        line = buf.lines[at]
        if words(line.strip()[2:]) == words(f"schedule {op.name}: {op.schedule}"):
            raise Skip(f"the schedule {op.name} already runs at {op.schedule}")
        buf.replace(at, line[: line.index("schedule")] + f"schedule {op.name}: {op.schedule}")
        return "Workflows", f"schedule {op.name} now runs at {op.schedule}"
    buf.add_bullet(buf.section("workflows"), f"schedule {op.name}: {op.schedule}")
    return "Workflows", f"scheduled job {op.name} at {op.schedule}"


def add_queue(buf: Buffer, op: AddQueue) -> Change:
    flags = [f for f, on in (("fifo", op.fifo), ("dead letter", op.dead_letter)) if on]
    text = ", ".join([f"queue {op.name}", *flags])
    at = _item(buf, "workflows", "queue ", op.name)
    if at is not None:
        if words(buf.lines[at].strip()[2:]) == words(text):
            raise Skip(f"the queue {op.name} already exists")
        buf.replace(at, buf.lines[at][: buf.lines[at].index("queue")] + text)
    else:
        buf.add_bullet(buf.section("workflows"), text)
    return "Workflows", f"queue {op.name}{' (' + ', '.join(flags) + ')' if flags else ''}"


def add_event(buf: Buffer, op: AddEvent) -> Change:
    if _item(buf, "workflows", "event ", op.name) is not None:
        raise Skip(f"the event {op.name} already exists")
    if op.target is not None and _item(buf, "workflows", "queue ", op.target) is None:
        raise EditError(f"There is no queue called {op.target} for the event to go to.")
    arrow = f" -> {op.target}" if op.target else ""
    buf.add_bullet(buf.section("workflows"), f"event {op.name}{arrow}")
    return "Workflows", f"event {op.name}{arrow}"


def remove_workflow(buf: Buffer, op: RemoveWorkflow) -> Change:
    at = _item(buf, "workflows", f"{op.kind} ", op.name)
    if at is None:
        raise EditError(f"There is no {op.kind} called {op.name}.")
    buf.delete(at)
    if op.kind != "queue":
        return "Workflows", f"{op.kind} {op.name} removed"
    freed = []
    for i, line in enumerate(buf.lines):  # an event sent to the queue is still published
        sent = rx.match(rf"^(\s*[-*] event [\w.\-]+)\s*->\s*{re.escape(op.name)}\s*$", line)
        if sent:
            buf.replace(i, sent.group(1))
            freed.append(sent.group(1).split("event ", 1)[1])
    many = len(freed) > 1
    also = (
        f" ({'events' if many else 'event'} {', '.join(freed)} {'are' if many else 'is'} still"
        " published, to no queue)"
        if freed
        else ""
    )
    return "Workflows", f"queue {op.name} removed{also}"


def set_app(buf: Buffer, op: SetApp) -> Change:
    outline = buf.outline
    if outline.title is None:
        buf.insert(0, [f"# {op.name}", ""])
    else:
        buf.replace(outline.title, f"# {op.name}")
    if op.description:
        outline = buf.outline
        assert outline.title is not None
        end = outline.sections[0].start if outline.sections else len(buf.lines)
        keep = [ln for ln in buf.lines[outline.title + 1 : end] if ln.strip().startswith("<!--")]
        buf.lines[outline.title + 1 : end] = ["", op.description, *keep, ""]
        buf.replace(outline.title, f"# {op.name}")
    return "App", f"{op.name}: {op.description}" if op.description else op.name
