"""The offline assistant: development-set and held-out scores, every failing case, and the time
per message (p50 / p99 over every case of both sets, each answered end to end: read, edit,
compile, classify; after one warm-up pass, whose first message is reported apart)."""

from __future__ import annotations

from pathlib import Path

from slipway.assistant import OfflineAssistant
from slipway.assistant.evaluate import CaseResult, load_cases, run_cases

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assistant"
DEV = SHARED if (SHARED / "dev-cases.json").exists() else ROOT / "tests" / "assistant" / "dev"
HELD_OUT = ROOT / "tests" / "assistant"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def section(title: str, results: list[CaseResult]) -> list[str]:
    handled = sum(r.ok for r in results)
    lines = [f"{title}: {handled}/{len(results)} handled ({handled / len(results):.1%})"]
    for r in results:
        if not r.ok:
            lines.append(f"  FAIL #{r.index} [{r.base}] {r.message!r}: {r.reason}")
    return lines


def run() -> list[str]:
    assistant = OfflineAssistant()

    respond = assistant.respond

    cold = run_cases(*load_cases(DEV, "dev-cases.json"), respond)  # compiles regexes, inflect
    dev = run_cases(*load_cases(DEV, "dev-cases.json"), respond)
    held = run_cases(*load_cases(HELD_OUT, "heldout-cases.json"), respond)
    times = [r.seconds * 1000 for r in dev + held]
    return [
        *section(f"development set ({DEV.relative_to(DEV.parents[1])})", dev),
        *section("held-out set (tests/assistant/heldout-cases.json)", held),
        f"time per message over {len(times)} messages: p50 {percentile(times, 50):.1f} ms   "
        f"p99 {percentile(times, 99):.1f} ms   max {max(times):.1f} ms   (first message of a "
        f"fresh process: {cold[0].seconds * 1000:.0f} ms)",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
