"""Blueprint IR → CloudFormation templates, one per stack, built with troposphere + awacs.

Stacks and their dependencies (one module each)::

    data (DynamoDB tables | PostgreSQL,       auth (Cognito user pool, client, groups)
          S3, KMS key, audit table)
          \\                                      |
           compute (Lambda functions, IAM roles, schedules)
             /                    \\
    api (HTTP API, routes, authorizer;   ops (log groups, alarms, queues)
         api_key: REST API, API key, usage plan)

Cross-stack references are CloudFormation exports named ``<stack name>-<Output>`` read with
``Fn::ImportValue``. Templates are deterministic: the same IR and project ID give byte-identical
bodies. Resources carry the ``slipway:project`` and ``slipway:stack`` tags in the body; the
deployment ID is a stack-level tag (``stack_tags``) that CloudFormation propagates, so a new
deployment of an unchanged IR is recognised as "no changes".

Outputs never use ``Fn::GetAtt`` on resource types the local moto server cannot model (it
answers HTTP 500 on them): the user-pool ARN and the API endpoint are built with ``Fn::Join``,
which is equivalent on real AWS.

A blueprint whose stacks would break a CloudFormation limit (resources, outputs, parameters,
mappings per template; the inline body size) raises ``TooLarge`` (``slipway.synth.limits``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from troposphere import Template

from slipway.ir import Blueprint
from slipway.synth.access import RouteAccess, planned_access, template_access
from slipway.synth.api import build_http_api
from slipway.synth.auth import build_auth
from slipway.synth.compute import build_compute
from slipway.synth.context import Synth
from slipway.synth.data import build_data
from slipway.synth.limits import TEMPLATE_BODY_MAX, TEMPLATE_URL_MAX, TooLarge, check_body
from slipway.synth.naming import (
    DEPENDS,
    STACK_KEYS,
    StackTemplate,
    database_name,
    project_key,
    queue_name,
    stack_name,
    stack_names,
    stack_order,
    stack_tags,
)
from slipway.synth.ops import build_ops
from slipway.synth.rest_api import build_rest_api

__all__ = [
    "DEPENDS",
    "STACK_KEYS",
    "TEMPLATE_BODY_MAX",
    "TEMPLATE_URL_MAX",
    "RouteAccess",
    "StackTemplate",
    "TooLarge",
    "database_name",
    "planned_access",
    "project_key",
    "queue_name",
    "stack_name",
    "stack_names",
    "stack_order",
    "stack_tags",
    "synthesize",
    "template_access",
]


def _body(t: Template) -> str:
    """The template as JSON: indented, unless that would not fit a ``TemplateBody`` (the
    same JSON on one line then: big blueprints stay deployable, small ones readable)."""
    data = t.to_dict()
    pretty = json.dumps(data, sort_keys=True, indent=1)
    if len(pretty.encode()) <= TEMPLATE_BODY_MAX:
        return pretty
    return json.dumps(data, sort_keys=True)


def synthesize(
    bp: Blueprint,
    *,
    project_id: str,
    deployment_id: str | None = None,
    names: Mapping[str, str] | None = None,
    body_max: int | None = TEMPLATE_BODY_MAX,
) -> list[StackTemplate]:
    """One template per stack, in dependency order. ``deployment_id`` does not change the
    bodies (it is applied as a stack-level tag); it is accepted for symmetry with ``stack_tags``.
    ``body_max``: the body size each template must fit (``TEMPLATE_BODY_MAX``: passed inline as
    Slipway deploys; ``TEMPLATE_URL_MAX``: from S3); raises ``TooLarge`` past it or any other
    CloudFormation limit. ``None`` holds no limit (for what deploys nothing: the sandbox runs the
    functions of a blueprint of any size, the generation summary counts its stacks).

    ``names`` are the stack names the project's stacks were deployed under (stack key → name,
    from its latest deployment's templates). They win over fresh ``stack_name``s, so a project
    deployed under an older naming scheme keeps updating the same stacks (and their exports)."""
    s = Synth(bp, project_id, names, limits=body_max is not None)
    auth = build_auth(s)
    built: dict[str, Template] = {"data": build_data(s)}
    if auth is not None:
        built["auth"] = auth
    built["compute"] = build_compute(s)
    if bp.auth.strategy == "api_key":
        built["api"] = build_rest_api(s)
    else:
        built["api"] = build_http_api(s, with_auth=auth is not None)
    built["ops"] = build_ops(s)
    stacks = []
    for key in STACK_KEYS:
        if key not in built:
            continue
        t = built[key]
        types = tuple(sorted({r.resource_type for r in t.resources.values()}))
        deps = tuple(d for d in DEPENDS[key] if d in built)
        body = _body(t)
        if body_max is not None:
            check_body(key, body, body_max)
        stacks.append(
            StackTemplate(
                key=key, name=s.names[key], depends_on=deps, body=body, resource_types=types
            )
        )
    order = [k for wave in stack_order(stacks) for k in wave]
    return sorted(stacks, key=lambda st: order.index(st.key))
