"""What the sandbox reads from a blueprint's synthesized stacks, exactly as CloudFormation would:
each Lambda function's code and environment (intrinsic functions resolved against the exports
the sandbox's own resources stand in for), and every route of the api stack with the function
behind it and who may call it.

What you try is what you deploy: the sandbox never rebuilds a function from the blueprint; it
takes the compute stack's ``ZipFile`` (``Fn::FindInMap`` / ``Fn::Join`` of its ``Handlers``
mapping) and ``Environment`` as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slipway.synth.access import RouteAccess, rest_path, template_access
from slipway.synth.naming import StackTemplate

PSEUDO = {
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::AccountId": "123456789012",
}


class Unresolvable(ValueError):
    """An intrinsic function the sandbox cannot resolve (e.g. an export it does not provide)."""


@dataclass(frozen=True)
class Context:
    """What intrinsic functions resolve against: exports, the template's mappings, the region."""

    exports: Mapping[str, str]
    mappings: Mapping[str, Any] = field(default_factory=dict)
    region: str = "us-east-1"

    def pseudo(self, name: str) -> str:
        if name == "AWS::Region":
            return self.region
        if name in PSEUDO:
            return PSEUDO[name]
        raise Unresolvable(f"Ref {name}")


def resolve(value: Any, ctx: Context) -> Any:
    """``value`` with ``Fn::ImportValue``, ``Fn::Join``, ``Fn::FindInMap``, ``Fn::Sub`` and
    pseudo-parameter ``Ref`` resolved."""
    if isinstance(value, list):
        return [resolve(v, ctx) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) != 1:
        return {k: resolve(v, ctx) for k, v in value.items()}
    ((fn, arg),) = value.items()
    if fn == "Fn::ImportValue":
        name = resolve(arg, ctx)
        if name not in ctx.exports:
            raise Unresolvable(f"no export named {name}")
        return ctx.exports[name]
    if fn == "Fn::Join":
        sep, parts = arg
        return str(sep).join(str(resolve(p, ctx)) for p in parts)
    if fn == "Fn::FindInMap":
        table, key, attribute = (resolve(p, ctx) for p in arg)
        return ctx.mappings[table][key][attribute]
    if fn == "Fn::Sub" and isinstance(arg, str):
        return re.sub(r"\$\{([^}!]+)\}", lambda m: ctx.pseudo(m.group(1)), arg)
    if fn == "Ref" and isinstance(arg, str) and arg.startswith("AWS::"):
        return ctx.pseudo(arg)
    if fn.startswith("Fn::") or fn == "Ref":
        raise Unresolvable(fn)
    return {fn: resolve(arg, ctx)}


@dataclass(frozen=True)
class Function:
    """A Lambda function as the compute stack declares it."""

    logical_id: str
    code: str
    env: dict[str, str]
    timeout: int
    memory: int


@dataclass(frozen=True)
class Route:
    """One route of the api stack: ``GET /v1/tasks/{id}``, the function serving it, who may call
    it, and the event payload format API Gateway sends (``2.0`` HTTP API, ``1.0`` REST)."""

    method: str
    path: str
    function: str
    access: RouteAccess
    payload: str

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def _bodies(stacks: Sequence[StackTemplate]) -> dict[str, dict[str, Any]]:
    return {s.key: json.loads(s.body) for s in stacks}


def functions(stacks: Sequence[StackTemplate], ctx: Context) -> dict[str, Function]:
    """Every Lambda function of the compute stack, its code and environment resolved."""
    compute = _bodies(stacks)["compute"]
    ctx = Context(ctx.exports, compute.get("Mappings", {}), ctx.region)
    out = {}
    for logical_id, resource in compute["Resources"].items():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        props = resource["Properties"]
        env = props.get("Environment", {}).get("Variables", {})
        out[logical_id] = Function(
            logical_id=logical_id,
            code=str(resolve(props["Code"]["ZipFile"], ctx)),
            env={k: str(resolve(v, ctx)) for k, v in env.items()},
            timeout=int(props.get("Timeout", 3)),
            memory=int(props.get("MemorySize", 128)),
        )
    return out


def _function_of_export(compute: dict[str, Any], export: str) -> str:
    """The logical ID of the compute stack's function whose ARN output has this export name."""
    for output in compute.get("Outputs", {}).values():
        if output.get("Export", {}).get("Name") == export and "Fn::GetAtt" in output["Value"]:
            return str(output["Value"]["Fn::GetAtt"][0])
    raise Unresolvable(f"no function exports {export}")


def _import(value: Any) -> str:
    found = re.findall(r'"Fn::ImportValue": "([^"]+)"', json.dumps(value))
    if len(found) != 1:
        raise Unresolvable(f"expected one import, found {found}")
    return str(found[0])


def routes(stacks: Sequence[StackTemplate]) -> list[Route]:
    """Every route of the api stack (HTTP API routes or REST API methods), most specific first
    (literal segments before ``{parameters}``)."""
    bodies = _bodies(stacks)
    access = template_access(stacks)
    resources: dict[str, Any] = bodies["api"]["Resources"]
    compute = bodies["compute"]
    out = []
    for resource in resources.values():
        kind, props = resource["Type"], resource.get("Properties", {})
        if kind == "AWS::ApiGatewayV2::Route":
            method, path = props["RouteKey"].split(" ", 1)
            target = props["Target"]["Fn::Join"][1][1]["Ref"]
            export = _import(resources[target]["Properties"]["IntegrationUri"])
            payload = "2.0"
        elif kind == "AWS::ApiGateway::Method":
            method, path = props["HttpMethod"], rest_path(resources, props["ResourceId"])
            export, payload = _import(props["Integration"]["Uri"]), "1.0"
        else:
            continue
        fn = _function_of_export(compute, export)
        out.append(Route(method, path, fn, access[f"{method} {path}"], payload))
    return sorted(out, key=lambda r: (r.path.count("{"), r.path, r.method))
