"""``make bench``: every benchmark, printed as figures and ratios from one run."""

from __future__ import annotations

import asyncio
import importlib
import sys
import time

SUITES = [
    "bench.bench_compiler",
    "bench.bench_assistant",
    "bench.bench_diff",
    "bench.bench_api",
    "bench.bench_http",
    "bench.bench_generation",
    "bench.bench_deploy",
    "bench.bench_load",
]


def main() -> None:
    only = sys.argv[1:]
    for name in SUITES:
        if only and not any(o in name for o in only):
            continue
        module = importlib.import_module(name)
        print(f"\n== {name}")
        start = time.perf_counter()
        runner = getattr(module, "run", None) or module.main
        result = runner()
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        if isinstance(result, list):
            print("\n".join(result))
        print(f"   ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
