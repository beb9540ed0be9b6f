"""Login throttling (api/auth/throttle.py) on a real database, with explicit clocks: the delay
grows with failures from new addresses and is bounded; known addresses are never delayed
unless they fail themselves; old failures are forgotten; unknown emails look the same."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth import throttle
from core.errors import LoginThrottled
from core.models import utcnow
from tests.service.conftest import new_user

POLICY = throttle.Policy(free_failures=5, max_delay=60, window=900, known_address_days=30)


def test_delay_doubles_after_the_free_failures_and_is_bounded() -> None:
    delays = [POLICY.delay(n) for n in range(0, 16)]
    assert delays[:5] == [0] * 5
    assert delays[5:11] == [1, 2, 4, 8, 16, 32]
    assert set(delays[11:]) == {60}
    assert POLICY.delay(10_000) == 60


def test_addresses_ipv6_by_network() -> None:
    assert throttle.address_key("203.0.113.9") == "203.0.113.9"
    a = throttle.address_key("2001:db8:1:2:aaaa::1")
    assert a == throttle.address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert a != throttle.address_key("2001:db8:1:3::1")


async def fail(
    session: AsyncSession, email: str, user_id: uuid.UUID | None, client: str, now: datetime
) -> throttle.Attempt:
    attempt = await throttle.admit(session, POLICY, email, user_id, client, now)
    await throttle.failed(session, POLICY, attempt, now)
    return attempt


async def test_failures_from_new_addresses_delay_the_account(session: AsyncSession) -> None:
    user = await new_user(session)
    now = utcnow()
    for n in range(5):
        await fail(session, user.email, user.id, f"10.0.0.{n}", now)
    with pytest.raises(LoginThrottled) as info:
        await throttle.admit(session, POLICY, user.email, user.id, "10.0.1.1", now)
    assert info.value.headers["Retry-After"] == "1"
    # one attempt per delay; each failure doubles it, up to the bound
    waits = []
    for n in range(12):
        now += timedelta(seconds=POLICY.delay(5 + n))
        await fail(session, user.email, user.id, f"10.0.2.{n}", now)
        with pytest.raises(LoginThrottled) as info:
            await throttle.admit(session, POLICY, user.email, user.id, "10.0.3.1", now)
        waits.append(int(info.value.headers["Retry-After"]))
    assert waits[:6] == [2, 4, 8, 16, 32, 60] and set(waits[6:]) == {60}


async def test_known_address_is_never_delayed(session: AsyncSession) -> None:
    user = await new_user(session)
    now = utcnow()
    home = await throttle.admit(session, POLICY, user.email, user.id, "192.0.2.10", now)
    await throttle.succeeded(session, POLICY, home, now)
    for n in range(20):
        now += timedelta(seconds=POLICY.delay(n))
        await fail(session, user.email, user.id, f"10.1.0.{n}", now)
    with pytest.raises(LoginThrottled):
        await throttle.admit(session, POLICY, user.email, user.id, "10.1.1.1", now)
    attempt = await throttle.admit(session, POLICY, user.email, user.id, "192.0.2.10", now)
    assert attempt.trusted
    await throttle.succeeded(session, POLICY, attempt, now)
    # a trusted success does not hand the attacker fresh free attempts
    with pytest.raises(LoginThrottled):
        await throttle.admit(session, POLICY, user.email, user.id, "10.1.1.2", now)


async def test_a_known_address_that_keeps_failing_loses_its_exemption(
    session: AsyncSession,
) -> None:
    user = await new_user(session)
    now = utcnow()
    shared = "192.0.2.20"  # e.g. the owner's NAT, shared with an attacker
    await throttle.succeeded(
        session,
        POLICY,
        await throttle.admit(session, POLICY, user.email, user.id, shared, now),
        now,
    )
    for _ in range(throttle.ADDRESS_FAILURES):
        attempt = await fail(session, user.email, user.id, shared, now)
        assert attempt.trusted
    attempt = await throttle.admit(session, POLICY, user.email, user.id, shared, now)
    assert not attempt.trusted
    # once the window passes, the address is trusted again
    later = now + timedelta(seconds=POLICY.window + 1)
    assert (await throttle.admit(session, POLICY, user.email, user.id, shared, later)).trusted


async def test_old_failures_are_forgotten_and_success_clears_them(session: AsyncSession) -> None:
    user = await new_user(session)
    now = utcnow()
    for n in range(6):
        await fail(session, user.email, user.id, f"10.2.0.{n}", now + timedelta(seconds=n * 2))
    later = now + timedelta(seconds=POLICY.window + 60)
    for n in range(4):  # counting starts over: free again
        await fail(session, user.email, user.id, f"10.2.1.{n}", later)
    attempt = await throttle.admit(session, POLICY, user.email, user.id, "10.2.2.1", later)
    await throttle.succeeded(session, POLICY, attempt, later)
    for n in range(5):
        await fail(session, user.email, user.id, f"10.2.3.{n}", later)
    with pytest.raises(LoginThrottled):
        await throttle.admit(session, POLICY, user.email, user.id, "10.2.4.1", later)


async def test_unknown_emails_are_throttled_alike(session: AsyncSession) -> None:
    ghost = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    now = utcnow()
    for n in range(5):
        await fail(session, ghost, None, f"10.3.0.{n}", now)
    with pytest.raises(LoginThrottled):
        await throttle.admit(session, POLICY, ghost.upper(), None, "10.3.1.1", now)


async def test_one_untrusted_attempt_at_a_time(session: AsyncSession) -> None:
    """Concurrent attempts from new addresses cannot all slip through the free failures."""
    user = await new_user(session)
    now = utcnow()
    await throttle.admit(session, POLICY, user.email, user.id, "10.4.0.1", now)
    with pytest.raises(LoginThrottled):  # the first is still checking its password
        await throttle.admit(session, POLICY, user.email, user.id, "10.4.0.2", now)
