"""A revision whose stacks would break a CloudFormation limit is refused clearly on every path,
never a 500 or a failure deep in a deploy: the design document, CloudFormation and CDK
artifacts answer 422 BLUEPRINT_TOO_LARGE naming the stack and the limit, and so do deploy and
preview, before any workflow or stack exists. What does not depend on the stacks (OpenAPI) is
still served."""

from __future__ import annotations

import httpx
import pytest

from tests.support import Stack, generated, get_json, stack_names

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("worker")]


def entities(count: int) -> str:
    body = "\n".join(
        f"### Thing{n}\n- name: string, required\n- size: integer\n" for n in range(count)
    )
    return f"# Big\n\n## Entities\n\n{body}"


def refused(r: httpx.Response, *words: str) -> None:
    assert r.status_code == 422, (r.status_code, r.text[:500])
    body = r.json()
    assert body["code"] == "BLUEPRINT_TOO_LARGE", body
    assert all(w in body["error"] for w in words), body["error"]


async def test_past_the_inline_body_size(user: httpx.AsyncClient, stack: Stack) -> None:
    """20 entities: the compute stack's template is over 51,200 bytes (TemplateBody)."""
    pid, _ = await generated(user, entities(20))
    for kind in ("design-doc", "cloudformation", "cloudformation?format=json"):
        refused(await user.get(f"/projects/{pid}/artifacts/{kind}"), "compute", "51,200 bytes")
    r = await user.get(f"/projects/{pid}/artifacts/cdk")  # cdk deploy uploads to S3 (1 MB)
    assert r.status_code == 200, r.text[:300]
    assert (await user.get(f"/projects/{pid}/artifacts/openapi")).status_code == 200
    before = set(stack_names(stack))
    refused(await user.post(f"/projects/{pid}/deploy", json={}), "compute", "51,200 bytes")
    refused(await user.post(f"/projects/{pid}/validate"), "compute", "51,200 bytes")
    assert (await get_json(user, f"/projects/{pid}/deployments"))["data"] == []
    assert set(stack_names(stack)) == before


async def test_past_the_resource_and_output_counts(user: httpx.AsyncClient) -> None:
    """80 entities: the api stack would hold more than 500 resources; the CDK project (whose
    stacks hold the same resources) is refused too."""
    pid, _ = await generated(user, entities(80))
    for kind in ("design-doc", "cloudformation", "cdk"):
        r = await user.get(f"/projects/{pid}/artifacts/{kind}")
        refused(r, "500 resources")
        assert r.json()["limit"] == {"stack": "api", "limit": "500 resources", "actual": None}
