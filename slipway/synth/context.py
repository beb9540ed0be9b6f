"""What every stack builder shares: the blueprint, the stack names, tags and cross-stack exports."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from troposphere import Export, ImportValue, Output, Tags, Template

from slipway.ir import Blueprint, EntityDef, FieldDef
from slipway.synth.limits import LimitedTemplate
from slipway.synth.naming import stack_names


def stored_encrypted(bp: Blueprint, f: FieldDef) -> bool:
    """Whether Slipway's own stacks store field ``f``'s values as KMS ciphertext: an
    ``encrypted`` field of a DynamoDB blueprint, except the system fields (id, timestamps, the
    tenant key) its CRUD function must read in the clear. Never on PostgreSQL, whose functions
    encrypt nothing (so its unique checks stay): there the ``encrypted`` flag protects nothing
    in Slipway's stacks (the CDK project encrypts it), and the security rules that look for
    field encryption (``slipway.rules.security``) ask this, not the flag."""
    if bp.infrastructure.database != "dynamodb":
        return False
    system = {bp.tenancy.tenant_key, "deleted_at"}
    return f.encrypted and not f.managed and not f.primary and f.name not in system


class Synth:
    """The blueprint being synthesized for one project, and the helpers its stacks share.

    Cross-stack references are exports named ``<stack name>-<Output>`` read with
    ``Fn::ImportValue``.
    """

    def __init__(
        self,
        bp: Blueprint,
        project_id: str,
        recorded: Mapping[str, str] | None = None,
        limits: bool = True,
    ) -> None:
        self.bp = bp
        self.project_id = project_id
        self.names = stack_names(bp.project.slug, project_id, recorded)
        self.limits = limits
        """Whether the templates hold CloudFormation's limits (``slipway.synth.limits``)."""

    @cached_property
    def _entities(self) -> dict[str, EntityDef]:
        return {e.name: e for e in self.bp.entities}

    def entity(self, name: str) -> EntityDef | None:
        """The entity named ``name`` (a dictionary lookup: ``bp.entity`` scans the list)."""
        return self._entities.get(name)

    @cached_property
    def _referencing(self) -> dict[str, list[tuple[EntityDef, str]]]:
        out: dict[str, list[tuple[EntityDef, str]]] = {}
        for other in self.bp.entities:
            for f in other.fields:
                if f.references:
                    out.setdefault(f.references, []).append((other, f.name))
        return out

    def referencing(self, entity: str) -> list[tuple[EntityDef, str]]:
        """The entities with a field referencing ``entity``, and that field's name (one pass
        over the blueprint for all entities: synthesis stays linear)."""
        return self._referencing.get(entity, [])

    def tags(self, key: str, **extra: str) -> Tags:
        return Tags({"slipway:project": self.project_id, "slipway:stack": key, **extra})

    def template(self, key: str) -> Template:
        """An empty template of stack ``key``, refusing what CloudFormation's limits refuse."""
        t = LimitedTemplate(key, enforce=self.limits)
        t.set_version("2010-09-09")
        t.set_description(f"Slipway {key} stack of {self.bp.project.name}")
        return t

    def export(self, t: Template, key: str, name: str, value: Any) -> None:
        t.add_output(Output(name, Value=value, Export=Export(f"{self.names[key]}-{name}")))

    def imported(self, key: str, name: str) -> ImportValue:
        return ImportValue(f"{self.names[key]}-{name}")

    @property
    def cognito(self) -> bool:
        return self.bp.auth.strategy in ("jwt", "cognito")

    @property
    def multi_tenant(self) -> bool:
        """Tenant isolation in the deployed API needs the tenant claim, so Cognito too."""
        return self.cognito and self.bp.tenancy.mode == "multi" and bool(self.bp.tenancy.tenant_key)

    @property
    def dynamo(self) -> bool:
        return self.bp.infrastructure.database == "dynamodb"

    def encrypted_fields(self, e: EntityDef) -> list[str]:
        """Fields the CRUD function stores as KMS ciphertext (``stored_encrypted``)."""
        return [f.name for f in e.fields if stored_encrypted(self.bp, f)]

    @property
    def kms(self) -> bool:
        """A customer-managed key exists when any field of a DynamoDB blueprint is encrypted."""
        return self.dynamo and any(self.encrypted_fields(e) for e in self.bp.entities)

    @property
    def audited(self) -> bool:
        """The audit table exists when any entity of a DynamoDB blueprint is audit-logged."""
        return self.dynamo and any(e.audit_log for e in self.bp.entities)
