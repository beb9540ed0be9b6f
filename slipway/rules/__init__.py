"""Well-Architected rules over the Blueprint IR, with pure, idempotent auto-fixes.

Each rule has an id, pillar, severity and title; its check returns ``(path, message)`` pairs, one
per offending IR path; its optional fix turns the IR at that path into a passing one and carries
a risk: ``safe`` (applied automatically), ``medium`` (needs confirmation), ``high`` (explicit
acknowledgment).

Scoring (0-100 per pillar): a pillar starts at 100 and loses, per failing rule, its severity
weight (critical 25, high 15, medium 8, low 3) times ``1 + 0.25 * (findings - 1)``, capped at
twice the weight; never below 0. The overall score is the mean of the five pillars, rounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slipway.cost import estimate
from slipway.ir import Blueprint, EntityDef, FieldDef, IndexDef, QueueDef

PILLARS = ("security", "reliability", "performance", "cost", "operations")
WEIGHTS = {"critical": 25, "high": 15, "medium": 8, "low": 3}
RISK_ORDER = {"safe": 0, "medium": 1, "high": 2}
PII = re.compile(
    r"(^|_)(email|e_mail|phone|mobile|ssn|social_security|address|street|postcode|zip_code|"
    r"dob|birth|birthday|date_of_birth|passport|credit_card|card_number|iban|tax_id|national_id|"
    r"first_name|last_name|full_name|ip_address)($|_)"
)
SECRET = re.compile(r"(^|_)(password|passwd|secret|token|api_key|private_key)($|_)")
COST_WARN_USD = 1000.0

Check = Callable[[Blueprint], list[tuple[str, str]]]
Fix = Callable[[Blueprint, str], None]


@dataclass(frozen=True)
class Rule:
    id: str
    pillar: str
    severity: str
    title: str
    check: Check
    fix: Fix | None = None
    risk: str | None = None
    fix_description: str | None = None


@dataclass(frozen=True)
class Finding:
    rule_id: str
    pillar: str
    severity: str
    title: str
    message: str
    path: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleId": self.rule_id,
            "pillar": self.pillar,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "path": self.path,
        }


@dataclass(frozen=True)
class AppliedFix:
    rule_id: str
    path: str
    risk: str
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleId": self.rule_id,
            "path": self.path,
            "risk": self.risk,
            "description": self.description,
        }


@dataclass
class Scores:
    overall: int
    pillars: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall, "pillars": dict(self.pillars)}


@dataclass
class FixOutcome:
    blueprint: Blueprint
    applied: list[AppliedFix]
    findings_before: list[Finding]
    findings_after: list[Finding]
    scores_before: Scores
    scores_after: Scores
    rounds: int
    changed: bool = field(default=False)


# --- path helpers ---------------------------------------------------------------------------


def _entity(bp: Blueprint, path: str) -> EntityDef | None:
    parts = path.split(".")
    return bp.entity(parts[1]) if len(parts) > 1 and parts[0] == "entities" else None


def _field(bp: Blueprint, path: str) -> FieldDef | None:
    e = _entity(bp, path)
    parts = path.split(".")
    return e.field(parts[3]) if e is not None and len(parts) > 3 else None


def _pii_fields(bp: Blueprint) -> list[tuple[EntityDef, FieldDef]]:
    return [(e, f) for e in bp.entities for f in e.fields if not f.managed and PII.search(f.name)]


def _fpath(e: EntityDef, f: FieldDef) -> str:
    return f"entities.{e.name}.fields.{f.name}"


# --- security -------------------------------------------------------------------------------


def check_pii_encrypted(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (_fpath(e, f), f"{e.name}.{f.name} looks like personal data and is stored unencrypted")
        for e, f in _pii_fields(bp)
        if not f.encrypted
    ]


def fix_encrypt(bp: Blueprint, path: str) -> None:
    f = _field(bp, path)
    if f is not None:
        f.encrypted = True


def check_pii_audit(bp: Blueprint) -> list[tuple[str, str]]:
    names = sorted({e.name for e, _ in _pii_fields(bp)})
    return [
        (f"entities.{n}", f"{n} holds personal data but changes to it are not audit-logged")
        for n in names
        if not bp.entity(n).audit_log  # type: ignore[union-attr]
    ]


def fix_audit(bp: Blueprint, path: str) -> None:
    e = _entity(bp, path)
    if e is not None:
        e.audit_log = True


def check_pii_detected(bp: Blueprint) -> list[tuple[str, str]]:
    """Informational: PII without both protections (encryption and audit) is listed once."""
    return [
        (
            _fpath(e, f),
            f"{e.name}.{f.name} is personal data: keep it encrypted, audited and out of logs",
        )
        for e, f in _pii_fields(bp)
        if not (f.encrypted and e.audit_log)
    ]


def check_tenant_isolation(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.tenancy.mode != "multi" or not bp.tenancy.tenant_key:
        return []
    out = []
    for e in bp.entities:
        if not e.tenant_scoped:
            continue
        key = e.field(bp.tenancy.tenant_key)
        if key is None or not key.required:
            out.append(
                (
                    f"entities.{e.name}",
                    f"{e.name} is tenant-scoped but has no required {bp.tenancy.tenant_key}",
                )
            )
    return out


def fix_tenant_key(bp: Blueprint, path: str) -> None:
    e = _entity(bp, path)
    key = bp.tenancy.tenant_key
    if e is None or key is None:
        return
    existing = e.field(key)
    if existing is None:
        e.fields.append(
            FieldDef(
                name=key,
                type="string",
                required=True,
                managed=True,
                references=bp.tenancy.tenant_entity,
            )
        )
    else:
        existing.required = True
        existing.managed = True


def check_auth_required(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.auth.strategy != "none":
        return []
    return [
        (
            f"api.resources.{r.entity}",
            f"{r.base_path} is not public yet the API has no authentication",
        )
        for r in bp.api.resources
        if not r.public
    ]


def fix_auth_strategy(bp: Blueprint, path: str) -> None:
    bp.auth.strategy = "jwt"


def check_public_writes(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (f"api.resources.{r.entity}", f"{r.base_path} lets anonymous callers {', '.join(w)}")
        for r in bp.api.resources
        if r.public and (w := [o for o in r.operations if o in ("create", "update", "delete")])
    ]


def fix_public_writes(bp: Blueprint, path: str) -> None:
    for r in bp.api.resources:
        if f"api.resources.{r.entity}" == path:
            r.operations = [o for o in r.operations if o in ("list", "get")]


def check_least_privilege(bp: Blueprint) -> list[tuple[str, str]]:
    if len(bp.auth.roles) < 2 or bp.auth.strategy == "none":
        return []
    return [
        (f"api.resources.{r.entity}", f"every role may delete through {r.base_path}")
        for r in bp.api.resources
        if "delete" in r.operations and not r.public and not r.roles
    ]


def fix_least_privilege(bp: Blueprint, path: str) -> None:
    for r in bp.api.resources:
        if f"api.resources.{r.entity}" == path and not r.roles:
            r.roles = [bp.auth.roles[0]]


def check_secrets(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (_fpath(e, f), f"{e.name}.{f.name} looks like a secret and is stored in plain text")
        for e in bp.entities
        for f in e.fields
        if SECRET.search(f.name) and not f.encrypted
    ]


def check_email_unique(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            _fpath(e, f),
            f"{e.name}.{f.name} is an email but not unique: duplicate accounts are possible",
        )
        for e in bp.entities
        for f in e.fields
        if f.name == "email" and not f.unique
    ]


def fix_unique(bp: Blueprint, path: str) -> None:
    f = _field(bp, path)
    if f is not None:
        f.unique = True


# --- reliability ----------------------------------------------------------------------------


def check_pitr(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "dynamodb" and not bp.infrastructure.point_in_time_recovery:
        return [
            ("infrastructure.pointInTimeRecovery", "DynamoDB tables have no point-in-time recovery")
        ]
    return []


def fix_pitr(bp: Blueprint, path: str) -> None:
    bp.infrastructure.point_in_time_recovery = True


def check_backups(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "postgres" and not bp.infrastructure.backups:
        return [("infrastructure.backups", "PostgreSQL has no automated backups")]
    return []


def fix_backups(bp: Blueprint, path: str) -> None:
    bp.infrastructure.backups = True


def check_timestamps(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (f"entities.{e.name}", f"{e.name} has no created_at/updated_at")
        for e in bp.entities
        if e.field("created_at") is None or e.field("updated_at") is None
    ]


def fix_timestamps(bp: Blueprint, path: str) -> None:
    e = _entity(bp, path)
    if e is None:
        return
    for name in ("created_at", "updated_at"):
        if e.field(name) is None:
            e.fields.append(FieldDef(name=name, type="datetime", required=True, managed=True))
    e.timestamps = True


def check_soft_delete(bp: Blueprint) -> list[tuple[str, str]]:
    referenced = {
        f.references for e in bp.entities for f in e.fields if f.references and not f.managed
    }
    return [
        (
            f"entities.{e.name}",
            f"{e.name} is referenced by other entities; deleting a row orphans them",
        )
        for e in bp.entities
        if e.name in referenced and not e.soft_delete and not e.join_entity
    ]


def fix_soft_delete(bp: Blueprint, path: str) -> None:
    e = _entity(bp, path)
    if e is not None:
        e.soft_delete = True


def check_dlq(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            f"workflows.queues.{q.name}",
            f"queue {q.name} has no dead-letter queue: poison messages loop forever",
        )
        for q in bp.workflows.queues
        if not q.dead_letter
    ]


def fix_dlq(bp: Blueprint, path: str) -> None:
    name = path.split(".", 2)[-1]
    for q in bp.workflows.queues:
        if q.name == name:
            q.dead_letter = True


def check_jobs_have_queue(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.workflows.jobs and not bp.workflows.queues:
        return [("workflows.queues", "scheduled jobs have no queue to retry failed work from")]
    return []


def fix_jobs_queue(bp: Blueprint, path: str) -> None:
    if not bp.workflows.queues:
        bp.workflows.queues.append(QueueDef(name="jobs", dead_letter=True))


# --- performance ----------------------------------------------------------------------------


def check_fk_indexes(bp: Blueprint) -> list[tuple[str, str]]:
    out = []
    for e in bp.entities:
        first_fields = {i.fields[0] for i in e.indexes if i.fields}
        for f in e.fields:
            if f.references and not f.managed and f.name not in first_fields:
                out.append(
                    (
                        _fpath(e, f),
                        f"foreign key {e.name}.{f.name} has no index: lookups scan the table",
                    )
                )
    return out


def _add_index(bp: Blueprint, path: str) -> None:
    e = _entity(bp, path)
    f = _field(bp, path)
    if e is None or f is None:
        return
    if not any(i.fields and i.fields[0] == f.name for i in e.indexes):
        e.indexes.append(IndexDef(name=f"idx_{e.table}_{f.name}", fields=[f.name]))
        e.indexes.sort(key=lambda i: i.name)


def check_tenant_indexes(bp: Blueprint) -> list[tuple[str, str]]:
    key = bp.tenancy.tenant_key
    if bp.tenancy.mode != "multi" or not key:
        return []
    out = []
    for e in bp.entities:
        f = e.field(key)
        if (
            e.tenant_scoped
            and f is not None
            and not any(i.fields and i.fields[0] == key for i in e.indexes)
        ):
            out.append(
                (_fpath(e, f), f"tenant key {e.name}.{key} has no index: every query filters on it")
            )
    return out


def check_pagination(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            f"api.resources.{r.entity}",
            f"{r.base_path} lists without a page-size limit of at most 100",
        )
        for r in bp.api.resources
        if "list" in r.operations and (r.pagination_limit is None or r.pagination_limit > 100)
    ]


def fix_pagination(bp: Blueprint, path: str) -> None:
    for r in bp.api.resources:
        if f"api.resources.{r.entity}" == path:
            r.pagination_limit = 50


def check_string_lengths(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (_fpath(e, f), f"{e.name}.{f.name} is unique but unbounded: long values bloat the index")
        for e in bp.entities
        for f in e.fields
        if f.type == "string"
        and f.unique
        and not f.primary
        and not f.references
        and f.max_length is None
    ]


def fix_string_length(bp: Blueprint, path: str) -> None:
    f = _field(bp, path)
    if f is not None and f.max_length is None:
        f.max_length = 255


def check_index_budget(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            f"entities.{e.name}",
            f"{e.name} has {len(e.indexes)} indexes; DynamoDB allows 20 per table",
        )
        for e in bp.entities
        if bp.infrastructure.database == "dynamodb" and len(e.indexes) > 20
    ]


# --- cost -----------------------------------------------------------------------------------


def check_billing(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "dynamodb" and bp.infrastructure.billing_mode == "PROVISIONED":
        return [
            (
                "infrastructure.billingMode",
                "provisioned capacity bills idle hours; on-demand fits new apps",
            )
        ]
    return []


def fix_billing(bp: Blueprint, path: str) -> None:
    bp.infrastructure.billing_mode = "PAY_PER_REQUEST"


def check_log_retention(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.log_retention_days is None:
        return [
            (
                "infrastructure.logRetentionDays",
                "logs are kept forever: storage cost grows without bound",
            )
        ]
    return []


def fix_log_retention(bp: Blueprint, path: str) -> None:
    if bp.infrastructure.log_retention_days is None:
        bp.infrastructure.log_retention_days = 30


def check_estimate(bp: Blueprint) -> list[tuple[str, str]]:
    production = estimate(bp)["production"]["totalMonthlyUsd"]
    if production > COST_WARN_USD:
        return [("infrastructure", f"the production-tier estimate is ${production:,.2f}/month")]
    return []


def check_postgres_small(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "postgres" and len(bp.entities) <= 3:
        return [
            (
                "infrastructure.database",
                "a PostgreSQL instance bills 24/7; a small model fits DynamoDB on-demand",
            )
        ]
    return []


# --- operations -----------------------------------------------------------------------------


def check_health(bp: Blueprint) -> list[tuple[str, str]]:
    return (
        []
        if bp.api.health_endpoint
        else [("api.healthEndpoint", "the API has no /health endpoint for probes")]
    )


def fix_health(bp: Blueprint, path: str) -> None:
    bp.api.health_endpoint = True


def check_structured_logging(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.structured_logging:
        return []
    return [
        (
            "infrastructure.structuredLogging",
            "functions log plain text: hard to search and alert on",
        )
    ]


def fix_structured_logging(bp: Blueprint, path: str) -> None:
    bp.infrastructure.structured_logging = True


def check_alarms(bp: Blueprint) -> list[tuple[str, str]]:
    return (
        []
        if bp.infrastructure.alarms
        else [("infrastructure.alarms", "no alarms on function errors")]
    )


def fix_alarms(bp: Blueprint, path: str) -> None:
    bp.infrastructure.alarms = True


def check_tracing(bp: Blueprint) -> list[tuple[str, str]]:
    return (
        []
        if bp.infrastructure.tracing
        else [("infrastructure.tracing", "requests are not traced (X-Ray)")]
    )


def fix_tracing(bp: Blueprint, path: str) -> None:
    bp.infrastructure.tracing = True


def check_roles(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.auth.strategy != "none" and not bp.auth.roles:
        return [("auth.roles", "authentication without roles: every user can do everything")]
    return []


def fix_roles(bp: Blueprint, path: str) -> None:
    if not bp.auth.roles:
        bp.auth.roles = ["admin", "user"]


RULES: list[Rule] = [
    Rule(
        "SEC-001",
        "security",
        "high",
        "PII fields are encrypted",
        check_pii_encrypted,
        fix_encrypt,
        "medium",
        "encrypt the field with KMS",
    ),
    Rule(
        "SEC-002",
        "security",
        "medium",
        "Changes to PII are audit-logged",
        check_pii_audit,
        fix_audit,
        "medium",
        "turn on audit logging for the entity",
    ),
    Rule("SEC-003", "security", "low", "Personal data is identified", check_pii_detected),
    Rule(
        "SEC-004",
        "security",
        "critical",
        "Tenant isolation: every tenant-scoped entity has its tenant key",
        check_tenant_isolation,
        fix_tenant_key,
        "high",
        "add the required tenant key",
    ),
    Rule(
        "SEC-005",
        "security",
        "critical",
        "Non-public endpoints require authentication",
        check_auth_required,
        fix_auth_strategy,
        "high",
        "switch the API to JWT authentication",
    ),
    Rule(
        "SEC-006",
        "security",
        "high",
        "Public endpoints are read-only",
        check_public_writes,
        fix_public_writes,
        "high",
        "remove the write operations from the public endpoint",
    ),
    Rule(
        "SEC-007",
        "security",
        "medium",
        "Least privilege: deletes are limited to a role",
        check_least_privilege,
        fix_least_privilege,
        "medium",
        "allow delete to the first (admin) role only",
    ),
    Rule(
        "SEC-008",
        "security",
        "high",
        "Secrets are not stored in plain text",
        check_secrets,
        fix_encrypt,
        "medium",
        "encrypt the field with KMS",
    ),
    Rule(
        "SEC-009",
        "security",
        "low",
        "Email addresses are unique",
        check_email_unique,
        fix_unique,
        "medium",
        "add a unique constraint",
    ),
    Rule(
        "REL-001",
        "reliability",
        "high",
        "DynamoDB point-in-time recovery",
        check_pitr,
        fix_pitr,
        "safe",
        "enable point-in-time recovery",
    ),
    Rule(
        "REL-002",
        "reliability",
        "high",
        "PostgreSQL automated backups",
        check_backups,
        fix_backups,
        "safe",
        "enable automated backups",
    ),
    Rule(
        "REL-003",
        "reliability",
        "medium",
        "Entities carry timestamps",
        check_timestamps,
        fix_timestamps,
        "safe",
        "add managed created_at/updated_at",
    ),
    Rule(
        "REL-004",
        "reliability",
        "medium",
        "Referenced entities use soft delete",
        check_soft_delete,
        fix_soft_delete,
        "medium",
        "soft-delete rows instead of removing them",
    ),
    Rule(
        "REL-005",
        "reliability",
        "high",
        "Queues have dead-letter queues",
        check_dlq,
        fix_dlq,
        "safe",
        "add a dead-letter queue",
    ),
    Rule(
        "REL-006",
        "reliability",
        "low",
        "Scheduled jobs have a queue for retries",
        check_jobs_have_queue,
        fix_jobs_queue,
        "safe",
        "add a 'jobs' queue with a dead-letter queue",
    ),
    Rule(
        "PERF-001",
        "performance",
        "high",
        "Foreign keys are indexed",
        check_fk_indexes,
        _add_index,
        "safe",
        "add an index on the foreign key",
    ),
    Rule(
        "PERF-002",
        "performance",
        "high",
        "Tenant keys are indexed",
        check_tenant_indexes,
        _add_index,
        "safe",
        "add an index on the tenant key",
    ),
    Rule(
        "PERF-003",
        "performance",
        "medium",
        "List endpoints are paginated (≤ 100)",
        check_pagination,
        fix_pagination,
        "safe",
        "limit pages to 50 items",
    ),
    Rule(
        "PERF-004",
        "performance",
        "low",
        "Unique strings are bounded",
        check_string_lengths,
        fix_string_length,
        "medium",
        "limit the field to 255 characters",
    ),
    Rule(
        "PERF-005",
        "performance",
        "medium",
        "Index count within DynamoDB limits",
        check_index_budget,
    ),
    Rule(
        "COST-001",
        "cost",
        "medium",
        "Pay-per-request billing",
        check_billing,
        fix_billing,
        "safe",
        "switch to on-demand billing",
    ),
    Rule(
        "COST-002",
        "cost",
        "medium",
        "Log retention is set",
        check_log_retention,
        fix_log_retention,
        "safe",
        "keep logs for 30 days",
    ),
    Rule("COST-003", "cost", "low", "Production estimate within bounds", check_estimate),
    Rule("COST-004", "cost", "low", "Database engine fits the model size", check_postgres_small),
    Rule(
        "OPS-001",
        "operations",
        "medium",
        "Health endpoint",
        check_health,
        fix_health,
        "safe",
        "add GET /health",
    ),
    Rule(
        "OPS-002",
        "operations",
        "medium",
        "Structured logging",
        check_structured_logging,
        fix_structured_logging,
        "safe",
        "log JSON lines",
    ),
    Rule(
        "OPS-003",
        "operations",
        "medium",
        "Alarms on errors",
        check_alarms,
        fix_alarms,
        "safe",
        "add error alarms per function",
    ),
    Rule(
        "OPS-004",
        "operations",
        "low",
        "Request tracing",
        check_tracing,
        fix_tracing,
        "safe",
        "enable X-Ray tracing",
    ),
    Rule(
        "OPS-005",
        "operations",
        "low",
        "Roles are defined",
        check_roles,
        fix_roles,
        "safe",
        "define admin and user roles",
    ),
]
RULES_BY_ID = {r.id: r for r in RULES}


def evaluate(bp: Blueprint) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        for path, message in rule.check(bp):
            findings.append(Finding(rule.id, rule.pillar, rule.severity, rule.title, message, path))
    return findings


def score(findings: list[Finding]) -> Scores:
    pillars = {}
    for pillar in PILLARS:
        per_rule: dict[str, int] = {}
        for f in findings:
            if f.pillar == pillar:
                per_rule[f.rule_id] = per_rule.get(f.rule_id, 0) + 1
        penalty = 0.0
        for rule_id, count in per_rule.items():
            weight = WEIGHTS[RULES_BY_ID[rule_id].severity]
            penalty += min(2 * weight, weight * (1 + 0.25 * (count - 1)))
        pillars[pillar] = max(0, round(100 - penalty))
    return Scores(overall=round(sum(pillars.values()) / len(pillars)), pillars=pillars)


def auto_fix(bp: Blueprint, accept_risk: set[str] | None = None, max_rounds: int = 5) -> FixOutcome:
    """Rules → allowed fixes → rules again, until nothing changes or ``max_rounds``."""
    allowed = {"safe"} | set(accept_risk or ())
    current = bp.model_copy(deep=True)
    before = evaluate(current)
    applied: list[AppliedFix] = []
    seen: set[tuple[str, str]] = set()
    rounds = 0
    findings = before
    while rounds < max_rounds:
        rounds += 1
        candidate = current.model_copy(deep=True)
        progressed = False
        for finding in findings:
            rule = RULES_BY_ID[finding.rule_id]
            if rule.fix is None or rule.risk not in allowed or (rule.id, finding.path) in seen:
                continue
            rule.fix(candidate, finding.path)
            seen.add((rule.id, finding.path))
            applied.append(
                AppliedFix(
                    rule.id, finding.path, rule.risk or "safe", rule.fix_description or rule.title
                )
            )
            progressed = True
        if not progressed or candidate == current:
            break
        current = candidate
        findings = evaluate(current)
    after = evaluate(current)
    return FixOutcome(
        blueprint=current,
        applied=applied,
        findings_before=before,
        findings_after=after,
        scores_before=score(before),
        scores_after=score(after),
        rounds=rounds,
        changed=current != bp,
    )


def _fix_view(rule: Rule, applied: bool) -> dict[str, Any] | None:
    if rule.fix is None:
        return None
    return {"description": rule.fix_description, "risk": rule.risk, "applied": applied}


def build_report(outcome: FixOutcome, bp_after: Blueprint | None = None) -> dict[str, Any]:
    """The validation report: scores, per-pillar counts, every finding, cost, plain summary."""
    applied = {(a.rule_id, a.path) for a in outcome.applied}
    after_keys = {(f.rule_id, f.path) for f in outcome.findings_after}
    entries: list[dict[str, Any]] = []
    for f in outcome.findings_before:
        rule = RULES_BY_ID[f.rule_id]
        resolved = (f.rule_id, f.path) not in after_keys  # by its own fix or another rule's
        own = (f.rule_id, f.path) in applied
        entries.append(
            {
                **f.to_dict(),
                "status": "fixed" if resolved else "failed",
                "fix": _fix_view(rule, own and resolved),
            }
        )
    before_keys = {(f.rule_id, f.path) for f in outcome.findings_before}
    for f in outcome.findings_after:
        if (f.rule_id, f.path) not in before_keys:
            entries.append(
                {**f.to_dict(), "status": "failed", "fix": _fix_view(RULES_BY_ID[f.rule_id], False)}
            )
    failing_rules = {f.rule_id for f in outcome.findings_before} | {
        f.rule_id for f in outcome.findings_after
    }
    for rule in RULES:
        if rule.id not in failing_rules:
            entries.append(
                {
                    "ruleId": rule.id,
                    "pillar": rule.pillar,
                    "severity": rule.severity,
                    "title": rule.title,
                    "message": "passed",
                    "path": None,
                    "status": "passed",
                    "fix": None,
                }
            )
    pillars: dict[str, Any] = {}
    for pillar in PILLARS:
        mine = [e for e in entries if e["pillar"] == pillar]
        pillars[pillar] = {
            "score": outcome.scores_after.pillars[pillar],
            "before": outcome.scores_before.pillars[pillar],
            "passed": sum(1 for e in mine if e["status"] == "passed"),
            "failed": sum(1 for e in mine if e["status"] == "failed"),
            "fixed": sum(1 for e in mine if e["status"] == "fixed"),
        }
    failed = [e for e in entries if e["status"] == "failed"]
    cost = estimate(bp_after or outcome.blueprint)
    return {
        "score": {
            "overall": outcome.scores_after.overall,
            "before": outcome.scores_before.overall,
            "after": outcome.scores_after.overall,
        },
        "pillars": pillars,
        "findings": sorted(
            entries, key=lambda e: (PILLARS.index(e["pillar"]), e["ruleId"], e["path"] or "")
        ),
        "fixesApplied": len([a for a in outcome.applied if (a.rule_id, a.path) not in after_keys]),
        "costEstimate": cost,
        "summary": plain_summary(outcome, failed, cost),
    }


def plain_summary(outcome: FixOutcome, failed: list[dict[str, Any]], cost: dict[str, Any]) -> str:
    before, after = outcome.scores_before.overall, outcome.scores_after.overall
    fixed = len(outcome.applied)
    weakest = min(outcome.scores_after.pillars.items(), key=lambda kv: kv[1])
    parts = [f"Your backend scores {after} out of 100 on AWS Well-Architected checks"]
    if fixed and after != before:
        parts[0] += f" (up from {before} after {fixed} automatic fix{'es' if fixed != 1 else ''})"
    parts[0] += "."
    if failed:
        serious = [e for e in failed if e["severity"] in ("critical", "high")]
        parts.append(
            f"{len(failed)} item(s) still need attention"
            + (f", {len(serious)} of them important" if serious else "")
            + f"; the weakest area is {weakest[0]} ({weakest[1]})."
        )
        medium = sum(1 for e in failed if e["fix"] and e["fix"]["risk"] == "medium")
        if medium:
            parts.append(
                f"{medium} of them can be fixed automatically once you accept medium-risk changes."
            )
    else:
        parts.append("Every check passes.")
    parts.append(
        "Running it should cost about "
        f"${cost['starter']['totalMonthlyUsd']:,.2f} a month for a small "
        f"audience and ${cost['production']['totalMonthlyUsd']:,.2f} at production scale."
    )
    return " ".join(parts)


def summarize(bp: Blueprint) -> dict[str, Any]:
    """Validation summary without fixes (used by generation and preview)."""
    findings = evaluate(bp)
    scores = score(findings)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in WEIGHTS}
    order = list(WEIGHTS)
    top = sorted(findings, key=lambda f: (order.index(f.severity), f.rule_id, f.path))[:5]
    return {
        "score": scores.overall,
        "pillars": scores.pillars,
        "counts": counts,
        "findings": len(findings),
        "topIssues": [f.to_dict() for f in top],
    }
