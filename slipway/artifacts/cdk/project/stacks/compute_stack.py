"""Compute stack: one CRUD Lambda per API resource with least-privilege access (its table, its
entity's keys, PutItem only on the audit table; on PostgreSQL the Data API of the cluster and
its credentials' secret), the health function, the scheduled jobs and, for the JWT strategies,
the authorizer (which may read the signing secret and nothing else)."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as _lambda
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from stacks.config import HANDLERS, Config, EntityConfig, FunctionConfig, JobConfig
from stacks.data_stack import Database

DATA_API = (
    "rds-data:ExecuteStatement",
    "rds-data:BeginTransaction",
    "rds-data:CommitTransaction",
    "rds-data:RollbackTransaction",
)


class ComputeStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: Config,
        tables: dict[str, dynamodb.Table],
        field_keys: dict[str, kms.Key],
        mac_keys: dict[str, kms.Key],
        audit_table: dynamodb.Table | None,
        database: Database | None,
        jwt_secret: secretsmanager.ISecret | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.tables = tables
        self.field_keys = field_keys
        self.mac_keys = mac_keys
        self.audit_table = audit_table
        self.database = database
        self.code = _lambda.Code.from_asset(HANDLERS)
        self.tracing = _lambda.Tracing.ACTIVE if config["ops"]["tracing"] else None
        entities = {e["name"]: e for e in config["entities"]}
        self.functions: dict[str, _lambda.Function] = {
            fn["id"]: self._crud(fn, entities[fn["entity"]]) for fn in config["functions"]
        }
        self.health = _lambda.Function(
            self,
            "HealthHandler",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="health.handler",
            code=self.code,
            tracing=self.tracing,
        )
        for job in config["jobs"]:
            self._job(job)
        self.authorizer = self._authorizer(jwt_secret) if jwt_secret is not None else None

    def _job(self, job: JobConfig) -> None:
        fn = _lambda.Function(
            self,
            f"{job['id']}Job",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="job.handler",
            code=self.code,
            timeout=Duration.seconds(60),
            environment={"JOB_NAME": job["name"]},
            tracing=self.tracing,
        )
        events.Rule(
            self,
            f"{job['id']}Schedule",
            schedule=events.Schedule.expression(job["schedule"]),
            targets=[targets.LambdaFunction(fn)],
        )

    def _authorizer(self, jwt_secret: secretsmanager.ISecret) -> _lambda.Function:
        """The JWT authorizer: it may read the signing secret and nothing else."""
        authorizer = _lambda.Function(
            self,
            "AuthorizerHandler",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="authorizer.handler",
            code=self.code,
            environment={"JWT_SECRET_ARN": jwt_secret.secret_arn},
            tracing=self.tracing,
        )
        jwt_secret.grant_read(authorizer)
        return authorizer

    def _crud(self, fn: FunctionConfig, entity: EntityConfig) -> _lambda.Function:
        environment = {"RESOURCE": fn["id"]}
        environment.update(self._store_environment(entity))
        field_key = self.field_keys.get(entity["name"])
        mac_key = self.mac_keys.get(entity["name"])
        if field_key is not None:
            environment["FIELD_KEY_ARN"] = field_key.key_arn
        if mac_key is not None:
            environment["MAC_KEY_ARN"] = mac_key.key_arn
        audited = entity["auditLog"] and self.audit_table is not None and fn["writes"]
        if audited and self.audit_table is not None:
            environment["AUDIT_TABLE"] = self.audit_table.table_name
        function = _lambda.Function(
            self,
            f"{fn['id']}Handler",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="crud.handler",
            code=self.code,
            timeout=Duration.seconds(10),
            memory_size=256,
            environment=environment,
            tracing=self.tracing,
        )
        self._grant(function, fn, entity, field_key, mac_key)
        if audited and self.audit_table is not None:
            self.audit_table.grant(function, "dynamodb:PutItem")  # append-only
        return function

    def _store_environment(self, entity: EntityConfig) -> dict[str, str]:
        if self.database is None:
            return {"TABLE_NAME": self.tables[entity["name"]].table_name}
        return {  # the RDS Data API: see handlers/postgres_store.py
            "STORE": "postgres",
            "TABLE_NAME": entity["table"],
            "DB_CLUSTER_ARN": self.database.cluster_arn,
            "DB_SECRET_ARN": self.database.secret.secret_arn,
            "DB_NAME": self.config["database"]["name"],
        }

    def _grant(
        self,
        function: _lambda.Function,
        fn: FunctionConfig,
        entity: EntityConfig,
        field_key: kms.Key | None,
        mac_key: kms.Key | None,
    ) -> None:
        if self.database is not None:  # the cluster's Data API, with its credentials' secret
            function.add_to_role_policy(
                iam.PolicyStatement(actions=list(DATA_API), resources=[self.database.cluster_arn])
            )
            self.database.secret.grant_read(function)
        elif fn["writes"]:
            self.tables[entity["name"]].grant_read_write_data(function)
        else:
            self.tables[entity["name"]].grant_read_data(function)
        if field_key is not None:
            if fn["writes"]:
                field_key.grant_encrypt_decrypt(function)
            else:
                field_key.grant_decrypt(function)
        if mac_key is not None and fn["writes"]:
            mac_key.grant(function, "kms:GenerateMac")
