"""Monthly cost estimate of a blueprint at two usage tiers, from a documented price table.

Prices are us-east-1 list prices (USD) rounded to the cent, as published by AWS; other regions
differ by a few percent. The estimate is deterministic: same IR, same numbers.

PostgreSQL is what the data stack deploys: Aurora Serverless v2 (Aurora Standard storage) reached
through the RDS Data API. Its compute bills per ACU-hour, and the cluster never goes below its
minimum capacity (``slipway.synth.data.AURORA_CAPACITY``), which bills around the clock: the
estimate counts that floor (load above it costs more, up to the maximum capacity), plus storage
per GB-month, storage I/O per million requests and Data API requests per million.
"""

from __future__ import annotations

from typing import Any

from slipway.ir import Blueprint
from slipway.synth.data import AURORA_CAPACITY

PRICES: dict[str, float] = {
    "dynamodb_write_per_million": 1.25,  # on-demand write request units
    "dynamodb_read_per_million": 0.25,  # on-demand read request units
    "dynamodb_storage_gb": 0.25,
    "dynamodb_pitr_gb": 0.20,
    "aurora_acu_hour": 0.12,  # Aurora Serverless v2 capacity, Aurora Standard
    "aurora_storage_gb": 0.10,  # Aurora Standard storage, per GB-month
    "aurora_io_per_million": 0.20,  # Aurora Standard storage I/O requests
    "rds_data_api_per_million": 0.35,  # RDS Data API requests (first billion a month)
    "lambda_requests_per_million": 0.20,
    "lambda_gb_second": 0.0000166667,
    "apigw_http_per_million": 1.00,
    "apigw_rest_per_million": 3.50,  # first 333 M requests; the api_key strategy's REST API
    "cognito_mau_over_free": 0.0055,  # after 10,000 free MAU (Lite tier)
    "cloudwatch_logs_ingest_gb": 0.50,
    "cloudwatch_logs_store_gb": 0.03,
    "cloudwatch_alarm": 0.10,
    "s3_storage_gb": 0.023,
    "sqs_per_million": 0.40,
    "xray_traces_per_million": 5.00,
}

TIERS: dict[str, dict[str, float]] = {
    "starter": {
        "mau": 1_000,
        "requests_millions": 1,
        "data_gb": 1,
        "log_gb": 1,
        "queue_millions": 0.1,
    },
    "production": {
        "mau": 50_000,
        "requests_millions": 50,
        "data_gb": 100,
        "log_gb": 50,
        "queue_millions": 10,
    },
}
LAMBDA_MEMORY_GB = 0.25
LAMBDA_SECONDS = 0.1
READS_PER_REQUEST = 2
WRITES_PER_REQUEST = 0.3
FREE_MAU = 10_000
HOURS_PER_MONTH = 730
DATA_API_CALLS_PER_REQUEST = 2
"""A read is one statement; a write begins, runs its statements and commits a transaction."""


Item = tuple[str, float, str]
"""(service, monthly USD, assumption)"""


def _aurora(t: dict[str, float]) -> list[Item]:
    """Aurora Serverless v2 at its minimum capacity around the clock, its storage and I/O, and
    the Data API calls of the CRUD functions."""
    requests = t["requests_millions"]
    floor = AURORA_CAPACITY[0]
    acu_hours = floor * HOURS_PER_MONTH
    io = requests * (READS_PER_REQUEST + WRITES_PER_REQUEST)
    calls = requests * DATA_API_CALLS_PER_REQUEST
    return [
        (
            "Aurora Serverless v2 (PostgreSQL)",
            acu_hours * PRICES["aurora_acu_hour"]
            + t["data_gb"] * PRICES["aurora_storage_gb"]
            + io * PRICES["aurora_io_per_million"],
            f"{floor:g} ACU minimum x {HOURS_PER_MONTH} h = {acu_hours:g} ACU-hours (more under "
            f"load, up to {AURORA_CAPACITY[1]:g} ACUs), {t['data_gb']:g} GB, {io:g}M I/O "
            f"requests",
        ),
        (
            "RDS Data API",
            calls * PRICES["rds_data_api_per_million"],
            f"{calls:g}M requests ({DATA_API_CALLS_PER_REQUEST} per API request)",
        ),
    ]


def _database(bp: Blueprint, t: dict[str, float]) -> list[Item]:
    requests = t["requests_millions"]
    if bp.infrastructure.database == "postgres":
        return _aurora(t)
    tables = max(1, len(bp.entities))
    reads = requests * READS_PER_REQUEST * PRICES["dynamodb_read_per_million"]
    writes = requests * WRITES_PER_REQUEST * PRICES["dynamodb_write_per_million"]
    storage = t["data_gb"] * (
        PRICES["dynamodb_storage_gb"]
        + (PRICES["dynamodb_pitr_gb"] if bp.infrastructure.point_in_time_recovery else 0)
    )
    return [
        (
            "DynamoDB",
            reads + writes + storage,
            f"{tables} on-demand tables, {READS_PER_REQUEST} reads and {WRITES_PER_REQUEST} "
            f"writes per request, {t['data_gb']:g} GB",
        )
    ]


def _serving(bp: Blueprint, t: dict[str, float]) -> list[Item]:
    """Functions, the API gateway and, for Cognito strategies, the user pool."""
    requests = t["requests_millions"]
    # API keys and usage plans (the api_key strategy) exist on REST APIs only
    kind = "REST" if bp.auth.strategy == "api_key" else "HTTP"
    items: list[Item] = [
        (
            "Lambda",
            requests * PRICES["lambda_requests_per_million"]
            + requests * 1_000_000 * LAMBDA_MEMORY_GB * LAMBDA_SECONDS * PRICES["lambda_gb_second"],
            f"{requests:g}M invocations, {int(LAMBDA_MEMORY_GB * 1024)} MB, "
            f"{int(LAMBDA_SECONDS * 1000)} ms",
        ),
        (
            f"API Gateway ({kind} API)",
            requests * PRICES[f"apigw_{kind.lower()}_per_million"],
            f"{requests:g}M requests",
        ),
    ]
    if bp.auth.strategy in ("jwt", "cognito"):
        paid = max(0, t["mau"] - FREE_MAU)
        mau = f"{int(t['mau']):,} MAU, 10,000 free"
        items.append(("Cognito", paid * PRICES["cognito_mau_over_free"], mau))
    return items


def _operations(bp: Blueprint, t: dict[str, float]) -> list[Item]:
    """Logs, alarms, buckets, queues and tracing."""
    infra = bp.infrastructure
    retention_months = (infra.log_retention_days or 30) / 30
    items: list[Item] = [
        (
            "CloudWatch Logs",
            t["log_gb"] * PRICES["cloudwatch_logs_ingest_gb"]
            + t["log_gb"] * retention_months * PRICES["cloudwatch_logs_store_gb"],
            f"{t['log_gb']:g} GB ingested, kept "
            f"{infra.log_retention_days or 'forever (30 days counted)'}"
            + (" days" if infra.log_retention_days else ""),
        )
    ]
    if infra.alarms:
        functions = max(1, len(bp.api.resources))
        items.append(
            ("CloudWatch alarms", functions * PRICES["cloudwatch_alarm"], f"{functions} alarms")
        )
    if infra.buckets:
        usd = len(infra.buckets) * t["data_gb"] * PRICES["s3_storage_gb"]
        items.append(("S3", usd, f"{t['data_gb']:g} GB per bucket"))
    if bp.workflows.queues:
        queues = len(bp.workflows.queues)
        usd = queues * t["queue_millions"] * PRICES["sqs_per_million"]
        items.append(("SQS", usd, f"{queues} queues x {t['queue_millions']:g}M messages"))
    if infra.tracing:
        usd = t["requests_millions"] * 0.05 * PRICES["xray_traces_per_million"]
        items.append(("X-Ray", usd, "5% of requests traced"))
    return items


def _tier(bp: Blueprint, tier: str) -> dict[str, Any]:
    t = TIERS[tier]
    rows = [*_database(bp, t), *_serving(bp, t), *_operations(bp, t)]
    items: list[dict[str, Any]] = [
        {"service": service, "monthlyUsd": round(usd, 2), "assumption": assumption}
        for service, usd, assumption in rows
    ]
    total = round(sum(i["monthlyUsd"] for i in items), 2)
    return {"totalMonthlyUsd": total, "items": items, "assumptions": dict(t)}


def estimate(bp: Blueprint) -> dict[str, Any]:
    """``{"currency", "starter": {...}, "production": {...}, "priceTable": {...}}``."""
    return {
        "currency": "USD",
        "region": "us-east-1 list prices",
        "starter": _tier(bp, "starter"),
        "production": _tier(bp, "production"),
        "priceTable": dict(PRICES),
    }
