"""A scheduled job: logs one structured line per run (the inline code of a job function)."""

from __future__ import annotations

import json
import os
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, bool]:
    print(json.dumps({"job": os.environ["JOB_NAME"], "event": event}, default=str))
    return {"ok": True}
