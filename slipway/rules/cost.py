"""Cost rules: billing mode, log retention, the production estimate, engine fit."""

from __future__ import annotations

from slipway.cost import estimate
from slipway.ir import Blueprint
from slipway.rules.model import Pillar, Risk, Severity
from slipway.rules.paths import Locator
from slipway.rules.registry import rule

COST_WARN_USD = 1000.0
SMALL_MODEL_ENTITIES = 3

# --- fixes ----------------------------------------------------------------------------------


def fix_billing(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.infrastructure.billing_mode = "PAY_PER_REQUEST"


def fix_log_retention(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    if bp.infrastructure.log_retention_days is None:
        bp.infrastructure.log_retention_days = 30


# --- checks ---------------------------------------------------------------------------------


@rule(
    "COST-001",
    Pillar.COST,
    Severity.MEDIUM,
    title="Pay-per-request billing",
    fix=fix_billing,
    risk=Risk.SAFE,
    fix_description="switch to on-demand billing",
)
def check_billing(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "dynamodb" and bp.infrastructure.billing_mode == "PROVISIONED":
        return [
            (
                "infrastructure.billingMode",
                "provisioned capacity bills idle hours; on-demand fits new apps",
            )
        ]
    return []


@rule(
    "COST-002",
    Pillar.COST,
    Severity.MEDIUM,
    title="Log retention is set",
    fix=fix_log_retention,
    risk=Risk.SAFE,
    fix_description="keep logs for 30 days",
)
def check_log_retention(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.log_retention_days is None:
        return [
            (
                "infrastructure.logRetentionDays",
                "logs are kept forever: storage cost grows without bound",
            )
        ]
    return []


@rule("COST-003", Pillar.COST, Severity.LOW, title="Production estimate within bounds")
def check_estimate(bp: Blueprint) -> list[tuple[str, str]]:
    production = estimate(bp)["production"]["totalMonthlyUsd"]
    if production > COST_WARN_USD:
        return [("infrastructure", f"the production-tier estimate is ${production:,.2f}/month")]
    return []


@rule("COST-004", Pillar.COST, Severity.LOW, title="Database engine fits the model size")
def check_postgres_small(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "postgres" and len(bp.entities) <= SMALL_MODEL_ENTITIES:
        return [
            (
                "infrastructure.database",
                "a PostgreSQL instance bills 24/7; a small model fits DynamoDB on-demand",
            )
        ]
    return []
