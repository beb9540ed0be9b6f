"""Through a pseudo-terminal (pexpect): ``slipway deploy`` follows live progress to the end, and
Ctrl-C detaches without cancelling, printing how to reattach."""

from __future__ import annotations

import re

import pexpect
import pytest

from tests.cli.conftest import Cli, pty_env, slipway_bin
from tests.support import Proc

pytestmark = pytest.mark.slow


def spawn(cli: Cli, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        slipway_bin(),
        list(args),
        env=pty_env(cli),
        dimensions=(40, 140),
        encoding="utf-8",
        timeout=120,
    )


def test_deploy_follows_live_progress_in_a_terminal(cli: Cli, worker: Proc) -> None:
    cli.project()
    cli("generate")
    child = spawn(cli, "deploy")
    transcript: list[str] = []
    try:
        # the live display: the overall bar, one bar per stack, the event log
        for pattern in ("Deploying", "data ", "compute ", "api ", "in_progress", "Events"):
            child.expect(pattern)
            transcript.append(child.before + child.after)
        child.expect("Deploy completed")
        transcript.append(child.before + child.after)
        child.expect(pexpect.EOF)
        transcript.append(child.before)
    finally:
        child.close()
    screen = "".join(transcript)
    assert child.exitstatus == 0, screen
    assert "\x1b[" in screen and "━" in screen  # colour and bars, redrawn in place
    assert "CREATE_COMPLETE" in screen
    (latest,) = cli.json("deployments", "list")["data"]
    assert latest["status"] == "completed"


def test_ctrl_c_detaches_and_the_operation_goes_on(cli: Cli, worker: Proc) -> None:
    cli.project()
    cli("generate")
    child = spawn(cli, "deploy")
    try:
        child.expect("in_progress")  # a stack is being deployed
        child.sendintr()
        child.expect("Detached: the operation goes on")
        child.expect(r"Reattach with: slipway deployments show (\S+) --follow")
        did = re.sub(r"\x1b\[[0-9;]*m", "", child.match.group(1))
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    r = cli("deployments", "show", did, "--follow")  # reattach: it was never cancelled
    assert "Deploy completed" in r.stdout
