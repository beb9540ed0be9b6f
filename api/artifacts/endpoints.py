"""Artifact endpoints: OpenAPI, design doc, Python SDK, CDK project, CloudFormation.

Every one shares one preamble: ``RevisionSource`` loads the revision (404 when there is none),
``serve`` computes its ETag, answers 304 when the client has it, else builds the artifact (off
the event loop, within the artifact time bound: ``503 COMPUTE_TIMEOUT`` past it) and sends it
(as an attachment where it is a file). A Python SDK that is not in the cache yet counts as a
build in the caller's generation rate limit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.artifacts import service
from api.artifacts.service import Artifact, Source
from api.deps import CurrentPrincipal, OwnedProject, ProjectLimit, Session, State
from api.keys.scopes import Scope, requires
from api.schemas import MAX_NUMBER

router = APIRouter(
    prefix="/projects/{project_id}/artifacts",
    tags=["artifacts"],
    dependencies=[ProjectLimit],
    default_response_class=Response,
    responses={304: {"description": "Not modified (If-None-Match matched the ETag)"}},
)

BINARY = {"schema": {"type": "string", "format": "binary"}}
OPENAPI_DOCUMENT = {
    "type": "object",
    "required": ["openapi", "info", "paths"],
    "properties": {"openapi": {"type": "string"}, "info": {"type": "object"}},
}


def documented(description: str, **content: dict[str, Any]) -> dict[int | str, Any]:
    """The 200 response of an artifact: its media types and their schemas."""
    return {200: {"description": description, "content": content}}


async def revision_source(
    project: OwnedProject,
    session: Session,
    revision: Annotated[int | None, Query(ge=1, le=MAX_NUMBER)] = None,
) -> Source:
    """The revision an artifact is made from: the latest, or ``?revision=``."""
    return await service.load(session, project, revision)


RevisionSource = Annotated[Source, Depends(revision_source)]


async def serve(
    request: Request,
    source: Source,
    kind: str,
    build: Callable[[Source], Awaitable[Artifact]],
) -> Response:
    """The ETag of the revision; 304 when the client has it, else the artifact (as an
    attachment where it is a file)."""
    tag = source.etag(kind)
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    artifact = await build(source)
    headers = {"ETag": tag}
    if artifact.filename:
        headers["Content-Disposition"] = f'attachment; filename="{artifact.filename}"'
    return Response(artifact.body, media_type=artifact.media_type, headers=headers)


@router.get(
    "/openapi",
    responses=documented(
        "OpenAPI 3.1 document", **{"application/json": {"schema": OPENAPI_DOCUMENT}}
    ),
)
@requires(Scope.ARTIFACTS_READ)
async def openapi(request: Request, source: RevisionSource) -> Response:
    return await serve(
        request,
        source,
        "openapi",
        lambda s: service.built("Building the OpenAPI document", service.openapi_document, s),
    )


@router.get(
    "/design-doc",
    responses=documented(
        "Markdown design document", **{"text/markdown": {"schema": {"type": "string"}}}
    ),
)
@requires(Scope.ARTIFACTS_READ)
async def design_doc(request: Request, source: RevisionSource, session: Session) -> Response:
    return await serve(request, source, "design-doc", lambda s: service.design_doc(session, s))


@router.get(
    "/cloudformation",
    responses=documented(
        "Templates, zip or JSON",
        **{"application/zip": BINARY, "application/json": {"schema": {"type": "object"}}},
    ),
)
@requires(Scope.ARTIFACTS_READ)
async def cloudformation(
    request: Request,
    source: RevisionSource,
    format: Annotated[str, Query(pattern="^(zip|json)$")] = "zip",
) -> Response:
    return await serve(
        request,
        source,
        f"cloudformation-{format}",
        lambda s: service.built("Synthesizing the templates", service.cloudformation, s, format),
    )


@router.get(
    "/sdk/python",
    responses=documented("Python SDK package (zip)", **{"application/zip": BINARY}),
)
@requires(Scope.ARTIFACTS_READ)
async def python_sdk(
    request: Request, source: RevisionSource, state: State, principal: CurrentPrincipal
) -> Response:
    async def count_build() -> None:  # a cache miss: generating counts as a generation
        await state.limiter.hit(request, "generation", principal.rate_identity)

    return await serve(request, source, "sdk-python", lambda s: service.python_sdk(s, count_build))


@router.get("/cdk", responses=documented("CDK project (zip)", **{"application/zip": BINARY}))
@requires(Scope.ARTIFACTS_READ)
async def cdk_project(request: Request, source: RevisionSource) -> Response:
    return await serve(
        request,
        source,
        "cdk",
        lambda s: service.built("Building the CDK project", service.cdk_project, s),
    )
