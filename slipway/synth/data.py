"""The data stack: DynamoDB tables (or one PostgreSQL instance) and S3 buckets."""

from __future__ import annotations

from typing import Any

from troposphere import GetAtt, Ref, Template, dynamodb, rds, s3

from slipway.ir import EntityDef
from slipway.synth.context import Synth
from slipway.synth.naming import database_name, logical

MAX_GSI = 20


def build_data(s: Synth) -> Template:
    t = s.template("data")
    if s.bp.infrastructure.database == "postgres":
        _database(s, t)
    else:
        for e in s.bp.entities:
            table = t.add_resource(_table(s, e))
            s.export(t, "data", f"{logical(e.name)}TableName", Ref(table))
            s.export(t, "data", f"{logical(e.name)}TableArn", GetAtt(table, "Arn"))
    for bucket in s.bp.infrastructure.buckets:
        _bucket(s, t, bucket)
    return t


def _database(s: Synth, t: Template) -> None:
    infra = s.bp.infrastructure
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
            DBName=database_name(s.bp),
            BackupRetentionPeriod=7 if infra.backups else 1,
            PubliclyAccessible=False,
            DeletionProtection=False,
            Tags=s.tags("data"),
        )
    )
    db.DeletionPolicy = "Snapshot"
    db.UpdateReplacePolicy = "Snapshot"
    s.export(t, "data", "DatabaseEndpoint", GetAtt(db, "Endpoint.Address"))


def _bucket(s: Synth, t: Template, bucket: str) -> None:
    b = t.add_resource(
        s3.Bucket(
            logical(bucket, "Bucket"),
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
            Tags=s.tags("data"),
        )
    )
    b.DeletionPolicy = "Retain"
    b.UpdateReplacePolicy = "Retain"
    s.export(t, "data", f"{logical(bucket)}BucketName", Ref(b))


def _gsis(s: Synth, e: EntityDef) -> tuple[set[str], list[dynamodb.GlobalSecondaryIndex]]:
    """The key attributes and global secondary indexes of an entity's table."""
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
        if s.bp.infrastructure.billing_mode == "PROVISIONED":
            gsi["ProvisionedThroughput"] = dynamodb.ProvisionedThroughput(
                ReadCapacityUnits=5, WriteCapacityUnits=5
            )
        gsis.append(dynamodb.GlobalSecondaryIndex(**gsi))
    return attrs, gsis


def _table(s: Synth, e: EntityDef) -> dynamodb.Table:
    infra = s.bp.infrastructure
    attrs, gsis = _gsis(s, e)
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
        "Tags": s.tags("data", **{"slipway:entity": e.name}),
    }
    if gsis:
        props["GlobalSecondaryIndexes"] = gsis
    if infra.billing_mode == "PROVISIONED":
        props["ProvisionedThroughput"] = dynamodb.ProvisionedThroughput(
            ReadCapacityUnits=5, WriteCapacityUnits=5
        )
    table = dynamodb.Table(logical(e.name, "Table"), **props)
    table.DeletionPolicy = "Retain"
    table.UpdateReplacePolicy = "Retain"
    return table
