"""A scheduled job: logs a structured line per run (replace the body with the job's work)."""

from __future__ import annotations

import json
import os
from typing import Any


def handler(event: dict[str, Any], context: Any = None) -> dict[str, bool]:
    print(json.dumps({"job": os.environ.get("JOB_NAME"), "event": event}, default=str))
    return {"ok": True}
