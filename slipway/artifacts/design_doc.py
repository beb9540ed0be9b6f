"""Design document (Markdown) of a blueprint: overview, ER diagram, API, auth, infrastructure,
validation, cost and change history. Pure and deterministic.

Every user value goes through ``slipway.artifacts.markdown``: plain text is escaped (no raw
HTML, no Markdown syntax), paths and expressions are code spans no value can close, and the
Mermaid diagram holds sanitized identifiers and labels only.
"""

from __future__ import annotations

from typing import Any

from slipway.artifacts.markdown import (
    cell,
    cell_code,
    code,
    fence,
    inline,
    mermaid_id,
    mermaid_label,
    paragraphs,
)
from slipway.ir import Blueprint, EntityDef, FieldDef

_MERMAID_TYPES = {
    "string": "string",
    "number": "float",
    "integer": "int",
    "boolean": "bool",
    "datetime": "datetime",
    "date": "date",
    "enum": "enum",
    "json": "json",
}
_METHODS = {
    "list": ("GET", ""),
    "create": ("POST", ""),
    "get": ("GET", "/{id}"),
    "update": ("PATCH", "/{id}"),
    "delete": ("DELETE", "/{id}"),
}


def _er_diagram(bp: Blueprint) -> list[str]:
    lines = ["erDiagram"]
    for e in bp.entities:
        lines.append(f"    {mermaid_id(e.name)} {{")
        for f in e.fields:
            marks = []
            if f.primary:
                marks.append("PK")
            if f.references:
                marks.append("FK")
            if f.unique and not f.primary:
                marks.append("UK")
            suffix = f" {','.join(marks)}" if marks else ""
            kind = _MERMAID_TYPES.get(f.type, "string")
            lines.append(f"        {kind} {mermaid_id(f.name)}{suffix}")
        lines.append("    }")
    seen: set[tuple[str, str, str]] = set()
    for e in bp.entities:
        for r in e.relationships:
            key = (r.target, e.name, r.field or r.name)
            if r.kind != "belongs_to" or key in seen:
                continue
            seen.add(key)
            left = "||" if r.required else "|o"
            label = mermaid_label(r.field or r.name)
            lines.append(f'    {mermaid_id(r.target)} {left}--o{{ {mermaid_id(e.name)} : "{label}"')
    return fence("mermaid", lines)


def _field_row(f: FieldDef) -> str:
    kind = f"enum({', '.join(f.enum_values)})" if f.type == "enum" else f.type
    notes = []
    if f.primary:
        notes.append("primary key")
    if f.references:
        notes.append(f"→ {f.references}")
    if f.managed:
        notes.append("managed")
    if f.encrypted:
        notes.append("encrypted")
    if f.max_length:
        notes.append(f"max {f.max_length}")
    default = "" if f.default is None else cell_code(f.default)
    return (
        f"| {cell(f.name)} | {cell(kind)} | {'yes' if f.required else ''} | "
        f"{'yes' if f.unique else ''} | {default} | {cell(', '.join(notes))} |"
    )


def _entity_section(e: EntityDef) -> list[str]:
    flags = [
        label
        for label, on in (
            ("join entity", e.join_entity),
            ("tenant scoped", e.tenant_scoped),
            ("soft delete", e.soft_delete),
            ("audit log", e.audit_log),
        )
        if on
    ]
    out = [f"### {inline(e.name)}", ""]
    if flags:
        out += [f"_{', '.join(flags)}_", ""]
    out += ["| field | type | required | unique | default | notes |", "|---|---|---|---|---|---|"]
    out += [_field_row(f) for f in e.fields]
    if e.relationships:
        parts = [
            f"{r.kind.replace('_', ' ')} {inline(r.target)}"
            + (f" via {code(r.field)}" if r.field else "")
            + (f" through {inline(r.through)}" if r.through else "")
            for r in e.relationships
        ]
        out += ["", "Relationships: " + "; ".join(parts)]
    if e.indexes:
        parts = [
            f"{code(i.name)} ({inline(', '.join(i.fields))}{', unique' if i.unique else ''})"
            for i in e.indexes
        ]
        out += ["", "Indexes: " + "; ".join(parts)]
    out.append("")
    return out


def _overview(bp: Blueprint, revision: int | None) -> list[str]:
    tenancy = f"- Tenancy: {inline(bp.tenancy.mode)}"
    if bp.tenancy.mode == "multi":
        tenancy += f" by {inline(bp.tenancy.tenant_entity)} ({code(bp.tenancy.tenant_key)})"
    return [
        "## Overview",
        "",
        f"- Blueprint IR {inline(bp.ir_version)}" + (f", revision {revision}" if revision else ""),
        f"- {len(bp.entities)} entities, {len(bp.api.resources)} API resources",
        f"- Auth: {inline(bp.auth.strategy)}; roles: {inline(', '.join(bp.auth.roles) or 'none')}",
        tenancy,
        f"- Infrastructure: {inline(bp.infrastructure.database)} in "
        f"{inline(bp.infrastructure.region)}",
        "",
    ]


def _api(bp: Blueprint) -> list[str]:
    out = ["## API", "", "| method | path | entity | access |", "|---|---|---|---|"]
    for r in sorted(bp.api.resources, key=lambda r: r.base_path):
        if r.public:
            access = "public"
        elif r.roles:
            access = "roles " + cell(", ".join(r.roles))
        else:
            access = "authenticated"
        for op in r.operations:
            method, suffix = _METHODS[op]
            out.append(
                f"| {method} | {cell_code(r.base_path + suffix)} | {cell(r.entity)} | {access} |"
            )
    if bp.api.health_endpoint:
        out.append("| GET | `/health` | — | public |")
    return [*out, ""]


def _auth(bp: Blueprint) -> list[str]:
    default = f", default role {code(bp.auth.default_role)}" if bp.auth.default_role else ""
    roles = ", ".join(code(r) for r in bp.auth.roles) or "none"
    out = [
        "## Auth and tenancy",
        "",
        f"Strategy **{inline(bp.auth.strategy)}**{default}. Roles: {roles}.",
        "",
    ]
    if bp.tenancy.mode == "multi":
        scoped = [e.name for e in bp.entities if e.tenant_scoped]
        out += [
            f"Multi-tenant by **{inline(bp.tenancy.tenant_entity)}**: every tenant-scoped entity "
            f"carries {code(bp.tenancy.tenant_key)} ({inline(', '.join(scoped) or 'none')}).",
            "",
        ]
    else:
        out += ["Single tenant.", ""]
    return out


def _background(bp: Blueprint) -> list[str]:
    wf = bp.workflows
    if not (wf.jobs or wf.queues or wf.events):
        return []
    out = ["## Background work", ""]
    out += [f"- schedule **{inline(j.name)}**: {code(j.schedule)}" for j in wf.jobs]
    out += [
        f"- queue **{inline(q.name)}**"
        + (" (FIFO)" if q.fifo else "")
        + (" with dead-letter queue" if q.dead_letter else "")
        for q in wf.queues
    ]
    out += [
        f"- event **{inline(ev.name)}**" + (f" → {inline(ev.target)}" if ev.target else "")
        for ev in wf.events
    ]
    return [*out, ""]


def _infrastructure(bp: Blueprint, stacks: list[dict[str, Any]] | None) -> list[str]:
    out = ["## Infrastructure", ""]
    if stacks:
        out += ["| stack | name | depends on | resources |", "|---|---|---|---|"]
        for s in stacks:
            types = sorted({str(t) for t in s.get("resourceTypes") or []})
            depends = ", ".join(str(d) for d in s.get("dependsOn") or []) or "—"
            out.append(
                f"| {cell(s.get('key', ''))} | {cell_code(s.get('name', ''))} | {cell(depends)} | "
                f"{cell(', '.join(types))} |"
            )
    else:
        out.append("No stacks synthesized.")
    infra = bp.infrastructure
    retention = f"{infra.log_retention_days} days" if infra.log_retention_days else "not set"
    on = {True: "on", False: "off"}
    out += [
        "",
        f"Database {inline(infra.database)}, billing {inline(infra.billing_mode)}, "
        f"point-in-time recovery {on[infra.point_in_time_recovery]}, "
        f"tracing {on[infra.tracing]}, alarms {on[infra.alarms]}, log retention {retention}.",
        "",
    ]
    return out


def _validation(validation: dict[str, Any] | None) -> list[str]:
    out = ["## Validation", ""]
    if not validation:
        return [*out, "Not validated yet."]
    score = validation.get("score", validation.get("overall"))
    out.append(f"Overall score: **{inline(score)}**")
    pillars = validation.get("pillars") or {}
    if pillars:
        out += ["", "| pillar | score |", "|---|---|"]
        for name, value in sorted(pillars.items()):
            pillar_score = value.get("score") if isinstance(value, dict) else value
            out.append(f"| {cell(name)} | {cell(pillar_score)} |")
    top = validation.get("topIssues") or validation.get("top") or []
    if top:
        out += ["", "Top issues:"]
        for issue in top:
            if isinstance(issue, dict):
                message = issue.get("message") or issue.get("title", "")
                line = f"{inline(issue.get('ruleId', ''))} {inline(message)}".strip()
            else:
                line = inline(issue)
            out.append(f"- {line}")
    return out


def _cost(cost: dict[str, Any] | None) -> list[str]:
    out = ["", "## Cost estimate", ""]
    if not cost:
        return [*out, "No estimate."]
    out += ["| tier | monthly (USD) |", "|---|---|"]
    for tier in ("starter", "production"):
        data = cost.get(tier)
        if isinstance(data, dict):
            out.append(f"| {tier} | {cell(data.get('totalMonthlyUsd', data.get('total')))} |")
    return out


def _history(history: list[dict[str, Any]] | None) -> list[str]:
    out = ["", "## Change history", ""]
    if not history:
        return [*out, "No revisions yet."]
    out += ["| revision | spec version | change class | created |", "|---|---|---|---|"]
    for h in history:
        out.append(
            f"| {cell(h.get('number'))} | {cell(h.get('specVersion'))} | "
            f"{cell(h.get('changeClass') or '—')} | {cell(h.get('createdAt'))} |"
        )
    return out


def build_design_doc(
    bp: Blueprint,
    *,
    revision: int | None = None,
    stacks: list[dict[str, Any]] | None = None,
    validation: dict[str, Any] | None = None,
    cost: dict[str, Any] | None = None,
    history: list[dict[str, Any]] | None = None,
) -> str:
    """``stacks``: [{key, name, dependsOn, resourceTypes}]; ``history``: [{number, createdAt,
    changeClass, specVersion}]; ``validation``/``cost``: the summary and estimate dicts."""
    out: list[str] = [f"# {inline(bp.project.name)} — design", ""]
    if bp.project.description:
        out += [*paragraphs(bp.project.description), ""]
    out += _overview(bp, revision)
    out += ["## Data model", "", *_er_diagram(bp), ""]
    for e in bp.entities:
        out += _entity_section(e)
    out += _api(bp)
    out += _auth(bp)
    out += _background(bp)
    out += _infrastructure(bp, stacks)
    out += _validation(validation)
    out += _cost(cost)
    out += _history(history)
    out.append("")
    return "\n".join(out)
