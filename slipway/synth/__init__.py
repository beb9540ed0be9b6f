"""Blueprint IR → CloudFormation templates, one per stack, built with troposphere + awacs.

Stacks and their dependencies::

    data (DynamoDB tables | PostgreSQL, S3)   auth (Cognito user pool, client, groups)
          \\                                      |
           compute (Lambda functions, IAM roles, schedules)
             /                    \\
    api (HTTP API, routes, authorizer)   ops (log groups, alarms, queues)

Cross-stack references are CloudFormation exports named ``<stack name>-<Output>`` read with
``Fn::ImportValue``. Templates are deterministic: the same IR and project ID give byte-identical
bodies. Resources carry the ``slipway:project`` and ``slipway:stack`` tags in the body; the
deployment ID is a stack-level tag (``stack_tags``) that CloudFormation propagates, so a new
deployment of an unchanged IR is recognised as "no changes".

Outputs never use ``Fn::GetAtt`` on resource types the local moto server cannot model (it
answers HTTP 500 on them): the user-pool ARN and the API endpoint are built with ``Fn::Join``,
which is equivalent on real AWS.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.dynamodb import (
    BatchGetItem,
    DeleteItem,
    GetItem,
    PutItem,
    Query,
    Scan,
    UpdateItem,
)
from awacs.logs import CreateLogStream, PutLogEvents
from awacs.sts import AssumeRole
from troposphere import (
    Export,
    GetAtt,
    ImportValue,
    Join,
    Output,
    Ref,
    Sub,
    Tags,
    Template,
    apigatewayv2,
    awslambda,
    cloudwatch,
    cognito,
    dynamodb,
    events,
    iam,
    logs,
    rds,
    s3,
    sqs,
)

from slipway.ir import Blueprint, EntityDef
from slipway.synth.handlers import CRUD, HEALTH, JOB

STACK_KEYS = ("data", "auth", "compute", "api", "ops")
DEPENDS: dict[str, tuple[str, ...]] = {
    "data": (),
    "auth": (),
    "compute": ("data",),
    "api": ("compute", "auth"),
    "ops": ("compute",),
}
MAX_GSI = 20
RUNTIME = "python3.12"
_ROUTES = {
    "list": ("GET", ""),
    "create": ("POST", ""),
    "get": ("GET", "/{id}"),
    "update": ("PATCH", "/{id}"),
    "delete": ("DELETE", "/{id}"),
}


@dataclass(frozen=True)
class StackTemplate:
    key: str
    name: str
    depends_on: tuple[str, ...]
    body: str
    resource_types: tuple[str, ...]


def database_name(bp: Blueprint) -> str:
    """The PostgreSQL database name of a postgres blueprint's RDS instance."""
    return re.sub(r"[^a-z0-9]", "", bp.project.slug)[:60] or "app"


def _logical(*parts: str) -> str:
    return "".join(re.sub(r"[^A-Za-z0-9]", "", p[:1].upper() + p[1:]) for p in parts if p)[:255]


def stack_name(project_slug: str, project_id: str, key: str) -> str:
    short = project_id.replace("-", "")[:8]
    slug = re.sub(r"[^a-z0-9-]", "-", project_slug.lower()).strip("-")[:60].strip("-") or "app"
    name = f"slipway-{slug}-{short}-{key}"
    return name[:128]


def stack_tags(project_id: str, deployment_id: str | None, key: str) -> list[dict[str, str]]:
    return [
        {"Key": "slipway:project", "Value": project_id},
        {"Key": "slipway:deployment", "Value": deployment_id or "none"},
        {"Key": "slipway:stack", "Value": key},
    ]


def stack_order(stacks: list[StackTemplate]) -> list[list[str]]:
    """Waves of stack keys; the stacks of one wave can run in parallel."""
    present = {s.key: set(s.depends_on) for s in stacks}
    done: set[str] = set()
    waves: list[list[str]] = []
    while len(done) < len(present):
        wave = sorted(k for k, deps in present.items() if k not in done and deps <= done)
        if not wave:
            raise ValueError("cyclic stack dependencies")
        waves.append(wave)
        done |= set(wave)
    return waves


class _Stacks:
    def __init__(self, bp: Blueprint, project_id: str) -> None:
        self.bp = bp
        self.project_id = project_id
        self.names = {k: stack_name(bp.project.slug, project_id, k) for k in STACK_KEYS}

    def tags(self, key: str, **extra: str) -> Tags:
        return Tags({"slipway:project": self.project_id, "slipway:stack": key, **extra})

    def template(self, key: str) -> Template:
        t = Template()
        t.set_version("2010-09-09")
        t.set_description(f"Slipway {key} stack of {self.bp.project.name}")
        return t

    def export(self, t: Template, key: str, name: str, value: Any) -> None:
        t.add_output(Output(name, Value=value, Export=Export(f"{self.names[key]}-{name}")))

    def imported(self, key: str, name: str) -> ImportValue:
        return ImportValue(f"{self.names[key]}-{name}")

    # --- data --------------------------------------------------------------------------------

    def data(self) -> Template:
        t = self.template("data")
        infra = self.bp.infrastructure
        if infra.database == "postgres":
            db = t.add_resource(
                rds.DBInstance(
                    "Database",
                    Engine="postgres",
                    DBInstanceClass="db.t4g.micro",
                    AllocatedStorage="20",
                    StorageType="gp3",
                    StorageEncrypted=True,
                    MasterUsername="slipway",
                    ManageMasterUserPassword=True,
                    DBName=database_name(self.bp),
                    BackupRetentionPeriod=7 if infra.backups else 1,
                    PubliclyAccessible=False,
                    DeletionProtection=False,
                    Tags=self.tags("data"),
                )
            )
            db.DeletionPolicy = "Snapshot"
            db.UpdateReplacePolicy = "Snapshot"
            self.export(t, "data", "DatabaseEndpoint", GetAtt(db, "Endpoint.Address"))
        else:
            for e in self.bp.entities:
                table = t.add_resource(self._table(e))
                self.export(t, "data", f"{_logical(e.name)}TableName", Ref(table))
                self.export(t, "data", f"{_logical(e.name)}TableArn", GetAtt(table, "Arn"))
        for bucket in infra.buckets:
            b = t.add_resource(
                s3.Bucket(
                    _logical(bucket, "Bucket"),
                    BucketEncryption=s3.BucketEncryption(
                        ServerSideEncryptionConfiguration=[
                            s3.ServerSideEncryptionRule(
                                ServerSideEncryptionByDefault=s3.ServerSideEncryptionByDefault(
                                    SSEAlgorithm="AES256"
                                )
                            )
                        ]
                    ),
                    PublicAccessBlockConfiguration=s3.PublicAccessBlockConfiguration(
                        BlockPublicAcls=True,
                        BlockPublicPolicy=True,
                        IgnorePublicAcls=True,
                        RestrictPublicBuckets=True,
                    ),
                    VersioningConfiguration=s3.VersioningConfiguration(Status="Enabled"),
                    Tags=self.tags("data"),
                )
            )
            b.DeletionPolicy = "Retain"
            b.UpdateReplacePolicy = "Retain"
            self.export(t, "data", f"{_logical(bucket)}BucketName", Ref(b))
        return t

    def _table(self, e: EntityDef) -> dynamodb.Table:
        infra = self.bp.infrastructure
        attrs = {"id"}
        gsis = []
        for index in e.indexes[:MAX_GSI]:
            first = index.fields[0] if index.fields else None
            if first is None or first == "id":
                continue
            attrs.add(first)
            gsi: dict[str, Any] = {
                "IndexName": index.name[:255],
                "KeySchema": [dynamodb.KeySchema(AttributeName=first, KeyType="HASH")],
                "Projection": dynamodb.Projection(ProjectionType="ALL"),
            }
            if infra.billing_mode == "PROVISIONED":
                gsi["ProvisionedThroughput"] = dynamodb.ProvisionedThroughput(
                    ReadCapacityUnits=5, WriteCapacityUnits=5
                )
            gsis.append(dynamodb.GlobalSecondaryIndex(**gsi))
        types = {f.name: ("N" if f.type in ("number", "integer") else "S") for f in e.fields}
        props: dict[str, Any] = {
            "BillingMode": infra.billing_mode,
            "AttributeDefinitions": [
                dynamodb.AttributeDefinition(AttributeName=a, AttributeType=types.get(a, "S"))
                for a in sorted(attrs)
            ],
            "KeySchema": [dynamodb.KeySchema(AttributeName="id", KeyType="HASH")],
            "SSESpecification": dynamodb.SSESpecification(SSEEnabled=True),
            "PointInTimeRecoverySpecification": dynamodb.PointInTimeRecoverySpecification(
                PointInTimeRecoveryEnabled=infra.point_in_time_recovery
            ),
            "Tags": self.tags("data", **{"slipway:entity": e.name}),
        }
        if gsis:
            props["GlobalSecondaryIndexes"] = gsis
        if infra.billing_mode == "PROVISIONED":
            props["ProvisionedThroughput"] = dynamodb.ProvisionedThroughput(
                ReadCapacityUnits=5, WriteCapacityUnits=5
            )
        table = dynamodb.Table(_logical(e.name, "Table"), **props)
        table.DeletionPolicy = "Retain"
        table.UpdateReplacePolicy = "Retain"
        return table

    # --- auth --------------------------------------------------------------------------------

    @property
    def cognito(self) -> bool:
        return self.bp.auth.strategy in ("jwt", "cognito")

    @property
    def multi_tenant(self) -> bool:
        """Tenant isolation in the deployed API needs the tenant claim, so Cognito too."""
        return self.cognito and self.bp.tenancy.mode == "multi" and bool(self.bp.tenancy.tenant_key)

    def auth(self) -> Template | None:
        if not self.cognito:
            return None
        t = self.template("auth")
        tenancy: dict[str, Any] = {}
        client_tenancy: dict[str, Any] = {}
        if self.multi_tenant:
            # the tenant travels as the ID token's custom:tenant claim; an administrator sets it
            # (AdminCreateUser / AdminUpdateUserAttributes) and users cannot write it themselves
            tenancy["Schema"] = [
                cognito.SchemaAttribute(
                    Name="tenant",
                    AttributeDataType="String",
                    Mutable=True,
                    StringAttributeConstraints=cognito.StringAttributeConstraints(
                        MinLength="1", MaxLength="64"
                    ),
                )
            ]
            client_tenancy["ReadAttributes"] = ["email", "email_verified", "custom:tenant"]
            client_tenancy["WriteAttributes"] = ["email"]
        pool = t.add_resource(
            cognito.UserPool(
                "UserPool",
                UserPoolName=f"{self.bp.project.slug}-users",
                UsernameAttributes=["email"],
                AutoVerifiedAttributes=["email"],
                **tenancy,
                Policies=cognito.Policies(
                    PasswordPolicy=cognito.PasswordPolicy(
                        MinimumLength=10,
                        RequireLowercase=True,
                        RequireNumbers=True,
                        RequireUppercase=False,
                        RequireSymbols=False,
                    )
                ),
                UserPoolTags={"slipway:project": self.project_id, "slipway:stack": "auth"},
            )
        )
        client = t.add_resource(
            cognito.UserPoolClient(
                "UserPoolClient",
                UserPoolId=Ref(pool),
                GenerateSecret=False,
                ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                **client_tenancy,
            )
        )
        for role in self.bp.auth.roles:
            t.add_resource(
                cognito.UserPoolGroup(_logical(role, "Group"), UserPoolId=Ref(pool), GroupName=role)
            )
        self.export(t, "auth", "UserPoolId", Ref(pool))
        self.export(t, "auth", "UserPoolClientId", Ref(client))
        self.export(
            t,
            "auth",
            "UserPoolArn",
            Join(
                "",
                [
                    "arn:",
                    Ref("AWS::Partition"),
                    ":cognito-idp:",
                    Ref("AWS::Region"),
                    ":",
                    Ref("AWS::AccountId"),
                    ":userpool/",
                    Ref(pool),
                ],
            ),
        )
        return t

    # --- compute -----------------------------------------------------------------------------

    def _role(self, t: Template, name: str, statements: list[Statement]) -> iam.Role:
        base = [
            Statement(
                Effect=Allow,
                Action=[CreateLogStream, PutLogEvents],
                Resource=[
                    Sub(
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/*"
                    )
                ],
            )
        ]
        return t.add_resource(
            iam.Role(
                _logical(name, "Role"),
                AssumeRolePolicyDocument=PolicyDocument(
                    Version="2012-10-17",
                    Statement=[
                        Statement(
                            Effect=Allow,
                            Action=[AssumeRole],
                            Principal=Principal("Service", ["lambda.amazonaws.com"]),
                        )
                    ],
                ),
                Policies=[
                    iam.Policy(
                        PolicyName=f"{name}-least-privilege",
                        PolicyDocument=PolicyDocument(
                            Version="2012-10-17", Statement=base + statements
                        ),
                    )
                ],
                Tags=self.tags("compute"),
            )
        )

    def compute(self) -> Template:
        t = self.template("compute")
        entities = {e.name: e for e in self.bp.entities}
        dynamo = self.bp.infrastructure.database == "dynamodb"
        tracing = awslambda.TracingConfig(
            Mode="Active" if self.bp.infrastructure.tracing else "PassThrough"
        )
        for r in self.bp.api.resources:
            e = entities.get(r.entity)
            if e is None:
                continue
            writes = bool({"create", "update", "delete"} & set(r.operations))
            actions = [GetItem, BatchGetItem, Query, Scan] + (
                [PutItem, UpdateItem, DeleteItem] if writes else []
            )
            statements = []
            env: dict[str, Any] = {"ENTITY": e.name, "PAGE_SIZE": str(r.pagination_limit or 50)}
            if r.roles and not r.public and self.cognito:
                env["ROLES"] = ",".join(r.roles)  # checked against the token's cognito:groups
            if e.tenant_scoped and self.multi_tenant:
                env["TENANT_FIELD"] = self.bp.tenancy.tenant_key  # from the custom:tenant claim
            if dynamo:
                arn = self.imported("data", f"{_logical(e.name)}TableArn")
                statements.append(
                    Statement(
                        Effect=Allow, Action=actions, Resource=[arn, Join("", [arn, "/index/*"])]
                    )
                )
                env["TABLE_NAME"] = self.imported("data", f"{_logical(e.name)}TableName")
            else:
                env["DATABASE_HOST"] = self.imported("data", "DatabaseEndpoint")
                env["TABLE_NAME"] = e.table
            if self.bp.infrastructure.structured_logging:
                env["LOG_FORMAT"] = "json"
            role = self._role(t, f"{e.name}Handler", statements)
            fn = t.add_resource(
                awslambda.Function(
                    _logical(e.name, "Handler"),
                    Runtime=RUNTIME,
                    Handler="index.handler",
                    Role=GetAtt(role, "Arn"),
                    Code=awslambda.Code(ZipFile=CRUD),
                    MemorySize=256,
                    Timeout=10,
                    Environment=awslambda.Environment(Variables=env),
                    TracingConfig=tracing,
                    Tags=self.tags("compute", **{"slipway:entity": e.name}),
                )
            )
            self.export(t, "compute", f"{_logical(e.name)}FunctionArn", GetAtt(fn, "Arn"))
            self.export(t, "compute", f"{_logical(e.name)}FunctionName", Ref(fn))
        health_role = self._role(t, "Health", [])
        health = t.add_resource(
            awslambda.Function(
                "HealthHandler",
                Runtime=RUNTIME,
                Handler="index.handler",
                Role=GetAtt(health_role, "Arn"),
                Code=awslambda.Code(ZipFile=HEALTH),
                MemorySize=128,
                Timeout=3,
                TracingConfig=tracing,
                Tags=self.tags("compute"),
            )
        )
        self.export(t, "compute", "HealthFunctionArn", GetAtt(health, "Arn"))
        self.export(t, "compute", "HealthFunctionName", Ref(health))
        for job in self.bp.workflows.jobs:
            role = self._role(t, f"{job.name}Job", [])
            fn = t.add_resource(
                awslambda.Function(
                    _logical(job.name, "Job"),
                    Runtime=RUNTIME,
                    Handler="index.handler",
                    Role=GetAtt(role, "Arn"),
                    Code=awslambda.Code(ZipFile=JOB),
                    MemorySize=256,
                    Timeout=60,
                    Environment=awslambda.Environment(Variables={"JOB_NAME": job.name}),
                    TracingConfig=tracing,
                    Tags=self.tags("compute"),
                )
            )
            rule = t.add_resource(
                events.Rule(
                    _logical(job.name, "Schedule"),
                    ScheduleExpression=job.schedule,
                    State="ENABLED",
                    Targets=[events.Target(Arn=GetAtt(fn, "Arn"), Id=_logical(job.name)[:64])],
                )
            )
            t.add_resource(
                awslambda.Permission(
                    _logical(job.name, "SchedulePermission"),
                    Action="lambda:InvokeFunction",
                    FunctionName=Ref(fn),
                    Principal="events.amazonaws.com",
                    SourceArn=GetAtt(rule, "Arn"),
                )
            )
            self.export(t, "compute", f"{_logical(job.name)}JobFunctionName", Ref(fn))
        return t

    def function_names(self) -> list[str]:
        names = [_logical(r.entity) for r in self.bp.api.resources if self.bp.entity(r.entity)]
        names.append("Health")
        names += [f"{_logical(j.name)}Job" for j in self.bp.workflows.jobs]
        return names

    # --- api ---------------------------------------------------------------------------------

    def api(self, with_auth: bool) -> Template:
        t = self.template("api")
        api = t.add_resource(
            apigatewayv2.Api(
                "HttpApi",
                Name=f"{self.bp.project.slug}-api",
                ProtocolType="HTTP",
                Tags={"slipway:project": self.project_id, "slipway:stack": "api"},
            )
        )
        t.add_resource(
            apigatewayv2.Stage(
                "DefaultStage", ApiId=Ref(api), StageName="$default", AutoDeploy=True
            )
        )
        authorizer = None
        if with_auth:
            authorizer = t.add_resource(
                apigatewayv2.Authorizer(
                    "JwtAuthorizer",
                    ApiId=Ref(api),
                    AuthorizerType="JWT",
                    Name="cognito-jwt",
                    IdentitySource=["$request.header.Authorization"],
                    JwtConfiguration=apigatewayv2.JWTConfiguration(
                        Audience=[self.imported("auth", "UserPoolClientId")],
                        Issuer=Join(
                            "",
                            [
                                "https://cognito-idp.",
                                Ref("AWS::Region"),
                                ".amazonaws.com/",
                                self.imported("auth", "UserPoolId"),
                            ],
                        ),
                    ),
                )
            )
        entities = {e.name for e in self.bp.entities}
        targets: list[tuple[str, str, list[str], bool]] = [
            (_logical(r.entity), r.base_path, list(r.operations), r.public)
            for r in self.bp.api.resources
            if r.entity in entities
        ]
        if self.bp.api.health_endpoint:
            targets.append(("Health", "/health", ["health"], True))
        for name, base, operations, public in targets:
            fn_arn = self.imported("compute", f"{name}FunctionArn")
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
                method, suffix = ("GET", "") if op == "health" else _ROUTES[op]
                props: dict[str, Any] = {
                    "ApiId": Ref(api),
                    "RouteKey": f"{method} {base}{suffix}",
                    "Target": Join("/", ["integrations", Ref(integration)]),
                }
                if authorizer is not None and not public:
                    props["AuthorizationType"] = "JWT"
                    props["AuthorizerId"] = Ref(authorizer)
                t.add_resource(apigatewayv2.Route(_logical(name, op, "Route"), **props))
            t.add_resource(
                awslambda.Permission(
                    f"{name}InvokePermission",
                    Action="lambda:InvokeFunction",
                    FunctionName=fn_arn,
                    Principal="apigateway.amazonaws.com",
                    SourceArn=Join(
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
                    ),
                )
            )
        t.add_output(
            Output(
                "ApiEndpoint",
                Value=Join(
                    "",
                    [
                        "https://",
                        Ref(api),
                        ".execute-api.",
                        Ref("AWS::Region"),
                        ".",
                        Ref("AWS::URLSuffix"),
                    ],
                ),
            )
        )
        return t

    # --- ops ---------------------------------------------------------------------------------

    def ops(self) -> Template:
        t = self.template("ops")
        infra = self.bp.infrastructure
        retention = infra.log_retention_days or 14
        allowed = (
            1,
            3,
            5,
            7,
            14,
            30,
            60,
            90,
            120,
            150,
            180,
            365,
            400,
            545,
            731,
            1096,
            1827,
            2192,
            2557,
            2922,
            3288,
            3653,
        )
        retention = next((d for d in allowed if d >= retention), 3653)
        for name in self.function_names():
            fn_name = self.imported("compute", f"{name}FunctionName")
            t.add_resource(
                logs.LogGroup(
                    f"{name}LogGroup",
                    LogGroupName=Join("", ["/aws/lambda/", fn_name]),
                    RetentionInDays=retention,
                    Tags=self.tags("ops"),
                )
            )
            if infra.alarms:
                t.add_resource(
                    cloudwatch.Alarm(
                        f"{name}ErrorsAlarm",
                        AlarmDescription=f"Errors of the {name} function",
                        Namespace="AWS/Lambda",
                        MetricName="Errors",
                        Dimensions=[cloudwatch.MetricDimension(Name="FunctionName", Value=fn_name)],
                        Statistic="Sum",
                        Period=300,
                        EvaluationPeriods=1,
                        Threshold=1,
                        ComparisonOperator="GreaterThanOrEqualToThreshold",
                        TreatMissingData="notBreaching",
                    )
                )
        for q in self.bp.workflows.queues:
            base = _logical(q.name)
            suffix = ".fifo" if q.fifo else ""
            props: dict[str, Any] = {
                "QueueName": f"{self.bp.project.slug}-{q.name}"[:70] + suffix,
                "VisibilityTimeout": q.visibility_timeout_seconds,
                "SqsManagedSseEnabled": True,
                "Tags": self.tags("ops"),
            }
            if q.fifo:
                props["FifoQueue"] = True
            if q.dead_letter:
                dlq_props: dict[str, Any] = {
                    "QueueName": f"{self.bp.project.slug}-{q.name}"[:66] + "-dlq" + suffix,
                    "MessageRetentionPeriod": 1209600,
                    "SqsManagedSseEnabled": True,
                    "Tags": self.tags("ops"),
                }
                if q.fifo:
                    dlq_props["FifoQueue"] = True
                dlq = t.add_resource(sqs.Queue(f"{base}DeadLetterQueue", **dlq_props))
                props["RedrivePolicy"] = sqs.RedrivePolicy(
                    deadLetterTargetArn=GetAtt(dlq, "Arn"), maxReceiveCount=5
                )
            queue = t.add_resource(sqs.Queue(f"{base}Queue", **props))
            self.export(t, "ops", f"{base}QueueUrl", Ref(queue))
        return t


def _body(t: Template) -> str:
    return json.dumps(t.to_dict(), sort_keys=True, indent=1)


def synthesize(
    bp: Blueprint, *, project_id: str, deployment_id: str | None = None
) -> list[StackTemplate]:
    """One template per stack, in dependency order. ``deployment_id`` does not change the
    bodies (it is applied as a stack-level tag); it is accepted for symmetry with ``stack_tags``."""
    s = _Stacks(bp, project_id)
    auth = s.auth()
    built: dict[str, Template] = {"data": s.data()}
    if auth is not None:
        built["auth"] = auth
    built["compute"] = s.compute()
    built["api"] = s.api(with_auth=auth is not None)
    built["ops"] = s.ops()
    stacks = []
    for key in STACK_KEYS:
        if key not in built:
            continue
        t = built[key]
        types = tuple(sorted({r.resource_type for r in t.resources.values()}))
        deps = tuple(d for d in DEPENDS[key] if d in built)
        stacks.append(
            StackTemplate(
                key=key, name=s.names[key], depends_on=deps, body=_body(t), resource_types=types
            )
        )
    order = [k for wave in stack_order(stacks) for k in wave]
    return sorted(stacks, key=lambda st: order.index(st.key))
