"""Small hand-built Blueprint IRs for unit tests that must not depend on the spec compiler."""

from __future__ import annotations

from slipway.ir import (
    ApiConfig,
    ApiResource,
    AuthConfig,
    Blueprint,
    EntityDef,
    FieldDef,
    IndexDef,
    InfrastructureConfig,
    ProjectInfo,
    QueueDef,
    RelationshipDef,
    WorkflowsConfig,
)


def managed() -> list[FieldDef]:
    return [
        FieldDef(name="id", type="string", primary=True, managed=True, required=True),
        FieldDef(name="created_at", type="datetime", managed=True, required=True),
        FieldDef(name="updated_at", type="datetime", managed=True, required=True),
    ]


def task_app() -> Blueprint:
    project = EntityDef(
        name="Project",
        plural="projects",
        table="projects",
        fields=[
            *managed(),
            FieldDef(name="name", type="string", required=True, unique=True, max_length=100),
        ],
        relationships=[
            RelationshipDef(name="tasks", kind="has_many", target="Task", field="project_id")
        ],
    )
    task = EntityDef(
        name="Task",
        plural="tasks",
        table="tasks",
        fields=[
            *managed(),
            FieldDef(name="title", type="string", required=True, max_length=200),
            FieldDef(
                name="priority", type="enum", enum_values=["low", "medium", "high"], default="low"
            ),
            FieldDef(name="done", type="boolean", default=False),
            FieldDef(name="estimate", type="number"),
            FieldDef(name="due_date", type="date"),
            FieldDef(name="meta", type="json"),
            FieldDef(name="project_id", type="string", required=True, references="Project"),
        ],
        indexes=[IndexDef(name="idx_tasks_project_id", fields=["project_id"])],
        relationships=[
            RelationshipDef(
                name="project",
                kind="belongs_to",
                target="Project",
                field="project_id",
                required=True,
            )
        ],
        soft_delete=True,
    )
    return Blueprint(
        project=ProjectInfo(name="Task App", slug="task-app", description="Tasks and projects."),
        auth=AuthConfig(strategy="jwt", roles=["admin", "member"]),
        entities=[project, task],
        api=ApiConfig(
            resources=[
                ApiResource(
                    entity="Project",
                    base_path="/v1/projects",
                    operations=["list", "get", "create", "update", "delete"],
                ),
                ApiResource(
                    entity="Task",
                    base_path="/v1/tasks",
                    operations=["list", "get", "create", "update", "delete"],
                    pagination_limit=50,
                ),
            ],
            health_endpoint=True,
        ),
        workflows=WorkflowsConfig(queues=[QueueDef(name="notifications", dead_letter=True)]),
        infrastructure=InfrastructureConfig(alarms=True, log_retention_days=30),
    )
