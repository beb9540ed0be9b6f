"""Spec edits as data: one pydantic model per operation, told apart by ``op``.

Both assistants produce these (the offline one from its rule-based reading of a message, the LLM
through JSON-schema tool calling) and one editor (``slipway.assistant.editor``) applies them to
the spec text. Every name is checked against the spec language's own patterns, so an operation
can never smuggle a line break, a heading or a comma into the spec.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, model_validator

EntityName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]{0,63}$")]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
RoleName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
EnumValue = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]([A-Za-z0-9_.\- ]{0,62}[A-Za-z0-9_.\-])?$")
]
ResourceName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]{0,79}$")]
TextValue = Annotated[str, StringConstraints(pattern=r"^[^\n\r,#<>`]{1,100}$")]
Default = bool | int | float | TextValue
FieldKind = Literal[
    "string", "number", "integer", "boolean", "datetime", "date", "json", "enum", "ref"
]
Operation = Literal["list", "get", "create", "update", "delete"]


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Op):
    """A field as the user declares it. ``ref`` fields are named without ``_id``."""

    name: FieldName
    type: FieldKind = "string"
    target: EntityName | None = None
    enum_values: list[EnumValue] = Field(default_factory=list, max_length=50)
    required: bool = False
    unique: bool = False
    default: Default | None = None
    max_length: int | None = Field(default=None, ge=1, le=1_000_000)
    indexed: bool = False
    encrypted: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> FieldSpec:
        if (self.type == "ref") != (self.target is not None):
            raise ValueError("a ref field names its target entity, and only a ref field does")
        if (self.type == "enum") != bool(self.enum_values):
            raise ValueError("an enum field lists its values, and only an enum field does")
        if self.max_length is not None and self.type != "string":
            raise ValueError("max_length applies to string fields")
        return self


class AddEntity(_Op):
    op: Literal["add_entity"] = "add_entity"
    name: EntityName
    fields: list[FieldSpec] = Field(default_factory=list, max_length=100)


class RemoveEntity(_Op):
    op: Literal["remove_entity"] = "remove_entity"
    name: EntityName


class RenameEntity(_Op):
    op: Literal["rename_entity"] = "rename_entity"
    name: EntityName
    new_name: EntityName


class AddField(_Op):
    op: Literal["add_field"] = "add_field"
    entity: EntityName
    field: FieldSpec


class RemoveField(_Op):
    op: Literal["remove_field"] = "remove_field"
    entity: EntityName
    field: FieldName


class RenameField(_Op):
    op: Literal["rename_field"] = "rename_field"
    entity: EntityName
    field: FieldName
    new_name: FieldName


class ChangeType(_Op):
    op: Literal["change_type"] = "change_type"
    entity: EntityName
    field: FieldName
    type: FieldKind
    enum_values: list[EnumValue] = Field(default_factory=list, max_length=50)
    target: EntityName | None = None


class SetRequired(_Op):
    op: Literal["set_required"] = "set_required"
    entity: EntityName
    field: FieldName
    required: bool = True


class SetUnique(_Op):
    op: Literal["set_unique"] = "set_unique"
    entity: EntityName
    field: FieldName
    unique: bool = True


class SetDefault(_Op):
    op: Literal["set_default"] = "set_default"
    entity: EntityName
    field: FieldName
    default: Default | None = None
    """``None`` removes the default."""


class SetMaxLength(_Op):
    op: Literal["set_max_length"] = "set_max_length"
    entity: EntityName
    field: FieldName
    max_length: int | None = Field(default=None, ge=1, le=1_000_000)


class SetEnumValues(_Op):
    op: Literal["set_enum_values"] = "set_enum_values"
    entity: EntityName
    field: FieldName
    values: list[EnumValue] = Field(min_length=1, max_length=50)
    mode: Literal["replace", "add", "remove"] = "replace"


class SetIndexed(_Op):
    op: Literal["set_indexed"] = "set_indexed"
    entity: EntityName
    field: FieldName
    indexed: bool = True


class SetEncrypted(_Op):
    """Field-level encryption of the stored value (the spec's ``encrypted`` modifier)."""

    op: Literal["set_encrypted"] = "set_encrypted"
    entity: EntityName
    field: FieldName
    encrypted: bool = True


class AddRelationship(_Op):
    op: Literal["add_relationship"] = "add_relationship"
    entity: EntityName
    kind: Literal["belongs_to", "has_many", "many_to_many"]
    target: EntityName
    name: FieldName | None = None
    """belongs_to only: the reference field's name (default: the target in snake_case)."""
    required: bool = False


class SetEntityOption(_Op):
    op: Literal["set_entity_option"] = "set_entity_option"
    entity: EntityName
    option: Literal["soft_delete", "audit_log", "tenant_scoped", "global", "no_timestamps"]
    enabled: bool = True


class SetAuth(_Op):
    op: Literal["set_auth"] = "set_auth"
    strategy: Literal["jwt", "cognito", "api_key", "none"]


class SetRoles(_Op):
    op: Literal["set_roles"] = "set_roles"
    roles: list[RoleName] = Field(min_length=1, max_length=30)
    mode: Literal["add", "replace", "remove"] = "add"


class RenameRole(_Op):
    """A role called something else, wherever the spec names it (the roles, the default role and
    the API's role access)."""

    op: Literal["rename_role"] = "rename_role"
    old: RoleName
    new: RoleName


class SetDefaultRole(_Op):
    """The role a new user gets (one of the roles)."""

    op: Literal["set_default_role"] = "set_default_role"
    role: RoleName


class SetTenancy(_Op):
    op: Literal["set_tenancy"] = "set_tenancy"
    mode: Literal["single", "multi"]
    entity: EntityName | None = None

    @model_validator(mode="after")
    def _entity_for_multi(self) -> SetTenancy:
        if self.mode == "multi" and self.entity is None:
            raise ValueError("multi-tenancy names its tenant entity")
        return self


class SetApi(_Op):
    """API settings of one entity's resource; ``None`` leaves a setting as it is."""

    op: Literal["set_api"] = "set_api"
    entity: EntityName
    access: Literal["public", "authenticated", "roles"] | None = None
    roles: list[RoleName] = Field(default_factory=list, max_length=30)
    operations: list[Operation] | None = None
    path: Annotated[str, StringConstraints(pattern=r"^/[A-Za-z0-9_\-/.]{0,120}$")] | None = None

    @model_validator(mode="after")
    def _roles_for_access(self) -> SetApi:
        if (self.access == "roles") != bool(self.roles):
            raise ValueError("access 'roles' lists its roles, and only it does")
        return self


class SetHealth(_Op):
    """The API's health endpoint (``- health: true`` under ``## API``)."""

    op: Literal["set_health"] = "set_health"
    enabled: bool = True


class SetDatabase(_Op):
    op: Literal["set_database"] = "set_database"
    database: Literal["dynamodb", "postgres"]


class SetRegion(_Op):
    op: Literal["set_region"] = "set_region"
    region: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")]


class AddBucket(_Op):
    op: Literal["add_bucket"] = "add_bucket"
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")]


class RemoveBucket(_Op):
    op: Literal["remove_bucket"] = "remove_bucket"
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")]


class SetInfraFlag(_Op):
    op: Literal["set_infra_flag"] = "set_infra_flag"
    flag: Literal["tracing", "alarms", "structured_logging", "point_in_time_recovery", "backups"]
    enabled: bool = True


class SetLogRetention(_Op):
    op: Literal["set_log_retention"] = "set_log_retention"
    days: int | None = Field(default=None, ge=1, le=3653)


class AddSchedule(_Op):
    op: Literal["add_schedule"] = "add_schedule"
    """A scheduled job; for a name the spec already schedules, its new time."""

    name: ResourceName
    schedule: Annotated[
        str,
        StringConstraints(
            pattern=r"^(rate\(\d{1,4} (minute|minutes|hour|hours|day|days)\)|"
            r"cron\([0-9*?/,\- A-Z#L]{9,80}\))$"
        ),
    ]


class AddQueue(_Op):
    op: Literal["add_queue"] = "add_queue"
    name: ResourceName
    fifo: bool = False
    dead_letter: bool = False


class AddEvent(_Op):
    op: Literal["add_event"] = "add_event"
    name: ResourceName
    target: ResourceName | None = None


class RemoveWorkflow(_Op):
    op: Literal["remove_workflow"] = "remove_workflow"
    kind: Literal["schedule", "queue", "event"]
    name: ResourceName


class SetApp(_Op):
    op: Literal["set_app"] = "set_app"
    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 '&.\-]{0,79}$")]
    description: Annotated[str, StringConstraints(pattern=r"^[^\n\r#<`]{0,500}$")] = ""


Op = Annotated[
    AddEntity
    | RemoveEntity
    | RenameEntity
    | AddField
    | RemoveField
    | RenameField
    | ChangeType
    | SetRequired
    | SetUnique
    | SetDefault
    | SetMaxLength
    | SetEnumValues
    | SetIndexed
    | SetEncrypted
    | AddRelationship
    | SetEntityOption
    | SetAuth
    | SetRoles
    | RenameRole
    | SetDefaultRole
    | SetTenancy
    | SetApi
    | SetHealth
    | SetDatabase
    | SetRegion
    | AddBucket
    | RemoveBucket
    | SetInfraFlag
    | SetLogRetention
    | AddSchedule
    | AddQueue
    | AddEvent
    | RemoveWorkflow
    | SetApp,
    Field(discriminator="op"),
]
OPS: TypeAdapter[list[Op]] = TypeAdapter(list[Op])


def parse_operations(data: Any) -> list[Op]:
    """Validate untrusted operations (e.g. an LLM's tool call). Raises ``ValidationError``."""
    return OPS.validate_python(data)


def operations_schema() -> dict[str, Any]:
    """JSON Schema of a list of operations (the LLM's tool parameters)."""
    return OPS.json_schema()
