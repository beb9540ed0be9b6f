"""Evaluating the rules, scoring the findings, and the bounded fix loop.

Scoring (0-100 per pillar): a pillar starts at 100 and loses, per failing rule, its severity
weight (critical 25, high 15, medium 8, low 3) times ``1 + 0.25 * (findings - 1)``, capped at
twice the weight; never below 0. The overall score is the mean of the five pillars, rounded.
"""

from __future__ import annotations

from slipway.ir import Blueprint
from slipway.rules.catalog import RULES, RULES_BY_ID
from slipway.rules.model import PILLARS, WEIGHTS, AppliedFix, Finding, FixOutcome, Risk, Scores
from slipway.rules.paths import Locator


def evaluate(bp: Blueprint) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        pillar, severity = rule.pillar.value, rule.severity.value
        for path, message in rule.check(bp):
            findings.append(Finding(rule.id, pillar, severity, rule.title, message, path))
    return findings


def score(findings: list[Finding]) -> Scores:
    per_rule: dict[str, int] = {}
    for f in findings:
        per_rule[f.rule_id] = per_rule.get(f.rule_id, 0) + 1
    penalties = dict.fromkeys(PILLARS, 0.0)
    for rule_id, count in per_rule.items():
        rule = RULES_BY_ID[rule_id]
        weight = WEIGHTS[rule.severity]
        penalties[rule.pillar] += min(2 * weight, weight * (1 + 0.25 * (count - 1)))
    pillars = {p: max(0, round(100 - penalty)) for p, penalty in penalties.items()}
    return Scores(overall=round(sum(pillars.values()) / len(pillars)), pillars=pillars)


def _fixable(
    bp: Blueprint, findings: list[Finding], allowed: set[str], seen: set[tuple[str, str]]
) -> list[Finding]:
    """The findings whose fix is offered for ``bp``, allowed, and not applied to their path in
    an earlier round."""
    out = []
    for finding in findings:
        rule = RULES_BY_ID[finding.rule_id]
        if (
            rule.risk in allowed
            and (rule.id, finding.path) not in seen
            and rule.fix_for(bp) is not None
        ):
            out.append(finding)
    return out


def _fix_round(
    bp: Blueprint, findings: list[Finding], seen: set[tuple[str, str]]
) -> list[AppliedFix]:
    """Apply the fixes of ``findings`` to ``bp`` in place (each (rule, path) once)."""
    at = Locator(bp)
    applied: list[AppliedFix] = []
    for finding in findings:
        rule = RULES_BY_ID[finding.rule_id]
        if rule.fix is None or (rule.id, finding.path) in seen:
            continue
        rule.fix(bp, finding.path, at)
        seen.add((rule.id, finding.path))
        risk = (rule.risk or Risk.SAFE).value
        applied.append(AppliedFix(rule.id, finding.path, risk, rule.fix_description or rule.title))
    return applied


def auto_fix(bp: Blueprint, accept_risk: set[str] | None = None, max_rounds: int = 5) -> FixOutcome:
    """Rules → allowed fixes → rules again, until nothing changes or ``max_rounds``."""
    allowed = {Risk.SAFE.value} | set(accept_risk or ())
    current = bp.model_copy(deep=True)
    before = evaluate(current)
    applied: list[AppliedFix] = []
    seen: set[tuple[str, str]] = set()
    rounds = 0
    findings = before
    while rounds < max_rounds:
        rounds += 1
        todo = _fixable(current, findings, allowed, seen)
        if not todo:  # checked before copying: the copy is the loop's main cost
            break
        candidate = current.model_copy(deep=True)
        applied += _fix_round(candidate, todo, seen)
        if candidate == current:
            break
        current = candidate
        findings = evaluate(current)
    after = list(findings)  # the checks are pure: these are the findings of ``current``
    return FixOutcome(
        blueprint=current,
        applied=applied,
        findings_before=before,
        findings_after=after,
        scores_before=score(before),
        scores_after=score(after),
        rounds=rounds,
        changed=current != bp,
    )
