"""Blueprint IR → canonical spec Markdown (``compile_spec(render_spec(bp))`` gives ``bp`` back)."""

from __future__ import annotations

from slipway.ir import OPERATIONS, Blueprint, EntityDef, FieldDef


def _default(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _field_line(f: FieldDef) -> str:
    kind = f"enum({', '.join(f.enum_values)})" if f.type == "enum" else f.type
    parts = [kind]
    if f.primary:
        parts.append("primary")
    else:
        if f.required:
            parts.append("required")
        if f.unique:
            parts.append("unique")
    if f.default is not None:
        parts.append(f"default {_default(f.default)}")
    if f.max_length is not None:
        parts.append(f"max {f.max_length}")
    if f.encrypted:
        parts.append("encrypted")
    return f"- {f.name}: {', '.join(parts)}"


def _entity_lines(bp: Blueprint, e: EntityDef, tenant_key: str | None) -> list[str]:
    lines = [f"### {e.name}"]
    indexed = {i.fields[0] for i in e.indexes if len(i.fields) == 1}
    for f in e.fields:
        if f.managed and (
            f.primary or f.name in ("created_at", "updated_at") or f.name == tenant_key
        ):
            continue
        if f.references:
            base = f.name[:-3] if f.name.endswith("_id") else f.name
            mods = []
            if f.required:
                mods.append("required")
            if f.unique:
                mods.append("unique")
            lines.append(f"- {base}: ref {f.references}" + "".join(f", {m}" for m in mods))
            continue
        line = _field_line(f)
        if f.name in indexed and not f.primary:
            line += ", indexed"
        lines.append(line)
    joins = sorted(
        r.target
        for r in e.relationships
        if r.kind == "many_to_many"
        and r.through
        and r.through.startswith(e.name)
        and r.through == "".join(sorted((e.name, r.target)))
        and sorted((e.name, r.target))[0] == e.name
    )
    lines += [f"- many to many {t}" for t in joins]
    if e.soft_delete:
        lines.append("- soft delete")
    if e.audit_log:
        lines.append("- audit log")
    if not e.timestamps:
        lines.append("- no timestamps")
    if bp.tenancy.mode == "multi" and e.name != bp.tenancy.tenant_entity and not e.tenant_scoped:
        lines.append("- global")
    return lines


def _api_lines(bp: Blueprint, entities: list[EntityDef]) -> list[str]:
    resources = {r.entity: r for r in bp.api.resources}
    api_lines: list[str] = []
    if bp.api.health_endpoint:
        api_lines.append("- health: true")
    for e in entities:
        r = resources.get(e.name)
        block = [f"### {e.name}"]
        if r is None:
            block.append("- operations: none")
        else:
            if r.base_path != f"/v1/{e.plural.replace('_', '-')}":
                block.append(f"- path: {r.base_path}")
            if list(r.operations) != list(OPERATIONS):
                block.append(f"- operations: {', '.join(r.operations)}")
            if r.public:
                block.append("- access: public")
            elif r.roles:
                block.append(f"- access: roles {', '.join(r.roles)}")
            if r.pagination_limit not in (None, 50):
                block.append(f"- page size: {r.pagination_limit}")
        if len(block) > 1:
            api_lines += block
    return ["## API", "", *api_lines, ""] if api_lines else []


def _workflow_lines(bp: Blueprint) -> list[str]:
    wf = bp.workflows
    if not (wf.jobs or wf.queues or wf.events):
        return []
    out = ["## Workflows", ""]
    out += [f"- schedule {j.name}: {j.schedule}" for j in wf.jobs]
    for q in wf.queues:
        flags = (", fifo" if q.fifo else "") + (", dead letter" if q.dead_letter else "")
        out.append(f"- queue {q.name}{flags}")
    out += [f"- event {e.name}" + (f" -> {e.target}" if e.target else "") for e in wf.events]
    out.append("")
    return out


def _infrastructure_lines(bp: Blueprint) -> list[str]:
    infra = bp.infrastructure
    out = ["## Infrastructure", "", f"- region: {infra.region}", f"- database: {infra.database}"]
    if infra.billing_mode != "PAY_PER_REQUEST":
        out.append(f"- billing: {infra.billing_mode.lower()}")
    for flag, label in (
        ("point_in_time_recovery", "point in time recovery"),
        ("backups", "backups"),
        ("tracing", "tracing"),
        ("alarms", "alarms"),
        ("structured_logging", "structured logging"),
    ):
        if getattr(infra, flag):
            out.append(f"- {label}")
    if infra.log_retention_days:
        out.append(f"- log retention: {infra.log_retention_days}")
    out += [f"- bucket {b}" for b in infra.buckets]
    out += [f"- {k.replace('_', ' ')}: {v}" for k, v in infra.settings.items()]
    out.append("")
    return out


def render_spec(bp: Blueprint) -> str:
    out = [f"# {bp.project.name}", ""]
    if bp.project.description:
        out += [bp.project.description, ""]
    tenant_key = bp.tenancy.tenant_key if bp.tenancy.mode == "multi" else None
    entities = [e for e in bp.entities if not e.join_entity]
    if entities:
        out += ["## Entities", ""]
        for e in entities:
            out += _entity_lines(bp, e, tenant_key)
            out.append("")
    out += ["## Auth", "", f"- strategy: {bp.auth.strategy}"]
    if bp.auth.roles:
        out.append(f"- roles: {', '.join(bp.auth.roles)}")
    if bp.auth.default_role:
        out.append(f"- default role: {bp.auth.default_role}")
    out.append("")
    if bp.tenancy.mode == "multi" and bp.tenancy.tenant_entity:
        out += ["## Tenancy", "", f"- mode: multi-tenant by {bp.tenancy.tenant_entity}", ""]
    out += _api_lines(bp, entities)
    out += _workflow_lines(bp)
    out += _infrastructure_lines(bp)
    return "\n".join(out)
