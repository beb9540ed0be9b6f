"""The generated Python SDK artifact, installed in a new virtualenv with nothing from the network
(``pip install --no-index``: its dependencies are wheels made here from the distributions this
environment has installed), drives the sandbox: create, list, get, update, delete."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.e2e.test_sandbox import started, template_project, token
from tests.support import Api

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.slow]
OFFLINE = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INDEX": "1"}


def wheel_of(dist: metadata.Distribution, out: Path) -> Path:
    """A wheel rebuilt from an installed (pure-Python) distribution's recorded files."""
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    path = out / f"{name}-{dist.version}-py3-none-any.whl"
    base = Path(str(dist.locate_file("")))
    with zipfile.ZipFile(path, "w") as whl:
        for file in dist.files or []:
            if file.parts[0] == ".." or file.suffix == ".pyc":
                continue
            whl.write(base / file, str(file))
    return path


def closure(names: list[str]) -> list[metadata.Distribution]:
    """The distributions ``names`` need, transitively (markers evaluated here, no extras)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        dist = metadata.distribution(todo.pop())
        key = dist.metadata["Name"].lower()
        if key in seen:
            continue
        seen[key] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return list(seen.values())


DRIVE = """
import json, sys
from task_manager_client import AuthenticatedClient
from task_manager_client.api.member import (
    create_member, delete_member, get_member, list_member, update_member)
from task_manager_client.models import MemberCreate, MemberUpdate

client = AuthenticatedClient(base_url=sys.argv[1], token=sys.argv[2])
out = {}
made = create_member.sync_detailed(
    client=client, body=MemberCreate(email="sdk@example.com", name="Sdk"))
out["create"] = made.status_code.value
member = made.parsed
page = list_member.sync_detailed(client=client, limit=50)
out["list"] = page.status_code.value
out["listed"] = [m.email for m in page.parsed.data]
got = get_member.sync_detailed(id=member.id, client=client)
out["get"] = [got.status_code.value, got.parsed.name, got.parsed.role.value]
changed = update_member.sync_detailed(id=member.id, client=client, body=MemberUpdate(name="Renamed"))
out["update"] = [changed.status_code.value, changed.parsed.name]
out["delete"] = delete_member.sync_detailed(id=member.id, client=client).status_code.value
out["after"] = get_member.sync_detailed(id=member.id, client=client).status_code.value
twice = create_member.sync_detailed(
    client=client, body=MemberCreate(email="x@example.com", name="X" * 101))
out["invalid"] = [twice.status_code.value, twice.parsed.code]
print(json.dumps(out))
"""


async def test_generated_sdk_drives_the_sandbox(user: Api, tmp_path: Path) -> None:
    pid = await template_project(user, "task-manager")
    box = await started(user, pid)
    admin = await token(user, pid, sub="sdk", roles=["admin"])
    r = await user.get(f"/projects/{pid}/artifacts/sdk/python")
    assert r.status_code == 200, r.text
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    archive.extractall(tmp_path / "sdk")
    package = archive.namelist()[0].split("/")[0]  # <project slug>_client
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for dist in closure(["httpx", "attrs"]):
        wheel_of(dist, wheels)
    built = subprocess.run(  # the SDK's wheel, built here (setuptools of this environment)
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index"),
            *("--no-build-isolation", "--wheel-dir", str(wheels), str(tmp_path / "sdk" / package)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=OFFLINE,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    install = subprocess.run(
        [
            *(python, "-m", "pip", "install", "--quiet", "--no-index"),
            *("--find-links", str(wheels), package.replace("_", "-")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=OFFLINE,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    run = subprocess.run(
        [python, "-c", DRIVE.replace("task_manager_client", package), box["baseUrl"], admin],
        capture_output=True,
        text=True,
        timeout=120,
        env={**OFFLINE, "PYTHONPATH": ""},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["create"] == 201 and out["list"] == 200 and "sdk@example.com" in out["listed"]
    assert out["get"] == [200, "Sdk", "member"]
    assert out["update"] == [200, "Renamed"]
    assert out["delete"] == 204 and out["after"] == 404
    assert out["invalid"] == [422, "VALIDATION_ERROR"]
