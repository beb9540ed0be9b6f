"""Spec compiler: time for 10/100/1000/5000-entity specs (best of N) and per-entity linearity."""

from __future__ import annotations

import time

from slipway.spec import compile_spec


def spec(n: int) -> str:
    body = "\n".join(
        f"### E{i}\n- name: string, required, max 100\n- kind: enum(a, b, c), default a\n"
        f"- count: integer, default 0\n- prev: ref E{max(i - 1, 0)}\n"
        for i in range(n)
    )
    return f"# Bench\n\n## Entities\n\n{body}"


def best(text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = compile_spec(text)
        times.append(time.perf_counter() - start)
        assert result.ok
    return min(times)


def run() -> list[str]:
    lines = []
    per_entity = {}
    for n, repeat in ((10, 50), (100, 20), (1000, 5), (5000, 3)):
        seconds = best(spec(n), repeat)
        per_entity[n] = seconds / n
        lines.append(
            f"compile {n:>5} entities: {seconds * 1000:8.1f} ms  ({seconds / n * 1e6:6.1f} µs/entity)"
        )
    lines.append(
        f"  linearity: per-entity cost 5000 vs 1000 = {per_entity[5000] / per_entity[1000]:.2f}x (1.0 = linear)"
    )
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
