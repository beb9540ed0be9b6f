"""Every activity the worker runs, bound to their dependencies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from activities.deps import ActivityDeps
from activities.events import EventActivities
from activities.generation import GenerationActivities
from activities.stackops import StackOpsActivities
from activities.validation import ValidationActivities


def build_activities(deps: ActivityDeps) -> list[Callable[..., Any]]:
    return [
        *GenerationActivities(deps).all(),
        *ValidationActivities(deps).all(),
        *StackOpsActivities(deps).all(),
        *EventActivities(deps).all(),
    ]
