"""Every rule, in report order: importing the pillar modules registers their checks."""

from __future__ import annotations

from slipway.rules import cost, operations, performance, reliability, security
from slipway.rules.model import Rule
from slipway.rules.registry import registered

PILLAR_MODULES = (security, reliability, performance, cost, operations)

RULES: list[Rule] = registered()
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
