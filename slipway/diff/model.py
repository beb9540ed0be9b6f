"""What a diff produces: classified changes, collected by the section differs, and their verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChangeClass = Literal["safe", "unsafe", "blocked"]
Action = Literal["added", "removed", "modified"]
RANK: dict[str, int] = {"safe": 0, "unsafe": 1, "blocked": 2}


@dataclass(frozen=True)
class Change:
    category: str
    action: Action
    path: str
    classification: ChangeClass
    reason: str
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "action": self.action,
            "path": self.path,
            "classification": self.classification,
            "reason": self.reason,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class Classification:
    overall: ChangeClass | Literal["none"]
    changes: list[Change]
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "changes": [c.to_dict() for c in self.changes],
            "counts": self.counts,
            "summary": self.summary(),
        }

    def summary(self) -> str:
        if self.overall == "none":
            return "No changes."
        parts = [f"{n} {k}" for k, n in self.counts.items() if n]
        verdict = {
            "safe": "Safe to deploy.",
            "unsafe": "Needs acknowledgment before deploying.",
            "blocked": "Cannot be deployed: it would destroy data or break API clients.",
        }[self.overall]
        return f"{len(self.changes)} change(s) ({', '.join(parts)}). {verdict}"


@dataclass
class Changes:
    """The changes found so far; section differs add to it, each in its own ``category``."""

    found: list[Change] = field(default_factory=list)

    def add(
        self,
        category: str,
        action: Action,
        path: str,
        cls: ChangeClass,
        reason: str,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.found.append(Change(category, action, path, cls, reason, before, after))

    def modified(
        self, category: str, path: str, cls: ChangeClass, reason: str, before: Any, after: Any
    ) -> None:
        self.add(category, "modified", path, cls, reason, before, after)

    def sorted(self) -> list[Change]:
        """By path, action and reason: the order the API serves."""
        return sorted(self.found, key=lambda c: (c.path, c.action, c.reason))


def added_removed(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """Items of ``new`` missing from ``old`` and items of ``old`` missing from ``new``, each in
    its list's order (duplicates kept), by set lookups."""
    old_set, new_set = set(old), set(new)
    return [x for x in new if x not in old_set], [x for x in old if x not in new_set]
