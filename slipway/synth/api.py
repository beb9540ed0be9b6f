"""The api stack of the ``jwt``, ``cognito`` and ``none`` strategies: an HTTP API with one Lambda
proxy integration per function, and a Cognito JWT authorizer on every non-public route."""

from __future__ import annotations

from typing import Any

from troposphere import Join, Output, Ref, Template, apigatewayv2, awslambda

from slipway.synth.access import OPERATION_ROUTES, route_path
from slipway.synth.context import Synth
from slipway.synth.naming import logical


def targets(s: Synth) -> list[tuple[str, str, list[str], bool]]:
    """(function stem, base path, operations, public) of every integration the API routes to."""
    entities = {e.name for e in s.bp.entities}
    out: list[tuple[str, str, list[str], bool]] = [
        (logical(r.entity), r.base_path, list(r.operations), r.public)
        for r in s.bp.api.resources
        if r.entity in entities
    ]
    if s.bp.api.health_endpoint:
        out.append(("Health", "/health", ["health"], True))
    return out


def invoke_source_arn(api: Any) -> Join:
    """Every route of one API, as the source ARN of a Lambda invoke permission."""
    return Join(
        "",
        [
            "arn:",
            Ref("AWS::Partition"),
            ":execute-api:",
            Ref("AWS::Region"),
            ":",
            Ref("AWS::AccountId"),
            ":",
            Ref(api),
            "/*",
        ],
    )


def build_http_api(s: Synth, with_auth: bool) -> Template:
    t = s.template("api")
    api = t.add_resource(
        apigatewayv2.Api(
            "HttpApi",
            Name=f"{s.bp.project.slug}-api",
            ProtocolType="HTTP",
            Tags={"slipway:project": s.project_id, "slipway:stack": "api"},
        )
    )
    t.add_resource(
        apigatewayv2.Stage("DefaultStage", ApiId=Ref(api), StageName="$default", AutoDeploy=True)
    )
    authorizer = _jwt_authorizer(s, t, api) if with_auth else None
    for name, base, operations, public in targets(s):
        fn_arn = s.imported("compute", f"{name}FunctionArn")
        integration = t.add_resource(
            apigatewayv2.Integration(
                f"{name}Integration",
                ApiId=Ref(api),
                IntegrationType="AWS_PROXY",
                IntegrationUri=fn_arn,
                PayloadFormatVersion="2.0",
            )
        )
        for op in operations:
            method, suffix = OPERATION_ROUTES[op]
            props: dict[str, Any] = {
                "ApiId": Ref(api),
                "RouteKey": f"{method} {route_path(base, suffix)}",
                "Target": Join("/", ["integrations", Ref(integration)]),
            }
            if authorizer is not None and not public:
                props["AuthorizationType"] = "JWT"
                props["AuthorizerId"] = Ref(authorizer)
            t.add_resource(apigatewayv2.Route(logical(name, op, "Route"), **props))
        t.add_resource(
            awslambda.Permission(
                f"{name}InvokePermission",
                Action="lambda:InvokeFunction",
                FunctionName=fn_arn,
                Principal="apigateway.amazonaws.com",
                SourceArn=invoke_source_arn(api),
            )
        )
    endpoint = [
        "https://",
        Ref(api),
        ".execute-api.",
        Ref("AWS::Region"),
        ".",
        Ref("AWS::URLSuffix"),
    ]
    t.add_output(Output("ApiEndpoint", Value=Join("", endpoint)))
    return t


def _jwt_authorizer(s: Synth, t: Template, api: apigatewayv2.Api) -> apigatewayv2.Authorizer:
    issuer = Join(
        "",
        [
            "https://cognito-idp.",
            Ref("AWS::Region"),
            ".amazonaws.com/",
            s.imported("auth", "UserPoolId"),
        ],
    )
    return t.add_resource(
        apigatewayv2.Authorizer(
            "JwtAuthorizer",
            ApiId=Ref(api),
            AuthorizerType="JWT",
            Name="cognito-jwt",
            IdentitySource=["$request.header.Authorization"],
            JwtConfiguration=apigatewayv2.JWTConfiguration(
                Audience=[s.imported("auth", "UserPoolClientId")], Issuer=issuer
            ),
        )
    )
