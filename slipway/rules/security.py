"""Security rules: personal data and secrets, tenant isolation, who may call what.

Who may call what follows the deployed stacks (``slipway.synth.access.strategy_auth``): SEC-005
is a non-public resource the stacks leave open (strategy ``none``), SEC-010 what an ``api_key``
API cannot enforce (roles, tenants). Each gap is reported by one rule only.
"""

from __future__ import annotations

import re

from slipway.ir import Blueprint, EntityDef, FieldDef
from slipway.rules.model import Pillar, Risk, Severity
from slipway.rules.paths import Locator, entity_path, field_path, first_by_name, locate
from slipway.rules.paths import resource_path as rpath
from slipway.rules.registry import rule
from slipway.synth.access import strategy_auth
from slipway.synth.context import stored_encrypted

PII = re.compile(
    r"(^|_)(email|e_mail|phone|mobile|ssn|social_security|address|street|postcode|zip_code|"
    r"dob|birth|birthday|date_of_birth|passport|credit_card|card_number|iban|tax_id|national_id|"
    r"first_name|last_name|full_name|ip_address)($|_)"
)
SECRET = re.compile(r"(^|_)(password|passwd|secret|token|api_key|private_key)($|_)")
WRITES = ("create", "update", "delete")
ENCRYPT = (
    "encrypt the field with a customer-managed KMS key: the handler stores its values as "
    "ciphertext, and the entity's table is encrypted under the same key"
)


def protected_in_stacks(bp: Blueprint) -> bool:
    """Field-level encryption exists in the deployed stacks of DynamoDB blueprints only (their
    CRUD functions store KMS ciphertext); on PostgreSQL the ``encrypted`` flag deploys nothing,
    so the encryption fixes are not offered there. (The audit table exists on both stores.)"""
    return bp.infrastructure.database == "dynamodb"


def unprotected(bp: Blueprint, f: FieldDef, what: str) -> str:
    """Why ``f`` counts as stored in plain text: never encrypted, or marked ``encrypted`` where
    the deployed stacks do not encrypt it (PostgreSQL: ``stored_encrypted``)."""
    if f.encrypted:
        return (
            f"{what}: it is marked encrypted, but Slipway's {bp.infrastructure.database} stacks "
            "store it in plain text (field encryption deploys on DynamoDB only)"
        )
    return what


def pii_fields(bp: Blueprint) -> list[tuple[EntityDef, FieldDef]]:
    return [(e, f) for e in bp.entities for f in e.fields if not f.managed and PII.search(f.name)]


# --- fixes ----------------------------------------------------------------------------------


def fix_encrypt(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    f = locate(bp, at).field(path)
    if f is not None:
        f.encrypted = True


def fix_audit(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    e = locate(bp, at).entity(path)
    if e is not None:
        e.audit_log = True


def fix_tenant_key(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    e = locate(bp, at).entity(path)
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


def fix_auth_strategy(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.auth.strategy = "jwt"


def fix_public_writes(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    for r in locate(bp, at).resources(path):
        r.operations = [o for o in r.operations if o in ("list", "get")]


def fix_least_privilege(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    for r in locate(bp, at).resources(path):
        if not r.roles:
            r.roles = [bp.auth.roles[0]]


def fix_unique(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    f = locate(bp, at).field(path)
    if f is not None:
        f.unique = True


# --- checks ---------------------------------------------------------------------------------


@rule(
    "SEC-001",
    Pillar.SECURITY,
    Severity.HIGH,
    title="PII fields are encrypted",
    fix=fix_encrypt,
    risk=Risk.MEDIUM,
    fix_description=ENCRYPT,
    fix_applies=protected_in_stacks,
)
def check_pii_encrypted(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            field_path(e, f),
            unprotected(
                bp,
                f,
                f"{e.name}.{f.name} looks like personal data and is stored without field "
                "encryption",
            ),
        )
        for e, f in pii_fields(bp)
        if not stored_encrypted(bp, f)
    ]


@rule(
    "SEC-002",
    Pillar.SECURITY,
    Severity.MEDIUM,
    title="Changes to PII are audit-logged",
    fix=fix_audit,
    risk=Risk.MEDIUM,
    fix_description=(
        "audit-log the entity: its handler records every change in the audit table, in the "
        "same transaction as the change"
    ),
)
def check_pii_audit(bp: Blueprint) -> list[tuple[str, str]]:
    names = sorted({e.name for e, _ in pii_fields(bp)})
    entities = first_by_name(bp.entities)
    return [
        (f"entities.{n}", f"{n} holds personal data but changes to it are not audit-logged")
        for n in names
        if not entities[n].audit_log
    ]


@rule("SEC-003", Pillar.SECURITY, Severity.LOW, title="Personal data is identified")
def check_pii_detected(bp: Blueprint) -> list[tuple[str, str]]:
    """Informational: PII without both protections (encryption and audit) is listed once."""
    return [
        (
            field_path(e, f),
            f"{e.name}.{f.name} is personal data: keep it encrypted, audited and out of logs",
        )
        for e, f in pii_fields(bp)
        if not (stored_encrypted(bp, f) and e.audit_log)
    ]


@rule(
    "SEC-004",
    Pillar.SECURITY,
    Severity.CRITICAL,
    title="Tenant isolation: every tenant-scoped entity has its tenant key",
    fix=fix_tenant_key,
    risk=Risk.HIGH,
    fix_description="add the required tenant key",
)
def check_tenant_isolation(bp: Blueprint) -> list[tuple[str, str]]:
    key = bp.tenancy.tenant_key
    if bp.tenancy.mode != "multi" or not key:
        return []
    out = []
    for e in bp.entities:
        if not e.tenant_scoped:
            continue
        field = e.field(key)
        if field is None or not field.required:
            out.append((entity_path(e), f"{e.name} is tenant-scoped but has no required {key}"))
    return out


@rule(
    "SEC-005",
    Pillar.SECURITY,
    Severity.CRITICAL,
    title="Non-public endpoints require authentication",
    fix=fix_auth_strategy,
    risk=Risk.HIGH,
    fix_description="switch the API to JWT authentication",
)
def check_auth_required(bp: Blueprint) -> list[tuple[str, str]]:
    """Each non-public resource whose routes the deployed stacks leave without an authorizer
    (``strategy_auth``, the stacks' own answer, says how a strategy protects them)."""
    if strategy_auth(bp.auth.strategy) != "public":  # a JWT authorizer or required API keys
        return []
    return [
        (
            rpath(r),
            f"{r.base_path} is not public but its routes have no authorizer: anyone can "
            f"{', '.join(r.operations)}",
        )
        for r in bp.api.resources
        if not r.public and r.operations
    ]


@rule(
    "SEC-006",
    Pillar.SECURITY,
    Severity.HIGH,
    title="Public endpoints are read-only",
    fix=fix_public_writes,
    risk=Risk.HIGH,
    fix_description="remove the write operations from the public endpoint",
)
def check_public_writes(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (rpath(r), f"{r.base_path} lets anonymous callers {', '.join(w)}")
        for r in bp.api.resources
        if r.public and (w := [o for o in r.operations if o in WRITES])
    ]


@rule(
    "SEC-007",
    Pillar.SECURITY,
    Severity.MEDIUM,
    title="Least privilege: deletes are limited to a role",
    fix=fix_least_privilege,
    risk=Risk.MEDIUM,
    fix_description="allow delete to the first (admin) role only",
)
def check_least_privilege(bp: Blueprint) -> list[tuple[str, str]]:
    """Only where roles are enforced (a JWT authorizer): under ``api_key`` its fix would add a
    role no key carries (SEC-010 reports that gap), under ``none`` nothing is checked at all."""
    if len(bp.auth.roles) < 2 or strategy_auth(bp.auth.strategy) != "jwt":
        return []
    return [
        (rpath(r), f"every role may delete through {r.base_path}")
        for r in bp.api.resources
        if "delete" in r.operations and not r.public and not r.roles
    ]


@rule(
    "SEC-008",
    Pillar.SECURITY,
    Severity.HIGH,
    title="Secrets are not stored in plain text",
    fix=fix_encrypt,
    risk=Risk.MEDIUM,
    fix_description=ENCRYPT,
    fix_applies=protected_in_stacks,
)
def check_secrets(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            field_path(e, f),
            unprotected(
                bp, f, f"{e.name}.{f.name} looks like a secret and is stored in plain text"
            ),
        )
        for e in bp.entities
        for f in e.fields
        if SECRET.search(f.name) and not stored_encrypted(bp, f)
    ]


@rule(
    "SEC-009",
    Pillar.SECURITY,
    Severity.LOW,
    title="Email addresses are unique",
    fix=fix_unique,
    risk=Risk.MEDIUM,
    fix_description="add a unique constraint",
)
def check_email_unique(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            field_path(e, f),
            f"{e.name}.{f.name} is an email but not unique: duplicate accounts are possible",
        )
        for e in bp.entities
        for f in e.fields
        if f.name == "email" and not f.unique
    ]


@rule(
    "SEC-010",
    Pillar.SECURITY,
    Severity.HIGH,
    title="API keys cannot enforce roles or tenants",
)
def check_api_key_identity(bp: Blueprint) -> list[tuple[str, str]]:
    """Under ``api_key`` a caller is a key of the usage plan and nothing more: no role, no
    tenant. A role-restricted resource is open to every key holder (its roles are not
    enforced), and a tenant-scoped entity's routes are refused to every caller (Slipway's
    handler and the CDK project's both refuse a caller without a tenant rather than serve every
    tenant's rows). No automatic fix: the way out is JWT authentication (roles and tenant in
    the token) or a resource without roles, and either changes who may call what."""
    if strategy_auth(bp.auth.strategy) != "api_key":
        return []
    entities = first_by_name(bp.entities)
    out = []
    for r in bp.api.resources:
        entity = entities.get(r.entity)
        if r.public or not r.operations or entity is None:
            continue
        gaps = []
        if r.roles:
            gaps.append(
                f"is restricted to {', '.join(r.roles)} but API keys carry no role: any key "
                f"holder can {', '.join(r.operations)}"
            )
        if entity.tenant_scoped:
            gaps.append(
                f"serves tenant-scoped {entity.name} but API keys carry no tenant: every call "
                "to it is refused (403)"
            )
        if gaps:
            out.append((rpath(r), f"{r.base_path} {'; it '.join(gaps)}"))
    return out
