"""API stack, built from the route table of ``blueprint.json``:

- ``jwt``/``cognito``: an HTTP API; protected routes go through the Lambda authorizer
  (HS256 bearer tokens, per-route roles and tenant), public ones do not;
- ``api_key``: a REST API; protected methods require an API key (``x-api-key`` header) of the
  usage plan, which also throttles; no JWT authorizer;
- ``none``: an HTTP API without authorization.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_apigateway as rest
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as _lambda
from constructs import Construct

from stacks.config import Config

THROTTLE_RATE = 50  # requests per second, per API key
THROTTLE_BURST = 100


class ApiStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: Config,
        functions: dict[str, _lambda.Function],
        health: _lambda.Function,
        authorizer_fn: _lambda.Function | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.targets = {**functions, "Health": health}
        if config["auth"]["strategy"] == "api_key":
            self._rest_api()
        else:
            self._http_api(authorizer_fn)

    def _http_api(self, authorizer_fn: _lambda.Function | None) -> None:
        http_api = apigw.HttpApi(self, "HttpApi", api_name=self.config["project"]["slug"])
        authorizer = None
        if authorizer_fn is not None:
            authorizer = authorizers.HttpLambdaAuthorizer(
                "JwtAuthorizer",
                authorizer_fn,
                response_types=[authorizers.HttpLambdaResponseType.SIMPLE],
                # decisions depend on the route (roles, tenant): never reuse one across routes
                results_cache_ttl=Duration.seconds(0),
            )
        integration_of: dict[str, integrations.HttpLambdaIntegration] = {}
        for route in self.config["routes"]:
            target = route["function"]
            if target not in integration_of:
                integration_of[target] = integrations.HttpLambdaIntegration(
                    f"{target}Integration", self.targets[target]
                )
            if route["auth"] == "jwt" and authorizer is None:
                raise ValueError(f"route {route['path']} needs the JWT authorizer")
            http_api.add_routes(
                path=route["path"],
                methods=[apigw.HttpMethod[route["method"]]],
                integration=integration_of[target],
                authorizer=authorizer if route["auth"] == "jwt" else None,
            )
        CfnOutput(self, "ApiUrl", value=http_api.api_endpoint)

    def _rest_api(self) -> None:
        api = rest.RestApi(
            self,
            "RestApi",
            rest_api_name=self.config["project"]["slug"],
            api_key_source_type=rest.ApiKeySourceType.HEADER,
        )
        integration_of: dict[str, rest.LambdaIntegration] = {}
        for route in self.config["routes"]:
            target = route["function"]
            if target not in integration_of:
                integration_of[target] = rest.LambdaIntegration(self.targets[target])
            if route["auth"] == "jwt":
                raise ValueError(f"route {route['path']}: API-key APIs have no JWT authorizer")
            api.root.resource_for_path(route["path"]).add_method(
                route["method"],
                integration_of[target],
                api_key_required=route["auth"] == "api_key",
            )
        key = api.add_api_key("ClientKey")
        plan = api.add_usage_plan(
            "UsagePlan",
            throttle=rest.ThrottleSettings(rate_limit=THROTTLE_RATE, burst_limit=THROTTLE_BURST),
            api_stages=[rest.UsagePlanPerApiStage(api=api, stage=api.deployment_stage)],
        )
        plan.add_api_key(key)
        CfnOutput(self, "ApiUrl", value=api.url)
        CfnOutput(self, "ApiKeyId", value=key.key_id)
