"""The migration graph has one head: ``alembic upgrade head`` (docker-compose, operators) needs
it, and a new revision written from an older one must come with a merge."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parents[2]


def test_one_head() -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    assert ScriptDirectory.from_config(cfg).get_heads() == ["0006_merge"], "merge the heads"
