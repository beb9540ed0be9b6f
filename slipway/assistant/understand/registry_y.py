"""Rules of the fourth round's entity and relationship requests, in the order the
reader tries them: ``EARLY`` before every other rule, ``LATE`` after them all."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant.understand import (
    rules_y_ddl,
    rules_y_entities,
    rules_y_links,
    rules_y_names,
    rules_y_refs,
)
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

Rule = Callable[[str, Context], Reading | None]

EARLY: tuple[Rule, ...] = (
    rules_y_ddl.dotted,
    rules_y_ddl.same_for,
    rules_y_ddl.declared,
    rules_y_ddl.added,
    rules_y_names.renamed,
    rules_y_names.removed,
    rules_y_names.remark,
    rules_y_links.both_sides,
    rules_y_links.link_them,
    rules_y_entities.introduced,
    rules_y_entities.for_one,
    rules_y_entities.with_fields,
    rules_y_entities.own_entity,
    rules_y_entities.for_purpose,
    rules_y_entities.listed,
    rules_y_entities.left_by,
    rules_y_entities.proper_table,
    rules_y_entities.counted_fields,
    rules_y_refs.about_one,
    rules_y_refs.points_to,
    rules_y_refs.which_one,
    rules_y_refs.instead_of_text,
    rules_y_refs.made_with,
    rules_y_refs.hedged,
    rules_y_refs.not_linked,
    rules_y_refs.bracketed_example,
    rules_y_refs.one_of_ours,
    rules_y_refs.without_aside,
    rules_y_refs.type_remark,
)
LATE: tuple[Rule, ...] = (rules_y_links.both_sides_new,)
