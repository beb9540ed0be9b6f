"""The tree → ``SpecDecl``: every section's bullets in document order (entity blocks through
``EntityReader``), with line-numbered errors for settings the language does not know."""

from __future__ import annotations

import re
from collections.abc import Callable

from slipway.ir import OPERATIONS, EventDef, QueueDef, ScheduledJob
from slipway.spec.declarations import FIELD_NAME, ApiDecl, SpecDecl
from slipway.spec.errors import Reporter, SpecError
from slipway.spec.read_entities import EntityReader
from slipway.spec.text import parse_uint, split_top
from slipway.spec.text import words as _words
from slipway.spec.tree import Bullet, Section, SpecTree

REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")
API_PATH = re.compile(r"^/[A-Za-z0-9_\-/.{}]*$")
RESOURCE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,79}$")
SCHEDULE = re.compile(
    r"^(rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\([^()]+\))$"
)
FLAG_VALUES = {"true": True, "yes": True, "on": True, "enabled": True, "false": False, "no": False,
               "off": False, "disabled": False}  # fmt: skip
STRATEGIES = ("jwt", "cognito", "api_key", "none")
DEAD_LETTER = {"dead letter", "dlq", "dead letter queue"}
INFRA_FLAGS = {
    "point in time recovery": "point_in_time_recovery",
    "pitr": "point_in_time_recovery",
    "backups": "backups",
    "tracing": "tracing",
    "alarms": "alarms",
    "structured logging": "structured_logging",
}


def read_tree(tree: SpecTree, errors: list[SpecError]) -> SpecDecl:
    """What the tree's bullets declare, section by section in document order."""
    spec = SpecDecl(
        title=tree.title.text[:100] if tree.title is not None else None,
        description=[t.text for t in tree.description],
    )
    reader = SectionReader(spec, errors)
    for section in tree.sections:
        reader.read(section)
    return spec


class SectionReader(Reporter):
    def __init__(self, spec: SpecDecl, errors: list[SpecError]) -> None:
        super().__init__(errors)
        self.spec = spec
        self.entities = EntityReader(errors)
        self.readers: dict[str, Callable[[int, str], None]] = {
            "auth": self.auth,
            "tenancy": self.tenancy,
            "workflows": self.workflow,
            "infrastructure": self.infra,
        }

    def read(self, section: Section) -> None:
        if section.kind == "entities":
            # Bullets outside an accepted block were reported by the parser.
            for block in section.blocks:
                if block.accepted:
                    self.spec.entities[block.name] = self.entities.read(block)
        elif section.kind == "api":
            self.api_bullets(None, section.bullets)
            for block in section.blocks:
                api = None
                if block.accepted:  # a repeated block's bullets count as section-wide settings
                    api = self.spec.api[block.name] = ApiDecl(entity=block.name, line=block.line)
                self.api_bullets(api, block.bullets)
        elif section.kind in self.readers:
            read = self.readers[section.kind]
            for bullet in section.bullets:
                read(bullet.line, bullet.text)

    # --- auth and tenancy ----------------------------------------------------------------

    def auth(self, line_no: int, text: str) -> None:
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

    def tenancy(self, line_no: int, text: str) -> None:
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

    # --- API -----------------------------------------------------------------------------

    def api_bullets(self, api: ApiDecl | None, bullets: list[Bullet]) -> None:
        for bullet in bullets:
            key, _, value = bullet.text.partition(":")
            key, value = _words(key), value.strip()
            if api is not None:
                self.api_setting(api, bullet.line, bullet.text, key, value)
            elif key == "health":
                self.spec.health = _words(value) in ("true", "yes", "on", "enabled")
            else:
                self.error(
                    bullet.line,
                    f"API setting '{bullet.text[:40]}' outside of an entity block",
                    "put it under '### <Entity>' in '## API'",
                )

    def api_setting(self, api: ApiDecl, line_no: int, text: str, key: str, value: str) -> None:
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
            self.api_operations(api, line_no, value)
        elif key == "access":
            self.api_access(api, line_no, value)
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

    def api_operations(self, api: ApiDecl, line_no: int, value: str) -> None:
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

    def api_access(self, api: ApiDecl, line_no: int, value: str) -> None:
        words = _words(value)
        if words == "public":
            api.public = True
        elif words == "authenticated":
            api.public = False
        elif words.startswith("roles ") and len(value.split(None, 1)) == 2:
            # ('roles_admin' normalises to 'roles admin' but has no list after a space: unknown)
            api.roles = [r.strip().lower() for r in value.split(None, 1)[1].split(",") if r.strip()]
        else:
            self.error(
                line_no,
                f"unknown access '{value[:40]}'",
                "use public, authenticated or 'roles admin, editor'",
            )

    # --- workflows -----------------------------------------------------------------------

    def workflow(self, line_no: int, text: str) -> None:
        words = text.strip()
        lower = words.lower()
        if lower.startswith("schedule "):
            self.schedule(line_no, words)
        elif lower.startswith("queue "):
            self.queue(line_no, words)
        elif lower.startswith("event "):
            self.event(line_no, words)
        else:
            self.error(
                line_no,
                f"unknown workflow item '{words[:40]}'",
                "use '- schedule <name>: <cron|rate>', '- queue <name>' or "
                "'- event <name> -> <queue>'",
            )

    def schedule(self, line_no: int, words: str) -> None:
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

    def queue(self, line_no: int, words: str) -> None:
        parts = split_top(words[len("queue ") :])
        name = parts[0] if parts else ""
        if not RESOURCE_NAME.match(name):
            self.error(
                line_no,
                f"invalid queue name '{name[:40]}'",
                "write '- queue notifications[, fifo][, dead letter]'",
            )
            return
        flags = {_words(p) for p in parts[1:]}
        unknown = flags - {"fifo"} - DEAD_LETTER
        if unknown:
            option = sorted(unknown)[0]
            self.error(line_no, f"unknown queue option '{option}'", "options: fifo, dead letter")
            return
        self.spec.queues.append(
            QueueDef(name=name, fifo="fifo" in flags, dead_letter=bool(flags & DEAD_LETTER))
        )

    def event(self, line_no: int, words: str) -> None:
        name, _, target = words[len("event ") :].partition("->")
        name, target = name.strip(), target.strip()
        if not RESOURCE_NAME.match(name) or (target and not RESOURCE_NAME.match(target)):
            self.error(
                line_no,
                f"malformed event '{words[:60]}'",
                "write '- event task.created -> notifications'",
            )
            return
        self.spec.events.append((EventDef(name=name, target=target or None), line_no))

    # --- infrastructure ------------------------------------------------------------------

    def infra(self, line_no: int, text: str) -> None:
        words = _words(text)
        if words in INFRA_FLAGS:
            self.spec.infra[INFRA_FLAGS[words]] = True
        elif words.startswith("bucket ") and len(text.split(None, 1)) == 2:
            # ('bucket-x' normalises to 'bucket x' but names no bucket: a malformed item)
            self.bucket(line_no, text)
        else:
            key, sep, value = text.partition(":")
            if not sep:
                self.error(
                    line_no,
                    f"malformed infrastructure item '{text[:40]}'",
                    "write '- region: us-east-1' or '- database: postgres'",
                )
                return
            self.infra_setting(line_no, text, _words(key), value.strip())

    def bucket(self, line_no: int, text: str) -> None:
        name = text.strip().split(None, 1)[1].strip()
        if not re.match(r"^[a-z0-9][a-z0-9-]{1,40}$", name):
            self.error(
                line_no,
                f"invalid bucket name '{name[:40]}'",
                "bucket names are lowercase letters, digits and '-'",
            )
            return
        self.spec.buckets.append(name)

    def infra_setting(self, line_no: int, text: str, key: str, value: str) -> None:
        infra = self.spec.infra
        if key == "region":
            if not REGION.match(value):
                self.error(
                    line_no,
                    f"invalid region '{value[:30]}'",
                    "use an AWS region such as us-east-1 or eu-west-1",
                )
                return
            infra["region"] = value
        elif key == "database":
            db = value.lower()
            if db in ("postgresql", "aurora", "rds"):
                db = "postgres"
            if db not in ("dynamodb", "postgres"):
                self.error(line_no, f"invalid database '{value[:30]}'", "use dynamodb or postgres")
                return
            infra["database"] = db
        elif key == "billing":
            billing = value.upper().replace(" ", "_").replace("-", "_")
            if billing not in ("PAY_PER_REQUEST", "PROVISIONED"):
                self.error(
                    line_no, f"invalid billing '{value[:30]}'", "use pay_per_request or provisioned"
                )
                return
            infra["billing_mode"] = billing
        elif key == "log retention":
            self.log_retention(line_no, value)
        elif key in INFRA_FLAGS:
            self.infra_flag(line_no, key, value)
        elif re.match(r"^[a-z][a-z0-9 ]{0,40}$", key):
            self.spec.settings[key.replace(" ", "_")] = value[:200]
        else:
            self.error(
                line_no, f"malformed infrastructure item '{text[:40]}'", "write '- key: value'"
            )

    def infra_flag(self, line_no: int, key: str, value: str) -> None:
        """ "- tracing: true" is "- tracing"; "- tracing: off" leaves it off. It was kept as an
        unknown setting, so a user could believe tracing was on."""
        said = _words(value)
        if said not in FLAG_VALUES:
            self.error(
                line_no,
                f"invalid value '{value[:20]}' for {key}",
                f"write '- {key}' to turn it on, or '- {key}: false'",
            )
            return
        self.spec.infra[INFRA_FLAGS[key]] = FLAG_VALUES[said]

    def log_retention(self, line_no: int, value: str) -> None:
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
