"""Blueprint IR: the typed, versioned intermediate representation compiled from a spec.

Every other part of Slipway (validation rules, change classification, CloudFormation synthesis,
artifacts) reads this model. It is pure data: no I/O. JSON keys are camelCase (``by_alias=True``);
Python attributes are snake_case.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

IR_VERSION = "1.0"

FieldType = Literal["string", "number", "integer", "boolean", "datetime", "date", "enum", "json"]
FIELD_TYPES: tuple[str, ...] = (
    "string",
    "number",
    "integer",
    "boolean",
    "datetime",
    "date",
    "enum",
    "json",
)
Operation = Literal["list", "get", "create", "update", "delete"]
OPERATIONS: tuple[str, ...] = ("list", "get", "create", "update", "delete")
RelationshipKind = Literal["belongs_to", "has_many", "many_to_many"]
Scalar = str | int | float | bool


class IRModel(BaseModel):
    """Base for every IR node: camelCase JSON, strict about unknown keys."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=False,
    )


class ProjectInfo(IRModel):
    name: str
    slug: str
    description: str = ""


class FieldDef(IRModel):
    name: str
    type: FieldType
    required: bool = False
    unique: bool = False
    primary: bool = False
    default: Scalar | None = None
    enum_values: list[str] = Field(default_factory=list)
    references: str | None = None
    """Name of the referenced entity for a foreign-key field."""
    managed: bool = False
    """Set by the system (id, created_at, updated_at, tenant key), not by API clients."""
    max_length: int | None = None
    encrypted: bool = False
    """Field-level encryption (KMS) of the stored value."""
    description: str = ""


class IndexDef(IRModel):
    name: str
    fields: list[str]
    unique: bool = False


class RelationshipDef(IRModel):
    name: str
    kind: RelationshipKind
    target: str
    field: str | None = None
    """FK field on this entity (belongs_to) or on the target (has_many)."""
    through: str | None = None
    """Join entity for many_to_many."""
    required: bool = False


class EntityDef(IRModel):
    name: str
    plural: str
    table: str
    fields: list[FieldDef]
    indexes: list[IndexDef] = Field(default_factory=list)
    relationships: list[RelationshipDef] = Field(default_factory=list)
    tenant_scoped: bool = False
    soft_delete: bool = False
    audit_log: bool = False
    join_entity: bool = False
    timestamps: bool = True

    def field(self, name: str) -> FieldDef | None:
        return next((f for f in self.fields if f.name == name), None)


class AuthConfig(IRModel):
    strategy: Literal["jwt", "cognito", "api_key", "none"] = "jwt"
    roles: list[str] = Field(default_factory=lambda: ["admin", "user"])
    default_role: str | None = None


class TenancyConfig(IRModel):
    mode: Literal["single", "multi"] = "single"
    tenant_entity: str | None = None
    tenant_key: str | None = None
    """Field name carrying the tenant id on tenant-scoped entities (e.g. ``organization_id``)."""


class ApiResource(IRModel):
    entity: str
    base_path: str
    operations: list[Operation]
    public: bool = False
    """Public resources need no authentication."""
    pagination_limit: int | None = 50
    roles: list[str] = Field(default_factory=list)
    """Roles allowed to call the resource; empty means any authenticated user."""


class ApiConfig(IRModel):
    resources: list[ApiResource] = Field(default_factory=list)
    health_endpoint: bool = False
    version_prefix: str = "/v1"


class ScheduledJob(IRModel):
    name: str
    schedule: str
    """``rate(1 day)`` or ``cron(0 8 * * ? *)`` (EventBridge syntax)."""
    description: str = ""


class QueueDef(IRModel):
    name: str
    dead_letter: bool = False
    fifo: bool = False
    visibility_timeout_seconds: int = 30


class EventDef(IRModel):
    name: str
    target: str | None = None
    """Queue name the event is delivered to, if any."""


class WorkflowsConfig(IRModel):
    jobs: list[ScheduledJob] = Field(default_factory=list)
    queues: list[QueueDef] = Field(default_factory=list)
    events: list[EventDef] = Field(default_factory=list)


class InfrastructureConfig(IRModel):
    region: str = "us-east-1"
    database: Literal["dynamodb", "postgres"] = "dynamodb"
    billing_mode: Literal["PAY_PER_REQUEST", "PROVISIONED"] = "PAY_PER_REQUEST"
    point_in_time_recovery: bool = False
    backups: bool = False
    log_retention_days: int | None = None
    structured_logging: bool = False
    tracing: bool = False
    alarms: bool = False
    buckets: list[str] = Field(default_factory=list)
    settings: dict[str, str] = Field(default_factory=dict)


class Blueprint(IRModel):
    ir_version: str = IR_VERSION
    project: ProjectInfo
    auth: AuthConfig = Field(default_factory=AuthConfig)
    tenancy: TenancyConfig = Field(default_factory=TenancyConfig)
    entities: list[EntityDef] = Field(default_factory=list)
    api: ApiConfig = Field(default_factory=ApiConfig)
    workflows: WorkflowsConfig = Field(default_factory=WorkflowsConfig)
    infrastructure: InfrastructureConfig = Field(default_factory=InfrastructureConfig)

    def entity(self, name: str) -> EntityDef | None:
        return next((e for e in self.entities if e.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """Canonical JSON form (camelCase), as stored in the database and served by the API."""
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Blueprint:
        return cls.model_validate(data)


def blueprint_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the IR (``GET /blueprints/schema``)."""
    schema = Blueprint.model_json_schema(by_alias=True)
    schema["$id"] = f"https://slipway.dev/schemas/blueprint-{IR_VERSION}.json"
    schema["title"] = f"Slipway Blueprint IR {IR_VERSION}"
    return schema
