"""Encryption said in free wording: "keep the customer email encrypted", "store phone numbers
hashed", "member emails are personal data, keep them encrypted at rest", "addresses: keep them
encrypted", "measurements are confidential, encrypt chest and waist"."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import SetEncrypted
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.vocab import FieldHit

_AT_REST = r"(?: at rest| in the (?:database|db)| on disk| in storage)?(?: please| too| as well)?"
_KEEP = rx.compile(
    rf"^(?:please )?(?:keep|store|hold|save|have|leave) (?P<f>.+?) (?:encrypted|hashed){_AT_REST}$"
)
_ENCRYPT = rx.compile(rf"^(?:please )?(?:encrypt|hash) (?P<f>.+?){_AT_REST}$")
_SAID = rx.compile(r"^(?P<pre>[a-z][a-z_' ]+?)(?::|,| -| \u2014)(?: so| and)? (?P<cmd>.+)$")
_PRONOUN = rx.compile(r"^(?:them|it|those|these|both|all of them|that|this)$")
_ABOUT = rx.compile(
    r"^(?P<p>.+?)(?: (?:is|are|contain|contains|hold|holds|count as|should be treated as)\b.*)?$"
)


_HIDDEN = rx.compile(
    r"^(?:the )?(?P<f>.+?) (?:must|should|has to|have to|needs? to|shall) be (?:hidden|secret|"
    r"unreadable|protected|scrambled|obscured|encrypted)(?: (?:in|inside|within) (?:the )?"
    r"(?:database|db|storage|data|tables?))?(?:,? (?:so )?(?:encrypted|encrypt (?:it|them)|"
    r"(?:i mean |like |as in )?encrypted))?$"
)
"""A field to keep from readers of the database ("the key code must be hidden in the database,
encrypted"): only with "encrypted" or "in the database" said, never "hidden" alone."""


def encrypt_said(clause: str, ctx: Context) -> Reading | None:
    hidden = _HIDDEN.match(clause)
    if hidden is not None and rx.search(r"encrypt|database|\bdb\b|storage|tables?$", clause):
        return _encrypt(_fields(hidden.group("f"), ctx))
    whole = _KEEP.match(clause)
    if whole is not None:  # "keep the customer email encrypted"
        return _encrypt(_fields(whole.group("f"), ctx))
    said = _SAID.match(clause)
    if said is None:
        return None
    cmd = said.group("cmd")
    asked = _KEEP.match(cmd) or _ENCRYPT.match(cmd)
    if asked is None:
        return None
    about = _ABOUT.match(said.group("pre"))
    before = about.group("p") if about else said.group("pre")
    if _PRONOUN.match(asked.group("f")):  # "member emails are personal data, keep them encrypted"
        return _encrypt(_fields(before, ctx))
    named = ctx.vocab.entity(before, fuzzy=False)  # "measurements are confidential, encrypt …"
    if named is None:
        return None
    hits = [ctx.field(part, named.name) for part in _parts(asked.group("f"))]
    return _encrypt(hits)


def _parts(text: str) -> list[str]:
    return [p for p in rx.split(r",? and |, |,? & ", text) if p.strip()]


def _fields(text: str, ctx: Context) -> list[FieldHit]:
    """The fields a phrase names: one or several ("emails and phone numbers"), or all those
    named word for word ("owners' phone numbers")."""
    out = []
    for part in _parts(text):
        try:
            out.append(ctx.field(part.replace("'", "")))
        except Unresolved:
            found = ctx.vocab.fields_in(part, ctx.vocab.find_entities(part))
            if len(found) != 1:
                raise
            out.append(found[0])
    return out


def _encrypt(hits: list[FieldHit]) -> Reading | None:
    if not hits:
        return None
    return Reading([SetEncrypted(entity=h.entity, field=h.field, encrypted=True) for h in hits])
