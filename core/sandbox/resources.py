"""A sandbox's resources: what the data stack of its revision would create, made directly on the
local AWS (and, for PostgreSQL blueprints, a schema of its own in a PostgreSQL database), named
after the project and the sandbox's generation so sandboxes never share data.

``provision`` makes (or, for a new revision that keeps the data, completes) them from the
synthesized data template: DynamoDB tables with the template's keys and indexes, the KMS key of
encrypted fields, the audit table; or the credentials' secret, the schema and the Data API
registration. ``exports`` answers the data stack's exports with them, which is all the compute
stack's functions import. ``destroy`` removes everything, data included.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import psycopg
from botocore.exceptions import ClientError
from psycopg import sql

from core import aws
from core.sandbox.dataapi import DATA_API, Target
from core.settings import Settings
from slipway.synth.naming import StackTemplate, project_key

ACCOUNT = "123456789012"


@dataclass
class Resources:
    """What a sandbox made (stored with it, so it can always be removed)."""

    prefix: str
    store: str
    tables: dict[str, str] = field(default_factory=dict)
    """Data-template logical ID → table name."""
    key_arn: str | None = None
    secret_arn: str | None = None
    secret_name: str | None = None
    schema: str | None = None
    cluster_arn: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Resources:
        return cls(**data)


def prefix_of(project_id: str, nonce: str) -> str:
    return f"sbx-{project_key(project_id)}-{nonce}"


def new_nonce() -> str:
    return secrets.token_hex(4)


def _data_template(stacks: list[StackTemplate]) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(next(s for s in stacks if s.key == "data").body)
    return body


def _table_args(props: dict[str, Any]) -> dict[str, Any]:
    """CreateTable arguments of a template's table (on demand: a sandbox has no capacity)."""
    args: dict[str, Any] = {
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": "PAY_PER_REQUEST",
    }
    indexes = [
        {k: v for k, v in gsi.items() if k != "ProvisionedThroughput"}
        for gsi in props.get("GlobalSecondaryIndexes", [])
    ]
    if indexes:
        args["GlobalSecondaryIndexes"] = indexes
    return args


class Provisioner:
    """Makes and removes sandbox resources on the configured AWS and PostgreSQL."""

    def __init__(self, settings: Settings, postgres_url: str | None) -> None:
        self.settings = settings
        self.postgres_url = postgres_url
        self.region = settings.aws_region

    def _client(self, service: str) -> Any:
        return aws.shared_client(service, self.settings)

    def provision(self, stacks: list[StackTemplate], res: Resources) -> None:
        """Create what is missing (idempotent: a kept sandbox gets its new tables and indexes)."""
        data = _data_template(stacks)
        for logical_id, resource in sorted(data["Resources"].items()):
            kind, props = resource["Type"], resource.get("Properties", {})
            if kind == "AWS::DynamoDB::Table":
                name = res.tables.setdefault(logical_id, f"{res.prefix}-{logical_id}"[:255])
                self._table(name, _table_args(props))
            elif kind == "AWS::KMS::Key" and res.key_arn is None:
                key = self._client("kms").create_key(Description=f"Slipway sandbox {res.prefix}")
                res.key_arn = str(key["KeyMetadata"]["Arn"])
            elif kind == "AWS::RDS::DBCluster":
                self._postgres(res)

    def _table(self, name: str, args: dict[str, Any]) -> None:
        dynamodb = self._client("dynamodb")
        try:
            current = dynamodb.describe_table(TableName=name)["Table"]
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            dynamodb.create_table(TableName=name, **args)
            return
        have = {i["IndexName"] for i in current.get("GlobalSecondaryIndexes", [])}
        for gsi in args.get("GlobalSecondaryIndexes", []):
            if gsi["IndexName"] in have:
                continue
            keys = {k["AttributeName"] for k in gsi["KeySchema"]}
            dynamodb.update_table(
                TableName=name,
                AttributeDefinitions=[
                    a for a in args["AttributeDefinitions"] if a["AttributeName"] in keys
                ],
                GlobalSecondaryIndexUpdates=[{"Create": gsi}],
            )

    def _postgres(self, res: Resources) -> None:
        if self.postgres_url is None:
            raise RuntimeError("no PostgreSQL for PostgreSQL sandboxes")
        res.schema = res.schema or res.prefix.replace("-", "_")
        res.cluster_arn = f"arn:aws:rds:{self.region}:{ACCOUNT}:cluster:{res.prefix}"
        if res.secret_arn is None:
            res.secret_name = f"{res.prefix}-db-credentials"
            secret = self._client("secretsmanager").create_secret(
                Name=res.secret_name,
                SecretString=json.dumps({"username": "sandbox", "password": secrets.token_hex()}),
            )
            res.secret_arn = str(secret["ARN"])
        with psycopg.connect(self.postgres_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(res.schema))
            )
        self.attach(res)

    def attach(self, res: Resources) -> None:
        """Route the sandbox cluster's Data API calls to its schema (every API process does this
        before serving the sandbox)."""
        if res.cluster_arn and res.schema and res.secret_arn and self.postgres_url:
            DATA_API.register(
                res.cluster_arn, Target(self.postgres_url, res.schema, res.secret_arn)
            )

    def exports(self, stacks: list[StackTemplate], res: Resources) -> dict[str, str]:
        """The data stack's exports, answered by the sandbox's resources."""
        data = _data_template(stacks)
        out: dict[str, str] = {}
        for name, output in data.get("Outputs", {}).items():
            export = output.get("Export", {}).get("Name")
            value = self._output(name, output["Value"], res)
            if export and value is not None:
                out[export] = value
        return out

    def _output(self, name: str, value: Any, res: Resources) -> str | None:
        if name == "DatabaseClusterArn":
            return res.cluster_arn
        if name == "DatabaseSecretName":
            return res.secret_name
        ref = value.get("Ref") if isinstance(value, dict) else None
        att = value.get("Fn::GetAtt") if isinstance(value, dict) else None
        logical = ref or (att[0] if att else None)
        if logical in res.tables:
            table = res.tables[logical]
            arn = f"arn:aws:dynamodb:{self.region}:{ACCOUNT}:table/{table}"
            return table if ref else arn
        if logical == "DataKey" and att:
            return res.key_arn
        return None  # buckets: no function imports them

    def destroy(self, res: Resources) -> None:
        """Remove the sandbox's resources and their data (whatever is left of them)."""
        dynamodb = self._client("dynamodb")
        for table in res.tables.values():
            with contextlib.suppress(ClientError):
                dynamodb.delete_table(TableName=table)
        if res.key_arn:
            with contextlib.suppress(ClientError):
                self._client("kms").schedule_key_deletion(KeyId=res.key_arn, PendingWindowInDays=7)
        if res.secret_arn:
            with contextlib.suppress(ClientError):
                self._client("secretsmanager").delete_secret(
                    SecretId=res.secret_arn, ForceDeleteWithoutRecovery=True
                )
        if res.cluster_arn:
            DATA_API.unregister(res.cluster_arn)
        if res.schema and self.postgres_url:
            with psycopg.connect(self.postgres_url, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(res.schema))
                )
