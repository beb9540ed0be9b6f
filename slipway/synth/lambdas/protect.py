"""Field-level encryption of the CRUD function (DynamoDB blueprints): each ``ENCRYPTED`` field is
stored as KMS ciphertext under ``KMS_KEY_ID``, bound by its encryption context to its table,
field and item id, so a ciphertext copied elsewhere never opens."""

from __future__ import annotations

import json

from boto3.dynamodb.types import Binary
from botocore.exceptions import ClientError

from slipway.synth.lambdas.common import E, Item, client, csv, num

KMS_MAX = 4096  # bytes of plaintext KMS Encrypt accepts


class TooLong(ValueError):
    """A value too large to encrypt with KMS directly."""


class Undecryptable(Exception):
    """A stored ciphertext that does not open for its own table, field and item."""


def bound(field: str, item_id: str) -> dict[str, str]:
    """The encryption context: a ciphertext opens only for its own table, field and item."""
    return {"table": E("TABLE_NAME"), "field": field, "id": item_id}


def seal(item: Item) -> Item:
    """The item as stored: each ENCRYPTED field as KMS ciphertext bound to table, field, id."""
    out = dict(item)
    for f in csv("ENCRYPTED"):
        if out.get(f) is not None:
            plain = json.dumps(out[f], default=num).encode()
            if len(plain) > KMS_MAX:
                raise TooLong(f)
            sealed = client("kms").encrypt(
                KeyId=E("KMS_KEY_ID"), Plaintext=plain, EncryptionContext=bound(f, item["id"])
            )
            out[f] = sealed["CiphertextBlob"]
    return out


def unseal(item: Item) -> Item:
    out = dict(item)
    for f in csv("ENCRYPTED"):
        if isinstance(out.get(f), Binary):  # plain values written before encryption pass
            blob = bytes(out[f].value)
            try:
                context = bound(f, out["id"])
                opened = client("kms").decrypt(
                    KeyId=E("KMS_KEY_ID"), CiphertextBlob=blob, EncryptionContext=context
                )
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "InvalidCiphertextException":
                    raise
                raise Undecryptable(f) from None
            out[f] = json.loads(opened["Plaintext"])
    return out
