"""The cost estimate prices what the stacks deploy: PostgreSQL is Aurora Serverless v2 with the
RDS Data API (it was priced as an RDS db.t4g.micro / db.r6g.large instance), from the documented
price table, which the README lists entry by entry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from slipway.cost import (
    DATA_API_CALLS_PER_REQUEST,
    HOURS_PER_MONTH,
    PRICES,
    READS_PER_REQUEST,
    TIERS,
    WRITES_PER_REQUEST,
    estimate,
)
from slipway.spec import compile_spec
from slipway.synth.data import AURORA_CAPACITY
from slipway.templates import get_template

README = Path(__file__).resolve().parents[2] / "README.md"


def crm() -> dict[str, Any]:
    template = get_template("crm")
    assert template is not None
    bp = compile_spec(template.spec).blueprint
    assert bp is not None and bp.infrastructure.database == "postgres"
    return estimate(bp)


@pytest.mark.parametrize("tier", sorted(TIERS))
def test_postgres_is_priced_as_aurora_serverless_v2(tier: str) -> None:
    t = TIERS[tier]
    items = {i["service"]: i for i in crm()[tier]["items"]}
    aurora = items["Aurora Serverless v2 (PostgreSQL)"]
    acu_hours = AURORA_CAPACITY[0] * HOURS_PER_MONTH  # the floor, around the clock
    io = t["requests_millions"] * (READS_PER_REQUEST + WRITES_PER_REQUEST)
    expected = (
        acu_hours * PRICES["aurora_acu_hour"]
        + t["data_gb"] * PRICES["aurora_storage_gb"]
        + io * PRICES["aurora_io_per_million"]
    )
    assert aurora["monthlyUsd"] == round(expected, 2)
    assert f"{acu_hours:g} ACU-hours" in aurora["assumption"]
    calls = t["requests_millions"] * DATA_API_CALLS_PER_REQUEST
    assert items["RDS Data API"]["monthlyUsd"] == round(
        calls * PRICES["rds_data_api_per_million"], 2
    )
    assert not any("RDS PostgreSQL" in s or "db.t4g" in items[s]["assumption"] for s in items)


def test_starter_tier_figures() -> None:
    """0.5 ACU x 730 h x $0.12 + 1 GB x $0.10 + 2.3M I/O x $0.20 = $44.36; 2M calls = $0.70."""
    items = {i["service"]: i["monthlyUsd"] for i in crm()["starter"]["items"]}
    assert items["Aurora Serverless v2 (PostgreSQL)"] == 44.36
    assert items["RDS Data API"] == 0.70


def test_no_instance_prices_are_left() -> None:
    assert not [k for k in PRICES if k.startswith("rds_") and "data_api" not in k]


def test_the_readme_lists_the_price_table() -> None:
    text = README.read_text()
    section = text[text.index("**Cost estimate**") :]
    section = section[: section.index("\n## ")]
    rows = dict(re.findall(r"^\| ([a-z0-9_]+) \| ([0-9.e-]+) \|$", section, re.MULTILINE))
    assert {k: float(v) for k, v in rows.items()} == PRICES
