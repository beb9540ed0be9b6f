"""The local AWS keeps its state across restarts of ``make run``, with moto's own recorder.

moto's server records every request it receives to ``MOTO_RECORDER_FILEPATH`` while recording
is on, and replays a recording on request (``/moto-api/recorder/replay-recording``). A fresh
recording starts by seeding moto's random generator (``/moto-api/seed``), so a replay makes the
same identifiers (stack IDs, generated names, key IDs) in the same order. On each start the
launcher compacts the recording (read-only requests change nothing and are dropped), replays it
before anything else talks to moto, then records again.

What a replay cannot bring back is said, not hidden: key material moto draws from the operating
system (KMS keys: ciphertexts written before the restart no longer open), timestamps (now the
replay's), and anything that was lost because a recording could not be replayed (the file is
then set aside, and Slipway reports the deployments whose stacks are gone).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

RECORDING = "recording.jsonl"
_READ_ONLY = re.compile(r"^(Describe|List|Get|BatchGet|Scan|Query|Decrypt|Validate|Estimate)")
_MUTATING_READS = {"GetId", "GetOpenIdToken", "GetCredentialsForIdentity"}


def _action(entry: dict[str, object]) -> str | None:
    """The API action of a recorded request (JSON protocols: ``X-Amz-Target``; query
    protocols: the body's ``Action``), or None for REST-style requests."""
    headers = entry.get("headers") or {}
    assert isinstance(headers, dict)
    target = next((v for k, v in headers.items() if str(k).lower() == "x-amz-target"), None)
    if target:
        return str(target).rsplit(".", 1)[-1]
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        try:
            body = base64.b64decode(str(body)).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
    actions = parse_qs(str(body)).get("Action")
    return actions[0] if actions else None


def read_only(entry: dict[str, object]) -> bool:
    """A request that changes nothing moto keeps (its replay would only cost time)."""
    url = str(entry.get("url") or "")
    if "/moto-api/" in url:
        return False  # the seed, resets: they shape what follows
    action = _action(entry)
    if action is not None:
        return bool(_READ_ONLY.match(action)) and action not in _MUTATING_READS
    return str(entry.get("method", "")).upper() in ("GET", "HEAD", "OPTIONS")


def compact(path: Path) -> tuple[int, int]:
    """Drop read-only requests from the recording; (kept, dropped)."""
    if not path.exists():
        return 0, 0
    kept, dropped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            dropped += 1  # a line cut by a crash mid-write
            continue
        if read_only(entry):
            dropped += 1
        else:
            kept.append(line)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
    tmp.replace(path)
    return len(kept), dropped


def _post(url: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=b"", method="POST")  # noqa: S310 (local)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (local)
        if int(response.status) >= 400:
            raise OSError(f"{url} answered {response.status}")


def restore(base: str, path: Path, log: Callable[[str], None]) -> None:
    """Replay the recording into a freshly started moto (or seed a new one), then record."""
    kept, dropped = compact(path)
    if kept:
        started = time.monotonic()
        try:
            _post(f"{base}/moto-api/recorder/replay-recording", timeout=600)
        except OSError as exc:
            aside = path.with_name(f"{path.name}.unreplayable-{int(time.time())}")
            path.replace(aside)
            log(
                f"local AWS: the recording could not be replayed ({exc}); its state is lost "
                f"(recording kept as {aside.name}). Deployments whose stacks are gone say so."
            )
            kept = 0
        else:
            seconds = time.monotonic() - started
            log(
                f"local AWS: replayed {kept} recorded requests in {seconds:.1f} s "
                f"({dropped} read-only ones dropped)"
            )
    _post(f"{base}/moto-api/recorder/start-recording", timeout=10)
    if not kept:
        _post(f"{base}/moto-api/seed?a={secrets.randbelow(2**31)}", timeout=10)
