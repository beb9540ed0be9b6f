"""How hard the fuzz tests push: ~300 examples each in `make test`, many more in `make fuzz`."""

from __future__ import annotations

import os

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
