"""Schemathesis hooks (``SCHEMATHESIS_HOOKS=tests.security.st_hooks``): one check of our own.

The OpenAPI document states every rule a JSON Schema can express, so Schemathesis's
``positive_data_acceptance`` requires schema-valid requests to be accepted. A few rules a schema
cannot express stay documented 422s (the spec must compile; the password must differ from the
email); ``schemathesis.toml`` lets those operations answer 422 to schema-valid data, and this
check narrows that back down: such a 422 must carry one of the operation's own codes below, so a
generic ``VALIDATION_ERROR`` (a rule the schema should have stated) still fails the run.
"""

from __future__ import annotations

from typing import Any

import schemathesis

EMAIL = "VALIDATION_ERROR body.email"
"""``format: email`` is an annotation each validator reads its own way; the API's (email-validator)
also refuses special-use domains such as ``.test`` and quoted local parts."""
INEXPRESSIBLE: dict[tuple[str, str], frozenset[str]] = {
    ("POST", "/auth/signup"): frozenset({"WEAK_PASSWORD", EMAIL}),  # password == email
    ("POST", "/auth/login"): frozenset({EMAIL}),
    ("POST", "/projects/{project_id}/spec/apply"): frozenset({"SPEC_INVALID"}),
    ("POST", "/projects/{project_id}/revisions/classify"): frozenset({"SPEC_INVALID"}),
    # the spec the assistant writes from the prompt must compile
    ("POST", "/projects/{project_id}/blueprints"): frozenset({"SPEC_INVALID"}),
}
"""The 422s each listed operation may answer to a schema-valid request, as ``CODE`` or ``CODE
field`` (keep in step with the ``[[operations]]`` of schemathesis.toml)."""


@schemathesis.check
def only_inexpressible_rules_refuse_valid_data(ctx: Any, response: Any, case: Any) -> None:
    meta = case.meta
    if response.status_code != 422 or meta is None or not meta.generation.mode.is_positive:
        return
    allowed = INEXPRESSIBLE.get((case.method.upper(), case.operation.path))
    if allowed is None:
        return  # positive_data_acceptance reports it
    body = response.json()
    code = body.get("code")
    fields = {e.get("field") for e in body.get("errors") or [] if isinstance(e, dict)}
    if code in allowed or (fields and {f"{code} {f}" for f in fields} <= allowed):
        return
    raise AssertionError(
        f"Schema-valid request refused with {code} ({', '.join(map(str, fields))}): "
        f"only {', '.join(sorted(allowed))} (rules a JSON Schema cannot express) may refuse one "
        "here; state the rule in the OpenAPI document"
    )
