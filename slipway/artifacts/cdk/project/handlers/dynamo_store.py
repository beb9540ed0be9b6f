"""The DynamoDB store of the CRUD handler: one table per entity, partition key ``id``. A write
of an audited entity and its audit record go in one transaction (TransactWriteItems)."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from common import Conflict, Misconfigured, unique_attributes


def to_dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_dynamo(v) for v in value]
    return value


class DynamoStore:
    def __init__(self, resource: dict[str, Any]) -> None:
        import boto3

        dynamodb = boto3.resource("dynamodb")
        self.name = os.environ["TABLE_NAME"]
        self.table = dynamodb.Table(self.name)
        self.client = dynamodb.meta.client
        self.audited = bool(resource.get("auditLog"))
        self.unique = unique_attributes(resource["fields"])

    def get(self, item_id: str) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self.table.get_item(Key={"id": item_id}).get("Item")
        return item

    def page(
        self, limit: int, after: str | None, match: dict[str, str]
    ) -> tuple[list[dict[str, Any]], str | None]:
        kwargs: dict[str, Any] = {"Limit": limit}
        if after:
            kwargs["ExclusiveStartKey"] = {"id": after}
        if match:  # filtered after the read: a page may hold fewer items, the cursor goes on
            kwargs["FilterExpression"] = " AND ".join(f"#m{i} = :m{i}" for i in range(len(match)))
            kwargs["ExpressionAttributeNames"] = {f"#m{i}": k for i, k in enumerate(match)}
            kwargs["ExpressionAttributeValues"] = {
                f":m{i}": v for i, v in enumerate(match.values())
            }
        page = self.table.scan(**kwargs)
        last = page.get("LastEvaluatedKey")
        return page.get("Items", []), (last["id"] if last else None)

    def _unique_conflict(self, item: dict[str, Any]) -> None:
        for name, attribute in self.unique.items():
            if item.get(attribute) is None:
                continue
            kwargs: dict[str, Any] = {
                "FilterExpression": "#f = :v",
                "ExpressionAttributeNames": {"#f": attribute},
                "ExpressionAttributeValues": {":v": to_dynamo(item[attribute])},
            }
            while True:
                scan = self.table.scan(**kwargs)
                if any(other.get("id") != item["id"] for other in scan.get("Items", [])):
                    raise Conflict(name)
                if "LastEvaluatedKey" not in scan:
                    break
                kwargs["ExclusiveStartKey"] = scan["LastEvaluatedKey"]

    @staticmethod
    def _item(item: dict[str, Any]) -> dict[str, Any]:
        """Python values: the resource's client serializes them (in transactions too)."""
        return dict(to_dynamo(item))

    def _write(self, operation: dict[str, Any], audit: dict[str, Any] | None) -> None:
        """One write, with its audit record in the same transaction when the entity is
        audited; an audited entity without an audit table refuses to write."""
        if not self.audited:
            ((kind, args),) = operation.items()
            call = self.client.put_item if kind == "Put" else self.client.delete_item
            call(**args)
            return
        audit_table = os.environ.get("AUDIT_TABLE")
        if audit is None or not audit_table:
            raise Misconfigured("the entity is audited but AUDIT_TABLE is not set")
        entry = {
            "TableName": audit_table,
            "Item": self._item(audit),
            "ConditionExpression": "attribute_not_exists(id)",
        }
        self.client.transact_write_items(TransactItems=[operation, {"Put": entry}])

    def insert(self, item: dict[str, Any], audit: dict[str, Any] | None) -> dict[str, Any]:
        self._unique_conflict(item)
        put = {
            "TableName": self.name,
            "Item": self._item(item),
            "ConditionExpression": "attribute_not_exists(id)",
        }
        self._write({"Put": put}, audit)
        return item

    def replace(self, item: dict[str, Any], audit: dict[str, Any] | None) -> dict[str, Any]:
        self._unique_conflict(item)
        self._write({"Put": {"TableName": self.name, "Item": self._item(item)}}, audit)
        return item

    def delete(self, item_id: str, audit: dict[str, Any] | None) -> None:
        key = {"id": item_id}
        self._write({"Delete": {"TableName": self.name, "Key": key}}, audit)
