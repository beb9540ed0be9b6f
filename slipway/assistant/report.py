"""The reply: what changed, entity by entity, and the change class of the edit."""

from __future__ import annotations

from slipway.assistant.editor import EditResult
from slipway.diff import classify
from slipway.ir import Blueprint

VERDICT = {
    "safe": "safe (existing data and API clients keep working)",
    "unsafe": "unsafe, deploying it needs an acknowledgment",
    "blocked": "blocked, Slipway will not deploy it as it is",
    "none": "no change to the compiled blueprint",
}


def change_class(before: Blueprint | None, after: Blueprint) -> tuple[str, list[str]]:
    """The overall class and the reasons for it (``entities.Book.fields.isbn: …``)."""
    result = classify(before, after)
    overall = str(result.overall)
    reasons = [f"{c.path}: {c.reason}" for c in result.changes if str(c.classification) == overall]
    return overall, reasons[:4]


def describe(
    result: EditResult,
    before: Blueprint | None,
    after: Blueprint,
    notes: list[str],
    unknown: list[str],
    *,
    pending: bool = False,
    told: list[str] | None = None,
) -> tuple[str, str]:
    """``(message, change class)`` for an applied edit; ``before`` is the applied version,
    ``pending`` says the draft already held changes not applied yet (the class counts them), and
    ``told`` is what the message only told (background, reasons), which changes nothing."""
    grouped: dict[str, list[str]] = {}
    for scope, what in result.changes:
        grouped.setdefault(scope, []).append(what)
    lines = ["I changed the spec:"]
    lines += [f"- {scope}: {'; '.join(items)}." for scope, items in grouped.items()]
    if result.skipped:
        lines.append("Already so: " + "; ".join(result.skipped) + ".")
    lines += notes
    if unknown:
        quoted = "; ".join(f'"{u}"' for u in unknown)
        lines.append(f"I did not understand {quoted}, so that part is not in the change.")
    if told:
        quoted = "; ".join(f'"{t}"' for t in told)
        lines.append(f"I read {quoted} as background, not as a change.")
    overall, reasons = change_class(before, after)
    verdict = f"Change class: {VERDICT.get(overall, overall)}"
    lines.append(verdict + (f" ({'; '.join(reasons)})." if reasons and overall != "safe" else "."))
    if pending:
        lines.append("The class compares the draft with the applied version, earlier edits too.")
    return "\n".join(lines), overall
