"""Login throttling after OWASP's Authentication Cheat Sheet: no lockout anyone can trigger.

- From one address, brute force meets the per-IP authentication limit (10/min, ``429``).
- Failures spread over many addresses slow the account down: after ``free_failures`` recent
  failures from addresses it has not logged in from, each further attempt from such an address
  must wait a delay that doubles with every failure (1 s, 2 s, 4 s, …), bounded by
  ``max_delay``, and only one such attempt is checked at a time (``429 LOGIN_THROTTLED`` with
  ``Retry-After`` meanwhile; no password is checked). Failures older than ``window`` are
  forgotten. Unknown emails are throttled the same way, so the answer reveals nothing.
- The owner's own address is never delayed: an address the account logged in from within
  ``known_address_days`` skips the account's delay (it still meets the per-IP limit). Chosen
  over a device cookie because it needs nothing from the client (the CLI and curl keep no
  cookies) and cannot be forged over TCP (the client address is the peer, or comes from
  ``TRUSTED_PROXIES`` only). A known address that itself fails ``ADDRESS_FAILURES`` times
  within the window loses the exemption until the window passes, so sharing the owner's NAT
  gives an attacker no more than anyone else. IPv6 addresses count by their /64 network
  (privacy addresses rotate inside it).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import LoginThrottled
from core.models_auth import LoginThrottle
from core.repositories import logins
from core.settings import Settings

ADDRESS_FAILURES = 10
IN_FLIGHT = timedelta(seconds=2)
"""How long a claimed attempt holds the account's slot while its password is checked."""


@dataclass(frozen=True)
class Policy:
    free_failures: int = 5
    max_delay: int = 60
    window: int = 900
    known_address_days: int = 30

    @classmethod
    def of(cls, settings: Settings) -> Policy:
        return cls(
            settings.login_free_failures,
            settings.login_max_delay,
            settings.login_failure_window,
            settings.login_known_address_days,
        )

    def delay(self, failures: int) -> int:
        """Seconds before the next attempt from an unknown address, after ``failures``."""
        if failures < self.free_failures:
            return 0
        return int(min(2 ** min(failures - self.free_failures, 31), self.max_delay))


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def address_key(client: str) -> str:
    """The address a login comes from: IPv4 as it is, IPv6 as its /64 network."""
    try:
        ip = ipaddress.ip_address(client)
    except ValueError:
        return client[:64]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class Attempt:
    account: str
    address: str
    user_id: uuid.UUID | None
    trusted: bool


async def admit(
    session: AsyncSession,
    policy: Policy,
    email: str,
    user_id: uuid.UUID | None,
    client: str,
    now: datetime,
) -> Attempt:
    """May this attempt check the password? Raises ``LoginThrottled`` when it must wait."""
    attempt = Attempt(account_key(email), address_key(client), user_id, trusted=False)
    if user_id is not None and await _known(session, policy, user_id, attempt.address, now):
        return Attempt(attempt.account, attempt.address, user_id, trusted=True)
    row = await logins.throttle(session, attempt.account)
    failures = _recent_failures(policy, row, now)
    hold = now + max(timedelta(seconds=policy.delay(failures)), IN_FLIGHT)
    claimed = await logins.claim(session, attempt.account, now, hold)
    await session.commit()
    if not claimed:
        row = await logins.throttle(session, attempt.account)
        waiting = (row.next_attempt_at - now).total_seconds() if row and row.next_attempt_at else 1
        raise LoginThrottled(max(1, math.ceil(waiting)))
    return attempt


async def succeeded(session: AsyncSession, policy: Policy, attempt: Attempt, now: datetime) -> None:
    """The password was right: the address becomes known; an untrusted attempt clears the
    account's failures (a trusted one leaves them: the attacker keeps their delay)."""
    assert attempt.user_id is not None
    forget_before = now - timedelta(days=policy.known_address_days)
    await logins.succeeded_from(session, attempt.user_id, attempt.address, now, forget_before)
    if not attempt.trusted:
        await logins.forget(session, attempt.account)
    await session.commit()


async def failed(session: AsyncSession, policy: Policy, attempt: Attempt, now: datetime) -> None:
    """A wrong password (or unknown email): counted on the address if known, else on the
    account, whose next untrusted attempt then waits ``policy.delay(failures)``."""
    window_start = now - timedelta(seconds=policy.window)
    if attempt.trusted and attempt.user_id is not None:
        await logins.failed_from(session, attempt.user_id, attempt.address, now, window_start)
    else:
        row = await logins.throttle(session, attempt.account)
        failures = _recent_failures(policy, row, now) + 1
        next_at = now + timedelta(seconds=policy.delay(failures))
        await logins.failed(session, attempt.account, failures, now, next_at)
        await logins.prune_throttles(session, window_start)
    await session.commit()


def _recent_failures(policy: Policy, row: LoginThrottle | None, now: datetime) -> int:
    if row is None or row.last_failure_at is None:
        return 0
    return row.failures if row.last_failure_at >= now - timedelta(seconds=policy.window) else 0


async def _known(
    session: AsyncSession, policy: Policy, user_id: uuid.UUID, address: str, now: datetime
) -> bool:
    row = await logins.address(session, user_id, address)
    if row is None or row.last_success_at < now - timedelta(days=policy.known_address_days):
        return False
    window_start = now - timedelta(seconds=policy.window)
    recent_failures = (
        row.failures if row.last_failure_at and row.last_failure_at >= window_start else 0
    )
    return recent_failures < ADDRESS_FAILURES
