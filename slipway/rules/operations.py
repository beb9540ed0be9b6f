"""Operations rules: health probes, structured logs, alarms, tracing, roles."""

from __future__ import annotations

from slipway.ir import Blueprint
from slipway.rules.model import Pillar, Risk, Severity
from slipway.rules.paths import Locator
from slipway.rules.registry import rule

# --- fixes ----------------------------------------------------------------------------------


def fix_health(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.api.health_endpoint = True


def fix_structured_logging(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.infrastructure.structured_logging = True


def fix_alarms(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.infrastructure.alarms = True


def fix_tracing(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.infrastructure.tracing = True


def fix_roles(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    if not bp.auth.roles:
        bp.auth.roles = ["admin", "user"]


# --- checks ---------------------------------------------------------------------------------


@rule(
    "OPS-001",
    Pillar.OPERATIONS,
    Severity.MEDIUM,
    title="Health endpoint",
    fix=fix_health,
    risk=Risk.SAFE,
    fix_description="add GET /health",
)
def check_health(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.api.health_endpoint:
        return []
    return [("api.healthEndpoint", "the API has no /health endpoint for probes")]


@rule(
    "OPS-002",
    Pillar.OPERATIONS,
    Severity.MEDIUM,
    title="Structured logging",
    fix=fix_structured_logging,
    risk=Risk.SAFE,
    fix_description="log JSON lines",
)
def check_structured_logging(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.structured_logging:
        return []
    message = "functions log plain text: hard to search and alert on"
    return [("infrastructure.structuredLogging", message)]


@rule(
    "OPS-003",
    Pillar.OPERATIONS,
    Severity.MEDIUM,
    title="Alarms on errors",
    fix=fix_alarms,
    risk=Risk.SAFE,
    fix_description="add error alarms per function",
)
def check_alarms(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.alarms:
        return []
    return [("infrastructure.alarms", "no alarms on function errors")]


@rule(
    "OPS-004",
    Pillar.OPERATIONS,
    Severity.LOW,
    title="Request tracing",
    fix=fix_tracing,
    risk=Risk.SAFE,
    fix_description="enable X-Ray tracing",
)
def check_tracing(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.tracing:
        return []
    return [("infrastructure.tracing", "requests are not traced (X-Ray)")]


@rule(
    "OPS-005",
    Pillar.OPERATIONS,
    Severity.LOW,
    title="Roles are defined",
    fix=fix_roles,
    risk=Risk.SAFE,
    fix_description="define admin and user roles",
)
def check_roles(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.auth.strategy != "none" and not bp.auth.roles:
        return [("auth.roles", "authentication without roles: every user can do everything")]
    return []
