"""Sentences that only qualify the field said before them, joined to it: "… hard. Default
easy", "… good, fair or poor. If I don't pick one it should be fair", "… per order. integer",
"… an age-restricted flag. Most products are not"; an abbreviation said alone is left out."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand import rules_topic
from slipway.assistant.understand.fieldsplit import modifier
from slipway.assistant.understand.modifiers import read_modifiers
from slipway.assistant.understand.text import polish

_GIVEN = r"(?:pick|choose|select|set|say|give|enter|specify|fill in)"
_IT_IS = r"(?:then )?(?:it|that|they) (?:should be|is|will be|must be|becomes|defaults to) "
_DEFAULT_SAID = rx.compile(
    r"^(?:and |but )?(?:"
    + "|".join(
        (
            r"(?:the )?default(?: value)? (?:should be|is|will be|must be|=|:) (?:set to )?",
            r"(?:put|set|make|have) (?:the |its |it )?default(?: value)? (?:as|to|at|=) ",
            r"(?:if|when) (?:i|we|you|they|nobody|no one|someone|the [a-z]+) (?:don't|doesn't|"
            rf"do not|does not|didn't|never) {_GIVEN}(?: one| it| anything| a value| any)?,? "
            + _IT_IS,
            rf"(?:if|when) (?:nobody|no one) {_GIVEN}s(?: one| it| anything| a value)?,? "
            rf"(?:{_IT_IS}|assume |use |go with |put )",
            r"by default,? (?:assume|use|go with|it's|it is|make it|put) ",
            r"(?:so )?(?:call it|assume|go with|start (?:it|them) (?:as|on)) "
            r"(?=[\w-]+ (?:by default|unless .*)$)",
            r"(?:unless (?:told|said|stated) otherwise|unless (?:we|they|someone|somebody|you) "
            r"says? otherwise|if not (?:said|set|given|picked)),? (?:it is|it should be|they are|"
            r"make it|use|assume) ",
            r"(?:it|they|that) should default to ",
            r"(?:it|that|this) should (?:say|be|show|read|start as) (?=[\w-]+ when (?:an? |the |"
            r"each )[a-z]+ (?:is|gets) (?:first )?(?:added|created|made|registered|entered|new)$)",
        )
    )
    + r")(?P<v>[\w-]+)(?: when .*| by default| unless .*)?$"
)
"""A sentence giving the default of the field just said ("If I don't pick one it should be
fair", "the default should be fair")."""
_MOST_NOT = rx.compile(r"(?:and |but )?most (?:of them|[a-z]+)(?: are| is)? not")
"""A yes/no field's default said as what most records are not ("Most products are not")."""
_MOST_ARE = rx.compile(
    r"(?:and |but )?most (?:of them |of ours |[a-z]+ )?(?:are|will be|is) (?!not\b)(?:the |an? )?"
    r"(?:(?P<v>[a-z][a-z ]*?),? so (?:default(?: it)? to (?:that|it|those)|make (?:that|it) the "
    r"default|(?:that|it) should be the default)|(?P<w>[a-z][\w-]*)(?: ones?)?)"
)
"""A default said as what most records are ("most are first aid so default to that")."""
_NAMED_DEFAULT = rx.compile(
    r"(?:and |but )?(?:the )?(?P<f>[a-z_]+) (?:should be|is|will be|must be|defaults to) "
    r"(?P<v>[\w.-]+) by default"
)
"""The default of the field said last, named again ("… and a price. price should be 0 …")."""
_NOT_BY_DEFAULT = rx.compile(
    r"(?:and |but )?(?:it's |they're |it is |they are )?not (?P<x>[a-z]+) (?:by default|to start "
    r"with|at first)"
)
"""A yes/no field's default said as the state records are not in ("not discontinued by default")."""
_YES_NO_DEFAULT = rx.compile(
    r"(?:yes or no|yes/no|y/n|true/false)[,.]? (?:default|by default|defaults? to) "
    r"(?P<v>yes|no|true|false)"
)
"""A yes/no question's answer type and default, said after it ("… ? yes or no, default yes")."""


def _not_by_default(part: str, before: str) -> bool:
    said = _NOT_BY_DEFAULT.fullmatch(part)
    return said is not None and said["x"] in before


def _said_last(part: str, before: str) -> str | None:
    """The default a sentence gives the field said last before it, named again."""
    said = _NAMED_DEFAULT.fullmatch(part)
    if said is None or rx.search(rf"\b{said['f']}[.!]*$", before.strip()) is None:
        return None
    return said["v"]


def attach_modifiers(parts: list[str]) -> list[str]:
    """A sentence that only qualifies the field before it ("… hard. Default easy") joins it."""
    out: list[str] = []
    for part in parts:
        if len(parts) > 1 and rx.fullmatch(r"[a-z]{1,3}", polish(part)) and not modifier(part):
            continue  # "… a gravity reading. OG. decimal": an abbreviation, a "go" or an "ok"
        default = _DEFAULT_SAID.match(polish(part)) if out else None
        yes_no = _YES_NO_DEFAULT.fullmatch(polish(part)) if out else None
        if default is not None:  # "… good, fair or poor. If I don't pick one, fair"
            part = f"default {default['v']}"
        elif yes_no is not None:  # "is the dog neutered? yes or no, default yes"
            part = f"default {yes_no['v']}"
        elif out and (most := _MOST_ARE.fullmatch(polish(part))):  # "most are first aid so …"
            part = f"default {(most['v'] or most['w']).replace(' ', '_')}"
        elif out and _not_by_default(polish(part), out[-1]):
            part = "default false"  # "… mark it as discontinued? not discontinued by default"
        elif out and (value := _said_last(polish(part), out[-1])) is not None:
            part = f"default {value}"  # "… and a price. price should be 0 unless …"
        elif out and _MOST_NOT.fullmatch(polish(part)):
            part = "default false"  # "… an age-restricted flag. Most products are not."
        if (
            out
            and modifier(polish(part)) is not None
            and not rules_topic.COMMAND.match(polish(part))
        ):
            said = polish(part)
            short = modifier(said) if len(said.split()) <= 2 else None  # "free text"
            short = short if short and short.get("type") == "string" else None
            kinds = set(read_modifiers(said) or short or {}) - {"as"}
            typed = kinds == {"type"}  # "… per order. integer", "… source? free text"
            out[-1] = f"{out[-1]} ({said})" if typed else f"{out[-1]}, {said}"
        else:
            out.append(part)
    return out
