"""The offline assistant: the score of every case file (the development set, our held-out set and
the blind batches) with every failing case, and the time per message (p50 / p99 over every case of
every set, each answered end to end: read, edit, compile, classify; after one warm-up pass, whose
first message is reported apart)."""

from __future__ import annotations

from pathlib import Path

from slipway.assistant import OfflineAssistant
from slipway.assistant.evaluate import CaseResult, load_cases, run_cases

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assistant"
DEV = SHARED if (SHARED / "dev-cases.json").exists() else ROOT / "tests" / "assistant" / "dev"
OURS = ROOT / "tests" / "assistant"
SETS = (
    ("development set", DEV, "dev-cases.json"),
    ("held-out set", OURS, "heldout-cases.json"),
    ("blind batch 1", OURS, "blind-cases.json"),
    ("blind batch 2", OURS, "blind2-cases.json"),
    ("blind batch 3", OURS, "blind3-cases.json"),
    ("blind batch 4", OURS, "blind4-cases.json"),
    ("blind batch 5", OURS, "blind5-cases.json"),
    ("blind batch 6", OURS, "blind6-cases.json"),
    ("training batch 8", OURS, "blind8-cases.json"),
    ("training batch 9", OURS, "blind9-cases.json"),
    ("training batch 11", OURS, "blind11-cases.json"),
    ("training batch 12", OURS, "blind12-cases.json"),
    ("training batch 13", OURS, "blind13-cases.json"),
    ("training batch 14", OURS, "blind14-cases.json"),
    ("training batch 15", OURS, "blind15-cases.json"),
    ("generated requests", OURS, "probe-cases.json"),
    ("training batch 18", OURS, "blind18-cases.json"),
    ("training batch 19", OURS, "blind19-cases.json"),
    ("training batch 20", OURS, "blind20-cases.json"),
    ("training batch 22", OURS, "blind22-cases.json"),
    ("training batch 23", OURS, "blind23-cases.json"),
    ("training batch 25", OURS, "blind25-cases.json"),
    ("training batch 26", OURS, "blind26-cases.json"),
    ("training batch 27", OURS, "blind27-cases.json"),
    ("training batch 28", OURS, "blind28-cases.json"),
    ("training batch 30", OURS, "blind30-cases.json"),
    ("training batch 32", OURS, "blind32-cases.json"),
    ("training batch 34", OURS, "blind34-cases.json"),
    ("training batch 35", OURS, "blind35-cases.json"),
    ("training batch 37", OURS, "blind37-cases.json"),
    ("training batch 39", OURS, "blind39-cases.json"),
    ("training batch 41", OURS, "blind41-cases.json"),
    ("training batch 43", OURS, "blind43-cases.json"),
    ("training batch 45", OURS, "blind45-cases.json"),
    ("training batch 47", OURS, "blind47-cases.json"),
)
"""Every case file: (title, folder, name). The sets after the first were written without looking
at how the assistant reads them (``tests/assistant/test_cases.py`` keeps each at its level)."""
FROZEN = (
    ("frozen batch 7", OURS, "blind7-cases.json"),
    ("frozen batch 10", OURS, "blind10-cases.json"),
    ("frozen batch 16", OURS, "blind16-cases.json"),
    ("frozen batch 17", OURS, "blind17-cases.json"),
    ("frozen batch 21", OURS, "blind21-cases.json"),
    ("frozen batch 24", OURS, "blind24-cases.json"),
    ("frozen batch 29", OURS, "blind29-cases.json"),
    ("frozen batch 31", OURS, "blind31-cases.json"),
    ("frozen batch 33", OURS, "blind33-cases.json"),
    ("frozen batch 36", OURS, "blind36-cases.json"),
    ("frozen batch 38", OURS, "blind38-cases.json"),
    ("frozen batch 40", OURS, "blind40-cases.json"),
    ("frozen batch 42", OURS, "blind42-cases.json"),
    ("frozen batch 44", OURS, "blind44-cases.json"),
    ("frozen batch 46", OURS, "blind46-cases.json"),
    ("frozen batch 48", OURS, "blind48-cases.json"),
)
"""Batches never tuned against: their score is printed, their failing messages are not (reading
them would be tuning against them)."""


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
    cold = run_cases(*load_cases(DEV, "dev-cases.json"), assistant.respond)  # regexes, inflect
    lines: list[str] = []
    times: list[float] = []
    for title, folder, name in SETS:
        results = run_cases(*load_cases(folder, name), assistant.respond)
        where = (folder / name).relative_to(folder.parents[1])
        lines += section(f"{title} ({where})", results)
        times += [r.seconds * 1000 for r in results]
    for title, folder, name in FROZEN:
        results = run_cases(*load_cases(folder, name), assistant.respond)
        handled = sum(r.ok for r in results)
        kept = sum(not r.ok and r.reason.startswith("the spec did not change") for r in results)
        lines.append(
            f"{title} ({name}, frozen): {handled}/{len(results)} handled "
            f"({handled / len(results):.1%}); of the misses, {kept} left the spec unchanged"
        )
        times += [r.seconds * 1000 for r in results]
    lines.append(
        f"time per message over {len(times)} messages: p50 {percentile(times, 50):.1f} ms   "
        f"p99 {percentile(times, 99):.1f} ms   max {max(times):.1f} ms   (first message of a "
        f"fresh process: {cold[0].seconds * 1000:.0f} ms)"
    )
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
