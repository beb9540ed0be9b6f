"""Rules of the fourth round's descriptions of screens and acceptance criteria, in
the order the reader tries them: ``EARLY`` before every other rule, ``LATE`` after them all."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant.understand import rules_z_criteria, rules_z_screen
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

Rule = Callable[[str, Context], Reading | None]

EARLY: tuple[Rule, ...] = (
    rules_z_screen.screen,
    rules_z_screen.steps,
    rules_z_criteria.criteria,
)
LATE: tuple[Rule, ...] = ()
