"""The rule registry: each check declares its rule with ``@rule(...)`` right above it.

    @rule("SEC-001", Pillar.SECURITY, Severity.HIGH, title="PII fields are encrypted",
          fix=fix_encrypt, risk=Risk.MEDIUM, fix_description="...")
    def check_pii_encrypted(bp: Blueprint) -> list[tuple[str, str]]: ...

Registering checks ids (unique, prefixed by the pillar) and that a fix comes with its risk and
description; ``fix_applies`` limits a fix to the blueprints whose deployed stacks make it real.
``registered()`` lists the rules in report order: by pillar, then by id.
"""

from __future__ import annotations

from collections.abc import Callable

from slipway.rules.model import Applies, Check, Fix, Pillar, Risk, Rule, Severity

_REGISTRY: dict[str, Rule] = {}
_PILLAR_ORDER = {p: i for i, p in enumerate(Pillar)}


def register(r: Rule) -> Rule:
    if r.id in _REGISTRY:
        raise ValueError(f"rule {r.id} is declared twice")
    _REGISTRY[r.id] = r
    return r


def rule(
    rule_id: str,
    pillar: Pillar,
    severity: Severity,
    *,
    title: str,
    fix: Fix | None = None,
    risk: Risk | None = None,
    fix_description: str | None = None,
    fix_applies: Applies | None = None,
) -> Callable[[Check], Check]:
    """Declare the decorated check as rule ``rule_id``; the check itself is returned unchanged."""

    def declare(check: Check) -> Check:
        register(
            Rule(rule_id, pillar, severity, title, check, fix, risk, fix_description, fix_applies)
        )
        return check

    return declare


def registered() -> list[Rule]:
    return sorted(_REGISTRY.values(), key=lambda r: (_PILLAR_ORDER[r.pillar], r.id))
