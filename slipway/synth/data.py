"""The data stack: DynamoDB tables (or one Aurora PostgreSQL cluster), S3 buckets and, for
DynamoDB blueprints, the customer-managed KMS key of encrypted fields and the audit table.

PostgreSQL is Aurora Serverless v2 with the RDS Data API: the CRUD functions reach it over
HTTPS with IAM and the credentials' secret, so they need no driver, no VPC attachment and no
connection pool, while the cluster itself sits in private subnets of its own VPC with no route
out and nothing listening to the Internet. The local moto server models neither a DB cluster
nor a Secrets Manager secret in CloudFormation (it skips both), so the exports never read
their attributes: the cluster's ARN is built from its explicit identifier and the secret is
named (the functions look its ARN up), which is equivalent on AWS."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from awacs import kms as awacs_kms
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from troposphere import (
    GetAtt,
    GetAZs,
    Ref,
    Select,
    Sub,
    Template,
    dynamodb,
    ec2,
    kms,
    rds,
    s3,
    secretsmanager,
)

from slipway.ir import EntityDef
from slipway.synth.context import Synth
from slipway.synth.naming import database_name, logical

MAX_GSI = 20
AURORA_ENGINE_VERSION = "17.7"  # supported by Serverless v2 and the Data API
AURORA_CAPACITY = (0.5, 8.0)  # ACUs: the floor bills around the clock, the ceiling caps a spike


def build_data(s: Synth) -> Template:
    t = s.template("data")
    key = _key(s, t) if s.kms else None
    if s.bp.infrastructure.database == "postgres":
        _database(s, t)
    else:
        for e in s.bp.entities:
            table = t.add_resource(_table(s, e, key if s.encrypted_fields(e) else None))
            s.export(t, "data", f"{logical(e.name)}TableName", Ref(table))
            s.export(t, "data", f"{logical(e.name)}TableArn", GetAtt(table, "Arn"))
    for bucket in s.bp.infrastructure.buckets:
        _bucket(s, t, bucket)
    if s.audited:
        _audit_table(s, t)
    return t


def _key(s: Synth, t: Template) -> kms.Key:
    """The customer-managed key of a blueprint with encrypted fields: server-side encryption of
    their tables, and the field-level encryption of the CRUD functions (each function's role may
    use it only with its own table in the encryption context). Rotated yearly; retained when the
    stack goes, since data encrypted under it is unreadable without it."""
    account = Principal("AWS", [Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")])
    policy = PolicyDocument(
        Version="2012-10-17",
        Statement=[
            # the account administers the key; IAM policies (the functions' roles) grant its use
            Statement(
                Sid="AccountAdministersKey",
                Effect=Allow,
                Principal=account,
                Action=[awacs_kms.Action("*")],
                Resource=["*"],
            ),
            Statement(
                Sid="DynamoDBReadsKeyMetadata",
                Effect=Allow,
                Principal=Principal("Service", ["dynamodb.amazonaws.com"]),
                Action=[awacs_kms.Action("Describe*"), awacs_kms.Action("Get*")],
                Resource=["*"],
            ),
        ],
    )
    key = t.add_resource(
        kms.Key(
            "DataKey",
            Description=f"Slipway data key of {s.bp.project.name}: tables and encrypted fields",
            EnableKeyRotation=True,
            KeyPolicy=policy,
            PendingWindowInDays=30,
            # no Tags in the body: moto's KMS model cannot read CloudFormation's Key/Value tags;
            # the key gets the stack-level tags (slipway:project, :stack) CloudFormation applies
        )
    )
    key.DeletionPolicy = "Retain"
    key.UpdateReplacePolicy = "Retain"
    t.add_resource(
        kms.Alias("DataKeyAlias", AliasName=f"alias/{s.names['data']}", TargetKeyId=Ref(key))
    )
    s.export(t, "data", "DataKeyArn", GetAtt(key, "Arn"))
    return key


def _audit_table(s: Synth, t: Template) -> None:
    """Append-only history of audit-logged entities: one item per change, keyed by record
    (``<Entity>#<id>``) and time, so one record's history is a single query. Point-in-time
    recovery is always on, and the table outlives the stack."""
    props: dict[str, Any] = {
        "BillingMode": s.bp.infrastructure.billing_mode,
        "AttributeDefinitions": [
            dynamodb.AttributeDefinition(AttributeName="at", AttributeType="S"),
            dynamodb.AttributeDefinition(AttributeName="record", AttributeType="S"),
        ],
        "KeySchema": [
            dynamodb.KeySchema(AttributeName="record", KeyType="HASH"),
            dynamodb.KeySchema(AttributeName="at", KeyType="RANGE"),
        ],
        "SSESpecification": dynamodb.SSESpecification(SSEEnabled=True),
        "PointInTimeRecoverySpecification": dynamodb.PointInTimeRecoverySpecification(
            PointInTimeRecoveryEnabled=True
        ),
        "Tags": s.tags("data", **{"slipway:table": "audit"}),
    }
    if s.bp.infrastructure.billing_mode == "PROVISIONED":
        props["ProvisionedThroughput"] = dynamodb.ProvisionedThroughput(
            ReadCapacityUnits=5, WriteCapacityUnits=5
        )
    table = t.add_resource(dynamodb.Table("AuditTable", **props))
    table.DeletionPolicy = "Retain"
    table.UpdateReplacePolicy = "Retain"
    s.export(t, "data", "AuditTableName", Ref(table))
    s.export(t, "data", "AuditTableArn", GetAtt(table, "Arn"))


def cluster_identifier_for(data_stack: str) -> str:
    """The Aurora cluster's identifier for the data stack named ``data_stack`` (63 characters
    at most, lower case, no ``--``): the CDK project names its cluster the same way."""
    name = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", f"{data_stack}-db".lower()))
    if len(name) > 63:
        name = name[:54].rstrip("-") + "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return name.strip("-")


def secret_name_for(data_stack: str) -> str:
    return f"{data_stack}-db-credentials"


def cluster_identifier(s: Synth) -> str:
    return cluster_identifier_for(s.names["data"])


def secret_name(s: Synth) -> str:
    return secret_name_for(s.names["data"])


def _subnets(s: Synth, t: Template) -> rds.DBSubnetGroup:
    """Two private subnets (no route out) of the database's own VPC."""
    vpc = t.add_resource(ec2.VPC("DatabaseVpc", CidrBlock="10.42.0.0/16", Tags=s.tags("data")))
    subnets = [
        t.add_resource(
            ec2.Subnet(
                f"DatabaseSubnet{n}",
                VpcId=Ref(vpc),
                CidrBlock=f"10.42.{16 * n}.0/20",
                AvailabilityZone=Select(n, GetAZs("")),
                Tags=s.tags("data"),
            )
        )
        for n in range(2)
    ]
    return t.add_resource(
        rds.DBSubnetGroup(
            "DatabaseSubnets",
            DBSubnetGroupDescription=f"Private subnets of {s.bp.project.name}'s database",
            SubnetIds=[Ref(n) for n in subnets],
            Tags=s.tags("data"),
        )
    )


def _secret(s: Synth, t: Template) -> secretsmanager.Secret:
    """The master credentials, generated by Secrets Manager (never in the template)."""
    return t.add_resource(
        secretsmanager.Secret(
            "DatabaseSecret",
            Name=secret_name(s),
            Description=f"Master credentials of {s.bp.project.name}'s Aurora cluster",
            GenerateSecretString=secretsmanager.GenerateSecretString(
                SecretStringTemplate='{"username": "slipway"}',
                GenerateStringKey="password",
                PasswordLength=32,
                ExcludeCharacters="\"@/\\ '",
            ),
            Tags=s.tags("data"),
        )
    )


def _database(s: Synth, t: Template) -> None:
    """Aurora Serverless v2 (PostgreSQL) with the Data API, in two private subnets, its master
    credentials generated into a Secrets Manager secret."""
    infra = s.bp.infrastructure
    group = _subnets(s, t)
    secret = _secret(s, t)
    ident = cluster_identifier(s)
    resolve = "{{resolve:secretsmanager:${DatabaseSecret}:SecretString:%s}}"
    cluster = t.add_resource(
        rds.DBCluster(
            "DatabaseCluster",
            DBClusterIdentifier=ident,
            Engine="aurora-postgresql",
            EngineVersion=AURORA_ENGINE_VERSION,
            DatabaseName=database_name(s.bp),
            MasterUsername=Sub(resolve % "username"),
            MasterUserPassword=Sub(resolve % "password"),
            EnableHttpEndpoint=True,
            ServerlessV2ScalingConfiguration=rds.ServerlessV2ScalingConfiguration(
                MinCapacity=AURORA_CAPACITY[0], MaxCapacity=AURORA_CAPACITY[1]
            ),
            DBSubnetGroupName=Ref(group),
            StorageEncrypted=True,
            BackupRetentionPeriod=7 if infra.backups else 1,
            CopyTagsToSnapshot=True,
            DeletionProtection=False,
            Tags=s.tags("data"),
        )
    )
    cluster.DeletionPolicy = "Snapshot"
    cluster.UpdateReplacePolicy = "Snapshot"
    t.add_resource(
        rds.DBInstance(
            "Database",  # the writer; its generated identifier fits 63 characters
            DBClusterIdentifier=ident,
            DBInstanceClass="db.serverless",
            Engine="aurora-postgresql",
            EngineVersion=AURORA_ENGINE_VERSION,
            PubliclyAccessible=False,
            DependsOn=[cluster.title],
            Tags=s.tags("data"),
        )
    )
    t.add_resource(
        secretsmanager.SecretTargetAttachment(
            "DatabaseSecretAttachment",
            SecretId=Ref(secret),
            TargetId=ident,
            TargetType="AWS::RDS::DBCluster",
            DependsOn=[cluster.title],
        )
    )
    arn = Sub("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:" + ident)
    s.export(t, "data", "DatabaseClusterArn", arn)
    s.export(t, "data", "DatabaseSecretName", secret_name(s))


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
    sealed = set(s.encrypted_fields(e))  # an index over randomised ciphertext finds nothing
    for index in e.indexes[:MAX_GSI]:
        first = index.fields[0] if index.fields else None
        if first is None or first == "id" or first in sealed:
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


def _table(s: Synth, e: EntityDef, key: kms.Key | None) -> dynamodb.Table:
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
        "SSESpecification": (
            dynamodb.SSESpecification(SSEEnabled=True)
            if key is None
            else dynamodb.SSESpecification(
                SSEEnabled=True, SSEType="KMS", KMSMasterKeyId=GetAtt(key, "Arn")
            )
        ),
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
