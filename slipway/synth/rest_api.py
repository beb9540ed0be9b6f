"""The api stack of the ``api_key`` strategy: a REST API (HTTP APIs have no API keys) whose
non-public methods require an ``x-api-key`` header, one API key, and a usage plan that
throttles it. Public methods (public resources, ``/health``) need no key; the stage throttles
every caller.

The key's value is never an output: ``ApiKeyId`` names the key, and ``ApiKeyValueCommand`` is
the command that prints its value for someone allowed to read it
(``apigateway:GET`` on the key).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from troposphere import GetAtt, Join, Output, Ref, Template, apigateway, awslambda

from slipway.synth.access import OPERATION_ROUTES, route_path
from slipway.synth.api import invoke_source_arn, targets
from slipway.synth.context import Synth
from slipway.synth.naming import logical

STAGE = "prod"
RATE_LIMIT = 50  # steady requests per second, per key (usage plan) and per method (stage)
BURST_LIMIT = 100


def build_rest_api(s: Synth) -> Template:
    t = s.template("api")
    api = t.add_resource(
        apigateway.RestApi(
            "RestApi",
            Name=f"{s.bp.project.slug}-api",
            ApiKeySourceType="HEADER",
            EndpointConfiguration=apigateway.EndpointConfiguration(Types=["REGIONAL"]),
            Tags=s.tags("api"),
        )
    )
    routes = _routes(s)
    paths = _resources(t, api, {path for _, _, path, _, _ in routes})
    methods = [_method(s, t, api, paths, route) for route in routes]
    for name in sorted({name for name, *_ in routes}):
        t.add_resource(
            awslambda.Permission(
                f"{name}InvokePermission",
                Action="lambda:InvokeFunction",
                FunctionName=s.imported("compute", f"{name}FunctionArn"),
                Principal="apigateway.amazonaws.com",
                SourceArn=invoke_source_arn(api),
            )
        )
    stage = _stage(s, t, api, routes, [m.title for m in methods])
    _api_key(s, t, api, stage)
    return t


def _method(
    s: Synth,
    t: Template,
    api: apigateway.RestApi,
    paths: dict[str, Any],
    route: tuple[str, str, str, str, bool],
) -> apigateway.Method:
    """A Lambda proxy method; it requires the API key unless its resource is public."""
    name, op, path, method, public = route
    uri = Join(
        "",
        [
            "arn:",
            Ref("AWS::Partition"),
            ":apigateway:",
            Ref("AWS::Region"),
            ":lambda:path/2015-03-31/functions/",
            s.imported("compute", f"{name}FunctionArn"),
            "/invocations",
        ],
    )
    return t.add_resource(
        apigateway.Method(
            logical(name, op, "Method"),
            RestApiId=Ref(api),
            ResourceId=paths[path],
            HttpMethod=method,
            AuthorizationType="NONE",
            ApiKeyRequired=not public,
            Integration=apigateway.Integration(
                Type="AWS_PROXY", IntegrationHttpMethod="POST", Uri=uri
            ),
        )
    )


def _routes(s: Synth) -> list[tuple[str, str, str, str, bool]]:
    """(function stem, operation, path, HTTP method, public) of every method."""
    return [
        (name, op, route_path(base, OPERATION_ROUTES[op][1]), OPERATION_ROUTES[op][0], public)
        for name, base, operations, public in targets(s)
        for op in operations
    ]


def _resources(t: Template, api: apigateway.RestApi, paths: set[str]) -> dict[str, Any]:
    """One ``AWS::ApiGateway::Resource`` per path segment; path → its resource ID."""
    ids: dict[str, Any] = {"/": GetAtt(api, "RootResourceId")}
    used: set[str] = set()
    for path in sorted(paths):
        parts = [p for p in path.split("/") if p]
        for depth in range(1, len(parts) + 1):
            sub = "/" + "/".join(parts[:depth])
            if sub in ids:
                continue
            name = logical("Path", *(p.strip("{}") for p in parts[:depth]))
            if name in used or len(name) > 200:  # e.g. /a-b and /ab, /x/{id} and /x/id
                name = f"Path{hashlib.sha256(sub.encode()).hexdigest()[:16]}"
            used.add(name)
            parent = ids["/" + "/".join(parts[: depth - 1])] if depth > 1 else ids["/"]
            resource = t.add_resource(
                apigateway.Resource(
                    name, RestApiId=Ref(api), ParentId=parent, PathPart=parts[depth - 1]
                )
            )
            ids[sub] = Ref(resource)
    return ids


def _stage(
    s: Synth,
    t: Template,
    api: apigateway.RestApi,
    routes: list[tuple[str, str, str, str, bool]],
    method_ids: list[str],
) -> apigateway.Stage:
    """The ``prod`` stage, on a deployment named after the routes (a new route table is a new
    deployment: REST APIs do not redeploy by themselves)."""
    digest = hashlib.sha256(json.dumps(sorted(routes)).encode()).hexdigest()[:12]
    deployment = t.add_resource(
        apigateway.Deployment(
            f"Deployment{digest}",
            RestApiId=Ref(api),
            Description=f"Routes {digest}",
            DependsOn=method_ids,
        )
    )
    return t.add_resource(
        apigateway.Stage(
            "Stage",
            RestApiId=Ref(api),
            DeploymentId=Ref(deployment),
            StageName=STAGE,
            TracingEnabled=s.bp.infrastructure.tracing,
            MethodSettings=[
                apigateway.MethodSetting(
                    HttpMethod="*",
                    ResourcePath="/*",
                    ThrottlingRateLimit=RATE_LIMIT,
                    ThrottlingBurstLimit=BURST_LIMIT,
                )
            ],
            Tags=s.tags("api"),
        )
    )


def _api_key(s: Synth, t: Template, api: apigateway.RestApi, stage: apigateway.Stage) -> None:
    plan = t.add_resource(
        apigateway.UsagePlan(
            "UsagePlan",
            UsagePlanName=f"{s.names['api']}-plan",
            Description=f"API keys of {s.bp.project.name}: {RATE_LIMIT} requests/s",
            ApiStages=[apigateway.ApiStage(ApiId=Ref(api), Stage=Ref(stage))],
            Throttle=apigateway.ThrottleSettings(BurstLimit=BURST_LIMIT, RateLimit=RATE_LIMIT),
            Tags=s.tags("api"),
        )
    )
    key = t.add_resource(
        apigateway.ApiKey(
            "ApiKey",
            Name=f"{s.names['api']}-key",
            Description=f"API key of {s.bp.project.name} (send it as the x-api-key header)",
            Enabled=True,
            Tags=s.tags("api"),
        )
    )
    t.add_resource(
        apigateway.UsagePlanKey(
            "UsagePlanKey", KeyId=Ref(key), KeyType="API_KEY", UsagePlanId=Ref(plan)
        )
    )
    endpoint = [
        *("https://", Ref(api), ".execute-api.", Ref("AWS::Region")),
        *(".", Ref("AWS::URLSuffix"), f"/{STAGE}"),
    ]
    t.add_output(Output("ApiEndpoint", Value=Join("", endpoint)))
    t.add_output(
        Output(
            "ApiKeyId",
            Description="ID of the API key (its value is never an output: see ApiKeyValueCommand)",
            Value=Ref(key),
        )
    )
    command = ["aws apigateway get-api-key --api-key ", Ref(key), " --include-value"]
    t.add_output(
        Output(
            "ApiKeyValueCommand",
            Description="Prints the API key's value (needs apigateway:GET on the key)",
            Value=Join("", [*command, " --query value --output text"]),
        )
    )
