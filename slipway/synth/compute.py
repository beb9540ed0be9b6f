"""The compute stack: one CRUD function per API resource, a health function and scheduled jobs,
each with its own least-privilege role.

A CRUD function's environment carries its entity's rules (``FIELDS``), the tables of the
entities it references (``REF_TABLES``) and, on DynamoDB, of those referencing it
(``REFERENCED_BY``): see ``slipway/synth/lambdas/crud.py``. A PostgreSQL blueprint's functions
talk to the data stack's Aurora cluster through the RDS Data API (``postgres.py`` and the
schema are appended to their code)."""

from __future__ import annotations

import json
from typing import Any

from awacs.aws import Allow, Condition, PolicyDocument, Principal, Statement, StringEquals
from awacs.dynamodb import BatchGetItem, DeleteItem, GetItem, PutItem, Query, Scan, UpdateItem
from awacs.kms import Decrypt, DescribeKey, Encrypt, GenerateDataKey
from awacs.logs import CreateLogStream, PutLogEvents
from awacs.rds_data import (
    BeginTransaction,
    CommitTransaction,
    ExecuteStatement,
    RollbackTransaction,
)
from awacs.secretsmanager import DescribeSecret, GetSecretValue
from awacs.sts import AssumeRole
from troposphere import FindInMap, GetAtt, Join, Ref, Sub, Template, awslambda, events, iam

from slipway.ir import ApiResource, EntityDef, ScheduledJob
from slipway.synth.context import Synth
from slipway.synth.handlers import CRUD, HEALTH, JOB, POSTGRES
from slipway.synth.naming import database_name, logical
from slipway.synth.schema import AUDIT_TABLE, schema_source

RUNTIME = "python3.12"
LOG_ARN = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/*"


def build_compute(s: Synth) -> Template:
    t = s.template("compute")
    entities = {e.name: e for e in s.bp.entities}
    served = [(r, entities[r.entity]) for r in s.bp.api.resources if r.entity in entities]
    sources = {"Crud": CRUD} if served else {}
    if served and not s.dynamo:
        sources["Postgres"] = POSTGRES
        sources["Schema"] = schema_source(s.bp, stamped_tenant=bool(s.bp.tenancy.tenant_key))
    sources["Health"] = HEALTH
    if s.bp.workflows.jobs:
        sources["Job"] = JOB
    # each source once, whatever the number of functions running it
    t.add_mapping("Handlers", {name: {"Source": text} for name, text in sources.items()})
    for r, e in served:
        _crud_function(s, t, r, e)
    health = _function(s, t, "HealthHandler", _role(s, t, "Health", []), "Health", (128, 3))
    s.export(t, "compute", "HealthFunctionArn", GetAtt(health, "Arn"))
    s.export(t, "compute", "HealthFunctionName", Ref(health))
    for job in s.bp.workflows.jobs:
        _job(s, t, job)
    return t


def function_names(s: Synth) -> list[str]:
    """The name stems of every function the compute stack exports (``<stem>FunctionName``)."""
    names = [logical(r.entity) for r in s.bp.api.resources if s.entity(r.entity)]
    names.append("Health")
    names += [f"{logical(j.name)}Job" for j in s.bp.workflows.jobs]
    return names


def _function(
    s: Synth,
    t: Template,
    logical_id: str,
    role: iam.Role,
    source: str | tuple[str, ...],
    size: tuple[int, int],
    env: dict[str, Any] | None = None,
    **tags: str,
) -> awslambda.Function:
    """A Python function running one of the ``Handlers`` sources (several, joined, for a
    tuple); ``size``: memory (MB) and timeout (s)."""
    names = (source,) if isinstance(source, str) else source
    parts = [FindInMap("Handlers", name, "Source") for name in names]
    props: dict[str, Any] = {
        "Runtime": RUNTIME,
        "Handler": "index.handler",
        "Role": GetAtt(role, "Arn"),
        "Code": awslambda.Code(ZipFile=parts[0] if len(parts) == 1 else Join("", parts)),
        "MemorySize": size[0],
        "Timeout": size[1],
        "TracingConfig": awslambda.TracingConfig(
            Mode="Active" if s.bp.infrastructure.tracing else "PassThrough"
        ),
        "Tags": s.tags("compute", **tags),
    }
    if env is not None:
        props["Environment"] = awslambda.Environment(Variables=env)
    return t.add_resource(awslambda.Function(logical_id, **props))


def _role(s: Synth, t: Template, name: str, statements: list[Statement]) -> iam.Role:
    base = [
        Statement(
            Effect=Allow,
            Action=[CreateLogStream, PutLogEvents],
            Resource=[Sub(LOG_ARN)],
        )
    ]
    return t.add_resource(
        iam.Role(
            logical(name, "Role"),
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
            Tags=s.tags("compute"),
        )
    )


def _crud_access(s: Synth, r: ApiResource, e: EntityDef) -> tuple[list[Statement], dict[str, Any]]:
    """The IAM statements and environment of an entity's CRUD function."""
    writes = bool({"create", "update", "delete"} & set(r.operations))
    actions = [GetItem, BatchGetItem, Query, Scan] + (
        [PutItem, UpdateItem, DeleteItem] if writes else []
    )
    statements = []
    env: dict[str, Any] = {"ENTITY": e.name, "PAGE_SIZE": str(r.pagination_limit or 100)}
    env["FIELDS"] = json.dumps(field_rules(s, e), separators=(",", ":"), sort_keys=True)
    if r.roles and not r.public and s.cognito:
        env["ROLES"] = ",".join(r.roles)  # checked against the token's cognito:groups
    if e.tenant_scoped and s.bp.tenancy.tenant_key:
        # from the custom:tenant claim; a caller without one (an API key, an open route) is
        # refused, as in the CDK project: never every tenant's rows
        env["TENANT_FIELD"] = s.bp.tenancy.tenant_key
    if s.dynamo:
        arn = s.imported("data", f"{logical(e.name)}TableArn")
        statements.append(
            Statement(Effect=Allow, Action=actions, Resource=[arn, Join("", [arn, "/index/*"])])
        )
        env["TABLE_NAME"] = s.imported("data", f"{logical(e.name)}TableName")
        statements += _references(s, e, env, "delete" in r.operations)
        statements += _protections(s, e, env, writes)
    else:
        statements += _postgres(s, e, env, writes)
    if s.bp.infrastructure.structured_logging:
        env["LOG_FORMAT"] = "json"
    return statements, env


def field_rules(s: Synth, e: EntityDef) -> dict[str, dict[str, Any]]:
    """The rules a CRUD function checks bodies against (``FIELDS``): every writable field's
    type, required, unique (not of encrypted fields: their ciphertexts never compare equal),
    maximum length, enum values, default, referenced entity, and ``key`` for the hash keys of
    the table's indexes (DynamoDB refuses an empty string there)."""
    sealed = set(s.encrypted_fields(e))
    keys = {i.fields[0] for i in e.indexes if i.fields} - sealed if s.dynamo else set()
    out: dict[str, dict[str, Any]] = {}
    for f in e.fields:
        if f.managed or f.primary:
            continue
        spec: dict[str, Any] = {"type": f.type}
        flags = {
            "required": f.required,
            "unique": f.unique and f.name not in sealed,
            "key": f.name in keys,
        }
        spec.update({k: True for k, on in flags.items() if on})
        if f.max_length:
            spec["maxLength"] = f.max_length
        if f.type == "enum":
            spec["enum"] = list(f.enum_values)
        if f.default is not None:
            spec["default"] = f.default
        if f.references and s.entity(f.references):
            spec["ref"] = f.references
        out[f.name] = spec
    return out


def _references(s: Synth, e: EntityDef, env: dict[str, Any], deletes: bool) -> list[Statement]:
    """DynamoDB: the tables of the entities ``e`` references (read to check a reference) and,
    for a function that deletes, of those referencing ``e`` (scanned: a referenced item is
    not hard-deleted)."""
    targets = sorted({spec["ref"] for spec in field_rules(s, e).values() if "ref" in spec})
    statements = []
    if targets:
        env["REF_TABLES"] = Join(
            ",",
            [Join("", [f"{t}=", s.imported("data", f"{logical(t)}TableName")]) for t in targets],
        )
        arns = [s.imported("data", f"{logical(t)}TableArn") for t in targets]
        statements.append(Statement(Effect=Allow, Action=[GetItem], Resource=arns))
    sources = s.referencing(e.name)
    if sources and deletes and not e.soft_delete:
        env["REFERENCED_BY"] = Join(
            ",",
            [
                Join("", [s.imported("data", f"{logical(o.name)}TableName"), f":{name}"])
                for o, name in sources
            ],
        )
        arns = sorted({logical(o.name) for o, _ in sources})
        resources = [s.imported("data", f"{a}TableArn") for a in arns]
        statements.append(Statement(Effect=Allow, Action=[Scan], Resource=resources))
    return statements


def _postgres(s: Synth, e: EntityDef, env: dict[str, Any], writes: bool) -> list[Statement]:
    """The Data API connection of a PostgreSQL blueprint's function: the cluster, the secret
    holding its credentials (by name: the function looks its ARN up), the database and table,
    the referenced tables and, for audited entities, the audit table (same transaction)."""
    env["STORE"] = "postgres"
    env["DB_CLUSTER_ARN"] = s.imported("data", "DatabaseClusterArn")
    env["DB_SECRET_NAME"] = s.imported("data", "DatabaseSecretName")
    env["DB_NAME"] = database_name(s.bp)
    env["TABLE_NAME"] = e.table
    if e.soft_delete:
        env["SOFT_DELETE"] = "1"
    targets = sorted({spec["ref"] for spec in field_rules(s, e).values() if "ref" in spec})
    if targets:
        tables = {x.name: x.table for x in s.bp.entities}
        env["REF_TABLES"] = ",".join(f"{t}={tables[t]}" for t in targets)
    if e.audit_log and writes:
        env["AUDIT_TABLE"] = AUDIT_TABLE
        refs = [f.name for f in e.fields if f.references]
        if refs:
            env["AUDIT_IDS"] = ",".join(refs)
    secret = Join(
        "",
        [
            Sub("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:"),
            s.imported("data", "DatabaseSecretName"),
            "-??????",
        ],
    )
    data_api = [ExecuteStatement, BeginTransaction, CommitTransaction, RollbackTransaction]
    return [
        Statement(Effect=Allow, Action=data_api, Resource=[env["DB_CLUSTER_ARN"]]),
        Statement(Effect=Allow, Action=[GetSecretValue, DescribeSecret], Resource=[secret]),
    ]


def _protections(s: Synth, e: EntityDef, env: dict[str, Any], writes: bool) -> list[Statement]:
    """Soft delete, field-level encryption and the audit log of a DynamoDB entity: their
    environment (added to ``env``) and IAM statements."""
    statements = []
    if e.soft_delete:
        env["SOFT_DELETE"] = "1"
    sealed = s.encrypted_fields(e)
    if sealed:
        env["ENCRYPTED"] = ",".join(sealed)
        env["KMS_KEY_ID"] = s.imported("data", "DataKeyArn")
        key = s.imported("data", "DataKeyArn")
        own_table = {"kms:EncryptionContext:table": env["TABLE_NAME"]}
        statements.append(  # field-level encryption: values of its own table only
            Statement(
                Effect=Allow,
                Action=[Encrypt, Decrypt] if writes else [Decrypt],
                Resource=[key],
                Condition=Condition([StringEquals(own_table)]),
            )
        )
        through_dynamodb = {"kms:ViaService": Sub("dynamodb.${AWS::Region}.amazonaws.com")}
        statements.append(  # the table's server-side encryption, used by DynamoDB for it
            Statement(
                Effect=Allow,
                Action=[Decrypt, DescribeKey, Encrypt, GenerateDataKey],
                Resource=[key],
                Condition=Condition([StringEquals(through_dynamodb)]),
            )
        )
    if e.audit_log and writes:
        env["AUDIT_TABLE"] = s.imported("data", "AuditTableName")
        refs = [f.name for f in e.fields if f.references and f.name not in sealed]
        if refs:
            env["AUDIT_IDS"] = ",".join(refs)
        # append-only: the function may add audit items, never read, change or delete them
        audit = s.imported("data", "AuditTableArn")
        statements.append(Statement(Effect=Allow, Action=[PutItem], Resource=[audit]))
    return statements


def _crud_function(s: Synth, t: Template, r: ApiResource, e: EntityDef) -> None:
    statements, env = _crud_access(s, r, e)
    role = _role(s, t, f"{e.name}Handler", statements)
    tags = {"slipway:entity": e.name}
    code = ("Crud",) if s.dynamo else ("Crud", "Postgres", "Schema")
    fn = _function(s, t, logical(e.name, "Handler"), role, code, (256, 10), env, **tags)
    s.export(t, "compute", f"{logical(e.name)}FunctionArn", GetAtt(fn, "Arn"))
    s.export(t, "compute", f"{logical(e.name)}FunctionName", Ref(fn))


def _job(s: Synth, t: Template, job: ScheduledJob) -> None:
    role = _role(s, t, f"{job.name}Job", [])
    env = {"JOB_NAME": job.name}
    fn = _function(s, t, logical(job.name, "Job"), role, "Job", (256, 60), env)
    rule = t.add_resource(
        events.Rule(
            logical(job.name, "Schedule"),
            ScheduleExpression=job.schedule,
            State="ENABLED",
            Targets=[events.Target(Arn=GetAtt(fn, "Arn"), Id=logical(job.name)[:64])],
        )
    )
    t.add_resource(
        awslambda.Permission(
            logical(job.name, "SchedulePermission"),
            Action="lambda:InvokeFunction",
            FunctionName=Ref(fn),
            Principal="events.amazonaws.com",
            SourceArn=GetAtt(rule, "Arn"),
        )
    )
    s.export(t, "compute", f"{logical(job.name)}JobFunctionName", Ref(fn))
