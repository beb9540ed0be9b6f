"""Every activity the worker runs, bound to their dependencies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from activities import ops_events
from activities.deps import ActivityDeps
from activities.drift import DriftActivities
from activities.events import EventActivities
from activities.generation import GenerationActivities
from activities.stackops import StackOpsActivities
from activities.validation import ValidationActivities
from activities.webhooks import WebhookActivities


def build_activities(deps: ActivityDeps) -> list[Callable[..., Any]]:
    ops_events.install(deps)  # webhook deliveries and drift schedules follow the event log
    return [
        *GenerationActivities(deps).all(),
        *ValidationActivities(deps).all(),
        *StackOpsActivities(deps).all(),
        *EventActivities(deps).all(),
        *WebhookActivities(deps).all(),
        *DriftActivities(deps).all(),
    ]
