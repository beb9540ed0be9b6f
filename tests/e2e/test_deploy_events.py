"""A deployment's CloudFormation events are its own: ``DescribeStackEvents`` answers a stack's
whole history, and a second deploy of the same stacks used to store the first one's events as
its own (the CLI and the dashboard showed CREATE_* events under an update)."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from tests.support import SHOP_SPEC, SHOP_WITH_REVIEWS, deploy, deployment, generated

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]


def at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def identity(event: dict[str, str]) -> tuple[str, ...]:
    return (event["stackName"], event["logicalId"], event["status"], event["timestamp"])


async def deployed(user: httpx.AsyncClient, pid: str) -> dict[str, object]:
    r = await deploy(user, pid, acknowledge=["unsafe"])
    assert r.status_code == 202, r.text
    done = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert done["status"] == "completed", done
    return done


async def test_a_second_deploy_stores_only_its_own_events(user: httpx.AsyncClient) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    first = await deployed(user, pid)
    await generated(user, SHOP_WITH_REVIEWS, pid)
    second = await deployed(user, pid)
    firsts, seconds = first["events"], second["events"]
    assert isinstance(firsts, list) and isinstance(seconds, list) and seconds, second
    assert not {identity(e) for e in firsts} & {identity(e) for e in seconds}
    began = at(str(second["startedAt"])) - timedelta(seconds=5)
    assert all(at(e["timestamp"]) >= began for e in seconds)
    assert any(e["status"].startswith("UPDATE_") for e in seconds)
