"""The seeding plan: realistic rows (Faker) for every entity of a blueprint, in an order where
each reference names a row that exists, unique values distinct, enum values from the enum,
lengths within their maximum, and every row of a tenant-scoped entity inside one tenant (with
its references to other tenant-scoped rows in the same tenant).

The plan is deterministic for a given ``seed``; ``run`` (any short text) goes into unique
values, so seeding twice does not collide with the first run's values.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from faker import Faker

from slipway.ir import Blueprint, EntityDef, FieldDef

MAX_COUNT = 100
TENANTS = 3
"""Tenant-scoped rows are spread over the first few tenants (one per three rows asked for, at
most three): each tenant has plenty to show."""


class SeedImpossible(ValueError):
    """Required references that form a cycle: no first row can exist."""


@dataclass(frozen=True)
class Row:
    entity: str
    values: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.values["id"])


def order(bp: Blueprint) -> list[EntityDef]:
    """Entities after every entity they reference (other than themselves) where the references
    allow it; within a cycle, after those their required references name (the optional ones
    into a later entity stay empty on the rows that come first)."""
    pending = {e.name: e for e in bp.entities}
    done: list[EntityDef] = []

    def after(e: EntityDef, required_only: bool) -> bool:
        return all(
            f.references not in pending or f.references == e.name
            for f in e.fields
            if f.references and (f.required or not required_only)
        )

    while pending:
        ready = [e for e in pending.values() if after(e, False)]
        if not ready:  # a cycle: break it at an optional reference
            ready = sorted((e for e in pending.values() if after(e, True)), key=lambda x: x.name)
            ready = ready[:1]
        if not ready:
            names = ", ".join(sorted(pending))
            raise SeedImpossible(f"required references form a cycle between {names}")
        for e in sorted(ready, key=lambda x: x.name):
            done.append(pending.pop(e.name))
    return done


_TEXT: list[tuple[str, Callable[[Faker], Any]]] = [
    (r"email", lambda f: f.email()),
    (r"(^|_)(first_name)$", lambda f: f.first_name()),
    (r"(^|_)(last_name)$", lambda f: f.last_name()),
    (r"(^|_)(name|display_name|author_name|full_name)$", lambda f: f.name()),
    (r"phone|mobile", lambda f: f.phone_number()),
    (r"address|street", lambda f: f.address().replace("\n", ", ")),
    (r"city", lambda f: f.city()),
    (r"country", lambda f: f.country()),
    (r"timezone|time_zone", lambda f: f.timezone()),
    (r"domain", lambda f: f.domain_name()),
    (r"url|website|link", lambda f: f.url()),
    (r"slug", lambda f: f.slug()),
    (r"sku|code", lambda f: f.bothify("??-#####").upper()),
    (r"company|organi[sz]ation", lambda f: f.company()),
    (r"industry|category", lambda f: f.bs().split()[-1].title()),
    (r"currency", lambda f: f.currency_code()),
    (r"color|colour", lambda f: f.color_name()),
    (r"title|subject|headline|label|tag", lambda f: f.sentence(nb_words=4).rstrip(".")),
    (r"description|bio|body|content|notes?|summary|comment|message|text", lambda f: f.paragraph()),
]
_NUMBER = re.compile(r"price|amount|total|cost|balance|fee|salary|revenue")


def _text(fake: Faker, f: FieldDef, entity: EntityDef) -> str:
    name = f.name.lower()
    if name == "name":  # a Company's name is a company, a Tag's a word
        kind = entity.name.lower()
        if re.search(r"company|organi[sz]ation|account|vendor|supplier", kind):
            return str(fake.company())
        if not re.search(r"user|member|customer|author|person|contact|employee|provider", kind):
            return str(fake.word()).title() + " " + str(fake.word())
    for pattern, make in _TEXT:
        if re.search(pattern, name):
            return str(make(fake))
    return str(fake.sentence(nb_words=3)).rstrip(".")


def _number(fake: Faker, f: FieldDef) -> int | float:
    name = f.name.lower()
    if f.type == "integer":
        if re.search(r"minute|duration", name):
            return int(fake.random_element([15, 30, 45, 60, 90]))
        return int(fake.random_int(0, 500 if re.search(r"stock|employee", name) else 20))
    if _NUMBER.search(name):
        return round(float(fake.pyfloat(min_value=1, max_value=500, right_digits=2)), 2)
    return round(float(fake.pyfloat(min_value=0, max_value=100, right_digits=3)), 3)


def value(fake: Faker, f: FieldDef, entity: EntityDef, now: datetime) -> Any:
    """A realistic value of a field (references and unique suffixes aside); dates and times
    around ``now``, never the clock, so that the same arguments give the same rows."""
    if f.type == "enum":
        return fake.random_element(f.enum_values)
    if f.type in ("integer", "number"):
        return _number(fake, f)
    if f.type == "boolean":
        return bool(fake.pybool())
    if f.type == "datetime":
        span = (now - timedelta(days=180), now + timedelta(days=180))
        moment = fake.date_time_between(*span, tzinfo=UTC).replace(microsecond=0)
        return moment.isoformat().replace("+00:00", "Z")
    if f.type == "date":
        today = now.date()
        days = (today - timedelta(days=365), today + timedelta(days=365))
        return fake.date_between(*days).isoformat()
    if f.type == "json":
        return {"note": str(fake.sentence()), "score": int(fake.random_int(1, 5))}
    return _text(fake, f, entity)


def _unique(text: Any, f: FieldDef, run: str, n: int) -> Any:
    """A value no other row of this run (nor of another run) has."""
    if f.type in ("integer", "number"):
        return int(uuid.uuid5(uuid.NAMESPACE_OID, f"{run}:{n}").int % 10**12)
    mark = f"{run}{n}"
    text = str(text)
    if "@" in text:
        local, _, domain = text.partition("@")
        text = f"{local}.{mark}@{domain}"
    else:
        text = f"{text}-{mark}"
    if f.max_length and len(text) > f.max_length:
        text = text[: max(0, f.max_length - len(mark) - 1)] + "-" + mark
        text = text[-f.max_length :]
    return text


class Planner:
    """Rows for one seeding request."""

    def __init__(self, bp: Blueprint, count: int, seed: int, run: str, now: datetime) -> None:
        self.bp, self.count, self.run = bp, count, run
        self.now = now.replace(microsecond=0)
        self.fake = Faker()
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        self.rows: dict[str, list[Row]] = {}
        tenancy = bp.tenancy
        self.tenant_key = tenancy.tenant_key if tenancy.mode == "multi" else None
        self.tenant_entity = tenancy.tenant_entity if self.tenant_key else None

    def _pick(self, target: str, tenant: str | None) -> str | None:
        rows = self.rows.get(target) or []
        entity = self.bp.entity(target)
        if tenant is not None and entity is not None and entity.tenant_scoped:
            rows = [r for r in rows if r.values.get(self.tenant_key or "") == tenant]
        return self.rng.choice(rows).id if rows else None

    def _tenant(self, e: EntityDef) -> str | None:
        """A tenant in which every required reference of ``e`` has a row to name."""
        spread = max(1, min(TENANTS, self.count // 3))  # a few rows each, at least
        tenants = [r.id for r in (self.rows.get(self.tenant_entity or "") or [])[:spread]]
        required = [f.references for f in e.fields if f.references and f.required and not f.managed]
        fits = [t for t in tenants if all(self._pick(ref, t) for ref in required if ref != e.name)]
        return self.rng.choice(fits) if fits else None

    def _row(self, e: EntityDef, n: int, stamp: str) -> Row | None:
        item: dict[str, Any] = {"id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4))}
        item["created_at"] = item["updated_at"] = stamp
        tenant = None
        if e.tenant_scoped and self.tenant_key and self.tenant_entity:
            tenant = self._tenant(e)
            if tenant is None:
                return None
            item[self.tenant_key] = tenant
        for f in e.fields:
            if f.primary or f.managed:
                continue
            if f.references:
                ref = self._pick(f.references, tenant)
                if ref is None and f.required:
                    return None
                if ref is not None and (f.required or self.rng.random() < 0.8):
                    item[f.name] = ref
                continue
            if not f.required and f.default is None and self.rng.random() < 0.15:
                continue  # optional fields are sometimes left out
            v = value(self.fake, f, e, self.now)
            if f.unique:
                v = _unique(v, f, self.run, n)
            if isinstance(v, str) and f.max_length:
                v = v[: f.max_length]
            item[f.name] = v
        return Row(e.name, item)

    def plan(self) -> list[Row]:
        out = []
        base = self.now
        for e in order(self.bp):
            self.rows[e.name] = []
            for n in range(self.count):
                stamp = (base + timedelta(seconds=n)).isoformat().replace("+00:00", "Z")
                row = self._row(e, n, stamp)
                if row is not None:
                    self.rows[e.name].append(row)
                    out.append(row)
        return out


def plan(
    bp: Blueprint, count: int, *, seed: int, run: str, now: datetime | None = None
) -> list[Row]:
    """``count`` rows per entity (fewer where a required reference has nothing to name),
    stamped a second apart from ``now`` (the current time by default): the same arguments give
    the same rows."""
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be from 1 to {MAX_COUNT}")
    return Planner(bp, count, seed, run, now or datetime.now(UTC)).plan()
