"""How hard the fuzz tests push: ~300 examples each in `make test`, many more in `make fuzz`.

In the normal suite the examples are fixed (``derandomize``: the same inputs on every run, so a
failure reproduces); `make fuzz` sets ``FUZZ_EXAMPLES`` and explores new inputs each run.
"""

from __future__ import annotations

import os

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FUZZ_DERANDOMIZE = "FUZZ_EXAMPLES" not in os.environ
