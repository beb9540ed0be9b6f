"""Webhook signing secrets: generated, encrypted at rest, and used to sign deliveries.

A receiver must verify ``Slipway-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>``,
so Slipway needs the secret itself at every delivery: a one-way hash (as for API keys and
refresh tokens) cannot sign. The secret is therefore stored encrypted with AES-256-GCM under a
key derived (HKDF-SHA256) from ``WEBHOOK_SECRET_KEY``, or from ``JWT_SECRET`` when that is unset:

- a copy of the database alone (backup, replica, SQL injection) reveals no secret;
- the webhook's id is the associated data, so a ciphertext copied onto another webhook row does
  not open (nobody can make Slipway sign with someone else's secret);
- the plaintext exists only in the create response (shown once) and, briefly, in the worker's
  memory while it signs; it is never logged nor answered again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.settings import Settings

SECRET_PREFIX = "whsec_"
_VERSION = "v1"
_INFO = b"slipway webhook signing secrets v1"
SIGNATURE_TOLERANCE_SECONDS = 300
"""What receivers should accept: a signature older (or newer) than this is a replay."""


class SecretUnreadable(Exception):
    """The stored ciphertext does not open with this server's key for this webhook."""


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _key(settings: Settings) -> bytes:
    material = (settings.webhook_secret_key or settings.jwt_secret).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)


def encrypt_secret(settings: Settings, webhook_id: uuid.UUID, secret: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(settings)).encrypt(nonce, secret.encode(), webhook_id.bytes)
    return f"{_VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt_secret(settings: Settings, webhook_id: uuid.UUID, stored: str) -> str:
    version, _, data = stored.partition(":")
    if version != _VERSION:
        raise SecretUnreadable(f"unknown secret format {version!r}")
    try:
        raw = base64.urlsafe_b64decode(data.encode())
        plain = AESGCM(_key(settings)).decrypt(raw[:12], raw[12:], webhook_id.bytes)
    except (InvalidTag, ValueError) as exc:
        raise SecretUnreadable("the signing secret does not open with this server's key") from exc
    return plain.decode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Slipway-Signature`` header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance: int = SIGNATURE_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """What a receiver does: the timestamp is recent and one ``v1`` matches (constant time)."""
    parts = [p.partition("=") for p in header.split(",")]
    stamps = [v for k, _, v in parts if k.strip() == "t"]
    macs = [v for k, _, v in parts if k.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not macs:
        return False
    timestamp = int(stamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, mac.strip()) for mac in macs)
