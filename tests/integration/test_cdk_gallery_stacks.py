"""Each gallery template's CDK app synthesizes (aws-cdk-lib, ``python3 app.py`` as ``cdk synth``
runs it) into the resource types of Slipway's own templates, stack by stack."""

from __future__ import annotations

from pathlib import Path

import pytest

from slipway.synth import synthesize
from tests.integration.cdk_support import synth, templates, write_project
from tests.integration.test_cdk_gallery import TEMPLATES, blueprint

# CDK's own glue around the same resources: grants become separate IAM policies, enforce_ssl a
# bucket policy. Everything else must match Slipway's templates exactly, stack by stack.
CDK_GLUE = {"AWS::IAM::Policy", "AWS::S3::BucketPolicy", "AWS::CDK::Metadata"}
# The CDK project's authorizer verifies HS256 tokens signed with a key that Secrets Manager
# generates (Slipway's stacks verify Cognito tokens instead): one secret in its auth stack.
CDK_ONLY = {"auth": {"AWS::SecretsManager::Secret"}}


@pytest.mark.slow
@pytest.mark.parametrize("template_id", TEMPLATES)
def test_cdk_app_synthesizes_like_slipway(template_id: str, tmp_path: Path) -> None:
    pytest.importorskip("aws_cdk", reason="aws-cdk-lib is a dev dependency")
    bp = blueprint(template_id)
    write_project(bp, tmp_path)
    result = synth(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    cdk = {
        key: {r["Type"] for r in template["Resources"].values()}
        for key, template in templates(tmp_path).items()
    }
    ours = {
        s.key: set(s.resource_types)
        for s in synthesize(bp, project_id="00000000-0000-4000-8000-000000000001")
    }
    assert set(cdk) == set(ours)
    for key, types in ours.items():
        only = CDK_ONLY.get(key, set())
        assert only <= cdk[key], (key, sorted(only - cdk[key]))
        assert cdk[key] - CDK_GLUE - only == types, (key, sorted((cdk[key] - only) ^ types))
    for path in (tmp_path / "handlers").glob("*.py"):
        compile(path.read_text(), str(path), "exec")
