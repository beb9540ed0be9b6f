"""Files to keep, said across a message: "they'd like a photo next to their name … can they
upload one?" (the file of one sentence, uploaded in another), and the first clean name of what
is uploaded when a later part only points back at it ("guests upload a scan of their passport,
so we need somewhere to store those files")."""

from __future__ import annotations

import re
from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.lexicon import FILE_WORDS

_ONE = rx.compile(
    r"\b(?:upload|attach|send|add)(?:s|ed|ing)? (?:one|it|them|those|these|that|this|ones)\b"
)
_FILE = rx.compile(
    rf"\b(?:an? |the |their |his |her |its |some )?(?P<n>(?:[a-z]+ )?"
    rf"(?:{'|'.join(sorted(FILE_WORDS - {'upload', 'file'}))})s?)\b"
)
UPLOADED = rx.compile(
    r"\b(?:upload|attach)(?:s|ed|ing)? (?:an? |the |their |his |her |its |some |one or more |"
    r"several |multiple )?([a-z][a-z \-]*?)(?: (?:to|for|on|onto|into|with) [^,;]*)?(?=[,;]|$)"
)


def file_elsewhere(clause: str, ctx: Context) -> str | None:
    """The clause as an upload of the file it names, when another sentence of the message
    uploads "one" of it ("… a photo next to their name. Can they upload one?")."""
    text = ctx.text or ""
    said = _FILE.search(clause)
    if said is None or not _ONE.search(text) or _ONE.search(clause):
        return None
    return f"{clause[: said.start()]}upload {said.group('n')}"


def one_of_those(clause: str, ctx: Context) -> bool:
    """ "can they upload one?" when another sentence of the message names the file."""
    text = (ctx.text or "").replace(clause, " ")
    return bool(_ONE.search(clause) and _FILE.search(text))


def uploaded(clause: str, clean: Callable[[str], bool]) -> re.Match[str] | None:
    """The first part of the clause that says what is uploaded by a clean name (``clean`` says
    which are); else the first that says anything."""
    found = list(UPLOADED.finditer(clause))
    return next((m for m in found if clean(m.group(1))), found[0] if found else None)
