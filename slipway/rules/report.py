"""The validation report (every rule: passed, failed or fixed; scores; cost; a plain summary) and
the short summary used by generation and preview."""

from __future__ import annotations

from typing import Any

from slipway.cost import estimate
from slipway.ir import Blueprint
from slipway.rules.catalog import RULES, RULES_BY_ID
from slipway.rules.engine import evaluate, score
from slipway.rules.model import PILLARS, WEIGHTS, Finding, FixOutcome, Rule

_PILLAR_ORDER = {p: i for i, p in enumerate(PILLARS)}
_SEVERITY_ORDER = {s: i for i, s in enumerate(WEIGHTS)}


def _fix_view(rule: Rule, bp: Blueprint, applied: bool) -> dict[str, Any] | None:
    if rule.fix_for(bp) is None or rule.risk is None:
        return None
    return {"description": rule.fix_description, "risk": rule.risk.value, "applied": applied}


def _passed(rule: Rule) -> dict[str, Any]:
    return {
        "ruleId": rule.id,
        "pillar": rule.pillar.value,
        "severity": rule.severity.value,
        "title": rule.title,
        "message": "passed",
        "path": None,
        "status": "passed",
        "fix": None,
    }


def _entries(outcome: FixOutcome) -> list[dict[str, Any]]:
    """One entry per finding before (fixed or failed), per new finding after, per passing rule."""
    bp = outcome.blueprint  # fix_applies looks at what no fix changes (the database engine)
    applied = {(a.rule_id, a.path) for a in outcome.applied}
    after_keys = {(f.rule_id, f.path) for f in outcome.findings_after}
    entries: list[dict[str, Any]] = []
    for f in outcome.findings_before:
        key = (f.rule_id, f.path)
        resolved = key not in after_keys  # by its own fix or another rule's
        view = _fix_view(RULES_BY_ID[f.rule_id], bp, key in applied and resolved)
        entries.append({**f.to_dict(), "status": "fixed" if resolved else "failed", "fix": view})
    before_keys = {(f.rule_id, f.path) for f in outcome.findings_before}
    for f in outcome.findings_after:
        if (f.rule_id, f.path) not in before_keys:
            view = _fix_view(RULES_BY_ID[f.rule_id], bp, False)
            entries.append({**f.to_dict(), "status": "failed", "fix": view})
    failing = {f.rule_id for f in outcome.findings_before} | {
        f.rule_id for f in outcome.findings_after
    }
    entries += [_passed(rule) for rule in RULES if rule.id not in failing]
    return entries


def _pillars(outcome: FixOutcome, entries: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {p: {"passed": 0, "failed": 0, "fixed": 0} for p in PILLARS}
    for e in entries:
        counts[e["pillar"]][e["status"]] += 1
    return {
        p: {
            "score": outcome.scores_after.pillars[p],
            "before": outcome.scores_before.pillars[p],
            **counts[p],
        }
        for p in PILLARS
    }


def build_report(outcome: FixOutcome, bp_after: Blueprint | None = None) -> dict[str, Any]:
    """The validation report: scores, per-pillar counts, every finding, cost, plain summary."""
    entries = _entries(outcome)
    after_keys = {(f.rule_id, f.path) for f in outcome.findings_after}
    failed = [e for e in entries if e["status"] == "failed"]
    cost = estimate(bp_after or outcome.blueprint)
    return {
        "score": {
            "overall": outcome.scores_after.overall,
            "before": outcome.scores_before.overall,
            "after": outcome.scores_after.overall,
        },
        "pillars": _pillars(outcome, entries),
        "findings": sorted(
            entries, key=lambda e: (_PILLAR_ORDER[e["pillar"]], e["ruleId"], e["path"] or "")
        ),
        "fixesApplied": sum(1 for a in outcome.applied if (a.rule_id, a.path) not in after_keys),
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
    counts = dict.fromkeys(WEIGHTS, 0)
    for f in findings:
        counts[f.severity] += 1
    top = sorted(findings, key=_severity_first)[:5]
    return {
        "score": scores.overall,
        "pillars": scores.pillars,
        "counts": counts,
        "findings": len(findings),
        "topIssues": [f.to_dict() for f in top],
    }


def _severity_first(f: Finding) -> tuple[int, str, str]:
    return (_SEVERITY_ORDER[f.severity], f.rule_id, f.path)
