"""Each resource type's own describe call, for backends without CloudFormation drift detection.

A probe asks the service whether the resource a stack lists still exists (``missing`` when the
service answers one of its not-found codes) and, for a few properties Slipway sets as plain
values, whether they still hold what the template says (``changed``). Properties the template
computes (``Ref``, ``Fn::*``) are not compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

Clients = Callable[[str], Any]
"""``service name -> boto3 client`` (created once per check)."""


@dataclass(frozen=True)
class Finding:
    logical_id: str
    physical_id: str | None
    resource_type: str
    drift: str
    """missing | changed | extra"""
    details: str

    def json(self) -> dict[str, Any]:
        return {
            "logicalId": self.logical_id,
            "physicalId": self.physical_id,
            "resourceType": self.resource_type,
            "drift": self.drift,
            "details": self.details,
        }


def _literal(value: Any) -> bool:
    """A value the template states outright (no intrinsic function inside)."""
    if isinstance(value, dict):
        return not any(k == "Ref" or k.startswith("Fn::") for k in value) and all(
            _literal(v) for v in value.values()
        )
    if isinstance(value, list):
        return all(_literal(v) for v in value)
    return True


def differences(pairs: list[tuple[str, Any, Any]]) -> str | None:
    """``name: expected -> actual`` for every literal expected value that differs."""
    changed = [
        f"{name}: {expected!r} -> {actual!r}"
        for name, expected, actual in pairs
        if expected is not None and _literal(expected) and expected != actual
    ]
    return "; ".join(changed)[:300] if changed else None


@dataclass(frozen=True)
class Probe:
    service: str
    call: str
    params: Callable[[str], dict[str, Any]]
    gone: tuple[str, ...]
    compare: Callable[[dict[str, Any], dict[str, Any]], str | None] | None = None
    """``(describe answer, template properties) -> differences`` (None: same)."""

    def __call__(
        self, clients: Clients, logical_id: str, physical_id: str, definition: dict[str, Any]
    ) -> Finding | None:
        rtype = str(definition.get("Type", ""))
        try:
            answer = getattr(clients(self.service), self.call)(**self.params(physical_id))
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in self.gone:
                return Finding(logical_id, physical_id, rtype, "missing", f"{self.call}: {code}")
            raise
        if self.compare is None:
            return None
        changed = self.compare(answer, definition.get("Properties") or {})
        if changed is None:
            return None
        return Finding(logical_id, physical_id, rtype, "changed", changed)


def _table(answer: dict[str, Any], props: dict[str, Any]) -> str | None:
    table = answer.get("Table", {})
    billing = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    return differences(
        [
            ("KeySchema", props.get("KeySchema"), table.get("KeySchema")),
            ("BillingMode", props.get("BillingMode", "PROVISIONED"), billing),
        ]
    )


def _function(answer: dict[str, Any], props: dict[str, Any]) -> str | None:
    config = answer.get("Configuration", {})
    return differences(
        [(name, props.get(name), config.get(name)) for name in ("Runtime", "Handler", "Timeout")]
        + [("MemorySize", props.get("MemorySize"), config.get("MemorySize"))]
    )


def _key(answer: dict[str, Any], props: dict[str, Any]) -> str | None:
    state = answer.get("KeyMetadata", {}).get("KeyState")
    return None if state in (None, "Enabled") else f"KeyState: 'Enabled' -> {state!r}"


def _queue(answer: dict[str, Any], props: dict[str, Any]) -> str | None:
    attributes = answer.get("Attributes", {})
    return differences(
        [
            (
                name,
                None if props.get(name) is None else str(props[name]),
                attributes.get(name),
            )
            for name in ("VisibilityTimeout", "MessageRetentionPeriod")
        ]
    )


def _log_group(
    clients: Clients, logical_id: str, physical_id: str, definition: dict[str, Any]
) -> Finding | None:
    """Log groups have no describe-one call: list by prefix and look for the exact name."""
    rtype = str(definition.get("Type", ""))
    groups = (
        clients("logs").describe_log_groups(logGroupNamePrefix=physical_id).get("logGroups", [])
    )
    match = [g for g in groups if g.get("logGroupName") == physical_id]
    if not match:
        return Finding(logical_id, physical_id, rtype, "missing", "DescribeLogGroups: not found")
    props = definition.get("Properties") or {}
    changed = differences(
        [("RetentionInDays", props.get("RetentionInDays"), match[0].get("retentionInDays"))]
    )
    return None if changed is None else Finding(logical_id, physical_id, rtype, "changed", changed)


ProbeCall = Callable[[Clients, str, str, dict[str, Any]], Finding | None]

PROBES: dict[str, ProbeCall] = {
    "AWS::DynamoDB::Table": Probe(
        "dynamodb",
        "describe_table",
        lambda p: {"TableName": p},
        ("ResourceNotFoundException",),
        _table,
    ),
    "AWS::Lambda::Function": Probe(
        "lambda",
        "get_function",
        lambda p: {"FunctionName": p},
        ("ResourceNotFoundException",),
        _function,
    ),
    "AWS::S3::Bucket": Probe(
        "s3", "head_bucket", lambda p: {"Bucket": p}, ("404", "NoSuchBucket", "NotFound")
    ),
    "AWS::SQS::Queue": Probe(
        "sqs",
        "get_queue_attributes",
        lambda p: {"QueueUrl": p, "AttributeNames": ["All"]},
        ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
        _queue,
    ),
    "AWS::IAM::Role": Probe("iam", "get_role", lambda p: {"RoleName": p}, ("NoSuchEntity",)),
    "AWS::KMS::Key": Probe(
        "kms", "describe_key", lambda p: {"KeyId": p}, ("NotFoundException",), _key
    ),
    "AWS::Cognito::UserPool": Probe(
        "cognito-idp",
        "describe_user_pool",
        lambda p: {"UserPoolId": p},
        ("ResourceNotFoundException",),
    ),
    "AWS::ApiGateway::RestApi": Probe(
        "apigateway", "get_rest_api", lambda p: {"restApiId": p}, ("NotFoundException",)
    ),
    "AWS::ApiGatewayV2::Api": Probe(
        "apigatewayv2", "get_api", lambda p: {"ApiId": p}, ("NotFoundException",)
    ),
    "AWS::Logs::LogGroup": _log_group,
}
"""Resource types Slipway deploys that have a describe call worth asking."""
