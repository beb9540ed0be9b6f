"""How results look to a person: diffs, change classes, compile errors, reports, deployments."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from typing import Any

from rich.text import Text

from slipway_cli.output import Output, short, styled, when


def diff_lines(before: str, after: str, before_label: str, after_label: str) -> list[str]:
    return list(
        difflib.unified_diff(
            before.splitlines(),
            after.splitlines(),
            fromfile=before_label,
            tofile=after_label,
            lineterm="",
        )
    )


def render_diff(out: Output, before: str, after: str, before_label: str, after_label: str) -> None:
    lines = diff_lines(before, after, before_label, after_label)
    if not lines:
        out.print("No differences.", style="dim")
        return
    if not out.rich:
        out.raw("\n".join(lines))
        return
    for line in lines:
        style = ""
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        out.print(Text(line, style=style))


def render_classification(out: Output, result: dict[str, Any], heading: str) -> None:
    """``heading: overall  summary`` and the table of changes; the heading says what the
    changes are measured against (e.g. ``Change class (against the deployed revision)``)."""
    overall = str(result.get("overall"))
    line = Text.assemble((heading, "bold"), ": ")
    line.append(overall, style=styled(overall).style or "")
    if result.get("summary"):
        line.append(f"  {result['summary']}", style="dim")
    out.print(line)
    changes = result.get("changes") or []
    if changes:
        out.table(
            ["class", "change", "what", "why"],
            [
                [
                    styled(c.get("classification")),
                    f"{c.get('category')} {c.get('action')}",
                    c.get("path"),
                    c.get("reason"),
                ]
                for c in changes
            ],
        )


def render_compile_errors(out: Output, text: str, errors: list[dict[str, Any]]) -> None:
    """Each error at its line: ``line 6: message`` and the line itself, plus the hint."""
    lines = text.splitlines()
    for error in errors:
        number = int(error.get("line") or 0)
        head = Text(f"line {number}: ", style="bold red")
        head.append(str(error.get("message", "")))
        out.err.print(head)
        if 1 <= number <= len(lines):
            out.err.print(Text(f"  {number:>4} | {lines[number - 1]}", style="yellow"))
        if error.get("hint"):
            out.err.print(Text(f"         hint: {error['hint']}", style="dim"))


def render_validation(out: Output, report: dict[str, Any]) -> None:
    score = report.get("score") or {}
    out.fields(
        [
            ("score", f"{score.get('before')} -> {score.get('after', score.get('overall'))}"),
            ("fixes applied", report.get("fixesApplied")),
            ("fixed blueprint", report.get("fixedBlueprintId") or "(nothing changed)"),
        ]
    )
    pillars = report.get("pillars") or {}
    out.table(
        ["pillar", "before", "after", "passed", "failed", "fixed"],
        [
            [
                name,
                p.get("before"),
                p.get("score"),
                p.get("passed"),
                p.get("failed"),
                p.get("fixed"),
            ]
            for name, p in pillars.items()
        ],
    )
    open_findings = [f for f in report.get("findings") or [] if f.get("status") == "failed"]
    out.table(
        ["rule", "severity", "finding", "fix (risk)"],
        [
            [
                f.get("ruleId"),
                styled(f.get("severity")),
                f.get("message"),
                f"{(f.get('fix') or {}).get('description', '-')} "
                f"({(f.get('fix') or {}).get('risk', '-')})",
            ]
            for f in open_findings
        ],
        title="Open findings",
        empty="none",
    )
    if report.get("summary"):
        out.print(str(report["summary"]), style="dim")
    flags = risk_flags(report)
    if flags:
        out.print(
            Text.assemble(
                ("Some fixes were not applied: ", "bold"),
                f"they need {' and '.join(flags)} risk accepted. Apply them with ",
                (f"slipway validate {' '.join(f'--accept-risk {r}' for r in flags)}", "bold"),
            )
        )


def risk_flags(report: dict[str, Any]) -> list[str]:
    """The risks (medium, high) of the open findings' fixes this validation did not accept."""
    accepted = set(report.get("acceptRisk") or [])
    risks = {
        str((f.get("fix") or {}).get("risk"))
        for f in report.get("findings") or []
        if f.get("status") == "failed" and not (f.get("fix") or {}).get("applied")
    }
    return [r for r in ("medium", "high") if r in risks and r not in accepted]


ACTION_STYLES = {"add": "green", "modify": "yellow", "remove": "red"}


def action_text(action: Any) -> Text:
    """A change set's action as it is (add, modify, remove), coloured on a terminal."""
    text = "" if action is None else str(action)
    return Text(text, style=ACTION_STYLES.get(text, ""))


def render_preview(out: Output, body: dict[str, Any]) -> None:
    for stack in body.get("stacks") or []:
        changes = stack.get("changes") or []
        title = f"{stack['key']} ({stack.get('name')}): {len(changes)} change(s)"
        out.table(
            ["action", "logical id", "type", "replacement"],
            [
                [
                    action_text(c.get("action")),
                    c.get("logicalId"),
                    c.get("resourceType"),
                    c.get("replacement"),
                ]
                for c in changes
            ],
            title=title,
            empty=stack.get("note") or "no changes",
        )
    if body.get("classification"):
        render_classification(
            out, body["classification"], "Change class (against the deployed revision)"
        )
    cost = ((body.get("preview") or {}).get("costEstimate")) or {}
    if cost:
        out.fields(
            [
                ("starter estimate", f"${cost.get('starter', {}).get('totalMonthlyUsd')} / month"),
                (
                    "production estimate",
                    f"${cost.get('production', {}).get('totalMonthlyUsd')} / month",
                ),
            ]
        )


def render_deployment(
    out: Output, body: dict[str, Any], max_events: int = 10, *, compact: bool = False
) -> None:
    """Fields, stacks, outputs and the latest events; ``compact`` (after a live follow, which
    showed the stacks and events already) keeps the fields and outputs."""
    out.fields(
        [
            ("deployment", body.get("id")),
            ("kind", body.get("kind")),
            ("status", styled(body.get("status"))),
            ("step", body.get("currentStep")),
            ("revision", body.get("revision")),
            ("started", when(body.get("startedAt"))),
            ("completed", when(body.get("completedAt"))),
        ]
        + ([("error", Text(str(body["error"]), style="red"))] if body.get("error") else [])
        + ([("stale", "yes (the workflow engine did not answer)")] if body.get("stale") else [])
    )
    if not compact:
        out.table(
            ["stack", "name", "status", "reason"],
            [
                [s.get("key"), s.get("name"), styled(s.get("status")), s.get("reason") or ""]
                for s in body.get("stacks") or []
            ],
            title="Stacks",
        )
    outputs = [
        [stack, key, value]
        for stack, values in (body.get("outputs") or {}).items()
        for key, value in (values or {}).items()
    ]
    if outputs:
        out.table(["stack", "output", "value"], outputs, title="Outputs")
    if compact:
        return
    events = own_events(body)[-max_events:]
    out.table(
        ["time", "stack", "resource", "type", "status", "reason"],
        [
            [
                when(e.get("timestamp")),
                e.get("stack"),
                event_resource(e),
                e.get("resourceType"),
                Text(
                    str(e.get("status")),
                    style="red" if "FAILED" in str(e.get("status")) else "green",
                ),
                e.get("reason") or "",
            ]
            for e in events
        ],
        title=f"Events (last {len(events)})",
    )


def _instant(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def own_events(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The deployment's events from its creation on. The API stores what CloudFormation lists
    for each stack by name, which includes the stack's earlier deployments' events; a project
    runs one operation at a time, so those all happened before this deployment was created."""
    events = list(body.get("events") or [])
    since = _instant(body.get("createdAt")) if body.get("createdAt") else None
    if since is None:
        return events
    return [e for e in events if (_instant(e.get("timestamp")) or since) >= since]


def event_resource(event: dict[str, Any]) -> str:
    """The resource's logical id; ``(stack)`` for the stack's own events."""
    logical = str(event.get("logicalId") or "")
    return "(stack)" if logical and logical == event.get("stackName") else logical


def deployment_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            short(d.get("id")),
            d.get("kind"),
            styled(_deployment_status(d)),
            d.get("revision"),
            when(d.get("createdAt")),
            d.get("currentStep") or "",
        ]
        for d in rows
    ]


def _deployment_status(d: dict[str, Any]) -> str:
    if d.get("status") == "failed" and not d.get("completedAt"):
        return "failed (parked)"
    return str(d.get("status"))
