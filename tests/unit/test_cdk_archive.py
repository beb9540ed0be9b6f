"""The archives Slipway serves (CDK project, SDK) hold relative paths only."""

from __future__ import annotations

import io
import zipfile

import pytest

from slipway.artifacts.archive import deterministic_zip
from slipway.artifacts.cdk import build_cdk_project
from tests.unit.irs import task_app


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "../up.py", "a/../../up.py", "a\\..\\b", "C:x", "a\x00b", ""]
)
def test_unsafe_entry_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unsafe archive entry"):
        deterministic_zip({"ok.txt": "1", name: "2"})


def test_cdk_project_archive_round_trips() -> None:
    files = build_cdk_project(task_app(), stack_prefix="slipway-x-12345678")
    archive = zipfile.ZipFile(io.BytesIO(deterministic_zip(dict(files))))
    assert sorted(archive.namelist()) == sorted(files)
    assert archive.read("blueprint.json").decode() == files["blueprint.json"]
    assert deterministic_zip(dict(files)) == deterministic_zip(dict(reversed(files.items())))
