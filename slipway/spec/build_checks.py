"""The builder's whole-spec steps: tenant keys, cyclic required references, the auth, API and
workflows configuration, and their cross-checks. Each takes the ``BuildContext``."""

from __future__ import annotations

from slipway.ir import (
    OPERATIONS,
    ApiConfig,
    ApiResource,
    AuthConfig,
    FieldDef,
    IndexDef,
    RelationshipDef,
    TenancyConfig,
    WorkflowsConfig,
)
from slipway.spec.declarations import ApiDecl
from slipway.spec.drafts import BuildContext
from slipway.spec.text import snake_case

DEFAULT_ROLES = ["admin", "user"]


def apply_tenancy(ctx: BuildContext) -> TenancyConfig:
    """Multi-tenancy: a managed, required tenant key on every entity but the tenant and the
    ``- global`` ones, with its index and both relationship ends."""
    spec = ctx.spec
    if spec.tenancy != "multi" or spec.tenant_entity is None:
        return TenancyConfig()
    tenant = ctx.resolve(spec.tenant_entity, spec.tenancy_line, "tenancy")
    if tenant is None:
        return TenancyConfig()
    key = f"{snake_case(tenant)}_id"
    owner = ctx.drafts[tenant]
    for draft in ctx.drafts.values():
        ent = draft.ent
        declared = spec.entities.get(ent.name)
        if ent.name == tenant or (declared is not None and declared.scope == "global"):
            continue
        ent.tenant_scoped = True
        existing = draft.field(key)
        if existing is not None:
            existing.required = True
            existing.managed = True
            continue
        draft.add_field(
            FieldDef(name=key, type="string", required=True, managed=True, references=tenant)
        )
        draft.add_index(IndexDef(name=f"idx_{ent.table}_{key}", fields=[key]))
        draft.add_relationship(
            RelationshipDef(
                name=snake_case(tenant), kind="belongs_to", target=tenant, field=key, required=True
            )
        )
        owner.add_relationship(
            RelationshipDef(name=ent.plural, kind="has_many", target=ent.name, field=key)
        )
    return TenancyConfig(mode="multi", tenant_entity=tenant, tenant_key=key)


def check_cycles(ctx: BuildContext) -> None:
    """Required references may not form a cycle: no row of the cycle could be inserted first.

    An iterative depth-first search; each back edge (node → target on the current path) is one
    cycle, reported once, with the path from the target down to the node.
    """
    graph: dict[str, list[tuple[str, str]]] = {}
    for draft in ctx.drafts.values():
        for f in draft.ent.fields:
            if f.references and f.required and not f.managed:
                graph.setdefault(draft.ent.name, []).append((f.references, f.name))
    state: dict[str, int] = {}
    reported: set[tuple[str, str]] = set()
    for start in sorted(graph):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        position: dict[str, int] = {}  # node → its index in path
        while stack:
            node, idx = stack.pop()
            if idx == 0:
                state[node] = 1
                position[node] = len(path)
                path.append(node)
            edges = graph.get(node, [])
            if idx >= len(edges):
                state[node] = 2
                del position[path.pop()]
                continue
            stack.append((node, idx + 1))
            target, fname = edges[idx]
            if state.get(target) == 1:
                if (node, target) not in reported:
                    reported.add((node, target))
                    _report_cycle(ctx, path[position[target] :], node, fname)
            elif not state.get(target):
                stack.append((target, 0))


def _report_cycle(ctx: BuildContext, cycle: list[str], node: str, fname: str) -> None:
    chain = " → ".join([*cycle, cycle[0]])
    ctx.error(
        ctx.field_lines.get((node, fname), 1),
        f"cyclic required references: {chain}",
        f"make one of them optional, e.g. drop 'required' from '{fname}' of {node}",
    )


def check_required_optional(ctx: BuildContext) -> None:
    for e in ctx.spec.entities.values():
        for f in e.fields:
            if f.required and f.optional:
                ctx.error(
                    f.line, f"field '{f.name}' is both required and optional", "keep one of the two"
                )


def auth_config(ctx: BuildContext) -> AuthConfig:
    spec = ctx.spec
    roles = spec.roles if spec.roles is not None else list(DEFAULT_ROLES)
    default = spec.default_role
    if default is not None and default not in roles:
        ctx.error(
            spec.roles_line or 1,
            f"default role '{default}' is not one of the roles",
            f"use one of: {', '.join(roles)}",
        )
    return AuthConfig(strategy=spec.strategy, roles=roles, default_role=default)


def api_config(ctx: BuildContext) -> ApiConfig:
    """A CRUD resource per entity (join entities excepted), with the '## API' settings."""
    configured: dict[str, ApiDecl] = {}
    for name, api in ctx.spec.api.items():
        target = ctx.resolve(name, api.line, "the API section")
        if target is not None:
            configured[target] = api
    roles = set(ctx.spec.roles if ctx.spec.roles is not None else DEFAULT_ROLES)
    resources: list[ApiResource] = []
    for draft in ctx.drafts.values():
        ent = draft.ent
        if ent.join_entity:
            continue
        conf = configured.get(ent.name)
        operations = (
            list(OPERATIONS) if conf is None or conf.operations is None else conf.operations
        )
        if not operations:
            continue
        if conf is not None:
            unknown = [r for r in conf.roles if r not in roles]
            if unknown:
                ctx.error(
                    conf.line,
                    f"API access names an unknown role '{unknown[0]}'",
                    f"roles are: {', '.join(sorted(roles))}",
                )
        resources.append(
            ApiResource(
                entity=ent.name,
                base_path=(
                    conf.path if conf and conf.path else f"/v1/{ent.plural.replace('_', '-')}"
                ),
                operations=operations,
                public=conf.public if conf else False,
                pagination_limit=(conf.page_size if conf and conf.page_size else 50),
                roles=conf.roles if conf else [],
            )
        )
    _check_paths(ctx, resources, configured)
    return ApiConfig(
        resources=sorted(resources, key=lambda r: r.entity), health_endpoint=ctx.spec.health
    )


def _check_paths(
    ctx: BuildContext, resources: list[ApiResource], configured: dict[str, ApiDecl]
) -> None:
    seen: dict[str, str] = {}
    for r in resources:
        if r.base_path in seen:
            line = configured[r.entity].line if r.entity in configured else 1
            ctx.error(
                line,
                f"API path '{r.base_path}' is used by {seen[r.base_path]} and {r.entity}",
                "give one of them another '- path:'",
            )
        seen[r.base_path] = r.entity


def workflows_config(ctx: BuildContext) -> WorkflowsConfig:
    spec = ctx.spec
    queues = {q.name for q in spec.queues}
    if len(queues) != len(spec.queues):
        ctx.error(1, "a queue is declared twice", "declare each queue once under '## Workflows'")
    for event, line in spec.events:
        if event.target and event.target not in queues:
            ctx.error(
                line,
                f"event '{event.name}' targets an unknown queue '{event.target}'",
                f"declare '- queue {event.target}' under '## Workflows'",
            )
    jobs = {j.name for j in spec.jobs}
    if len(jobs) != len(spec.jobs):
        ctx.error(1, "a schedule name is used twice", "give each schedule its own name")
    return WorkflowsConfig(jobs=spec.jobs, queues=spec.queues, events=[e for e, _ in spec.events])
