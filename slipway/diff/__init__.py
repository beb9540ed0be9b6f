"""Structural diff of two Blueprint IRs, each change classified safe / unsafe / blocked.

- **safe**: additive or behaviour-only changes existing data and clients survive as they are.
- **unsafe**: changes that may fail on existing data or change who can call what; deploying
  them needs an explicit acknowledgment.
- **blocked**: changes that destroy data or break API clients; Slipway refuses to deploy them.

Entities, fields and resources are matched by name, so a rename is a removal plus an addition.

Layout: ``model`` (``Change``, ``Classification``, the ``Changes`` collector), one differ per
section (``entities`` with ``fields`` and ``relationships``, ``api``, ``auth`` with tenancy,
``infrastructure``, ``workflows``), ``blueprints`` (``diff_blueprints`` runs them in turn) and
``classify`` (the verdict).
"""

from __future__ import annotations

from slipway.diff.blueprints import diff_blueprints
from slipway.diff.classify import classify
from slipway.diff.model import Action, Change, ChangeClass, Classification

__all__ = ["Action", "Change", "ChangeClass", "Classification", "classify", "diff_blueprints"]
