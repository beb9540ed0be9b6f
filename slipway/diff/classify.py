"""The verdict over a diff: counts per class and the worst class wins."""

from __future__ import annotations

from slipway.diff.blueprints import diff_blueprints
from slipway.diff.model import RANK, Classification
from slipway.ir import Blueprint


def classify(before: Blueprint | None, after: Blueprint) -> Classification:
    changes = diff_blueprints(before, after)
    counts = {"safe": 0, "unsafe": 0, "blocked": 0}
    for c in changes:
        counts[c.classification] += 1
    if not changes:
        return Classification("none", [], counts)
    worst = max(changes, key=lambda c: RANK[c.classification]).classification
    return Classification(worst, changes, counts)
