"""Rules, the fix loop, diffing and classifying do work linear in the size of the blueprint.

Work is counted, not timed: the number of trace events (calls and lines, loop iterations
included) inside Slipway's own code, which is deterministic. Eight times the entities must cost
about eight times the work; a lookup by list scan inside a loop (``Blueprint.entity`` per entity,
as the rules did) makes it grow with the square instead. Library code (pydantic, ``copy``) is not
counted. Speed targets live in ``bench/bench_diff.py``, not here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import slipway
from bench.bench_diff import entities, relationships
from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.rules import auto_fix, evaluate

SLIPWAY = str(Path(slipway.__file__).parent)
SMALL, LARGE = 50, 400
# linear work grows by LARGE / SMALL (8x) or a little less (fixed costs); one quadratic term
# made the rules grow 12x and the fix loop 19x at these sizes
MAX_GROWTH = 1.1 * LARGE / SMALL

Tracer = Callable[[FrameType, str, Any], Any]


def work(fn: Callable[[], object]) -> int:
    """Trace events executed in Slipway's code while ``fn`` runs."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Tracer:
        nonlocal count
        count += 1
        return local

    def scope(frame: FrameType, event: str, arg: Any) -> Tracer | None:
        return local if frame.f_code.co_filename.startswith(SLIPWAY) else None

    previous = sys.gettrace()  # a coverage tracer, if any, is restored afterwards
    sys.settrace(scope)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


OPERATIONS: dict[str, Callable[[Blueprint, Blueprint], object]] = {
    "rules": lambda before, after: evaluate(before),
    "fix loop": lambda before, after: auto_fix(before, {"medium", "high"}),
    "classify": lambda before, after: classify(before, after),
    "first revision": lambda before, after: classify(None, after),
}
SHAPES: dict[str, Callable[[int, bool], Blueprint]] = {
    "entities": lambda n, revised: entities(n, revised),
    "many-to-many": lambda n, revised: relationships(n, revised),
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_work_grows_linearly(operation: str, shape: str) -> None:
    build, op = SHAPES[shape], OPERATIONS[operation]
    # the blueprints are built outside the measured call: only the operation is counted
    pairs = {n: (build(n, False), build(n, True)) for n in (SMALL, LARGE)}
    small = work(lambda: op(*pairs[SMALL]))
    large = work(lambda: op(*pairs[LARGE]))
    assert small > 0
    assert large / small <= MAX_GROWTH, f"{operation} on {shape}: {large / small:.1f}x the work"


def test_the_bench_blueprints_exercise_the_rules_and_the_diff() -> None:
    """The scaling check means something only if the blueprints fire rules and carry changes."""
    before, after = entities(SMALL), entities(SMALL, revised=True)
    fired = {f.rule_id for f in evaluate(before)}
    assert {"SEC-001", "SEC-002", "PERF-001"} <= fired
    assert len(auto_fix(before, {"medium"}).applied) >= 3 * SMALL
    kinds = {c.category for c in classify(before, after).changes}
    assert {"field", "index", "endpoint"} <= kinds
    rel = classify(relationships(SMALL), relationships(SMALL, revised=True)).changes
    assert {c.category for c in rel} >= {"relationship", "entity"}
