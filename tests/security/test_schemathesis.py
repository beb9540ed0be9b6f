"""Property-based API testing: Schemathesis against the app's own /openapi.json over real HTTP,
authenticated, fuzzing + stateful phases with a bounded number of examples. Any 5xx, any
undocumented status code or content type, or any body that does not match its schema fails."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import PASSWORD, Stack, random_ip

pytestmark = pytest.mark.slow
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


@pytest.fixture
def unlimited(stack: Stack) -> Iterator[str]:
    """The app on the same database and Temporal with rate limiting off, so generated requests
    reach the operations' logic instead of stopping at 429 (the limits have their own tests)."""
    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer, free_port

    server = ThreadedServer(create_app(Settings(rate_limit_enabled=False)), free_port()).start()
    try:
        yield server.url
    finally:
        server.stop()


def test_schemathesis_finds_no_failures(stack: Stack, unlimited: str, tmp_path: Path) -> None:
    email = f"fuzz-{uuid.uuid4().hex[:10]}@example.com"
    ip = random_ip()
    with httpx.Client(base_url=unlimited, headers={"X-Forwarded-For": ip}) as client:
        assert (
            client.post("/auth/signup", json={"email": email, "password": PASSWORD}).status_code
            == 201
        )
        token = client.post("/auth/login", json={"email": email, "password": PASSWORD}).json()[
            "accessToken"
        ]
        # a project with a blueprint gives the stateful phase real ids to follow
        client.headers["Authorization"] = f"Bearer {token}"
        client.post("/projects", json={"name": "Fuzzed", "templateId": "task-manager"})
    st = Path(sys.executable).parent / "schemathesis"
    seconds = int(os.environ.get("SCHEMATHESIS_SECONDS", "90"))
    result = subprocess.run(
        [
            str(st),
            "run",
            f"{unlimited}/openapi.json",
            "-H",
            f"Authorization: Bearer {token}",
            "-H",
            f"X-Forwarded-For: {ip}",
            "--checks",
            CHECKS,
            "--max-examples",
            "10",
            # then both phases repeat for the rest of the budget: the stateful phase follows
            # the document's links (project → spec, blueprints, deployments, artifacts, …)
            "--max-time",
            str(seconds),
            "--phases",
            "fuzzing,stateful",
            "--seed",
            os.environ.get("SCHEMATHESIS_SEED", "20261124"),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 600,
        check=False,
        cwd=tmp_path,
    )
    summary = result.stdout[-3000:]
    print(summary)  # shown with -s or -rP: phases, links covered, checks
    failures = result.stdout.split("FAILURES", 1)[-1].split("WARNINGS", 1)[0][:6000]
    assert result.returncode == 0, failures + summary
    assert "passed" in summary and "failures" not in summary.split("SUMMARY")[-1].lower().replace(
        "no failures", ""
    )
