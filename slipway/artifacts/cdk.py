"""A Python AWS CDK project for a blueprint: app.py, stacks/, handlers/, requirements.txt,
cdk.json and a README with the deploy steps. Pure: returns ``{path: text}``; deterministic."""

from __future__ import annotations

import json
from typing import Any

from slipway.artifacts.cdk_handlers import AUTHORIZER_HANDLER, CRUD_HANDLER, HEALTH_HANDLER
from slipway.ir import Blueprint, EntityDef

CDK_VERSION = "2.150.0"


def _ident(name: str) -> str:
    return "".join(
        part[:1].upper() + part[1:] for part in name.replace("-", "_").split("_") if part
    )


def entity_schema(e: EntityDef, page_size: int | None) -> dict[str, Any]:
    """What the CRUD handler validates against (SCHEMA environment variable)."""
    fields: dict[str, Any] = {}
    for f in e.fields:
        spec: dict[str, Any] = {"type": f.type}
        if f.required:
            spec["required"] = True
        if f.managed or f.primary:
            spec["managed"] = True
        if f.unique and not f.primary:
            spec["unique"] = True
        if f.enum_values:
            spec["enum"] = list(f.enum_values)
        if f.max_length:
            spec["maxLength"] = f.max_length
        if f.default is not None:
            spec["default"] = f.default
        fields[f.name] = spec
    return {"fields": fields, "pageSize": page_size or 50, "softDelete": e.soft_delete}


def _py(value: Any) -> str:
    """A Python literal for generated code (JSON is valid Python for these values)."""
    return (
        json.dumps(value, sort_keys=True)
        .replace("true", "True")
        .replace("false", "False")
        .replace("null", "None")
    )


def build_cdk_project(bp: Blueprint, *, stack_prefix: str) -> dict[str, str]:
    entities = {e.name: e for e in bp.entities}
    resources = [
        r for r in sorted(bp.api.resources, key=lambda r: r.base_path) if r.entity in entities
    ]
    secured = bp.auth.strategy != "none"
    table_entities = [e for e in bp.entities]
    files: dict[str, str] = {}

    files["requirements.txt"] = f"aws-cdk-lib>={CDK_VERSION},<3\nconstructs>=10.0.0,<11\n"
    files["cdk.json"] = (
        json.dumps(
            {
                "app": "python3 app.py",
                "context": {"@aws-cdk/core:stackRelativeExports": True},
            },
            indent=2,
        )
        + "\n"
    )
    files["handlers/__init__.py"] = ""
    files["handlers/crud.py"] = CRUD_HANDLER
    files["handlers/health.py"] = HEALTH_HANDLER
    files["handlers/authorizer.py"] = AUTHORIZER_HANDLER
    files["stacks/__init__.py"] = ""

    # --- data ---------------------------------------------------------------------------------
    data = [
        '"""Data stack: one DynamoDB table per entity (partition key id), plus buckets."""',
        "",
        "from aws_cdk import RemovalPolicy, Stack",
        "from aws_cdk import aws_dynamodb as dynamodb",
        "from aws_cdk import aws_s3 as s3",
        "from constructs import Construct",
        "",
        "",
        "class DataStack(Stack):",
        "    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:",
        "        super().__init__(scope, construct_id, **kwargs)",
        "        self.tables: dict[str, dynamodb.Table] = {}",
    ]
    billing = (
        "dynamodb.BillingMode.PAY_PER_REQUEST"
        if bp.infrastructure.billing_mode == "PAY_PER_REQUEST"
        else "dynamodb.BillingMode.PROVISIONED"
    )
    for e in table_entities:
        data += [
            f'        self.tables["{e.name}"] = dynamodb.Table(',
            "            self,",
            f'            "{_ident(e.name)}Table",',
            '            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),',
            f"            billing_mode={billing},",
            "            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(",
            f"                point_in_time_recovery_enabled={bp.infrastructure.point_in_time_recovery}",
            "            ),",
            "            encryption=dynamodb.TableEncryption.AWS_MANAGED,",
            "            removal_policy=RemovalPolicy.RETAIN,",
            "        )",
        ]
    for bucket in bp.infrastructure.buckets:
        data += [
            "        s3.Bucket(",
            "            self,",
            f'            "{_ident(bucket)}Bucket",',
            "            encryption=s3.BucketEncryption.S3_MANAGED,",
            "            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,",
            "            enforce_ssl=True,",
            "        )",
        ]
    files["stacks/data_stack.py"] = "\n".join(data) + "\n"

    # --- auth ---------------------------------------------------------------------------------
    auth = [
        '"""Auth stack: Cognito user pool, app client and one group per role."""',
        "",
        "from aws_cdk import Stack",
        "from aws_cdk import aws_cognito as cognito",
        "from constructs import Construct",
        "",
        "",
        "class AuthStack(Stack):",
        "    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:",
        "        super().__init__(scope, construct_id, **kwargs)",
        "        self.user_pool = cognito.UserPool(",
        "            self,",
        '            "UserPool",',
        "            self_sign_up_enabled=True,",
        "            sign_in_aliases=cognito.SignInAliases(email=True),",
        "            password_policy=cognito.PasswordPolicy(min_length=10),",
        "        )",
        '        self.client = self.user_pool.add_client("AppClient")',
    ]
    for role in bp.auth.roles:
        auth += [
            "        cognito.CfnUserPoolGroup(",
            "            self,",
            f'            "{_ident(role)}Group",',
            "            user_pool_id=self.user_pool.user_pool_id,",
            f'            group_name="{role}",',
            "        )",
        ]
    files["stacks/auth_stack.py"] = "\n".join(auth) + "\n"

    # --- compute ------------------------------------------------------------------------------
    compute = [
        '"""Compute stack: one CRUD Lambda per API resource (least-privilege table access),',
        'the health function and the JWT authorizer."""',
        "",
        "import json",
        "import os",
        "",
        "from aws_cdk import Duration, Stack",
        "from aws_cdk import aws_dynamodb as dynamodb",
        "from aws_cdk import aws_lambda as _lambda",
        "from constructs import Construct",
        "",
        'HANDLERS = os.path.join(os.path.dirname(__file__), "..", "handlers")',
        "",
        "",
        "class ComputeStack(Stack):",
        "    def __init__(",
        "        self,",
        "        scope: Construct,",
        "        construct_id: str,",
        "        *,",
        "        tables: dict[str, dynamodb.Table],",
        "        jwt_secret: str,",
        "        **kwargs,",
        "    ) -> None:",
        "        super().__init__(scope, construct_id, **kwargs)",
        "        code = _lambda.Code.from_asset(HANDLERS)",
        "        self.functions: dict[str, _lambda.Function] = {}",
    ]
    for r in resources:
        e = entities[r.entity]
        compute += [
            "        fn = _lambda.Function(",
            "            self,",
            f'            "{_ident(e.name)}Handler",',
            "            runtime=_lambda.Runtime.PYTHON_3_12,",
            '            handler="crud.handler",',
            "            code=code,",
            "            timeout=Duration.seconds(10),",
            "            memory_size=256,",
            "            environment={",
            f'                "TABLE_NAME": tables["{e.name}"].table_name,',
            f'                "ENTITY": "{e.name}",',
            f'                "SCHEMA": json.dumps({_py(entity_schema(e, r.pagination_limit))}),',
            "            },",
            "        )",
        ]
        writes = {"create", "update", "delete"} & set(r.operations)
        grant = "grant_read_write_data" if writes else "grant_read_data"
        compute += [
            f'        tables["{e.name}"].{grant}(fn)',
            f'        self.functions["{e.name}"] = fn',
        ]
    compute += [
        "        self.health = _lambda.Function(",
        "            self,",
        '            "HealthHandler",',
        "            runtime=_lambda.Runtime.PYTHON_3_12,",
        '            handler="health.handler",',
        "            code=code,",
        "        )",
        "        self.authorizer = _lambda.Function(",
        "            self,",
        '            "AuthorizerHandler",',
        "            runtime=_lambda.Runtime.PYTHON_3_12,",
        '            handler="authorizer.handler",',
        "            code=code,",
        '            environment={"JWT_SECRET": jwt_secret},',
        "        )",
    ]
    files["stacks/compute_stack.py"] = "\n".join(compute) + "\n"

    # --- api ----------------------------------------------------------------------------------
    api = [
        '"""API stack: an HTTP API with one route per resource operation."""',
        "",
        "from aws_cdk import CfnOutput, Stack",
        "from aws_cdk import aws_apigatewayv2 as apigw",
        "from aws_cdk import aws_apigatewayv2_authorizers as authorizers",
        "from aws_cdk import aws_apigatewayv2_integrations as integrations",
        "from aws_cdk import aws_lambda as _lambda",
        "from constructs import Construct",
        "",
        "",
        "class ApiStack(Stack):",
        "    def __init__(",
        "        self,",
        "        scope: Construct,",
        "        construct_id: str,",
        "        *,",
        "        functions: dict[str, _lambda.Function],",
        "        health: _lambda.Function,",
        "        authorizer_fn: _lambda.Function,",
        "        **kwargs,",
        "    ) -> None:",
        "        super().__init__(scope, construct_id, **kwargs)",
        f'        self.http_api = apigw.HttpApi(self, "HttpApi", api_name="{bp.project.slug}")',
        "        authorizer = authorizers.HttpLambdaAuthorizer(",
        '            "JwtAuthorizer",',
        "            authorizer_fn,",
        "            response_types=[authorizers.HttpLambdaResponseType.SIMPLE],",
        "        )",
    ]
    methods = {
        "list": ("GET", ""),
        "create": ("POST", ""),
        "get": ("GET", "/{id}"),
        "update": ("PATCH", "/{id}"),
        "delete": ("DELETE", "/{id}"),
    }
    for r in resources:
        e = entities[r.entity]
        api.append(
            f"        {e.name.lower()}_integration = integrations.HttpLambdaIntegration("
            f'"{_ident(e.name)}Integration", functions["{e.name}"])'
        )
        for op in r.operations:
            method, suffix = methods[op]
            protected = secured and not r.public
            api += [
                "        self.http_api.add_routes(",
                f'            path="{r.base_path}{suffix}",',
                f"            methods=[apigw.HttpMethod.{method}],",
                f"            integration={e.name.lower()}_integration,",
            ]
            if protected:
                api.append("            authorizer=authorizer,")
            api.append("        )")
    if bp.api.health_endpoint:
        api += [
            "        self.http_api.add_routes(",
            '            path="/health",',
            "            methods=[apigw.HttpMethod.GET],",
            '            integration=integrations.HttpLambdaIntegration("HealthIntegration", health),',
            "        )",
        ]
    api.append('        CfnOutput(self, "ApiUrl", value=self.http_api.api_endpoint)')
    files["stacks/api_stack.py"] = "\n".join(api) + "\n"

    # --- ops ----------------------------------------------------------------------------------
    retention = bp.infrastructure.log_retention_days or 14
    ops = [
        '"""Ops stack: log groups with retention, error alarms, queues with dead-letter queues."""',
        "",
        "from aws_cdk import Duration, Stack",
        "from aws_cdk import aws_cloudwatch as cloudwatch",
        "from aws_cdk import aws_lambda as _lambda",
        "from aws_cdk import aws_logs as logs",
        "from aws_cdk import aws_sqs as sqs",
        "from constructs import Construct",
        "",
        "",
        "class OpsStack(Stack):",
        "    def __init__(",
        "        self,",
        "        scope: Construct,",
        "        construct_id: str,",
        "        *,",
        "        functions: dict[str, _lambda.Function],",
        "        **kwargs,",
        "    ) -> None:",
        "        super().__init__(scope, construct_id, **kwargs)",
        "        for name, fn in sorted(functions.items()):",
        "            logs.LogGroup(",
        "                self,",
        '                f"{name}Logs",',
        '                log_group_name=f"/aws/lambda/{fn.function_name}",',
        f"                retention=logs.RetentionDays.{_retention_enum(retention)},",
        "            )",
    ]
    if bp.infrastructure.alarms:
        ops += [
            "            cloudwatch.Alarm(",
            "                self,",
            '                f"{name}Errors",',
            "                metric=fn.metric_errors(period=Duration.minutes(5)),",
            "                threshold=1,",
            "                evaluation_periods=1,",
            "            )",
        ]
    for q in bp.workflows.queues:
        ident = _ident(q.name)
        if q.dead_letter:
            ops += [
                f'        {q.name.replace("-", "_")}_dlq = sqs.Queue(self, "{ident}Dlq", '
                f"retention_period=Duration.days(14){', fifo=True' if q.fifo else ''})",
                f'        sqs.Queue(self, "{ident}Queue", visibility_timeout=Duration.seconds('
                f"{q.visibility_timeout_seconds}){', fifo=True' if q.fifo else ''}, "
                f"dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=5, "
                f"queue={q.name.replace('-', '_')}_dlq))",
            ]
        else:
            ops.append(
                f'        sqs.Queue(self, "{ident}Queue", visibility_timeout=Duration.seconds('
                f"{q.visibility_timeout_seconds}){', fifo=True' if q.fifo else ''})"
            )
    files["stacks/ops_stack.py"] = "\n".join(ops) + "\n"

    # --- app ----------------------------------------------------------------------------------
    files["app.py"] = "\n".join(
        [
            "#!/usr/bin/env python3",
            f'"""CDK app of {bp.project.name}: data, auth, compute, api and ops stacks."""',
            "",
            "import os",
            "",
            "import aws_cdk as cdk",
            "",
            "from stacks.api_stack import ApiStack",
            "from stacks.auth_stack import AuthStack",
            "from stacks.compute_stack import ComputeStack",
            "from stacks.data_stack import DataStack",
            "from stacks.ops_stack import OpsStack",
            "",
            "app = cdk.App()",
            f'env = cdk.Environment(region=os.environ.get("CDK_DEFAULT_REGION", "{bp.infrastructure.region}"))',
            f'prefix = "{stack_prefix}"',
            'jwt_secret = os.environ.get("JWT_SECRET", "change-me-before-deploying")',
            'data = DataStack(app, f"{prefix}-data", env=env)',
            'auth = AuthStack(app, f"{prefix}-auth", env=env)',
            'compute = ComputeStack(app, f"{prefix}-compute", tables=data.tables, jwt_secret=jwt_secret, env=env)',
            "api = ApiStack(",
            "    app,",
            '    f"{prefix}-api",',
            "    functions=compute.functions,",
            "    health=compute.health,",
            "    authorizer_fn=compute.authorizer,",
            "    env=env,",
            ")",
            'ops = OpsStack(app, f"{prefix}-ops", functions=compute.functions, env=env)',
            f'cdk.Tags.of(app).add("slipway:project", "{bp.project.slug}")',
            "app.synth()",
            "",
        ]
    )
    files["README.md"] = "\n".join(
        [
            f"# {bp.project.name} — AWS CDK project",
            "",
            "Generated by Slipway from the project's blueprint. Stacks: data (DynamoDB), auth",
            "(Cognito), compute (Lambda CRUD handlers, health, JWT authorizer), api (HTTP API),",
            "ops (log groups, alarms, queues).",
            "",
            "## Deploy",
            "",
            "```sh",
            "python3 -m venv .venv && . .venv/bin/activate",
            "pip install -r requirements.txt",
            "npm install -g aws-cdk            # the CDK CLI",
            "export JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')",
            "cdk bootstrap                     # once per account and region",
            "cdk synth                         # templates under cdk.out/",
            "cdk deploy --all",
            "```",
            "",
            "## Handlers",
            "",
            "`handlers/crud.py` serves list/get/create/update/delete for one entity from API Gateway",
            "HTTP API events (payload 2.0); its table and field rules come from the `TABLE_NAME`,",
            "`ENTITY` and `SCHEMA` environment variables. `handlers/authorizer.py` verifies HS256",
            "bearer tokens signed with `JWT_SECRET`. `handlers/health.py` answers `/health`.",
            "",
        ]
    )
    return files


_RETENTION = {
    1: "ONE_DAY",
    3: "THREE_DAYS",
    5: "FIVE_DAYS",
    7: "ONE_WEEK",
    14: "TWO_WEEKS",
    30: "ONE_MONTH",
    60: "TWO_MONTHS",
    90: "THREE_MONTHS",
    120: "FOUR_MONTHS",
    150: "FIVE_MONTHS",
    180: "SIX_MONTHS",
    365: "ONE_YEAR",
}


def _retention_enum(days: int) -> str:
    """The nearest CloudWatch retention at or above ``days``."""
    for allowed in sorted(_RETENTION):
        if allowed >= days:
            return _RETENTION[allowed]
    return "ONE_YEAR"
