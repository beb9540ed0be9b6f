"""Spec Markdown → Blueprint IR. Deterministic, linear in the spec size, never raises.

Two passes: ``_Parser`` reads the Markdown into plain declarations (with line numbers), then
``_Builder`` resolves references, fills defaults (ids, timestamps, FKs, indexes, join entities,
tenant keys, CRUD resources) and validates the whole (cycles, unknown names, defaults).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from slipway.ir import (
    FIELD_TYPES,
    OPERATIONS,
    ApiConfig,
    ApiResource,
    AuthConfig,
    Blueprint,
    EntityDef,
    EventDef,
    FieldDef,
    IndexDef,
    InfrastructureConfig,
    ProjectInfo,
    QueueDef,
    RelationshipDef,
    ScheduledJob,
    TenancyConfig,
    WorkflowsConfig,
)
from slipway.spec.text import parse_uint, pluralize, singularize, slugify, snake_case

MAX_LINE = 2000
SECTIONS = ("entities", "auth", "tenancy", "api", "workflows", "infrastructure")
TYPE_ALIASES = {
    "text": "string",
    "str": "string",
    "int": "integer",
    "float": "number",
    "decimal": "number",
    "double": "number",
    "bool": "boolean",
    "timestamp": "datetime",
    "object": "json",
}
ENTITY_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{0,63}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")
API_PATH = re.compile(r"^/[A-Za-z0-9_\-/.{}]*$")
RESOURCE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,79}$")
SCHEDULE = re.compile(
    r"^(rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\([^()]+\))$"
)
STRATEGIES = ("jwt", "cognito", "api_key", "none")


@dataclass(frozen=True)
class SpecError:
    line: int
    message: str
    hint: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        return f"line {self.line}: {self.message} — hint: {self.hint}"


@dataclass
class CompileResult:
    blueprint: Blueprint | None
    errors: list[SpecError]

    @property
    def ok(self) -> bool:
        return self.blueprint is not None and not self.errors


# --- parsed declarations ------------------------------------------------------------------


@dataclass
class _Field:
    name: str
    type: str
    line: int
    required: bool = False
    unique: bool = False
    primary: bool = False
    indexed: bool = False
    encrypted: bool = False
    default: str | None = None
    max_length: int | None = None
    enum_values: list[str] = field(default_factory=list)
    ref: str | None = None
    optional: bool = False


@dataclass
class _Entity:
    name: str
    line: int
    fields: list[_Field] = field(default_factory=list)
    belongs: list[tuple[str, int]] = field(default_factory=list)
    has_many: list[tuple[str, int]] = field(default_factory=list)
    many: list[tuple[str, int]] = field(default_factory=list)
    soft_delete: bool = False
    audit_log: bool = False
    timestamps: bool = True
    scope: str | None = None  # "tenant" | "global" | None


@dataclass
class _Api:
    entity: str
    line: int
    path: str | None = None
    operations: list[str] | None = None
    public: bool = False
    roles: list[str] = field(default_factory=list)
    page_size: int | None = None


@dataclass
class _Spec:
    title: str | None = None
    title_line: int = 0
    description: list[str] = field(default_factory=list)
    entities: dict[str, _Entity] = field(default_factory=dict)
    strategy: str = "jwt"
    roles: list[str] | None = None
    roles_line: int = 0
    default_role: str | None = None
    tenancy: str = "single"
    tenant_entity: str | None = None
    tenancy_line: int = 0
    api: dict[str, _Api] = field(default_factory=dict)
    health: bool = False
    jobs: list[ScheduledJob] = field(default_factory=list)
    queues: list[QueueDef] = field(default_factory=list)
    events: list[tuple[EventDef, int]] = field(default_factory=list)
    infra: dict[str, Any] = field(default_factory=dict)
    buckets: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


def _split_top(text: str) -> list[str]:
    """Split on commas that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("-", " ").replace("_", " "))


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.spec = _Spec()
        self.errors: list[SpecError] = []
        self.section: str | None = None
        self.entity: _Entity | None = None
        self.api: _Api | None = None
        self.in_fence = False
        self.skip_block = False

    def error(self, line: int, message: str, hint: str) -> None:
        self.errors.append(SpecError(line, message, hint))

    def run(self) -> _Spec:
        for index, raw in enumerate(self.lines, start=1):
            if len(raw) > MAX_LINE:
                self.error(index, f"line is longer than {MAX_LINE} characters", "split it up")
                continue
            line = raw.strip()
            if line.startswith("```"):
                self.in_fence = not self.in_fence
                continue
            if self.in_fence or not line or line.startswith("<!--"):
                continue
            if line.startswith("#"):
                self.heading(index, line)
            elif line[0] in "-*+" and line[1:2] in (" ", "\t"):
                self.bullet(index, line[2:].strip())
            elif self.section is None and self.spec.title is not None and not self.spec.entities:
                self.spec.description.append(line)
        if self.spec.title is None:
            self.error(
                1,
                "the spec has no app title",
                "start the spec with a level-1 heading, e.g. '# Task Manager'",
            )
        return self.spec

    # --- headings ------------------------------------------------------------------------

    def heading(self, line_no: int, line: str) -> None:
        self.skip_block = False
        level = len(line) - len(line.lstrip("#"))
        text = line[level:].strip()
        if level == 1:
            if self.spec.title is not None:
                self.error(
                    line_no,
                    "a second app title",
                    "use exactly one '# App name' heading; use '##' for sections",
                )
                return
            if not text:
                self.error(line_no, "the app title is empty", "write the app's name after '# '")
                return
            self.spec.title = text[:100]
            self.spec.title_line = line_no
            self.section = None
            return
        if level == 2:
            name = _words(text)
            self.entity = None
            self.api = None
            if name in SECTIONS:
                self.section = name
            else:
                self.section = "unknown"
                self.error(
                    line_no,
                    f"unknown section '{text}'",
                    "sections are: Entities, Auth, Tenancy, API, Workflows, Infrastructure",
                )
            return
        if level == 3:
            if self.section == "entities":
                self.start_entity(line_no, text)
            elif self.section == "api":
                self.start_api(line_no, text)
            elif self.section != "unknown":
                self.error(
                    line_no,
                    f"unexpected heading '{text}'",
                    "'###' headings belong under '## Entities' or '## API'",
                )
            return
        self.error(
            line_no, f"unexpected level-{level} heading", "use '#', '##' or '###' headings only"
        )

    def start_entity(self, line_no: int, name: str) -> None:
        name = name.strip()
        if not ENTITY_NAME.match(name):
            self.entity = None
            self.skip_block = True
            self.error(
                line_no,
                f"invalid entity name '{name[:60]}'",
                "entity names are PascalCase letters and digits, e.g. 'Task' or 'OrderItem'",
            )
            return
        if name in self.spec.entities:
            self.entity = None
            self.skip_block = True
            first = self.spec.entities[name].line
            self.error(
                line_no,
                f"duplicate entity '{name}'",
                f"'{name}' is already defined on line {first}; merge the two",
            )
            return
        self.entity = _Entity(name=name, line=line_no)
        self.spec.entities[name] = self.entity

    def start_api(self, line_no: int, name: str) -> None:
        name = name.strip()
        if name in self.spec.api:
            self.api = None
            self.error(
                line_no,
                f"API settings for '{name}' appear twice",
                "keep one '### {name}' block under '## API'",
            )
            return
        self.api = _Api(entity=name, line=line_no)
        self.spec.api[name] = self.api

    # --- bullets -------------------------------------------------------------------------

    def bullet(self, line_no: int, text: str) -> None:
        if self.section == "entities":
            if self.entity is None:
                if not self.skip_block:  # bullets of a rejected heading were reported with it
                    self.error(
                        line_no,
                        "a bullet outside of an entity",
                        "put field bullets under an '### Entity' heading",
                    )
                return
            self.entity_bullet(line_no, text)
        elif self.section == "auth":
            self.auth_bullet(line_no, text)
        elif self.section == "tenancy":
            self.tenancy_bullet(line_no, text)
        elif self.section == "api":
            self.api_bullet(line_no, text)
        elif self.section == "workflows":
            self.workflow_bullet(line_no, text)
        elif self.section == "infrastructure":
            self.infra_bullet(line_no, text)
        elif self.section is None:
            self.error(
                line_no,
                "a bullet before any section",
                "add a section heading such as '## Entities' first",
            )

    def entity_bullet(self, line_no: int, text: str) -> None:
        entity = self.entity
        assert entity is not None
        words = _words(text)
        for prefix, target in (
            ("belongs to ", entity.belongs),
            ("has many ", entity.has_many),
            ("many to many ", entity.many),
        ):
            if words.startswith(prefix):
                name = text.strip().split()[-1].strip(".")
                target.append((name, line_no))
                return
        options = {
            "soft delete": ("soft_delete", True),
            "audit log": ("audit_log", True),
            "audit logging": ("audit_log", True),
            "no timestamps": ("timestamps", False),
        }
        if words in options:
            attr, value = options[words]
            setattr(entity, attr, value)
            return
        if words in ("tenant scoped", "global"):
            entity.scope = "tenant" if words == "tenant scoped" else "global"
            return
        if ":" not in text:
            self.error(
                line_no,
                f"malformed bullet '{text[:60]}'",
                "fields look like '- title: string, required'; "
                "relationships like '- belongs to Project'",
            )
            return
        name, _, rest = text.partition(":")
        name = name.strip().strip("`")
        if not FIELD_NAME.match(name):
            self.error(
                line_no,
                f"invalid field name '{name[:60]}'",
                "field names are snake_case, e.g. 'due_date'",
            )
            return
        if any(f.name == name for f in entity.fields) or name in ("id", "created_at", "updated_at"):
            self.error(
                line_no,
                f"duplicate field '{name}' in {entity.name}",
                "each field appears once; id, created_at and updated_at are added automatically",
            )
            return
        parts = _split_top(rest)
        if not parts:
            self.error(
                line_no, f"field '{name}' has no type", f"write a type, e.g. '- {name}: string'"
            )
            return
        parsed = self.parse_type(line_no, name, parts[0])
        if parsed is None:
            return
        for modifier in parts[1:]:
            self.apply_modifier(line_no, parsed, modifier)
        entity.fields.append(parsed)

    def parse_type(self, line_no: int, name: str, text: str) -> _Field | None:
        raw = text.strip()
        lower = raw.lower()
        if lower.startswith("enum"):
            match = re.match(r"^enum\s*\((.*)\)$", raw, re.IGNORECASE)
            if match is None:
                self.error(
                    line_no, f"malformed enum for field '{name}'", "write enum(low, medium, high)"
                )
                return None
            values = [v.strip().strip("'\"") for v in match.group(1).split(",") if v.strip()]
            if not values:
                self.error(
                    line_no,
                    f"enum without values for field '{name}'",
                    "list the values: enum(low, medium, high)",
                )
                return None
            bad = [v for v in values if not re.match(r"^[A-Za-z0-9_.\- ]{1,64}$", v)]
            if bad:
                self.error(
                    line_no,
                    f"invalid enum value '{bad[0][:40]}'",
                    "enum values are words, digits, '_', '-' or '.'",
                )
                return None
            if len(set(values)) != len(values):
                self.error(
                    line_no, f"enum for field '{name}' repeats a value", "list each value once"
                )
                return None
            return _Field(name=name, type="enum", line=line_no, enum_values=values)
        if (
            lower.startswith("ref ")
            or lower.startswith("reference ")
            or lower.startswith("references ")
        ):
            target = raw.split(None, 1)[1].strip()
            return _Field(name=name, type="string", line=line_no, ref=target)
        kind = TYPE_ALIASES.get(lower, lower)
        if kind not in FIELD_TYPES or kind == "enum":
            self.error(
                line_no,
                f"unknown type '{raw[:40]}' for field '{name}'",
                "use one of string, number, integer, boolean, datetime, date, enum(...), json, "
                "ref <Entity>",
            )
            return None
        return _Field(name=name, type=kind, line=line_no)

    def apply_modifier(self, line_no: int, f: _Field, text: str) -> None:
        words = _words(text)
        if words == "required":
            f.required = True
        elif words == "optional":
            f.optional = True
        elif words == "unique":
            f.unique = True
        elif words in ("indexed", "index"):
            f.indexed = True
        elif words == "encrypted":
            f.encrypted = True
        elif words in ("primary", "primary key"):
            f.primary = True
        elif words.startswith("default"):
            value = text.strip()[len("default") :].strip()
            if value.startswith(("=", ":")):
                value = value[1:].strip()
            if not value:
                self.error(
                    line_no,
                    f"'default' without a value on field '{f.name}'",
                    "write e.g. 'default low'",
                )
                return
            f.default = (
                value.strip("'\"")
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
                else value
            )
        elif re.match(r"^max( length)? \d+$", words):
            f.max_length = int(words.split()[-1])
            if f.type != "string" or f.ref:
                self.error(
                    line_no,
                    f"'max' applies to string fields, not '{f.name}'",
                    "remove it or make the field a string",
                )
        else:
            self.error(
                line_no,
                f"unknown modifier '{text[:40]}' on field '{f.name}'",
                "modifiers: required, optional, unique, default <value>, max <n>, encrypted, "
                "indexed, primary",
            )

    def auth_bullet(self, line_no: int, text: str) -> None:
        key, _, value = text.partition(":")
        key, value = _words(key), value.strip()
        if key == "strategy":
            strategy = value.lower().replace(" ", "_").replace("-", "_")
            if strategy not in STRATEGIES:
                self.error(
                    line_no,
                    f"unknown auth strategy '{value[:40]}'",
                    "use jwt, cognito, api_key or none",
                )
                return
            self.spec.strategy = strategy
        elif key == "roles":
            roles = [r.strip().lower() for r in value.split(",") if r.strip()]
            bad = [r for r in roles if not FIELD_NAME.match(r.replace("-", "_"))]
            if bad or not roles:
                self.error(line_no, "invalid roles", "list role names: '- roles: admin, member'")
                return
            self.spec.roles = list(dict.fromkeys(roles))
            self.spec.roles_line = line_no
        elif key == "default role":
            self.spec.default_role = value.lower()
        else:
            self.error(
                line_no,
                f"unknown auth setting '{text[:40]}'",
                "use '- strategy: jwt', '- roles: a, b' or '- default role: b'",
            )

    def tenancy_bullet(self, line_no: int, text: str) -> None:
        key, _, value = text.partition(":")
        if _words(key) != "mode":
            self.error(
                line_no,
                f"unknown tenancy setting '{text[:40]}'",
                "use '- mode: single' or '- mode: multi-tenant by Organization'",
            )
            return
        words = _words(value)
        self.spec.tenancy_line = line_no
        if words in ("single", "single tenant"):
            self.spec.tenancy = "single"
            return
        match = re.match(r"^multi(?: tenant| tenancy)?(?: by (.+))?$", words)
        if match is None:
            self.error(
                line_no,
                f"unknown tenancy mode '{value.strip()[:40]}'",
                "use 'single' or 'multi-tenant by <Entity>'",
            )
            return
        self.spec.tenancy = "multi"
        by = value.strip().split()[-1] if match.group(1) else None
        self.spec.tenant_entity = by
        if by is None:
            self.error(
                line_no,
                "multi-tenancy needs a tenant entity",
                "write '- mode: multi-tenant by Organization'",
            )

    def api_bullet(self, line_no: int, text: str) -> None:
        key, _, value = text.partition(":")
        key, value = _words(key), value.strip()
        if self.api is None:
            if key == "health":
                self.spec.health = _words(value) in ("true", "yes", "on", "enabled")
                return
            self.error(
                line_no,
                f"API setting '{text[:40]}' outside of an entity block",
                "put it under '### <Entity>' in '## API'",
            )
            return
        api = self.api
        if key in ("path", "base path"):
            if not API_PATH.match(value) or "//" in value or len(value) > 200:
                self.error(
                    line_no,
                    f"invalid API path '{value[:60]}'",
                    "paths start with '/', e.g. '/v1/tasks'",
                )
                return
            api.path = value.rstrip("/") or "/"
        elif key == "operations":
            words = _words(value)
            if words in ("crud", "all"):
                api.operations = list(OPERATIONS)
            elif words in ("read only", "readonly"):
                api.operations = ["list", "get"]
            elif words == "none":
                api.operations = []
            else:
                ops = [o.strip().lower() for o in value.split(",") if o.strip()]
                bad = [o for o in ops if o not in OPERATIONS]
                if bad:
                    self.error(
                        line_no,
                        f"unknown operation '{bad[0][:30]}'",
                        "operations: list, get, create, update, delete (or crud, read-only, none)",
                    )
                    return
                api.operations = [o for o in OPERATIONS if o in ops]
        elif key == "access":
            words = _words(value)
            if words == "public":
                api.public = True
            elif words == "authenticated":
                api.public = False
            elif words.startswith("roles "):
                api.roles = [
                    r.strip().lower() for r in value.split(None, 1)[1].split(",") if r.strip()
                ]
            else:
                self.error(
                    line_no,
                    f"unknown access '{value[:40]}'",
                    "use public, authenticated or 'roles admin, editor'",
                )
        elif key == "page size":
            page_size = parse_uint(value)
            if page_size is None or not 1 <= page_size <= 1000:
                self.error(
                    line_no, f"invalid page size '{value[:20]}'", "use a number from 1 to 1000"
                )
                return
            api.page_size = page_size
        else:
            self.error(
                line_no,
                f"unknown API setting '{text[:40]}'",
                "use path, operations, access or page size",
            )

    def workflow_bullet(self, line_no: int, text: str) -> None:
        words = text.strip()
        lower = words.lower()
        if lower.startswith("schedule "):
            name, _, expr = words[len("schedule ") :].partition(":")
            name, expr = name.strip(), expr.strip()
            if not RESOURCE_NAME.match(name) or not SCHEDULE.match(expr):
                self.error(
                    line_no,
                    f"malformed schedule '{words[:60]}'",
                    "write '- schedule daily-digest: cron(0 8 * * ? *)' or 'rate(1 day)'",
                )
                return
            self.spec.jobs.append(ScheduledJob(name=name, schedule=expr))
        elif lower.startswith("queue "):
            parts = _split_top(words[len("queue ") :])
            name = parts[0] if parts else ""
            if not RESOURCE_NAME.match(name):
                self.error(
                    line_no,
                    f"invalid queue name '{name[:40]}'",
                    "write '- queue notifications[, fifo][, dead letter]'",
                )
                return
            flags = {_words(p) for p in parts[1:]}
            unknown = flags - {"fifo", "dead letter", "dlq", "dead letter queue"}
            if unknown:
                self.error(
                    line_no,
                    f"unknown queue option '{sorted(unknown)[0]}'",
                    "options: fifo, dead letter",
                )
                return
            self.spec.queues.append(
                QueueDef(
                    name=name,
                    fifo="fifo" in flags,
                    dead_letter=bool(flags & {"dead letter", "dlq", "dead letter queue"}),
                )
            )
        elif lower.startswith("event "):
            rest = words[len("event ") :]
            name, _, target = rest.partition("->")
            name, target = name.strip(), target.strip()
            if not RESOURCE_NAME.match(name) or (target and not RESOURCE_NAME.match(target)):
                self.error(
                    line_no,
                    f"malformed event '{words[:60]}'",
                    "write '- event task.created -> notifications'",
                )
                return
            self.spec.events.append((EventDef(name=name, target=target or None), line_no))
        else:
            self.error(
                line_no,
                f"unknown workflow item '{words[:40]}'",
                "use '- schedule <name>: <cron|rate>', '- queue <name>' or "
                "'- event <name> -> <queue>'",
            )

    def infra_bullet(self, line_no: int, text: str) -> None:
        words = _words(text)
        flags = {
            "point in time recovery": "point_in_time_recovery",
            "pitr": "point_in_time_recovery",
            "backups": "backups",
            "tracing": "tracing",
            "alarms": "alarms",
            "structured logging": "structured_logging",
        }
        if words in flags:
            self.spec.infra[flags[words]] = True
            return
        if words.startswith("bucket "):
            name = text.strip().split(None, 1)[1].strip()
            if not re.match(r"^[a-z0-9][a-z0-9-]{1,40}$", name):
                self.error(
                    line_no,
                    f"invalid bucket name '{name[:40]}'",
                    "bucket names are lowercase letters, digits and '-'",
                )
                return
            self.spec.buckets.append(name)
            return
        key, sep, value = text.partition(":")
        key, value = _words(key), value.strip()
        if not sep:
            self.error(
                line_no,
                f"malformed infrastructure item '{text[:40]}'",
                "write '- region: us-east-1' or '- database: postgres'",
            )
            return
        if key == "region":
            if not REGION.match(value):
                self.error(
                    line_no,
                    f"invalid region '{value[:30]}'",
                    "use an AWS region such as us-east-1 or eu-west-1",
                )
                return
            self.spec.infra["region"] = value
        elif key == "database":
            db = value.lower()
            if db in ("postgresql", "aurora", "rds"):
                db = "postgres"
            if db not in ("dynamodb", "postgres"):
                self.error(line_no, f"invalid database '{value[:30]}'", "use dynamodb or postgres")
                return
            self.spec.infra["database"] = db
        elif key == "billing":
            billing = value.upper().replace(" ", "_").replace("-", "_")
            if billing not in ("PAY_PER_REQUEST", "PROVISIONED"):
                self.error(
                    line_no, f"invalid billing '{value[:30]}'", "use pay_per_request or provisioned"
                )
                return
            self.spec.infra["billing_mode"] = billing
        elif key == "log retention":
            digits = value.split()[0] if value.split() else ""
            days = parse_uint(digits)
            if days is None or not 1 <= days <= 3653:
                self.error(
                    line_no,
                    f"invalid log retention '{value[:20]}'",
                    "give days, e.g. '- log retention: 30'",
                )
                return
            self.spec.infra["log_retention_days"] = days
        elif re.match(r"^[a-z][a-z0-9 ]{0,40}$", key):
            self.spec.settings[key.replace(" ", "_")] = value[:200]
        else:
            self.error(
                line_no, f"malformed infrastructure item '{text[:40]}'", "write '- key: value'"
            )


class _Builder:
    def __init__(self, spec: _Spec, errors: list[SpecError]) -> None:
        self.spec = spec
        self.errors = errors
        self.by_lower: dict[str, str] = {}
        for name in spec.entities:
            self.by_lower[name.lower()] = name
            self.by_lower[pluralize(name).lower()] = name
        self.entities: dict[str, EntityDef] = {}
        self.field_lines: dict[tuple[str, str], int] = {}

    def error(self, line: int, message: str, hint: str) -> None:
        self.errors.append(SpecError(line, message, hint))

    def resolve(self, name: str, line: int, context: str) -> str | None:
        found = self.by_lower.get(name.lower()) or self.by_lower.get(singularize(name).lower())
        if found is None:
            known = ", ".join(sorted(self.spec.entities)[:8]) or "none yet"
            self.error(
                line,
                f"{context} refers to a missing entity '{name[:40]}'",
                f"define '### {name[:40]}' under '## Entities' (known: {known})",
            )
        return found

    def build(self) -> Blueprint | None:
        for e in self.spec.entities.values():
            self.entities[e.name] = self.base_entity(e)
        for e in self.spec.entities.values():
            self.references(e)
        for e in self.spec.entities.values():
            self.relationships(e)
        self.tenancy()
        self.check_cycles()
        self.check_defaults()
        api = self.api()
        auth = self.auth()
        workflows = self.workflows()
        if self.errors:
            return None
        for ent in self.entities.values():
            ent.indexes.sort(key=lambda i: i.name)
            ent.relationships.sort(key=lambda r: (r.kind, r.name, r.target))
            self.order_fields(ent)
        infra = InfrastructureConfig(
            **self.spec.infra,
            buckets=sorted(set(self.spec.buckets)),
            settings=dict(sorted(self.spec.settings.items())),
        )
        try:
            return Blueprint(
                project=ProjectInfo(
                    name=self.spec.title or "App",
                    slug=slugify(self.spec.title or "app"),
                    description=" ".join(self.spec.description)[:2000],
                ),
                auth=auth,
                tenancy=self.tenancy_config,
                entities=list(self.entities.values()),
                api=api,
                workflows=workflows,
                infrastructure=infra,
            )
        except ValidationError as exc:  # a guard: the parser should have caught it
            self.error(
                1,
                f"the spec produced an invalid blueprint: {exc.errors()[0]['msg']}",
                "check the values near the reported fields",
            )
            return None

    @staticmethod
    def order_fields(ent: EntityDef) -> None:
        """id first, declared fields in order, then managed tenant key, then timestamps."""
        head = [f for f in ent.fields if f.primary]
        tail_names = ("created_at", "updated_at")
        tail = [f for f in ent.fields if f.name in tail_names and f.managed]
        middle = [f for f in ent.fields if f not in head and f not in tail]
        ent.fields = head + middle + sorted(tail, key=lambda f: tail_names.index(f.name))

    def base_entity(self, e: _Entity) -> EntityDef:
        table = snake_case(pluralize(e.name))
        fields: list[FieldDef] = []
        has_primary = any(f.primary for f in e.fields)
        if not has_primary:
            fields.append(
                FieldDef(name="id", type="string", primary=True, required=True, managed=True)
            )
        indexes: list[IndexDef] = []
        for f in e.fields:
            if f.ref is not None:
                continue  # resolved in relationships()
            fields.append(
                FieldDef(
                    name=f.name,
                    type=f.type,
                    required=f.required or f.primary,
                    unique=f.unique or f.primary,
                    primary=f.primary,
                    default=self.coerce_default(f),
                    enum_values=f.enum_values,
                    max_length=f.max_length,
                    encrypted=f.encrypted,
                )
            )
            self.field_lines[(e.name, f.name)] = f.line
            if f.indexed and not f.primary:
                indexes.append(
                    IndexDef(name=f"idx_{table}_{f.name}", fields=[f.name], unique=f.unique)
                )
        if e.timestamps:
            fields.append(FieldDef(name="created_at", type="datetime", required=True, managed=True))
            fields.append(FieldDef(name="updated_at", type="datetime", required=True, managed=True))
        return EntityDef(
            name=e.name,
            plural=snake_case(pluralize(e.name)),
            table=table,
            fields=fields,
            indexes=indexes,
            soft_delete=e.soft_delete,
            audit_log=e.audit_log,
            timestamps=e.timestamps,
        )

    def coerce_default(self, f: _Field) -> str | int | float | bool | None:
        if f.default is None:
            return None
        raw = f.default
        if f.type == "boolean":
            if raw.lower() in ("true", "false"):
                return raw.lower() == "true"
        elif f.type == "integer":
            if re.match(r"^-?\d+$", raw):
                return int(raw)
        elif f.type == "number":
            if re.match(r"^-?\d+(\.\d+)?$", raw):
                return float(raw) if "." in raw else int(raw)
        elif f.type == "enum":
            if raw in f.enum_values:
                return raw
            self.error(
                f.line,
                f"default '{raw[:30]}' is not one of the enum values of '{f.name}'",
                f"use one of: {', '.join(f.enum_values)}",
            )
            return None
        elif f.type == "date":
            try:
                date.fromisoformat(raw)
                return raw
            except ValueError:
                pass
        elif f.type == "datetime":
            if raw.lower() == "now":
                return "now"
            try:
                datetime.fromisoformat(raw.replace("Z", "+00:00"))
                return raw
            except ValueError:
                pass
        elif f.type == "string" or f.type == "json":
            return raw
        self.error(
            f.line,
            f"default '{raw[:30]}' does not fit type {f.type} of '{f.name}'",
            f"give {'an' if f.type[0] in 'aeiou' else 'a'} {f.type} value",
        )
        return None

    def add_fk(
        self,
        source: str,
        base: str,
        target: str,
        *,
        required: bool,
        line: int,
        unique: bool = False,
    ) -> str:
        """FK field ``<base>_id`` on source → target, its index, and both relationship ends."""
        ent = self.entities[source]
        field_name = f"{base}_id"
        if ent.field(field_name) is None:
            ent.fields.append(
                FieldDef(
                    name=field_name,
                    type="string",
                    required=required,
                    unique=unique,
                    references=target,
                )
            )
            self.field_lines[(source, field_name)] = line
        index_name = f"idx_{ent.table}_{field_name}"
        if not any(i.name == index_name for i in ent.indexes):
            ent.indexes.append(IndexDef(name=index_name, fields=[field_name], unique=unique))
        if not any(r.kind == "belongs_to" and r.field == field_name for r in ent.relationships):
            ent.relationships.append(
                RelationshipDef(
                    name=base, kind="belongs_to", target=target, field=field_name, required=required
                )
            )
        other = self.entities[target]
        rel_name = ent.plural if base == snake_case(target) else f"{ent.plural}_by_{base}"
        if not any(
            r.kind == "has_many" and r.target == source and r.field == field_name
            for r in other.relationships
        ):
            other.relationships.append(
                RelationshipDef(name=rel_name, kind="has_many", target=source, field=field_name)
            )
        return field_name

    def references(self, e: _Entity) -> None:
        """``- project: ref Project`` fields (first, so 'has many' on the other side merges in)."""
        seen: set[str] = set()
        for f in e.fields:
            if f.ref is None:
                continue
            target = self.resolve(f.ref, f.line, f"field '{f.name}' of {e.name}")
            if target is None:
                continue
            base = f.name[:-3] if f.name.endswith("_id") else f.name
            if f"{base}_id" in seen or any(x.name == f"{base}_id" for x in e.fields):
                self.error(
                    f.line,
                    f"duplicate field '{base}_id' in {e.name}",
                    "the reference creates this field; remove the other one",
                )
                continue
            seen.add(f"{base}_id")
            self.add_fk(
                e.name,
                base,
                target,
                required=f.required and not f.optional,
                line=f.line,
                unique=f.unique,
            )

    def relationships(self, e: _Entity) -> None:
        for name, line in e.belongs:
            target = self.resolve(name, line, f"'belongs to' in {e.name}")
            if target is not None:
                self.add_fk(e.name, snake_case(target), target, required=True, line=line)
        for name, line in e.has_many:
            target = self.resolve(name, line, f"'has many' in {e.name}")
            if target is not None:
                self.add_fk(target, snake_case(e.name), e.name, required=False, line=line)
        for name, line in e.many:
            target = self.resolve(name, line, f"'many to many' in {e.name}")
            if target is None:
                continue
            if target == e.name:
                self.error(
                    line,
                    f"'{e.name}' is many-to-many with itself",
                    "use a self-reference field instead: '- parent: ref " + e.name + "'",
                )
                continue
            self.join(e.name, target, line)

    def join(self, a: str, b: str, line: int) -> None:
        first, second = sorted((a, b))
        name = first + second
        if name in self.entities:
            if not self.entities[name].join_entity:
                self.error(
                    line,
                    f"the join entity '{name}' clashes with an entity of that name",
                    f"rename the entity '{name}'",
                )
            return
        join = EntityDef(
            name=name,
            plural=snake_case(pluralize(name)),
            table=snake_case(pluralize(name)),
            fields=[
                FieldDef(name="id", type="string", primary=True, required=True, managed=True),
                FieldDef(name="created_at", type="datetime", required=True, managed=True),
                FieldDef(name="updated_at", type="datetime", required=True, managed=True),
            ],
            join_entity=True,
        )
        self.entities[name] = join
        fa = self.add_fk(name, snake_case(first), first, required=True, line=line)
        fb = self.add_fk(name, snake_case(second), second, required=True, line=line)
        join.indexes.append(IndexDef(name=f"uq_{join.table}_pair", fields=[fa, fb], unique=True))
        for this, other in ((first, second), (second, first)):
            self.entities[this].relationships.append(
                RelationshipDef(
                    name=snake_case(pluralize(other)),
                    kind="many_to_many",
                    target=other,
                    through=name,
                )
            )

    def tenancy(self) -> None:
        spec = self.spec
        self.tenancy_config = TenancyConfig()
        if spec.tenancy != "multi" or spec.tenant_entity is None:
            return
        tenant = self.resolve(spec.tenant_entity, spec.tenancy_line, "tenancy")
        if tenant is None:
            return
        key = f"{snake_case(tenant)}_id"
        self.tenancy_config = TenancyConfig(mode="multi", tenant_entity=tenant, tenant_key=key)
        declared = {e.name: e for e in spec.entities.values()}
        for ent in self.entities.values():
            if ent.name == tenant:
                continue
            scope = declared[ent.name].scope if ent.name in declared else None
            if scope == "global":
                continue
            ent.tenant_scoped = True
            existing = ent.field(key)
            if existing is None:
                ent.fields.append(
                    FieldDef(
                        name=key, type="string", required=True, managed=True, references=tenant
                    )
                )
                ent.indexes.append(IndexDef(name=f"idx_{ent.table}_{key}", fields=[key]))
                ent.relationships.append(
                    RelationshipDef(
                        name=snake_case(tenant),
                        kind="belongs_to",
                        target=tenant,
                        field=key,
                        required=True,
                    )
                )
                owner = self.entities[tenant]
                owner.relationships.append(
                    RelationshipDef(name=ent.plural, kind="has_many", target=ent.name, field=key)
                )
            else:
                existing.required = True
                existing.managed = True

    def check_cycles(self) -> None:
        """Required references may not form a cycle: no row of the cycle could be inserted first."""
        graph: dict[str, list[tuple[str, str]]] = {}
        for ent in self.entities.values():
            for f in ent.fields:
                if f.references and f.required and not f.managed:
                    graph.setdefault(ent.name, []).append((f.references, f.name))
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()
        for start in sorted(graph):
            if state.get(start):
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            path: list[str] = []
            while stack:
                node, idx = stack.pop()
                if idx == 0:
                    state[node] = 1
                    path.append(node)
                edges = graph.get(node, [])
                if idx < len(edges):
                    stack.append((node, idx + 1))
                    target, fname = edges[idx]
                    if state.get(target) == 1:
                        cycle = path[path.index(target) :]
                        key = frozenset(cycle)
                        if key not in reported:
                            reported.add(key)
                            line = self.field_lines.get((node, fname), 1)
                            chain = " → ".join([*cycle, target])
                            self.error(
                                line,
                                f"cyclic required references: {chain}",
                                "make one of them optional, e.g. drop 'required' from "
                                f"'{fname}' of {node}",
                            )
                    elif not state.get(target):
                        stack.append((target, 0))
                else:
                    state[node] = 2
                    path.pop()

    def check_defaults(self) -> None:
        for e in self.spec.entities.values():
            for f in e.fields:
                if f.required and f.optional:
                    self.error(
                        f.line,
                        f"field '{f.name}' is both required and optional",
                        "keep one of the two",
                    )

    def auth(self) -> AuthConfig:
        roles = self.spec.roles if self.spec.roles is not None else ["admin", "user"]
        default = self.spec.default_role
        if default is not None and default not in roles:
            self.error(
                self.spec.roles_line or 1,
                f"default role '{default}' is not one of the roles",
                f"use one of: {', '.join(roles)}",
            )
        return AuthConfig(strategy=self.spec.strategy, roles=roles, default_role=default)

    def api(self) -> ApiConfig:
        resources: list[ApiResource] = []
        configured: dict[str, _Api] = {}
        for name, api in self.spec.api.items():
            target = self.resolve(name, api.line, "the API section")
            if target is not None:
                configured[target] = api
        roles = set(self.spec.roles if self.spec.roles is not None else ["admin", "user"])
        for ent in self.entities.values():
            if ent.join_entity:
                continue
            conf = configured.get(ent.name)
            operations = (
                list(OPERATIONS) if conf is None or conf.operations is None else conf.operations
            )
            if not operations:
                continue
            if conf is not None:
                unknown = [r for r in conf.roles if r not in roles]
                if unknown:
                    self.error(
                        conf.line,
                        f"API access names an unknown role '{unknown[0]}'",
                        f"roles are: {', '.join(sorted(roles))}",
                    )
            resources.append(
                ApiResource(
                    entity=ent.name,
                    base_path=(
                        conf.path if conf and conf.path else f"/v1/{ent.plural.replace('_', '-')}"
                    ),
                    operations=operations,
                    public=conf.public if conf else False,
                    pagination_limit=(conf.page_size if conf and conf.page_size else 50),
                    roles=conf.roles if conf else [],
                )
            )
        seen: dict[str, str] = {}
        for r in resources:
            if r.base_path in seen:
                line = configured[r.entity].line if r.entity in configured else 1
                self.error(
                    line,
                    f"API path '{r.base_path}' is used by {seen[r.base_path]} and {r.entity}",
                    "give one of them another '- path:'",
                )
            seen[r.base_path] = r.entity
        return ApiConfig(
            resources=sorted(resources, key=lambda r: r.entity), health_endpoint=self.spec.health
        )

    def workflows(self) -> WorkflowsConfig:
        queues = {q.name for q in self.spec.queues}
        if len(queues) != len(self.spec.queues):
            self.error(
                1, "a queue is declared twice", "declare each queue once under '## Workflows'"
            )
        for event, line in self.spec.events:
            if event.target and event.target not in queues:
                self.error(
                    line,
                    f"event '{event.name}' targets an unknown queue '{event.target}'",
                    f"declare '- queue {event.target}' under '## Workflows'",
                )
        jobs = {j.name for j in self.spec.jobs}
        if len(jobs) != len(self.spec.jobs):
            self.error(1, "a schedule name is used twice", "give each schedule its own name")
        return WorkflowsConfig(
            jobs=self.spec.jobs, queues=self.spec.queues, events=[e for e, _ in self.spec.events]
        )


def compile_spec(text: str) -> CompileResult:
    """Compile a spec. Never raises: every problem is a line-numbered ``SpecError``."""
    try:
        if not isinstance(text, str):
            return CompileResult(
                None, [SpecError(1, "the spec must be text", "send Markdown text")]
            )
        parser = _Parser(text)
        spec = parser.run()
        errors = parser.errors
        blueprint = _Builder(spec, errors).build() if spec.title is not None else None
        errors.sort(key=lambda e: e.line)
        if errors:
            return CompileResult(None, errors)
        return CompileResult(blueprint, [])
    except RecursionError:
        return CompileResult(
            None, [SpecError(1, "the spec is too deeply nested", "simplify the spec")]
        )
