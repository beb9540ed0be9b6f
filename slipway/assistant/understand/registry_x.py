"""Rules of the fourth round's API, access, infrastructure, workflow and feature requests, in
the order the reader tries them: ``EARLY`` before every other rule, ``LATE`` after them all."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant.understand import (
    rules_x_api,
    rules_x_features,
    rules_x_flows,
    rules_x_infra,
    rules_x_roles,
)
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

Rule = Callable[[str, Context], Reading | None]

EARLY: tuple[Rule, ...] = (
    rules_x_infra.infra_items,
    rules_x_flows.apart,
    rules_x_flows.named_queue,
    rules_x_flows.carried,
    rules_x_flows.its_kind,
    rules_x_flows.failed_to_dlq,
    rules_x_flows.onto_queue,
    rules_x_flows.told_when,
    rules_x_flows.job,
    rules_x_flows.time_after,
    rules_x_roles.with_default,
    rules_x_roles.roles_said,
    rules_x_roles.one_role,
    rules_x_api.ops_told,
    rules_x_api.op_taken_off,
    rules_x_api.before_colon,
    rules_x_features.audit_of_focus,
    rules_x_features.and_every_edit,
    rules_x_features.encrypt_on_that,
    rules_x_features.encrypt_that,
    rules_x_features.new_and_encrypted,
    rules_x_features.why_secret,
    rules_x_infra.files_kept,
)
LATE: tuple[Rule, ...] = ()
