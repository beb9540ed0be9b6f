"""Spec compiler: compile time (best of N) for growing specs, and the per-item ratio that shows
compiling is linear.

Rows: 10/100/1,000/5,000 entities (each with a reference to the previous one), then three shapes
that used to be quadratic, each at 1,000 and 5,000 items: many-to-many relationships from one
entity (a join entity each), has-many relationships into one entity, and fields on one entity.
A per-item ratio of 1.0 between 5,000 and 1,000 items is linear; 5.0 would be quadratic.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from slipway.spec import compile_spec


def spec(n: int) -> str:
    body = "\n".join(
        f"### E{i}\n- name: string, required, max 100\n- kind: enum(a, b, c), default a\n"
        f"- count: integer, default 0\n- prev: ref E{max(i - 1, 0)}\n"
        for i in range(n)
    )
    return f"# Bench\n\n## Entities\n\n{body}"


def _targets(n: int) -> str:
    return "\n".join(f"### B{i}\n- name: string\n" for i in range(n))


def many_to_many(n: int) -> str:
    """One entity with ``n`` ``- many to many B{i}`` lines (the 183 KB spec of issue 12)."""
    links = "\n".join(f"- many to many B{i}" for i in range(n))
    return f"# Bench\n\n## Entities\n\n### A\n- name: string\n{links}\n\n{_targets(n)}"


def has_many(n: int) -> str:
    """``n`` entities that each say ``- has many Items``: ``n`` foreign keys on one entity."""
    owners = "\n".join(f"### B{i}\n- name: string\n- has many Items\n" for i in range(n))
    return f"# Bench\n\n## Entities\n\n### Item\n- name: string\n\n{owners}"


def wide(n: int) -> str:
    """One entity with ``n`` fields, every tenth one a reference."""
    fields = "\n".join(
        f"- f{i}: ref Other" if i % 10 == 0 else f"- f{i}: string, indexed" for i in range(n)
    )
    return f"# Bench\n\n## Entities\n\n### Wide\n{fields}\n\n### Other\n- name: string\n"


def best(text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = compile_spec(text)
        times.append(time.perf_counter() - start)
        assert result.ok, result.errors[:3]
    return min(times)


def _row(label: str, n: int, seconds: float, unit: str) -> str:
    return (
        f"compile {n:>5} {label:<26} {seconds * 1000:8.1f} ms  ({seconds / n * 1e6:6.1f} µs/{unit})"
    )


def _ratio(label: str, small: float, large: float) -> str:
    return f"  linearity, {label}: per-item cost 5000 vs 1000 = {large / small:.2f}x (1.0 = linear)"


SHAPES: list[tuple[str, str, Callable[[int], str]]] = [
    ("many-to-many relationships", "relationship", many_to_many),
    ("has-many into one entity", "relationship", has_many),
    ("fields on one entity", "field", wide),
]


def run() -> list[str]:
    lines = []
    per_entity = {}
    for n, repeat in ((10, 50), (100, 20), (1000, 5), (5000, 3)):
        seconds = best(spec(n), repeat)
        per_entity[n] = seconds / n
        lines.append(_row("entities", n, seconds, "entity"))
    lines.append(_ratio("entities", per_entity[1000], per_entity[5000]))
    for label, unit, build in SHAPES:
        per_item = {}
        for n, repeat in ((1000, 5), (5000, 3)):
            seconds = best(build(n), repeat)
            per_item[n] = seconds / n
            lines.append(_row(label, n, seconds, unit))
        lines.append(_ratio(label, per_item[1000], per_item[5000]))
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
