"""Rules of the fourth round's API, access, infrastructure, workflow and feature requests, in
the order the reader tries them: ``EARLY`` before every other rule, ``LATE`` after them all."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant.understand import rules_x_infra
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

Rule = Callable[[str, Context], Reading | None]

EARLY: tuple[Rule, ...] = (rules_x_infra.infra_items,)
LATE: tuple[Rule, ...] = ()
