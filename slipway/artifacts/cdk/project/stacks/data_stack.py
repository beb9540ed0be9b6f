"""Data stack: one DynamoDB table per entity (partition key ``id``) or one PostgreSQL instance
(RDS, credentials in an RDS-managed secret), the audit table, the KMS keys of encrypted fields,
and the buckets."""

from __future__ import annotations

from typing import Any

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from constructs import Construct

from stacks.config import Config, EntityConfig


class DataStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: Config, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.tables: dict[str, dynamodb.Table] = {}
        self.field_keys: dict[str, kms.Key] = {}
        self.mac_keys: dict[str, kms.Key] = {}
        self.database: rds.CfnDBInstance | None = None
        self.audit_table: dynamodb.Table | None = None
        for entity in config["entities"]:
            self._keys(entity)
        if config["database"]["engine"] == "postgres":
            self._database()
        else:
            for entity in config["entities"]:
                self.tables[entity["name"]] = self._table(entity)
            if config["auditTable"]:
                self.audit_table = self._audit_table()
        for bucket in config["buckets"]:
            s3.Bucket(
                self,
                f"{bucket['id']}Bucket",
                encryption=s3.BucketEncryption.S3_MANAGED,
                block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                enforce_ssl=True,
            )

    def _keys(self, entity: EntityConfig) -> None:
        """A customer-managed key per entity with encrypted fields (its table and its fields),
        and an HMAC key for the blind index of unique encrypted fields. Kept on stack deletion:
        without the key the data cannot be read."""
        if entity["fieldKey"]:
            self.field_keys[entity["name"]] = kms.Key(
                self,
                f"{entity['id']}FieldKey",
                description=f"Field and table encryption of {entity['name']}",
                enable_key_rotation=True,
                removal_policy=RemovalPolicy.RETAIN,
            )
        if entity["macKey"]:
            self.mac_keys[entity["name"]] = kms.Key(
                self,
                f"{entity['id']}MacKey",
                description=f"Blind index of unique encrypted fields of {entity['name']}",
                key_spec=kms.KeySpec.HMAC_256,
                key_usage=kms.KeyUsage.GENERATE_VERIFY_MAC,
                removal_policy=RemovalPolicy.RETAIN,
            )

    def _table(self, entity: EntityConfig) -> dynamodb.Table:
        database = self.config["database"]
        key = self.field_keys.get(entity["name"])
        return dynamodb.Table(
            self,
            f"{entity['id']}Table",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode[database["billingMode"]],
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=database["pointInTimeRecovery"]
            ),
            encryption=(
                dynamodb.TableEncryption.CUSTOMER_MANAGED
                if key
                else dynamodb.TableEncryption.AWS_MANAGED
            ),
            encryption_key=key,
            removal_policy=RemovalPolicy.RETAIN,
        )

    def _audit_table(self) -> dynamodb.Table:
        """Append-only for the handlers: they are granted PutItem on it and nothing else."""
        return dynamodb.Table(
            self,
            "AuditLogTable",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            removal_policy=RemovalPolicy.RETAIN,
        )

    def _database(self) -> None:
        database = self.config["database"]
        storage_key = None
        if database["customerManagedKey"]:
            storage_key = kms.Key(
                self,
                "DatabaseKey",
                description="Storage encryption of the database",
                enable_key_rotation=True,
                removal_policy=RemovalPolicy.RETAIN,
            )
        self.database = rds.CfnDBInstance(
            self,
            "Database",
            engine="postgres",
            db_instance_class="db.t4g.micro",
            allocated_storage="20",
            storage_type="gp3",
            storage_encrypted=True,
            kms_key_id=storage_key.key_arn if storage_key else None,
            master_username="slipway",
            manage_master_user_password=True,
            db_name=database["name"],
            backup_retention_period=database["backupRetentionDays"],
            publicly_accessible=False,
            deletion_protection=False,
        )
        self.database.apply_removal_policy(RemovalPolicy.SNAPSHOT)
