"""LLM price table (USD per 1M tokens, input / output) and cost in whole cents.

Costs round **up** to the next cent per call (a call that costs anything costs at least 1 cent),
so accounting never under-reports. Unknown models use ``DEFAULT_PRICE``.
"""

from __future__ import annotations

import math

PRICES: dict[str, tuple[float, float]] = {
    "offline": (0.0, 0.0),
    "slipway-offline-1": (0.0, 0.0),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "o3-mini": (1.10, 4.40),
    "llama3": (0.0, 0.0),
    "llama3.1": (0.0, 0.0),
    "qwen2.5": (0.0, 0.0),
}
DEFAULT_PRICE = (1.00, 3.00)


def price_of(model: str) -> tuple[float, float]:
    if model in PRICES:
        return PRICES[model]
    base = model.split(":")[0]  # ollama tags, e.g. llama3.1:8b
    return PRICES.get(base, DEFAULT_PRICE)


def cost_cents(model: str, input_tokens: int, output_tokens: int) -> int:
    per_in, per_out = price_of(model)
    usd = input_tokens * per_in / 1_000_000 + output_tokens * per_out / 1_000_000
    return math.ceil(usd * 100) if usd > 0 else 0


def format_cents(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"
