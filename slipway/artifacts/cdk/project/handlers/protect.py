"""Field-level encryption of ``encrypted`` fields with the entity's KMS key.

A stored value is ``kms1:`` + base64(ciphertext of the JSON-encoded value), encrypted under an
encryption context naming the entity, the field and the record: a ciphertext copied to another
field or record does not decrypt. Unique encrypted fields also get a blind index
(``_mac_<field>``: an HMAC-SHA-256 computed by KMS with the entity's MAC key, which never leaves
KMS), on which uniqueness is checked. Values without the prefix were written before the field
was encrypted: they are returned as stored and encrypted on their next write.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from botocore.exceptions import ClientError
from common import MAC_PREFIX, Invalid, Misconfigured, Undecryptable, json_default

PREFIX = "kms1:"
MAX_PLAINTEXT = 4096  # what KMS Encrypt accepts


class Protector:
    def __init__(self, entity: str, fields: dict[str, Any]) -> None:
        self.entity = entity
        self.encrypted = sorted(n for n, spec in fields.items() if spec.get("encrypted"))
        self.unique = {n for n in self.encrypted if fields[n].get("unique")}
        self._kms: Any = None

    def _client(self) -> Any:
        if self._kms is None:
            import boto3

            self._kms = boto3.client("kms")
        return self._kms

    def _key(self, variable: str) -> str:
        key = os.environ.get(variable)
        if not key:
            raise Misconfigured(f"{self.entity} has encrypted fields but {variable} is not set")
        return key

    def _context(self, name: str, item_id: str) -> dict[str, str]:
        return {"entity": self.entity, "field": name, "id": str(item_id)}

    @staticmethod
    def _plain(value: Any) -> bytes:
        return json.dumps(value, default=json_default, sort_keys=True).encode()

    def seal(self, item: dict[str, Any]) -> dict[str, Any]:
        """The item as stored: encrypted fields encrypted, blind indexes added."""
        if not self.encrypted:
            return item
        out = {k: v for k, v in item.items() if not k.startswith(MAC_PREFIX)}
        for name in self.encrypted:
            value = out.get(name)
            if value is None:
                continue
            plain = self._plain(value)
            if len(plain) > MAX_PLAINTEXT:
                raise Invalid(f"{name} is too long to encrypt (at most {MAX_PLAINTEXT} bytes)")
            blob = self._client().encrypt(
                KeyId=self._key("FIELD_KEY_ARN"),
                Plaintext=plain,
                EncryptionContext=self._context(name, item["id"]),
            )["CiphertextBlob"]
            out[name] = PREFIX + base64.b64encode(blob).decode()
            if name in self.unique:
                out[MAC_PREFIX + name] = self.blind_index(name, value)
        return out

    def blind_index(self, name: str, value: Any) -> str:
        message = f"{self.entity}\x00{name}\x00".encode() + self._plain(value)
        mac = self._client().generate_mac(
            KeyId=self._key("MAC_KEY_ARN"), MacAlgorithm="HMAC_SHA_256", Message=message
        )["Mac"]
        return base64.b64encode(mac).decode()

    def unseal(self, item: dict[str, Any]) -> dict[str, Any]:
        """The item as served: encrypted fields decrypted, blind indexes removed."""
        out = {k: v for k, v in item.items() if not k.startswith(MAC_PREFIX)}
        for name in self.encrypted:
            value = out.get(name)
            if not isinstance(value, str) or not value.startswith(PREFIX):
                continue
            try:
                plain = self._client().decrypt(
                    KeyId=self._key("FIELD_KEY_ARN"),
                    CiphertextBlob=base64.b64decode(value[len(PREFIX) :]),
                    EncryptionContext=self._context(name, out["id"]),
                )["Plaintext"]
            except (ClientError, ValueError) as exc:
                if isinstance(exc, ClientError) and exc.response.get("Error", {}).get(
                    "Code"
                ) not in ("InvalidCiphertextException", "IncorrectKeyException"):
                    raise
                raise Undecryptable(f"{name} of {self.entity} {out['id']}") from None
            out[name] = json.loads(plain)
        return out
