"""The vocabulary of the rules: pillars, severities, fix risks, a rule, and what evaluating and
fixing produce (findings, applied fixes, scores)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from slipway.ir import Blueprint

if TYPE_CHECKING:
    from slipway.rules.paths import Locator


class Pillar(StrEnum):
    """The five Well-Architected pillars, in report order."""

    SECURITY = "security"
    RELIABILITY = "reliability"
    PERFORMANCE = "performance"
    COST = "cost"
    OPERATIONS = "operations"

    @property
    def prefix(self) -> str:
        """The rule-id prefix of the pillar (``SEC-001``, ``REL-004``...)."""
        return _PREFIXES[self]


_PREFIXES = {
    Pillar.SECURITY: "SEC",
    Pillar.RELIABILITY: "REL",
    Pillar.PERFORMANCE: "PERF",
    Pillar.COST: "COST",
    Pillar.OPERATIONS: "OPS",
}


class Severity(StrEnum):
    """How much a failing rule costs its pillar (see ``WEIGHTS``), most severe first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Risk(StrEnum):
    """Who may apply a fix: ``safe`` ones apply automatically, ``medium`` ones after the user
    accepts medium-risk changes, ``high`` ones only with an explicit acknowledgment."""

    SAFE = "safe"
    MEDIUM = "medium"
    HIGH = "high"


PILLARS: tuple[str, ...] = tuple(p.value for p in Pillar)
WEIGHTS: dict[str, int] = {
    Severity.CRITICAL.value: 25,
    Severity.HIGH.value: 15,
    Severity.MEDIUM.value: 8,
    Severity.LOW.value: 3,
}

Check = Callable[[Blueprint], list[tuple[str, str]]]
"""Returns one ``(path, message)`` pair per offending IR path; empty when the rule passes."""
Applies = Callable[[Blueprint], bool]
"""Whether a fix is offered for a blueprint: only where the deployed stacks make it real."""


class Fix(Protocol):
    """Turns the IR at ``path`` into a passing one, in place, idempotently. The engine passes a
    ``Locator`` shared by the fixes of one round, so that finding a node by path costs O(1)."""

    def __call__(self, bp: Blueprint, path: str, at: Locator | None = None, /) -> None: ...


@dataclass(frozen=True)
class Rule:
    id: str
    pillar: Pillar
    severity: Severity
    title: str
    check: Check
    fix: Fix | None = None
    risk: Risk | None = None
    fix_description: str | None = None
    fix_applies: Applies | None = None
    """Offer the fix only on blueprints where this holds (``None``: on every blueprint)."""

    def __post_init__(self) -> None:
        prefix = f"{self.pillar.prefix}-"
        if not self.id.startswith(prefix):
            raise ValueError(f"rule {self.id} of pillar {self.pillar} must start with {prefix}")
        given = {self.fix is not None, self.risk is not None, self.fix_description is not None}
        if len(given) > 1:
            raise ValueError(f"rule {self.id}: give fix, risk and fix_description together or none")
        if self.fix is None and self.fix_applies is not None:
            raise ValueError(f"rule {self.id}: fix_applies without a fix")

    def fix_for(self, bp: Blueprint) -> Fix | None:
        """The fix offered for ``bp``, if any."""
        if self.fix is None or (self.fix_applies is not None and not self.fix_applies(bp)):
            return None
        return self.fix


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
