"""Artifact endpoints (seed 000): OpenAPI, design doc, Python SDK, CDK project, CloudFormation.

Every artifact derives from the project's latest (or ``?revision=``) blueprint revision, is
deterministic, and carries an ETag of the revision so clients can cache it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import ProjectLimit, Session, UserId
from api.errors import ApiError, not_found
from api.schemas import MAX_NUMBER, iso
from api.services import projects as projects_service
from api.services import sdk
from core.models import Project, Revision
from core.repositories import blueprints as repo
from slipway.artifacts.archive import deterministic_zip
from slipway.artifacts.cdk import build_cdk_project
from slipway.artifacts.design_doc import build_design_doc
from slipway.artifacts.openapi import build_openapi
from slipway.cost import estimate
from slipway.ir import Blueprint
from slipway.rules import summarize
from slipway.spec import slugify
from slipway.synth import stack_name, synthesize

router = APIRouter(
    prefix="/projects/{project_id}/artifacts",
    tags=["artifacts"],
    dependencies=[ProjectLimit],
    responses={304: {"description": "Not modified (If-None-Match matched the ETag)"}},
)

RevisionQuery = Annotated[int | None, Query(ge=1, le=MAX_NUMBER)]


async def load(
    session: Session, project_id: str, user_id: Any, revision: int | None
) -> tuple[Project, Revision, Blueprint]:
    project = await projects_service.get_owned(session, project_id, user_id)
    if revision is None:
        row = await repo.latest_revision(session, project.id)
        if row is None:
            raise ApiError(
                404,
                "NO_BLUEPRINT",
                "This project has no blueprint yet: apply a spec, then "
                "POST /projects/{id}/spec/generate-blueprint and wait for it to complete",
            )
    else:
        row = await repo.get_revision(session, project.id, revision)
        if row is None:
            raise not_found(f"Revision {revision}")
    return project, row, Blueprint.from_json(row.ir)


def etag(kind: str, project: Project, revision: Revision) -> str:
    digest = hashlib.sha256(
        f"{kind}:{project.id}:{revision.id}:{project.name}".encode()
    ).hexdigest()
    return f'"{kind}-r{revision.number}-{digest[:16]}"'


def not_modified(request: Request, tag: str) -> Response | None:
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return None


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get(
    "/openapi",
    responses={200: {"content": {"application/json": {}}, "description": "OpenAPI 3.1 document"}},
)
async def openapi(
    project_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    revision: RevisionQuery = None,
) -> Response:
    project, row, bp = await load(session, project_id, user_id, revision)
    tag = etag("openapi", project, row)
    if (cached := not_modified(request, tag)) is not None:
        return cached
    body = json.dumps(build_openapi(bp), indent=2, sort_keys=False)
    return Response(
        body,
        media_type="application/json",
        headers={"ETag": tag, **attachment(f"{slugify(project.name)}-openapi.json")},
    )


@router.get(
    "/design-doc",
    responses={200: {"content": {"text/markdown": {}}, "description": "Markdown design document"}},
)
async def design_doc(
    project_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    revision: RevisionQuery = None,
) -> Response:
    project, row, bp = await load(session, project_id, user_id, revision)
    tag = etag("design-doc", project, row)
    if (cached := not_modified(request, tag)) is not None:
        return cached
    history = [
        {
            "number": r.number,
            "specVersion": r.spec_version,
            "changeClass": (r.classification or {}).get("overall"),
            "createdAt": iso(r.created_at),
        }
        for r in reversed(
            await repo.list_revisions(session, project.id, limit=100, before=row.number + 1)
        )
    ]
    stacks = [
        {
            "key": s.key,
            "name": s.name,
            "dependsOn": list(s.depends_on),
            "resourceTypes": list(s.resource_types),
        }
        for s in synthesize(bp, project_id=str(project.id))
    ]
    text = build_design_doc(
        bp,
        revision=row.number,
        stacks=stacks,
        validation=summarize(bp),
        cost=estimate(bp),
        history=history,
    )
    return Response(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"ETag": tag, **attachment(f"{slugify(project.name)}-design.md")},
    )


@router.get(
    "/cloudformation",
    responses={
        200: {
            "content": {"application/zip": {}, "application/json": {}},
            "description": "Templates, zip or JSON",
        }
    },
)
async def cloudformation(
    project_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    revision: RevisionQuery = None,
    format: Annotated[str, Query(pattern="^(zip|json)$")] = "zip",
) -> Response:
    project, row, bp = await load(session, project_id, user_id, revision)
    tag = etag(f"cloudformation-{format}", project, row)
    if (cached := not_modified(request, tag)) is not None:
        return cached
    stacks = synthesize(bp, project_id=str(project.id))
    slug = slugify(project.name)
    if format == "json":
        return JSONResponse(
            {
                "data": {
                    s.key: {
                        "stackName": s.name,
                        "dependsOn": list(s.depends_on),
                        "template": json.loads(s.body),
                    }
                    for s in stacks
                }
            },
            headers={"ETag": tag},
        )
    files: dict[str, str | bytes] = {f"{s.key}.template.json": s.body for s in stacks}
    files["stacks.json"] = json.dumps(
        [{"key": s.key, "stackName": s.name, "dependsOn": list(s.depends_on)} for s in stacks],
        indent=2,
    )
    return Response(
        deterministic_zip(files),
        media_type="application/zip",
        headers={"ETag": tag, **attachment(f"{slug}-cloudformation.zip")},
    )


@router.get(
    "/sdk/python",
    responses={
        200: {"content": {"application/zip": {}}, "description": "Python SDK package (zip)"}
    },
)
async def python_sdk(
    project_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    revision: RevisionQuery = None,
) -> Response:
    project, row, bp = await load(session, project_id, user_id, revision)
    tag = etag("sdk-python", project, row)
    if (cached := not_modified(request, tag)) is not None:
        return cached
    package = slugify(project.name).replace("-", "_") + "_client"
    if not package[0].isalpha():
        package = "app_" + package
    archive = await sdk.python_sdk_zip(tag, build_openapi(bp), package)
    return Response(
        archive,
        media_type="application/zip",
        headers={"ETag": tag, **attachment(f"{package}-sdk.zip")},
    )


@router.get(
    "/cdk",
    responses={200: {"content": {"application/zip": {}}, "description": "CDK project (zip)"}},
)
async def cdk_project(
    project_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    revision: RevisionQuery = None,
) -> Response:
    project, row, bp = await load(session, project_id, user_id, revision)
    tag = etag("cdk", project, row)
    if (cached := not_modified(request, tag)) is not None:
        return cached
    prefix = stack_name(slugify(project.name), str(project.id), "x").rsplit("-", 1)[0]
    files = build_cdk_project(bp, stack_prefix=prefix)
    slug = slugify(project.name)
    return Response(
        deterministic_zip({k: v for k, v in files.items()}),
        media_type="application/zip",
        headers={"ETag": tag, **attachment(f"{slug}-cdk.zip")},
    )
