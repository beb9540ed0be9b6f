"""Well-Architected rules over the Blueprint IR, with pure, idempotent auto-fixes.

Each rule has an id, pillar, severity and title; its check returns ``(path, message)`` pairs, one
per offending IR path; its optional fix turns the IR at that path into a passing one and carries
a risk: ``safe`` (applied automatically), ``medium`` (needs confirmation), ``high`` (explicit
acknowledgment).

Layout: ``model`` (pillars, severities, risks, findings), ``registry`` (the ``@rule`` decorator),
one module of checks per pillar (``security``, ``reliability``, ``performance``, ``cost``,
``operations``), ``catalog`` (every rule, in report order), ``engine`` (evaluate, score, the fix
loop) and ``report`` (the validation report and summary). To add a rule, write its check (and
fix) in its pillar's module and declare it with ``@rule(...)``; the next free id of the pillar.
"""

from __future__ import annotations

from slipway.rules.catalog import RULES, RULES_BY_ID
from slipway.rules.engine import auto_fix, evaluate, score
from slipway.rules.model import (
    PILLARS,
    WEIGHTS,
    AppliedFix,
    Check,
    Finding,
    Fix,
    FixOutcome,
    Pillar,
    Risk,
    Rule,
    Scores,
    Severity,
)
from slipway.rules.paths import Locator
from slipway.rules.registry import rule
from slipway.rules.report import build_report, plain_summary, summarize

__all__ = [
    "PILLARS",
    "RULES",
    "RULES_BY_ID",
    "WEIGHTS",
    "AppliedFix",
    "Check",
    "Finding",
    "Fix",
    "FixOutcome",
    "Locator",
    "Pillar",
    "Risk",
    "Rule",
    "Scores",
    "Severity",
    "auto_fix",
    "build_report",
    "evaluate",
    "plain_summary",
    "rule",
    "score",
    "summarize",
]
