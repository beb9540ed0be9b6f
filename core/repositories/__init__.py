"""Repositories: every database query of Slipway lives here (API services and activities)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import col
from sqlmodel.sql.expression import SelectOfScalar

After = tuple[datetime, uuid.UUID]
"""A keyset position: list the rows created before it (ties broken by id)."""

R = TypeVar("R")


def newest_first(
    query: SelectOfScalar[R], model: Any, after: After | None, limit: int
) -> SelectOfScalar[R]:
    """Keyset pagination over ``(created_at, id)``, newest first."""
    if after is not None:
        created, row_id = after
        query = query.where(
            sa.or_(
                col(model.created_at) < created,
                (col(model.created_at) == created) & (col(model.id) < row_id),
            )
        )
    return query.order_by(col(model.created_at).desc(), col(model.id).desc()).limit(limit)
