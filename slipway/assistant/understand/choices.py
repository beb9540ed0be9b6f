"""A list of alternatives said beside another constraint, kept whole: "species is required and
can only be dog, cat, bird or other" is two requests about one field (required; those values),
never a cut at every comma."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.fieldsplit import OR_LIST

_MODAL = r"(?:(?:can|could|may|must|should|will|has to|have to|needs to|need to) )?"
_CHOICE = rf"{_MODAL}(?:only |always )?(?:be|is|are)(?: either| one of| any of)?:? {OR_LIST}"
_OTHER = (
    r"(?:is|are|must be|should be|has to be|have to be|needs to be|need to be|will be|becomes?|"
    r"gets?|defaults? to|must|should)\b.+"
)
TAIL = rx.compile(rf"^(?P<a>.+?),? (?:and|but) (?:(?:it|they) )?(?P<b>{_CHOICE})$")
"""The other constraint first: "… is required and can only be a, b or c"."""
HEAD = rx.compile(rf"^(?P<a>.+? {_CHOICE}),? (?:and|but) (?:(?:it|they) )?(?P<b>{_OTHER})$")
"""The choice first: "… can only be a, b or c, and is required"."""
SUBJECT = rx.compile(
    r"^(?P<s>.+?) (?:is|are|should|must|needs?|has to|have to|can|could|may|will|gets?|"
    r"defaults?|becomes?)\b"
)


def choice_parts(clause: str) -> list[str] | None:
    """The clause as two clauses with the same subject, the list whole in one of them."""
    for pattern in (TAIL, HEAD):
        match = pattern.match(clause)
        subject = SUBJECT.match(match.group("a")) if match else None
        if match is not None and subject is not None:
            return [match.group("a"), f"{subject.group('s')} {match.group('b')}"]
    return None
