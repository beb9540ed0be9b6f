"""merge the branches of 0002 to 0005 (each written from 0001 at the same time) into one head,
so ``alembic upgrade head`` works and later revisions have one parent

Revision ID: 0006_merge
Revises: 0002_auth, 0003_events, 0004_ops, 0005_sandbox
"""

from collections.abc import Sequence

revision: str = "0006_merge"
down_revision: str | Sequence[str] | None = ("0002_auth", "0003_events", "0004_ops", "0005_sandbox")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch disjoint tables."""


def downgrade() -> None:
    """Nothing to undo."""
