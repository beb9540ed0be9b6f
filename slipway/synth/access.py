"""Who may call what, route by route: as the blueprint plans it (``planned_access``) and as the
synthesized api and compute stacks enforce it (``template_access``, read from the templates
themselves). ``slipway.artifacts.openapi.openapi_access`` reads the same table from the OpenAPI
document, so tests can hold every artifact to one answer.

A route is ``"<METHOD> <path>"`` (``GET /v1/tasks/{id}``). Its access is ``public``, ``jwt``
(a Cognito token; ``roles``: the groups of which the caller needs one, empty for any signed-in
user) or ``api_key`` (the ``x-api-key`` header of a key in the API's usage plan).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from slipway.ir import Blueprint
from slipway.synth.naming import StackTemplate

Auth = Literal["public", "jwt", "api_key"]
OPERATION_ROUTES = {
    "list": ("GET", ""),
    "create": ("POST", ""),
    "get": ("GET", "/{id}"),
    "update": ("PATCH", "/{id}"),
    "delete": ("DELETE", "/{id}"),
    "health": ("GET", ""),
}


@dataclass(frozen=True)
class RouteAccess:
    auth: Auth
    roles: tuple[str, ...] = ()


def route_path(base: str, suffix: str) -> str:
    """A resource's base path joined with an operation's suffix (``/`` + ``/{id}`` = ``/{id}``)."""
    return (base.rstrip("/") + suffix) or "/"


def strategy_auth(strategy: str) -> Auth:
    """How a non-public route of a blueprint with this ``auth.strategy`` is protected."""
    if strategy in ("jwt", "cognito"):
        return "jwt"
    return "api_key" if strategy == "api_key" else "public"


def planned_access(bp: Blueprint) -> dict[str, RouteAccess]:
    """Every route the blueprint's API serves, and who may call it."""
    auth = strategy_auth(bp.auth.strategy)
    entities = {e.name for e in bp.entities}
    out: dict[str, RouteAccess] = {}
    for r in bp.api.resources:
        if r.entity not in entities:
            continue
        access = RouteAccess("public") if r.public or auth == "public" else RouteAccess(auth)
        if access.auth == "jwt":
            access = RouteAccess("jwt", tuple(sorted(r.roles)))
        for op in r.operations:
            method, suffix = OPERATION_ROUTES[op]
            out[f"{method} {route_path(r.base_path, suffix)}"] = access
    if bp.api.health_endpoint:
        out["GET /health"] = RouteAccess("public")
    return out


def template_access(stacks: Sequence[StackTemplate]) -> dict[str, RouteAccess]:
    """The access of every route of a synthesized api stack: its authorizer (HTTP API) or
    API-key requirement (REST API), and the ``ROLES`` its function checks (compute stack)."""
    bodies = {s.key: json.loads(s.body) for s in stacks}
    roles = _export_roles(bodies.get("compute", {}))
    resources: dict[str, Any] = bodies["api"]["Resources"]
    out: dict[str, RouteAccess] = {}
    for logical_id, resource in sorted(resources.items()):
        kind, props = resource["Type"], resource.get("Properties", {})
        if kind == "AWS::ApiGatewayV2::Route":
            target = props["Target"]["Fn::Join"][1][1]["Ref"]
            export = resources[target]["Properties"]["IntegrationUri"]["Fn::ImportValue"]
            auth = _http_auth(logical_id, props.get("AuthorizationType", "NONE"))
            out[props["RouteKey"]] = _with_roles(auth, roles.get(export, ()))
        elif kind == "AWS::ApiGateway::Method":
            path = rest_path(resources, props["ResourceId"])
            export = _import_in(props["Integration"]["Uri"])
            auth = _rest_auth(logical_id, props)
            out[f"{props['HttpMethod']} {path}"] = _with_roles(auth, roles.get(export, ()))
    return out


def _with_roles(auth: Auth, roles: tuple[str, ...]) -> RouteAccess:
    return RouteAccess(auth, roles if auth == "jwt" else ())


def _http_auth(logical_id: str, kind: str) -> Auth:
    if kind in ("JWT", "NONE"):
        return "jwt" if kind == "JWT" else "public"
    raise ValueError(f"{logical_id}: unexpected AuthorizationType {kind!r}")


def _rest_auth(logical_id: str, props: dict[str, Any]) -> Auth:
    if props.get("AuthorizationType") != "NONE":
        raise ValueError(f"{logical_id}: unexpected AuthorizationType")
    return "api_key" if props.get("ApiKeyRequired") is True else "public"


def _export_roles(compute: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Export name of each function's ARN → the roles its ``ROLES`` variable names."""
    resources = compute.get("Resources", {})
    out: dict[str, tuple[str, ...]] = {}
    for output in compute.get("Outputs", {}).values():
        value, export = output.get("Value"), output.get("Export", {}).get("Name")
        if not (isinstance(value, dict) and "Fn::GetAtt" in value and export):
            continue
        fn = resources[value["Fn::GetAtt"][0]]["Properties"]
        env = fn.get("Environment", {}).get("Variables", {})
        out[export] = tuple(sorted(r for r in str(env.get("ROLES", "")).split(",") if r))
    return out


def rest_path(resources: dict[str, Any], ref: dict[str, Any]) -> str:
    """The path of a REST API resource (``ref``: its ``Ref``, or the API's root resource),
    walking its parents up to the root of a template's ``Resources``."""
    parts: list[str] = []
    while "Ref" in ref:
        props = resources[ref["Ref"]]["Properties"]
        parts.insert(0, props["PathPart"])
        ref = props["ParentId"]
    return "/" + "/".join(parts)


def _import_in(value: Any) -> str:
    """The (one) ``Fn::ImportValue`` name inside an intrinsic-function value."""
    found = list(_imports(value))
    if len(found) != 1:
        raise ValueError(f"expected one Fn::ImportValue, found {found}")
    return found[0]


def _imports(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if "Fn::ImportValue" in value:
            yield str(value["Fn::ImportValue"])
        for v in value.values():
            yield from _imports(v)
    elif isinstance(value, list):
        for v in value:
            yield from _imports(v)
