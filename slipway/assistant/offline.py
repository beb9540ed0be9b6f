"""The offline assistant: deterministic, no network. It parses a chat message into an intent,
applies it to the compiled IR, renders the spec back and checks that it still compiles. A
message it cannot map leaves the spec unchanged and says so, with phrasings it knows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from slipway.assistant.base import AssistantReply, ChatTurn, estimate_tokens
from slipway.ir import (
    OPERATIONS,
    ApiResource,
    Blueprint,
    EntityDef,
    FieldDef,
    ProjectInfo,
    RelationshipDef,
    TenancyConfig,
)
from slipway.spec import (
    compile_spec,
    pascal_case,
    pluralize,
    render_spec,
    singularize,
    slugify,
    snake_case,
)

MODEL = "slipway-offline-1"
EXAMPLES = (
    '"Add a comments feature to tasks", "Add a priority field to tasks as enum low, medium, high '
    'with default low", "Make title required on Task", "Rename description to summary on Project", '
    '"Remove the estimate field from Task", "Tasks belong to projects", "Tasks can have multiple '
    'tags", "Tasks can have subtasks", "Add roles admin, editor, viewer", "Make it multi-tenant by '
    'organization", "Use PostgreSQL"'
)
USER_ENTITIES = ("User", "Member", "Author", "Customer", "Employee", "Account")
KNOWN: dict[str, list[FieldDef]] = {
    "Project": [
        FieldDef(name="name", type="string", required=True, max_length=100),
        FieldDef(name="description", type="string"),
        FieldDef(name="status", type="enum", enum_values=["active", "archived"], default="active"),
    ],
    "Task": [
        FieldDef(name="title", type="string", required=True, max_length=200),
        FieldDef(name="description", type="string"),
        FieldDef(name="status", type="enum", enum_values=["todo", "doing", "done"], default="todo"),
        FieldDef(name="due_date", type="date"),
    ],
    "Member": [
        FieldDef(name="email", type="string", required=True, unique=True),
        FieldDef(name="name", type="string", required=True),
        FieldDef(name="role", type="enum", enum_values=["admin", "member"], default="member"),
    ],
    "User": [
        FieldDef(name="email", type="string", required=True, unique=True),
        FieldDef(name="name", type="string", required=True),
    ],
    "Comment": [FieldDef(name="content", type="string", required=True, max_length=4000)],
    "Tag": [FieldDef(name="label", type="string", required=True, unique=True, max_length=40)],
    "Post": [
        FieldDef(name="title", type="string", required=True, max_length=200),
        FieldDef(name="body", type="string", required=True),
        FieldDef(name="status", type="enum", enum_values=["draft", "published"], default="draft"),
        FieldDef(name="published_at", type="datetime"),
    ],
    "Author": [
        FieldDef(name="email", type="string", required=True, unique=True),
        FieldDef(name="display_name", type="string", required=True),
    ],
    "Category": [FieldDef(name="name", type="string", required=True, unique=True)],
    "Product": [
        FieldDef(name="name", type="string", required=True),
        FieldDef(name="price", type="number", required=True),
        FieldDef(name="stock", type="integer", default=0),
    ],
    "Order": [
        FieldDef(
            name="status",
            type="enum",
            enum_values=["pending", "paid", "shipped", "cancelled"],
            default="pending",
        ),
        FieldDef(name="total", type="number", required=True),
    ],
    "Customer": [
        FieldDef(name="email", type="string", required=True, unique=True),
        FieldDef(name="name", type="string", required=True),
    ],
    "Company": [
        FieldDef(name="name", type="string", required=True),
        FieldDef(name="domain", type="string", unique=True),
    ],
    "Contact": [
        FieldDef(name="name", type="string", required=True),
        FieldDef(name="email", type="string"),
        FieldDef(name="phone", type="string"),
    ],
    "Deal": [
        FieldDef(name="title", type="string", required=True),
        FieldDef(name="amount", type="number", required=True),
        FieldDef(
            name="stage",
            type="enum",
            enum_values=["lead", "qualified", "won", "lost"],
            default="lead",
        ),
    ],
    "Booking": [
        FieldDef(name="starts_at", type="datetime", required=True),
        FieldDef(name="ends_at", type="datetime", required=True),
        FieldDef(
            name="status",
            type="enum",
            enum_values=["requested", "confirmed", "cancelled"],
            default="requested",
        ),
    ],
    "Organization": [FieldDef(name="name", type="string", required=True, max_length=100)],
}
PARENTS: dict[str, tuple[str, ...]] = {
    "Task": ("Project",),
    "Comment": ("Task", "Post"),
    "Post": ("Author", "Category"),
    "Order": ("Customer",),
    "Contact": ("Company",),
    "Deal": ("Company", "Contact"),
    "Booking": ("Customer",),
}
ASSIGNEES = ("Member", "User", "Employee")
STOP = {
    "a",
    "an",
    "the",
    "app",
    "application",
    "system",
    "platform",
    "service",
    "tool",
    "backend",
    "api",
    "with",
    "and",
    "for",
    "to",
    "of",
    "that",
    "has",
    "have",
    "which",
    "where",
    "manage",
    "managing",
    "tracks",
    "track",
    "simple",
    "small",
    "my",
    "our",
    "their",
    "team",
    "teams",
    "users",
    "can",
    "is",
    "are",
    "in",
    "on",
    "by",
    "management",
    "based",
    "web",
    "mobile",
    "using",
    "each",
    "multiple",
    "many",
    "lets",
    "allows",
}
DOMAIN = {
    "task management": ["Project", "Task", "Member"],
    "todo": ["Task"],
    "blog": ["Author", "Post", "Comment"],
    "crm": ["Company", "Contact", "Deal"],
    "shop": ["Customer", "Product", "Order"],
    "store": ["Customer", "Product", "Order"],
    "e-commerce": ["Customer", "Product", "Order"],
    "ecommerce": ["Customer", "Product", "Order"],
    "booking": ["Customer", "Booking"],
}


@dataclass
class Intent:
    kind: str
    entity: str | None = None
    target: str | None = None
    name: str | None = None
    new_name: str | None = None
    type_text: str | None = None
    values: list[str] = field(default_factory=list)


def _noun(word: str) -> str:
    """'team members' → 'Member', 'tasks' → 'Task'."""
    word = word.strip().lower().replace("-", " ")
    last = word.split()[-1] if word.split() else word
    return pascal_case(singularize(last))


def parse_intent(message: str) -> Intent:
    """What a chat message asks for. Never raises; unknown requests are ``Intent("unknown")``."""
    text = re.sub(r"\s+", " ", (message or "").strip())[:4000]
    low = text.lower().rstrip(".!")
    m = re.match(r"^(?:please )?(?:use|switch to|move to) (postgres(?:ql)?|dynamodb)\b", low)
    if m:
        return Intent(
            "database", name="postgres" if m.group(1).startswith("postgres") else "dynamodb"
        )
    m = re.match(
        r"^(?:please )?(?:make it|make the app|use) multi[- ]?tenant(?:cy)?(?: by| per| with)? (?:an? |the )?(\w+)",
        low,
    )
    if m:
        return Intent("tenancy", entity=_noun(m.group(1)))
    m = re.match(r"^(?:please )?add (?:the )?roles? (.+)$", low)
    if m:
        roles = [r.strip() for r in re.split(r",|\band\b", m.group(1)) if r.strip()]
        return Intent("roles", values=[re.sub(r"[^a-z0-9_]", "_", r) for r in roles])
    m = re.match(
        r"^(?:please )?add (?:an? |the )?(\w+) field (?:to|on) (?:the )?(\w+)(?: (?:as|of type|with type)(.*))?$",
        low,
    )
    if m:
        return Intent(
            "add_field",
            entity=_noun(m.group(2)),
            name=snake_case(m.group(1)),
            type_text=(m.group(3) or "").strip(),
        )
    m = re.match(
        r"^(?:please )?(?:remove|delete|drop) (?:the )?(\w+) field (?:from|on|in) (?:the )?(\w+)$",
        low,
    )
    if m:
        return Intent("remove_field", entity=_noun(m.group(2)), name=snake_case(m.group(1)))
    m = re.match(
        r"^(?:please )?(?:remove|delete|drop) (?:the )?(\w+)(?: entity| model| table)?$", low
    )
    if m:
        return Intent("remove_entity", entity=_noun(m.group(1)))
    m = re.match(
        r"^(?:please )?rename (?:the )?(\w+)(?: field)? to (\w+)(?: (?:on|in|of) (?:the )?(\w+))?$",
        low,
    )
    if m:
        return Intent(
            "rename_field",
            name=snake_case(m.group(1)),
            new_name=snake_case(m.group(2)),
            entity=_noun(m.group(3)) if m.group(3) else None,
        )
    m = re.match(
        r"^(?:please )?make (?:the )?(\w+)(?: field)?(?: (?:on|in|of) (?:the )?(\w+))? (required|optional|unique)$",
        low,
    )
    if m:
        return Intent(
            "modify_field",
            name=snake_case(m.group(1)),
            entity=_noun(m.group(2)) if m.group(2) else None,
            type_text=m.group(3),
        )
    m = re.match(
        r"^(?:please )?make (?:the )?(\w+)(?: field)? (required|optional|unique)(?: (?:on|in|of|for) (?:the )?(\w+))?$",
        low,
    )
    if m:
        return Intent(
            "modify_field",
            name=snake_case(m.group(1)),
            entity=_noun(m.group(3)) if m.group(3) else None,
            type_text=m.group(2),
        )
    m = re.match(r"^(\w+) (?:can )?(?:belongs?|belong) to (?:an? |the |one )?(\w+)$", low)
    if m:
        return Intent("belongs_to", entity=_noun(m.group(1)), target=_noun(m.group(2)))
    m = re.match(r"^(?:each )?(\w+) (?:can )?(?:have|has) (?:many|multiple|several) (\w+)$", low)
    if m:
        source, target = _noun(m.group(1)), _noun(m.group(2))
        if target.lower().startswith("sub") and target[3:].lower() == source.lower():
            return Intent("self_ref", entity=source)
        return Intent("many_to_many", entity=source, target=target)
    m = re.match(r"^(?:each )?(\w+) (?:can )?(?:have|has) (sub\w+|children|child \w+)$", low)
    if m:
        return Intent("self_ref", entity=_noun(m.group(1)))
    m = re.match(
        r"^(?:please )?add (?:an? |the |some )?(\w+)(?: feature| entity| model| table| support)?(?: (?:to|for|on) (?:the )?(\w+))?$",
        low,
    )
    if m and m.group(1) not in ("field", "role", "roles"):
        return Intent(
            "add_entity", entity=_noun(m.group(1)), target=_noun(m.group(2)) if m.group(2) else None
        )
    if (
        re.match(
            r"^(?:an?|the|my|build|create|make) .*\b(app|application|system|platform|service|tool|backend|api|site|store|shop|crm|blog)\b",
            low,
        )
        or " with " in low
    ):
        return Intent("create", name=text)
    return Intent("unknown")


def _type(text: str) -> tuple[FieldDef | None, str | None]:
    """'enum low, medium, high with default low', 'required string', 'date' → a field template."""
    low = text.lower().strip()
    default = None
    m = re.search(r"(?:with )?(?:a )?default(?: value)?(?: of| is|:)? ([\w.\-]+)", low)
    if m:
        default = m.group(1)
        low = (low[: m.start()] + low[m.end() :]).strip(" ,")
    required = bool(re.search(r"\brequired\b", low))
    unique = bool(re.search(r"\bunique\b", low))
    low = re.sub(r"\b(required|unique|optional|an?|and)\b", " ", low).strip(" ,")
    if low.startswith("enum") or "," in low:
        values = [
            v.strip()
            for v in re.split(
                r",|\bor\b", re.sub(r"^enum\s*(\(|of|with values)?", "", low).strip("() ")
            )
            if v.strip()
        ]
        values = [re.sub(r"[^a-z0-9_\-]", "", v) for v in values if re.sub(r"[^a-z0-9_\-]", "", v)]
        if not values:
            return None, "an enum needs values, e.g. 'as enum low, medium, high'"
        if default is not None and default not in values:
            return None, f"the default '{default}' is not one of {', '.join(values)}"
        return FieldDef(
            name="x", type="enum", enum_values=values, default=default, required=required
        ), None
    words = low.split()
    kind = words[0] if words else "string"
    aliases = {
        "text": "string",
        "str": "string",
        "int": "integer",
        "float": "number",
        "decimal": "number",
        "bool": "boolean",
        "timestamp": "datetime",
        "object": "json",
        "money": "number",
    }
    kind = aliases.get(kind, kind)
    if kind not in ("string", "number", "integer", "boolean", "datetime", "date", "json"):
        return None, f"I don't know the type '{kind}'"
    value: str | int | float | bool | None = default
    if default is not None:
        if kind == "boolean":
            value = default == "true"
        elif kind == "integer" and re.match(r"^-?\d+$", default):
            value = int(default)
        elif kind == "number" and re.match(r"^-?\d+(\.\d+)?$", default):
            value = float(default) if "." in default else int(default)
    return FieldDef(name="x", type=kind, default=value, required=required, unique=unique), None


class _Editor:
    def __init__(self, bp: Blueprint) -> None:
        self.bp = bp

    def find(self, name: str | None) -> EntityDef | None:
        if not name:
            return None
        low = name.lower()
        for e in self.bp.entities:
            if e.name.lower() in (low, singularize(low)) or e.plural.lower() == low:
                return e
        return None

    def add_entity(self, name: str, fields: list[FieldDef]) -> EntityDef:
        existing = self.find(name)
        if existing is not None:
            return existing
        e = EntityDef(
            name=name,
            plural=snake_case(pluralize(name)),
            table=snake_case(pluralize(name)),
            fields=[f.model_copy() for f in fields],
        )
        self.bp.entities.append(e)
        self.bp.api.resources.append(
            ApiResource(
                entity=name,
                base_path=f"/v1/{e.plural.replace('_', '-')}",
                operations=list(OPERATIONS),
            )
        )
        return e

    def add_ref(self, e: EntityDef, base: str, target: str, required: bool) -> bool:
        fname = f"{base}_id"
        if e.field(fname) is not None:
            return False
        e.fields.append(FieldDef(name=fname, type="string", required=required, references=target))
        return True


class OfflineAssistant:
    name = "offline"

    async def revise(self, spec: str, message: str, history: list[ChatTurn]) -> AssistantReply:
        return self.respond(spec, message)

    async def create(self, prompt: str) -> AssistantReply:
        return self.respond("", prompt, force_create=True)

    def respond(self, spec: str, message: str, force_create: bool = False) -> AssistantReply:
        intent = parse_intent(message)
        if force_create or not spec.strip():
            intent = (
                Intent("create", name=message)
                if intent.kind in ("unknown", "create") or not spec.strip()
                else intent
            )
        if intent.kind == "create" and (force_create or not spec.strip()):
            new_spec, reply = self.create_spec(message)
            return self.reply(message, spec, new_spec, reply)
        result = compile_spec(spec)
        if result.blueprint is None:
            return self.reply(
                message,
                spec,
                spec,
                "The current spec does not compile, so I left it as it is: fix the errors first (apply shows them with line numbers).",
            )
        bp = result.blueprint.model_copy(deep=True)
        handler = getattr(self, f"do_{intent.kind}", None)
        if handler is None:
            return self.unknown(message, spec)
        outcome: str | None = handler(_Editor(bp), intent)
        if outcome is None or outcome.startswith("!"):
            reason = outcome[1:] if outcome else "I could not apply that"
            return self.reply(
                message,
                spec,
                spec,
                f"{reason}. The spec is unchanged. Phrasings I know: {EXAMPLES}.",
            )
        new_spec = render_spec(bp)
        check = compile_spec(new_spec)
        if not check.ok:
            first = check.errors[0] if check.errors else None
            why = f" ({first.message})" if first else ""
            return self.reply(
                message,
                spec,
                spec,
                f"That change would break the spec{why}, so I left it unchanged.",
            )
        return self.reply(message, spec, new_spec, outcome)

    def reply(self, message: str, before: str, after: str, text: str) -> AssistantReply:
        return AssistantReply(
            spec=after,
            message=text,
            changed=after != before,
            input_tokens=estimate_tokens(before) + estimate_tokens(message),
            output_tokens=estimate_tokens(after if after != before else "") + estimate_tokens(text),
            model=MODEL,
            provider="offline",
        )

    def unknown(self, message: str, spec: str) -> AssistantReply:
        return self.reply(
            message,
            spec,
            spec,
            f'I understood that you want to change the backend, but I could not map "{message[:80]}" to a '
            f"spec change, so the spec is unchanged. Phrasings I know: {EXAMPLES}.",
        )

    # --- create --------------------------------------------------------------------------

    def create_spec(self, description: str) -> tuple[str, str]:
        text = re.sub(r"\s+", " ", description.strip())[:400]
        low = text.lower()
        names: list[str] = []
        for key, entities in DOMAIN.items():
            if key in low:
                names += [n for n in entities if n not in names]
        tail = re.split(r"\bwith\b|\bfor\b|:", low, maxsplit=1)
        nouns_text = tail[1] if len(tail) > 1 else low
        for chunk in re.split(r",|\band\b|/|;", nouns_text):
            words = [w for w in re.findall(r"[a-z]+", chunk) if w not in STOP]
            if words:
                name = _noun(words[-1])
                if len(name) >= 3 and name not in names:
                    names.append(name)
        names = names[:12] or ["Item"]
        title = re.match(
            r"^(?:an? |the )?(.+?)(?: app| application| system| platform| backend| api)?(?: with .*)?$",
            low,
        )
        app = pascal_case((title.group(1) if title else "app")[:40]).strip() or "App"
        app_name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", app)
        bp = Blueprint(
            project=ProjectInfo(name=app_name, slug=slugify(app_name), description=text[:2000])
        )
        ed = _Editor(bp)
        for name in names:
            ed.add_entity(
                name, KNOWN.get(name, [FieldDef(name="name", type="string", required=True)])
            )
        for name in names:
            e = ed.find(name)
            assert e is not None
            for parent in PARENTS.get(name, ()):
                if parent in names:
                    ed.add_ref(e, snake_case(parent), parent, required=True)
            if name == "Task":
                assignee = next((a for a in ASSIGNEES if a in names), None)
                if assignee:
                    ed.add_ref(e, "assignee", assignee, required=False)
        spec = render_spec(bp)
        if not compile_spec(spec).ok:  # a guard: the knowledge base only builds valid specs
            bp.entities = [e for e in bp.entities if not any(f.references for f in e.fields)]
            spec = render_spec(bp)
        listed = ", ".join(names)
        return (
            spec,
            f"I've drafted a spec for {app_name} with {len(names)} entities: {listed}. Review it and apply it when it looks right.",
        )

    # --- edits ---------------------------------------------------------------------------

    def do_add_entity(self, ed: _Editor, it: Intent) -> str | None:
        assert it.entity is not None
        if ed.find(it.entity) is not None:
            return f"!{it.entity} already exists"
        e = ed.add_entity(
            it.entity, KNOWN.get(it.entity, [FieldDef(name="name", type="string", required=True)])
        )
        parts = [f.name for f in e.fields]
        parent = ed.find(it.target) if it.target else None
        if it.target and parent is None:
            return f"!There is no {it.target} entity to attach {it.entity} to"
        if parent is not None:
            ed.add_ref(e, snake_case(parent.name), parent.name, required=True)
            parts.append(snake_case(parent.name))
        if it.entity == "Comment":
            author = next((ed.find(u) for u in USER_ENTITIES if ed.find(u) is not None), None)
            if author is not None:
                ed.add_ref(e, "author", author.name, required=True)
                parts.append("author")
            else:
                e.fields.append(FieldDef(name="author_name", type="string", required=True))
                parts.append("author_name")
        where = f" linked to {parent.name}" if parent else ""
        return f"I've added a {e.name} entity{where} with {', '.join(parts)} fields (plus id, created_at and updated_at)."

    def do_add_field(self, ed: _Editor, it: Intent) -> str | None:
        e = ed.find(it.entity)
        if e is None:
            return f"!There is no {it.entity} entity"
        assert it.name is not None
        if e.field(it.name) is not None:
            return f"!{e.name} already has a {it.name} field"
        template, problem = _type(it.type_text or "string")
        if template is None:
            return f"!{problem}"
        e.fields.append(template.model_copy(update={"name": it.name}))
        desc = (
            f"enum({', '.join(template.enum_values)})" if template.type == "enum" else template.type
        )
        extra = f", default {template.default}" if template.default is not None else ""
        req = ", required" if template.required else ""
        return f"I've added {it.name} ({desc}{req}{extra}) to {e.name}."

    def do_remove_field(self, ed: _Editor, it: Intent) -> str | None:
        e = ed.find(it.entity)
        if e is None:
            return f"!There is no {it.entity} entity"
        name = it.name or ""
        target = e.field(name) or e.field(f"{name}_id")
        if target is None or target.managed:
            return f"!{e.name} has no {name} field I can remove"
        e.fields.remove(target)
        return f"I've removed {name} from {e.name}."

    def do_remove_entity(self, ed: _Editor, it: Intent) -> str | None:
        e = ed.find(it.entity)
        if e is None:
            return f"!There is no {it.entity} entity"
        if ed.bp.tenancy.tenant_entity == e.name:
            return f"!{e.name} is the tenant entity; turn multi-tenancy off first"
        ed.bp.entities = [
            x
            for x in ed.bp.entities
            if x.name != e.name and not (x.join_entity and e.name in x.name)
        ]
        for other in ed.bp.entities:
            other.fields = [f for f in other.fields if f.references != e.name]
            other.relationships = [r for r in other.relationships if r.target != e.name]
        ed.bp.api.resources = [r for r in ed.bp.api.resources if r.entity != e.name]
        return f"I've removed the {e.name} entity and the references to it."

    def do_rename_field(self, ed: _Editor, it: Intent) -> str | None:
        candidates = [ed.find(it.entity)] if it.entity else ed.bp.entities
        hits = [
            e
            for e in candidates
            if e is not None and (e.field(it.name or "") or e.field(f"{it.name}_id"))
        ]
        if not hits:
            return f"!I found no {it.name} field" + (f" on {it.entity}" if it.entity else "")
        if len(hits) > 1:
            return f"!{it.name} exists on {', '.join(e.name for e in hits)}; say which, e.g. 'Rename {it.name} to {it.new_name} on {hits[0].name}'"
        e = hits[0]
        f = e.field(it.name or "") or e.field(f"{it.name}_id")
        assert f is not None and it.new_name
        if f.managed:
            return f"!{f.name} is managed by Slipway and cannot be renamed"
        new = (
            f"{it.new_name}_id" if f.references and not it.new_name.endswith("_id") else it.new_name
        )
        if e.field(new) is not None:
            return f"!{e.name} already has a {new} field"
        f.name = new
        return f"I've renamed {it.name} to {it.new_name} on {e.name}."

    def do_modify_field(self, ed: _Editor, it: Intent) -> str | None:
        candidates = [ed.find(it.entity)] if it.entity else ed.bp.entities
        hits = [
            e
            for e in candidates
            if e is not None and (e.field(it.name or "") or e.field(f"{it.name}_id"))
        ]
        if not hits:
            return f"!I found no {it.name} field" + (f" on {it.entity}" if it.entity else "")
        if len(hits) > 1:
            return f"!{it.name} exists on {', '.join(e.name for e in hits)}; say which, e.g. 'Make {it.name} on {hits[0].name} {it.type_text}'"
        e = hits[0]
        f = e.field(it.name or "") or e.field(f"{it.name}_id")
        assert f is not None
        if f.managed:
            return f"!{f.name} is managed by Slipway"
        current = {"required": f.required, "optional": not f.required, "unique": f.unique}
        if current[it.type_text or "unique"]:
            return f"!{e.name}.{it.name} is already {it.type_text}"
        if it.type_text == "required":
            f.required = True
        elif it.type_text == "optional":
            f.required = False
        else:
            f.unique = True
        return f"I've made {e.name}.{it.name} {it.type_text}."

    def do_belongs_to(self, ed: _Editor, it: Intent) -> str | None:
        child, parent = ed.find(it.entity), ed.find(it.target)
        if child is None or parent is None:
            return f"!I need both {it.entity} and {it.target} to exist"
        if not ed.add_ref(child, snake_case(parent.name), parent.name, required=True):
            return f"!{child.name} already belongs to {parent.name}"
        return f"I've linked each {child.name} to a {parent.name} ({snake_case(parent.name)}_id, required)."

    def do_many_to_many(self, ed: _Editor, it: Intent) -> str | None:
        source = ed.find(it.entity)
        if source is None:
            return f"!There is no {it.entity} entity"
        assert it.target is not None
        created = ""
        target = ed.find(it.target)
        if target is None:
            target = ed.add_entity(
                it.target,
                KNOWN.get(
                    it.target, [FieldDef(name="name", type="string", required=True, unique=True)]
                ),
            )
            created = f" (I created {target.name} too)"
        if target.name == source.name:
            return self.do_self_ref(ed, it)
        first, second = sorted((source.name, target.name))
        join = first + second
        if ed.find(join) is not None or any(r.through == join for r in source.relationships):
            return f"!{source.name} and {target.name} are already linked"
        owner = ed.find(first)
        assert owner is not None
        owner.relationships.append(
            RelationshipDef(
                name=snake_case(pluralize(second)), kind="many_to_many", target=second, through=join
            )
        )
        return f"I've made {source.name} and {target.name} many-to-many through {join}{created}."

    def do_self_ref(self, ed: _Editor, it: Intent) -> str | None:
        e = ed.find(it.entity)
        if e is None:
            return f"!There is no {it.entity} entity"
        if not ed.add_ref(e, "parent", e.name, required=False):
            return f"!{e.name} already has a parent"
        return f"I've added an optional parent reference so a {e.name} can have sub-{e.plural}."

    def do_roles(self, ed: _Editor, it: Intent) -> str | None:
        roles = [r for r in it.values if re.match(r"^[a-z][a-z0-9_]*$", r)]
        if not roles:
            return "!I could not read the role names"
        ed.bp.auth.roles = list(dict.fromkeys([*ed.bp.auth.roles, *roles]))
        if ed.bp.auth.strategy == "none":
            ed.bp.auth.strategy = "jwt"
        return f"Roles are now {', '.join(ed.bp.auth.roles)}."

    def do_tenancy(self, ed: _Editor, it: Intent) -> str | None:
        assert it.entity is not None
        tenant = ed.find(it.entity) or ed.add_entity(
            it.entity, KNOWN.get(it.entity, [FieldDef(name="name", type="string", required=True)])
        )
        ed.bp.tenancy = TenancyConfig(
            mode="multi", tenant_entity=tenant.name, tenant_key=f"{snake_case(tenant.name)}_id"
        )
        for e in ed.bp.entities:
            e.tenant_scoped = e.name != tenant.name
        return f"The backend is now multi-tenant by {tenant.name}: every other entity gets {snake_case(tenant.name)}_id."

    def do_database(self, ed: _Editor, it: Intent) -> str | None:
        ed.bp.infrastructure.database = "postgres" if it.name == "postgres" else "dynamodb"
        return f"The data stack now uses {'PostgreSQL' if it.name == 'postgres' else 'DynamoDB'}."

    def do_create(self, ed: _Editor, it: Intent) -> str | None:
        return "!The project already has a spec; describe a change instead (or discard the draft to start over)"
