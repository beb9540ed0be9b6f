"""Activities of ``WebhookDelivery``: one signed attempt, and giving up.

An attempt loads the delivery and its webhook, opens the signing secret, sends the payload
through the SSRF guard (``core.webhook_net``: resolved once, every address checked, connected to
the checked address, no redirects) and records what happened. It is idempotent per attempt
number: a retried activity whose attempt was already recorded answers the recorded outcome.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx
from temporalio import activity

from activities.deps import ActivityDeps, as_uuid, not_found
from core import webhook_net
from core.models import utcnow
from core.models_ops import Webhook, WebhookDelivery
from core.repositories import audit as audit_repo
from core.repositories import webhooks as repo
from core.webhook_crypto import SecretUnreadable, decrypt_secret, signature
from workflows.ops_messages import AttemptInput, AttemptResult, DeliveryGiveUp, Outcome

USER_AGENT = "Slipway-Webhooks/1"
FINAL: dict[str, Outcome] = {
    "delivered": "delivered",
    "gone": "gone",
    "refused": "refused",
    "failed": "disabled",
}
"""A finished delivery's status, and the outcome a retried attempt answers for it."""
_RESPONSE_EXCERPT = 500


def body_bytes(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact JSON with sorted keys."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


class WebhookActivities:
    def __init__(self, deps: ActivityDeps) -> None:
        self.deps = deps
        self.guard = webhook_net.Guard(allow_private=deps.settings.webhook_allow_private)

    async def _load(self, delivery_id: str) -> tuple[WebhookDelivery, Webhook]:
        async with self.deps.session() as session:
            delivery = await repo.get_delivery(session, as_uuid(delivery_id, "Delivery"))
            if delivery is None:
                raise not_found("Delivery", delivery_id)
            webhook = await repo.get(session, delivery.webhook_id)
        if webhook is None:
            raise not_found("Webhook", delivery.webhook_id)
        return delivery, webhook

    @activity.defn(name="webhooks.attempt")
    async def attempt(self, inp: AttemptInput) -> AttemptResult:
        delivery, webhook = await self._load(inp.delivery_id)
        if delivery.status in FINAL:  # finished by an earlier (retried) activity
            return AttemptResult(outcome=FINAL[delivery.status], error=delivery.error)
        done = [a for a in delivery.attempts or [] if a.get("attempt") == inp.attempt]
        if done:
            return AttemptResult(
                outcome="retry", response_status=done[0].get("responseStatus"), error=None
            )
        if webhook.deleted_at is not None or not (webhook.active or _manual(delivery)):
            reason = f"webhook disabled: {webhook.disabled_reason or 'disabled'}"
            await self._finish(delivery.id, "failed", reason)
            return AttemptResult(outcome="disabled", error=reason)
        try:
            secret = decrypt_secret(self.deps.settings, webhook.id, webhook.secret_ciphertext)
        except SecretUnreadable as exc:
            await self._finish(delivery.id, "failed", str(exc))
            return AttemptResult(outcome="disabled", error=str(exc))
        return await self._send(delivery, webhook, secret, inp.attempt)

    async def _send(
        self, delivery: WebhookDelivery, webhook: Webhook, secret: str, attempt: int
    ) -> AttemptResult:
        body = body_bytes(delivery.payload)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Slipway-Event": delivery.event_type,
            "Slipway-Delivery": str(delivery.id),
            "Slipway-Signature": signature(secret, int(time.time()), body),
        }
        started = time.perf_counter()
        status: int | None = None
        excerpt: str | None = None
        error: str | None = None
        outcome: Outcome = "retry"
        try:
            async with webhook_net.client(self.guard, self.deps.settings.webhook_timeout) as http:
                response = await http.post(webhook.url, content=body, headers=headers)
            status, excerpt = response.status_code, response.text[:_RESPONSE_EXCERPT]
            outcome = "delivered" if 200 <= status < 300 else "gone" if status == 410 else "retry"
            if outcome == "retry":
                error = f"the receiver answered HTTP {status}"
        except webhook_net.AddressRefused as exc:
            error, outcome = str(exc), "refused" if "does not resolve" not in str(exc) else "retry"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500] or type(exc).__name__
        duration = round((time.perf_counter() - started) * 1000)
        record = {
            "attempt": attempt,
            "at": utcnow().isoformat(),
            "request": {"method": "POST", "url": webhook.url, "headers": headers},
            "responseStatus": status,
            "responseBody": excerpt,
            "durationMs": duration,
            "error": error,
        }
        await self._record(delivery, webhook, record, outcome)
        activity.logger.info(
            "webhook attempt",
            extra={"delivery": str(delivery.id), "attempt": attempt, "outcome": outcome},
        )
        return AttemptResult(outcome=outcome, response_status=status, error=error)

    async def _record(
        self, delivery: WebhookDelivery, webhook: Webhook, record: dict[str, Any], outcome: Outcome
    ) -> None:
        values: dict[str, Any] = {
            "attempt": record["attempt"],
            "attempts": [*(delivery.attempts or []), record][-50:],
            "response_status": record["responseStatus"],
            "duration_ms": record["durationMs"],
            "error": (record["error"] or None) and str(record["error"])[:1000],
        }
        if outcome != "retry":
            values["status"] = outcome
        if outcome == "delivered":
            values["delivered_at"] = utcnow()
        async with self.deps.session() as session:
            await repo.update_delivery(session, delivery.id, **values)
            if outcome == "gone" and await repo.disable(
                session, webhook.id, "the receiver answered 410 Gone"
            ):
                await audit_repo.append_system(
                    session,
                    actor=audit_repo.WEBHOOKS_ACTOR,
                    action="webhook.disable",
                    user_id=webhook.owner_id,
                    project_id=webhook.project_id,
                    target=("webhook", webhook.id),
                    method="DELIVERY",
                    path=f"/webhooks/{webhook.id}/deliveries/{delivery.id}",
                    request_id=str(delivery.id),
                    status_code=410,
                )
            elif outcome == "delivered" and not webhook.active and _manual(delivery):
                await repo.enable(session, webhook.id)  # a ping or redelivery got through

    async def _finish(self, delivery_id: uuid.UUID, status: str, error: str) -> None:
        async with self.deps.session() as session:
            await repo.update_delivery(session, delivery_id, status=status, error=error[:1000])

    @activity.defn(name="webhooks.give_up")
    async def give_up(self, inp: DeliveryGiveUp) -> None:
        """Every attempt within the retry window failed."""
        delivery, _ = await self._load(inp.delivery_id)
        if delivery.status in FINAL:
            return
        last = delivery.error or "no answer"
        await self._finish(
            delivery.id, "failed", f"gave up after {inp.attempts} attempt(s); last: {last}"
        )

    def all(self) -> list[Any]:
        return [self.attempt, self.give_up]


def _manual(delivery: WebhookDelivery) -> bool:
    """A ping or a redelivery someone asked for: sent even to a webhook a 410 disabled."""
    return delivery.event_type == "ping" or delivery.redelivery_of is not None
