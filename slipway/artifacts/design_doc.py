"""Design document (Markdown) of a blueprint: overview, ER diagram, API, auth, infrastructure,
validation, cost and change history. Pure and deterministic."""

from __future__ import annotations

from typing import Any

from slipway.ir import Blueprint, EntityDef

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


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _er_diagram(bp: Blueprint) -> list[str]:
    lines = ["```mermaid", "erDiagram"]
    for e in bp.entities:
        lines.append(f"    {e.name} {{")
        for f in e.fields:
            marks = []
            if f.primary:
                marks.append("PK")
            if f.references:
                marks.append("FK")
            if f.unique and not f.primary:
                marks.append("UK")
            suffix = f" {','.join(marks)}" if marks else ""
            lines.append(f"        {_MERMAID_TYPES[f.type]} {f.name}{suffix}")
        lines.append("    }")
    seen: set[tuple[str, str, str]] = set()
    for e in bp.entities:
        for r in e.relationships:
            if r.kind == "belongs_to":
                key = (r.target, e.name, r.field or r.name)
                if key in seen:
                    continue
                seen.add(key)
                left = "||" if r.required else "|o"
                lines.append(f'    {r.target} {left}--o{{ {e.name} : "{r.field or r.name}"')
    lines.append("```")
    return lines


def _entity_table(e: EntityDef) -> list[str]:
    rows = ["| field | type | required | unique | default | notes |", "|---|---|---|---|---|---|"]
    for f in e.fields:
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
        rows.append(
            f"| {f.name} | {_cell(kind)} | {'yes' if f.required else ''} | "
            f"{'yes' if f.unique else ''} | {'' if f.default is None else _cell(f.default)} | "
            f"{_cell(', '.join(notes))} |"
        )
    return rows


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
    out: list[str] = [f"# {bp.project.name} — design", ""]
    if bp.project.description:
        out += [bp.project.description, ""]
    out += [
        "## Overview",
        "",
        f"- Blueprint IR {bp.ir_version}" + (f", revision {revision}" if revision else ""),
        f"- {len(bp.entities)} entities, {len(bp.api.resources)} API resources",
        f"- Auth: {bp.auth.strategy}; roles: {', '.join(bp.auth.roles) or 'none'}",
        f"- Tenancy: {bp.tenancy.mode}"
        + (
            f" by {bp.tenancy.tenant_entity} (`{bp.tenancy.tenant_key}`)"
            if bp.tenancy.mode == "multi"
            else ""
        ),
        f"- Infrastructure: {bp.infrastructure.database} in {bp.infrastructure.region}",
        "",
        "## Data model",
        "",
        *_er_diagram(bp),
        "",
    ]
    for e in bp.entities:
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
        out += [f"### {e.name}", ""]
        if flags:
            out += [f"_{', '.join(flags)}_", ""]
        out += _entity_table(e)
        if e.relationships:
            out += [
                "",
                "Relationships: "
                + "; ".join(
                    f"{r.kind.replace('_', ' ')} {r.target}"
                    + (f" via `{r.field}`" if r.field else "")
                    + (f" through {r.through}" if r.through else "")
                    for r in e.relationships
                ),
            ]
        if e.indexes:
            out += [
                "",
                "Indexes: "
                + "; ".join(
                    f"`{i.name}` ({', '.join(i.fields)}{', unique' if i.unique else ''})"
                    for i in e.indexes
                ),
            ]
        out.append("")
    out += ["## API", "", "| method | path | entity | access |", "|---|---|---|---|"]
    for r in sorted(bp.api.resources, key=lambda r: r.base_path):
        access = (
            "public"
            if r.public
            else ("roles " + ", ".join(r.roles) if r.roles else "authenticated")
        )
        for op in r.operations:
            method, suffix = _METHODS[op]
            out.append(f"| {method} | `{r.base_path}{suffix}` | {r.entity} | {access} |")
    if bp.api.health_endpoint:
        out.append("| GET | `/health` | — | public |")
    out += [
        "",
        "## Auth and tenancy",
        "",
        f"Strategy **{bp.auth.strategy}**"
        + (f", default role `{bp.auth.default_role}`" if bp.auth.default_role else "")
        + ". Roles: "
        + (", ".join(f"`{r}`" for r in bp.auth.roles) or "none")
        + ".",
        "",
    ]
    if bp.tenancy.mode == "multi":
        scoped = [e.name for e in bp.entities if e.tenant_scoped]
        out += [
            f"Multi-tenant by **{bp.tenancy.tenant_entity}**: every tenant-scoped entity carries "
            f"`{bp.tenancy.tenant_key}` ({', '.join(scoped) or 'none'}).",
            "",
        ]
    else:
        out += ["Single tenant.", ""]
    if bp.workflows.jobs or bp.workflows.queues or bp.workflows.events:
        out += ["## Background work", ""]
        out += [f"- schedule **{j.name}**: `{j.schedule}`" for j in bp.workflows.jobs]
        out += [
            f"- queue **{q.name}**"
            + (" (FIFO)" if q.fifo else "")
            + (" with dead-letter queue" if q.dead_letter else "")
            for q in bp.workflows.queues
        ]
        out += [
            f"- event **{ev.name}**" + (f" → {ev.target}" if ev.target else "")
            for ev in bp.workflows.events
        ]
        out.append("")
    out += ["## Infrastructure", ""]
    if stacks:
        out += ["| stack | name | depends on | resources |", "|---|---|---|---|"]
        for s in stacks:
            types = sorted(set(s.get("resourceTypes") or []))
            out.append(
                f"| {s['key']} | `{s['name']}` | {', '.join(s.get('dependsOn') or []) or '—'} | "
                f"{_cell(', '.join(types))} |"
            )
    else:
        out.append("No stacks synthesized.")
    infra = bp.infrastructure
    out += [
        "",
        f"Database {infra.database}, billing {infra.billing_mode}, point-in-time recovery "
        f"{'on' if infra.point_in_time_recovery else 'off'}, "
        f"tracing {'on' if infra.tracing else 'off'}, "
        f"alarms {'on' if infra.alarms else 'off'}, log retention "
        f"{str(infra.log_retention_days) + ' days' if infra.log_retention_days else 'not set'}.",
        "",
        "## Validation",
        "",
    ]
    if validation:
        score = validation.get("score", validation.get("overall"))
        out.append(f"Overall score: **{score}**")
        pillars = validation.get("pillars") or {}
        if pillars:
            out += ["", "| pillar | score |", "|---|---|"]
            for name, value in sorted(pillars.items()):
                pillar_score = value.get("score") if isinstance(value, dict) else value
                out.append(f"| {name} | {pillar_score} |")
        top = validation.get("topIssues") or validation.get("top") or []
        if top:
            out += ["", "Top issues:"]
            for issue in top:
                if isinstance(issue, dict):
                    text = issue.get("message") or issue.get("title", "")
                    out.append(f"- {issue.get('ruleId', '')} {text}".rstrip())
                else:
                    out.append(f"- {issue}")
    else:
        out.append("Not validated yet.")
    out += ["", "## Cost estimate", ""]
    if cost:
        out += ["| tier | monthly (USD) |", "|---|---|"]
        for tier in ("starter", "production"):
            data = cost.get(tier)
            if isinstance(data, dict):
                total = data.get("totalMonthlyUsd", data.get("total"))
                out.append(f"| {tier} | {total} |")
    else:
        out.append("No estimate.")
    out += ["", "## Change history", ""]
    if history:
        out += ["| revision | spec version | change class | created |", "|---|---|---|---|"]
        for h in history:
            out.append(
                f"| {h.get('number')} | {h.get('specVersion')} | {h.get('changeClass') or '—'} | "
                f"{h.get('createdAt')} |"
            )
    else:
        out.append("No revisions yet.")
    out.append("")
    return "\n".join(out)
