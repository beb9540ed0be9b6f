"""Data stack: one DynamoDB table per entity (partition key ``id``) or, as in Slipway's own
stacks, one Aurora Serverless v2 PostgreSQL cluster with the RDS Data API (in two private
subnets of its own VPC, master credentials generated into a Secrets Manager secret), the audit
table, the KMS keys of encrypted fields, and the buckets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_cdk import Fn, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from stacks.config import Config, EntityConfig


@dataclass(frozen=True)
class Database:
    """What the CRUD functions need to reach the cluster through the Data API."""

    cluster_arn: str
    secret: secretsmanager.ISecret


class DataStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: Config, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.tables: dict[str, dynamodb.Table] = {}
        self.field_keys: dict[str, kms.Key] = {}
        self.mac_keys: dict[str, kms.Key] = {}
        self.database: Database | None = None
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

    def _subnets(self) -> rds.CfnDBSubnetGroup:
        """Two private subnets (no route out) of the database's own VPC."""
        vpc = ec2.CfnVPC(self, "DatabaseVpc", cidr_block="10.42.0.0/16")
        subnets = [
            ec2.CfnSubnet(
                self,
                f"DatabaseSubnet{n}",
                vpc_id=vpc.ref,
                cidr_block=f"10.42.{16 * n}.0/20",
                availability_zone=Fn.select(n, Fn.get_azs()),
            )
            for n in range(2)
        ]
        return rds.CfnDBSubnetGroup(
            self,
            "DatabaseSubnets",
            db_subnet_group_description="Private subnets of the database",
            subnet_ids=[subnet.ref for subnet in subnets],
        )

    def _secret(self) -> secretsmanager.Secret:
        """The master credentials, generated by Secrets Manager (never in the template)."""
        return secretsmanager.Secret(
            self,
            "DatabaseSecret",
            secret_name=self.config["database"]["secretName"],
            description="Master credentials of the Aurora cluster",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template='{"username": "slipway"}',
                generate_string_key="password",
                password_length=32,
                exclude_characters="\"@/\\ '",
            ),
        )

    def _storage_key(self) -> kms.Key | None:
        if not self.config["database"]["customerManagedKey"]:
            return None
        return kms.Key(
            self,
            "DatabaseKey",
            description="Storage encryption of the database",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

    def _database(self) -> None:
        """Aurora Serverless v2 (PostgreSQL) with the Data API: the same cluster identifier,
        secret name, engine version and capacity range as Slipway's own data stack."""
        database = self.config["database"]
        group = self._subnets()
        secret = self._secret()
        storage_key = self._storage_key()
        cluster = rds.CfnDBCluster(
            self,
            "DatabaseCluster",
            db_cluster_identifier=database["clusterIdentifier"],
            engine="aurora-postgresql",
            engine_version=database["engineVersion"],
            database_name=database["name"],
            # dynamic references ({{resolve:secretsmanager:...}}), resolved by CloudFormation
            master_username=secret.secret_value_from_json("username").unsafe_unwrap(),
            master_user_password=secret.secret_value_from_json("password").unsafe_unwrap(),
            enable_http_endpoint=True,
            serverless_v2_scaling_configuration=rds.CfnDBCluster.ServerlessV2ScalingConfigurationProperty(
                min_capacity=database["minCapacity"], max_capacity=database["maxCapacity"]
            ),
            db_subnet_group_name=group.ref,
            storage_encrypted=True,
            kms_key_id=storage_key.key_arn if storage_key else None,
            backup_retention_period=database["backupRetentionDays"],
            copy_tags_to_snapshot=True,
            deletion_protection=False,
        )
        cluster.apply_removal_policy(RemovalPolicy.SNAPSHOT)
        writer = rds.CfnDBInstance(
            self,
            "Database",
            db_cluster_identifier=cluster.ref,
            db_instance_class="db.serverless",
            engine="aurora-postgresql",
            engine_version=database["engineVersion"],
            publicly_accessible=False,
        )
        writer.add_dependency(cluster)
        secretsmanager.CfnSecretTargetAttachment(
            self,
            "DatabaseSecretAttachment",
            secret_id=secret.secret_arn,
            target_id=cluster.ref,
            target_type="AWS::RDS::DBCluster",
        )
        self.database = Database(cluster_arn=cluster.attr_db_cluster_arn, secret=secret)
