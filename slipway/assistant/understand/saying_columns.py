"""A developer's words for fields, put as the forms the field rules read:

- "a jsonb column condition_report on Window", "a glass_area_m2 column, float" → "a
  condition_report (json) on window", "a glass_area_m2 (number)";
- "to hold the raw survey payload" after a typed field: its purpose, no part of it;
- "add Window.installed_year (int)" → "add installed_year (int) to window";
- "New enum column Window.lead_type with values a, b" → "window has a lead_type: a, b";
- "rename column Project.estimate to estimate_gbp, same type" → "rename project.estimate to …";
- "a non-null FK to Project" → "a required reference to project"; "a nullable FK intake_volunteer
  on bikes -> volunteers", "intake_volunteer (ref volunteer)" → "an intake_volunteer (a volunteer)";
- "swap the datastore from DynamoDB to Postgres" → "switch the database to postgres".
"""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx

SQL_TYPES = {
    "jsonb": "json", "json": "json", "int": "integer", "integer": "integer", "bigint": "integer",
    "smallint": "integer", "float": "number", "double": "number", "decimal": "number",
    "numeric": "number", "real": "number", "money": "number", "bool": "boolean",
    "boolean": "boolean", "text": "text", "varchar": "string", "string": "string",
    "date": "date", "timestamp": "datetime", "timestamptz": "datetime", "datetime": "datetime",
}  # fmt: skip
"""A column's type as a developer says it, and the type the spec has for it."""
_TYPE = rf"(?P<t>{'|'.join(SQL_TYPES)})"
_NAME = r"(?P<n>[a-z_][a-z0-9_]*)"
_NOT_NAMES = (
    r"(?:for|on|to|in|with|that|which|called|named|of|per|so|where|when|and|or|is|are|was|were|"
    r"will|would|should|could|can|be|fine|ok|okay|please|too|would|as|here|there|it|its|the|a|an)"
)
_DOTTED = r"(?P<e>[a-z][a-z0-9]*)\.(?P<f>[a-z_][a-z0-9_]*)"


def _typed(m: rx.Match) -> str:
    dotted = m["n"].partition(".")
    if dotted[1]:  # "a jsonb column window.payload": the field of that entity
        return f"a {dotted[2]} ({SQL_TYPES[m['t']]}) to {dotted[0]}"
    return f"a {m['n']} ({SQL_TYPES[m['t']]})"


_FK = r"(?:fk|foreign key)(?: column)?"
_POINTS = r"(?:->|\u2192|referencing|references|pointing (?:at|to))"

REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "create an index on repairs(status), the queue view filters on it": repair.status
    (r"\bindex (?:on|for) (?P<e>[a-z]+)\((?P<f>[a-z_]+)\)(?:,? (?:the|our) [a-z ]+? (?:view|page|"
     r"screen|report|list|search) (?:filters|sorts|searches|looks things up|is slow) (?:on|by) "
     r"(?:it|that))?", r"index on \g<e>.\g<f>"),
    # "add a nullable FK intake_volunteer on bikes -> volunteers": a reference named so
    (rf"\b(?:add )?(?:an? )?(?:nullable |optional |required |non-null )?{_FK} (?P<f>[a-z_]+?)"
     rf"(?:_id)? (?:on|to) (?P<e>[a-z]+) ?{_POINTS} ?(?P<t>[a-z]+)\b",
     r"add an \g<f> (a \g<t>) to \g<e>"),
    (rf"\b(?:add )?an? (?P<f>[a-z_]+?)(?:_id)? {_FK} (?:to|on) (?P<e>[a-z]+) {_POINTS} "
     r"(?P<t>[a-z]+)\b",
     r"add an \g<f> (a \g<t>) to \g<e>"),
    (r"\((?:ref|reference to|references|fk to|foreign key to|link to) (?:an? |the )?"
     r"(?P<t>[a-z]+)\)", r"(a \g<t>)"),
    # "new enum column window.lead_type with values came, zinc"
    (rf"(?:^|(?<=[.;] ))(?:please )?(?:add |create |new |make )?(?:an? )?(?:new )?enum (?:column|"
     rf"field) {_DOTTED} with (?:the )?(?:values|options)?:? ", r"\g<e> has a \g<f>: "),
    # "a jsonb column condition_report", "a new int column window.panes"
    (rf"\b(?:an? |the )?(?:new )?(?:nullable )?{_TYPE} (?:column|field) (?!{_NOT_NAMES}\b)"
     rf"(?P<n>[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)", _typed),
    # "a glass_area_m2 column, float", "a completed_on date column"
    (rf"\b{_NAME} (?:column|field),? (?:of type |typed |type )?{_TYPE}\b",
     lambda m: f"{m['n']} ({SQL_TYPES[m['t']]})"),
    (rf"\b(?P<n>[a-z][a-z0-9]*_[a-z0-9_]+) {_TYPE} (?:column|field)\b",
     lambda m: f"{m['n']} ({SQL_TYPES[m['t']]})"),
    (rf"\b(?:the )?(?:column|field) (?={_DOTTED}\b)", ""),
    (rf"\b(?P<x>{_NAME}) column\b", r"\g<x>"),
    # "… (json) on window to hold the raw survey payload": what it is for
    (r"(?P<h>\((?:json|text|string|number|integer)\)(?: (?:on|to|for|in) [a-z_]+)?) (?:to hold|to "
     r"store|to keep|for storing|for holding|holding|storing|that holds|which holds) [^,.;]*",
     r"\g<h>"),
    # "add window.installed_year (int)"
    (rf"(?:^|(?<=, )|(?<=and ))(?:add|new|create) (?:an? )?{_DOTTED}(?P<r> \([a-z, 0-9]+\))?"
     r"(?=$|[,.;]| and )", r"add \g<f>\g<r> to \g<e>"),
    # "rename project.estimate to estimate_gbp, same type"
    (r"(?P<h>\brename [a-z_.]+ to [a-z_0-9]+),? (?:same type|keep(?:ing)? (?:the|its) type|type "
     r"unchanged|no type change)", r"\g<h>"),
    # "a non-null fk to project"
    (r"\b(?:an? )?(?:non-null|non-nullable|not null|not-null|required|mandatory) (?:fk|foreign key"
     r"|reference|ref) (?:to|on) ", "a required reference to "),
    (r"\b(?:an? )?(?:nullable |optional )?(?:fk|foreign key) (?:to|on) ", "a reference to "),
    # "swap the datastore from dynamodb to postgres"
    (r"\b(?:swap|switch|move|migrate|change|port) (?:over )?(?:the |our )?(?:datastore|data store|"
     r"database|db|storage|persistence|backend store)(?: from [a-z]+)? (?:over )?(?:to|onto) ",
     "switch the database to "),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
