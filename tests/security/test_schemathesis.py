"""Property-based API testing: Schemathesis against the app's own /openapi.json over real HTTP.

Every check runs (none excluded; see test_every_check_runs): server errors, status codes, content types,
headers and bodies against the document, schema-valid requests accepted and schema-invalid ones
rejected, 405s with the right ``Allow``, authentication, use after delete. The verdict is the
same on every run: a fixed seed, a fixed number of examples per operation and of steps per
stateful scenario (schemathesis.toml), no time budget. `make fuzz` runs the long exploratory
variant below (a new seed each run, many more examples, a time budget); each failure it finds
becomes a regression test in test_input_regressions.py.

The few rules a JSON Schema cannot express (a spec must compile, a password must differ from the
email) are the only 422s a schema-valid request may get: schemathesis.toml lets the operations
that have such a rule answer 422, and st_hooks.py checks it carries that rule's code.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import PASSWORD, Stack, random_ip

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = 20261124
EXAMPLES = 10
"""Examples per operation and phase: about 2 minutes on an idle 2-core machine."""
LONG_SECONDS = int(os.environ.get("SCHEMATHESIS_SECONDS", "0"))
"""Set by `make fuzz`: the long run's time budget (the normal suite skips it)."""


@pytest.fixture
def unlimited(stack: Stack) -> Iterator[str]:
    """The app on the same database and Temporal with rate limiting off, so generated requests
    reach the operations' logic instead of stopping at 429 (the limits have their own tests)."""
    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer

    server = ThreadedServer(create_app(Settings(rate_limit_enabled=False))).start()
    try:
        yield server.url
    finally:
        server.stop()


def schemathesis(url: str, cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``schemathesis run`` as a fresh user (it logs in again after any 401: POST /auth/logout
    ends the session it is called with) who owns a project made from a template."""
    email, ip = f"fuzz-{uuid.uuid4().hex[:10]}@example.com", random_ip()
    with httpx.Client(base_url=url, headers={"X-Forwarded-For": ip}) as client:
        r = client.post("/auth/signup", json={"email": email, "password": PASSWORD})
        assert r.status_code == 201, r.text
        token = client.post("/auth/login", json={"email": email, "password": PASSWORD})
        client.headers["Authorization"] = f"Bearer {token.json()['accessToken']}"
        client.post("/projects", json={"name": "Fuzzed", "templateId": "task-manager"})
    env = {
        **os.environ,
        "SLIPWAY_FUZZ_EMAIL": email,
        "SLIPWAY_FUZZ_PASSWORD": PASSWORD,
        "SCHEMATHESIS_HOOKS": "tests.security.st_hooks",
        "PYTHONPATH": str(ROOT),
    }
    command = [str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(CONFIG)]
    command += ["run", f"{url}/openapi.json", "-H", f"X-Forwarded-For: {ip}"]
    # No --checks: the default is every check (as `--checks all`, which on the command line would
    # override the per-operation settings of schemathesis.toml); test_every_check_runs proves it.
    command += ["--workers", "1", "--no-color", *options]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd, env=env)


def verdict(result: subprocess.CompletedProcess[str]) -> None:
    summary = result.stdout.rsplit("SUMMARY", 1)[-1]
    phases = "\n".join(re.findall(r".*\(in [0-9.]+s\)", result.stdout))
    print(phases + summary)  # shown with -s or -rP: phase times, checks, warnings, test cases
    failures = result.stdout.split("FAILURES", 1)[-1].split("WARNINGS", 1)[0][:8000]
    assert result.returncode == 0 and "Test cases:" in summary, (
        failures + summary + result.stderr[-2000:]
    )


@pytest.mark.timeout(900)
def test_schemathesis_finds_no_failures(stack: Stack, unlimited: str, tmp_path: Path) -> None:
    verdict(schemathesis(unlimited, tmp_path, "--max-examples", str(EXAMPLES), "--seed", str(SEED)))


@pytest.mark.fuzz
@pytest.mark.timeout(LONG_SECONDS + 1800)
@pytest.mark.skipif(not LONG_SECONDS, reason="the long run is `make fuzz` (SCHEMATHESIS_SECONDS)")
def test_schemathesis_long_run(stack: Stack, unlimited: str, tmp_path: Path) -> None:
    seed = int(os.environ.get("SCHEMATHESIS_SEED") or random.randrange(2**31))
    print(f"Schemathesis seed {seed} (rerun it with SCHEMATHESIS_SEED={seed})")
    examples = os.environ.get("SCHEMATHESIS_EXAMPLES", "200")
    budget = ("--max-examples", examples, "--max-time", str(LONG_SECONDS))
    verdict(schemathesis(unlimited, tmp_path, *budget, "--seed", str(seed)))


def test_every_check_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's configuration enables every registered check (``max_response_time`` needs a
    limit and is not one of ``--checks all`` either) for every operation, except
    ``use_after_free`` on reads under an archived project (schemathesis.toml says why)."""
    from schemathesis.checks import CHECKS, load_all_checks
    from schemathesis.config import SchemathesisConfig

    import tests.security.st_hooks  # noqa: F401  (registers our check, as SCHEMATHESIS_HOOKS does)

    load_all_checks()
    monkeypatch.setenv("SLIPWAY_FUZZ_EMAIL", "fuzz@example.com")
    monkeypatch.setenv("SLIPWAY_FUZZ_PASSWORD", PASSWORD)
    config = SchemathesisConfig.from_path(str(CONFIG)).projects.default.checks_config_for()
    names = set(CHECKS.get_all_names()) - {"max_response_time"}
    assert "only_inexpressible_rules_refuse_valid_data" in names and "use_after_free" in names
    assert {name for name in names if not config.get_by_name(name=name).enabled} == set()
