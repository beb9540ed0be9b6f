"""The DynamoDB store of the CRUD function: one table per entity (``TABLE_NAME``, key ``id``).

``REF_TABLES`` (``Entity=table`` pairs) name the tables a reference is checked in,
``REFERENCED_BY`` (``table:field`` pairs) those scanned before a hard delete (a still
referenced item answers 409). A change of an audited entity and its audit row are one
DynamoDB transaction."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr
from boto3.dynamodb.types import TypeSerializer

from slipway.synth.lambdas.audit import audit_row
from slipway.synth.lambdas.common import E, Item, client, pairs, table
from slipway.synth.lambdas.protect import seal


class Dynamo:
    """The DynamoDB store: one table per entity, partition key ``id``."""

    @staticmethod
    def get(item_id: str) -> Item | None:
        found: Item | None = table(E("TABLE_NAME")).get_item(Key={"id": item_id}).get("Item")
        return found

    @staticmethod
    def find(entity: str, item_id: str) -> Item | None:
        name = dict(pairs("REF_TABLES", "=")).get(entity)
        found: Item | None = table(name).get_item(Key={"id": item_id}).get("Item") if name else None
        return found

    @staticmethod
    def _any(name: str, where: Any) -> bool:
        """Whether any item of table ``name`` matches (a paged scan)."""
        args: Item = {"FilterExpression": where, "ProjectionExpression": "id"}
        while True:
            found = table(name).scan(**args)
            if found.get("Items"):
                return True
            if "LastEvaluatedKey" not in found:
                return False
            args["ExclusiveStartKey"] = found["LastEvaluatedKey"]

    def taken(self, field: str, value: Any, item_id: str) -> bool:
        return self._any(E("TABLE_NAME"), Attr(field).eq(value) & Attr("id").ne(item_id))

    def referenced(self, item_id: str) -> bool:
        return any(self._any(t, Attr(f).eq(item_id)) for t, f in pairs("REFERENCED_BY", ":"))

    @staticmethod
    def page(limit: int, start: str | None, tf: str | None, ten: Any) -> tuple[list[Item], Any]:
        shown = Attr("deleted_at").not_exists()
        args: Item = {"Limit": limit, "FilterExpression": shown & Attr(tf).eq(ten) if tf else shown}
        if start:
            args["ExclusiveStartKey"] = {"id": start}
        found = table(E("TABLE_NAME")).scan(**args)
        return found.get("Items", []), (found.get("LastEvaluatedKey") or {}).get("id")

    @staticmethod
    def write(event: Item, action: str, before: Item | None, after: Item | None) -> Item:
        """Store ``after`` (or delete ``before``) and, for audited entities, the audit row in the
        same DynamoDB transaction: no change without its audit row."""
        key = {"id": (after or before or {})["id"]}
        audit = E("AUDIT_TABLE")
        if not audit:
            if after is not None:
                table(E("TABLE_NAME")).put_item(Item=seal(after))
            else:
                table(E("TABLE_NAME")).delete_item(Key=key)
            return after or {}
        ser = TypeSerializer().serialize

        def row(item: Item) -> Item:
            return {k: ser(v) for k, v in item.items()}

        name = E("TABLE_NAME")
        change = (
            {"Put": {"TableName": name, "Item": row(seal(after))}}
            if after is not None
            else {"Delete": {"TableName": name, "Key": row(key)}}
        )
        record = {"Put": {"TableName": audit, "Item": row(audit_row(event, action, before, after))}}
        client("dynamodb").transact_write_items(TransactItems=[change, record])
        return after or {}
