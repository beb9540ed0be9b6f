"""Fields asked for as the question staff would ask of a record, put as the "whether" and
"the X" forms the field rules read: "Tracks: is it explicit?" (``is_explicit``), "Episodes: was
it live or pre-recorded?" (``is_live``), "shop products: organic or not?" (``is_organic``),
"listener requests, wats the dedication?" (``dedication``), "Visitors keep asking whether the
tours are step-free. Can we record that against each tour?" (``is_step_free``), "how many bags did
each milling run fill?"; and constraints asked as questions ("Is it possible to stop two sites
from having the same name?", "could site names be kept to 40 characters?"). The head before a
colon names the entity, so a question is only read as a field there. Applied before
``saying_remarks``' rewrites (the remarks around a request)."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx

_HEAD = r"(?P<h>(?:^|(?<=[.!?] ))[a-z][a-z ]{0,30}?)"
"""The entity a sentence opens with ("tracks", "shop products")."""
_END = r"(?=\s*(?:$|[.?!;]))"


def _asked(m: rx.Match) -> str:
    """ "… keep asking which cottages have a wood burner. Can we note that against each
    cottage?": each cottage records whether it has one."""
    question = rx.sub(
        r"^which [a-z]+(?: [a-z]+)? (?P<v>have|has|are|is|need|needs|come with|comes with)\b",
        lambda v: "whether it " + {"have": "has", "are": "is", "need": "needs"}.get(v["v"], v["v"]),
        m["q"],
    )
    return f"each {m['e']} should record {question}."


REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # a question staff keep being asked, then "can we record that against each X?"
    (r"(?:^|(?<=[.!?] ))[a-z]+(?: [a-z]+)? (?:keep|kept|always|often|sometimes|are always) "
     r"(?:ringing(?: up)?|phoning(?: up)?|calling|emailing|writing in|coming in|asking)"
     r"(?: to ask| asking| and ask(?:ing)?)? (?P<q>(?:whether|if|which) [^.?!]+)[.?!] "
     r"(?:can|could) (?:we|you|i) (?:please )?(?:record|note|keep|store|track|log|put|add|mark)"
     r" (?:that|this|it)(?: down)? (?:against|on|for|in) (?:each|every|the) (?P<e>[a-z]+)"
     r"(?:'s record)?[.?!]?",
     _asked),
    # "episodes: was it live or pre-recorded?": whether it was live
    (rf"{_HEAD}: (?P<v>is|was|are|were) (?P<p>it|they) (?P<x>[a-z-]+) or [a-z-]+{_END}",
     r"\g<h>: whether \g<p> \g<v> \g<x>"),
    # "tracks: is it explicit?"
    (rf"{_HEAD}: (?P<v>is|was|are|were) (?P<p>it|they) (?=[a-z-]+(?: [a-z-]+){{0,3}}{_END})",
     r"\g<h>: whether \g<p> \g<v> "),
    # "shop products: organic or not?"
    (rf"{_HEAD}: (?P<x>[a-z-]+(?: [a-z-]+)?) or not{_END}", r"\g<h>: whether it is \g<x>"),
    # "is a show syndicated from another station? need a yes/no on shows": that question's
    (r"\? (?:we |i )?(?:need|want|add) (?:an? )?(?:yes/no|yes or no|flag|boolean|tick ?box|"
     r"checkbox)(?: field)?(?: (?:on|for|against) (?:each |every |the |all )?[a-z]+)?(?=\s*$|[.!])",
     "? we need that as a yes/no"),
    # "keep count of how many listeners called in per episode": how many, recorded
    (r"\b(?:keep|kept|keeping) (?:a )?(?:count|tally|track) of how (?=many |much )", "record how "),
    # "what time the group actually got back onto the beach": when they returned
    (r"\bwhat time (?:the [a-z]+|they|we|it|he|she) (?:actually |finally )?(?:got|get|came|come|"
     r"made it) back\b(?: (?!(?:on|for|per|of) (?:each|every|all|the)\b)[a-z]+)*",
     "the time they returned"),
    # "Is it possible to stop two sites from having the same name?": site names are unique
    (r"\b(?:is it possible|is there a way|is there any way) (?:to |for us to )"
     r"(?=stop |insist |make |keep |limit )", ""),
    (r"\bstop (?:any )?two (?P<e>[a-z]+) (?:from )?(?:having|sharing|using) (?:the same|a shared) "
     r"(?P<f>[a-z]+(?: [a-z]+)?)\b", r"make the \g<f> on \g<e> unique"),
    (r"\binsist (?:that )?(?:every|each|all) (?P<e>[a-z]+) (?:gives?|has|have|provides?|enters?) "
     r"(?:us )?(?:an? |their )?(?P<f>[a-z]+(?: [a-z]+)?)\b", r"make the \g<f> on \g<e> required"),
    # "could site names be kept to 40 characters?": a length limit
    (r"\b(?:could|can|should|must) (?P<x>[a-z]+(?: [a-z]+)?) be (?:kept|limited|capped|restricted|"
     r"cut) (?:to|at) (?P<n>\d{1,5}) (?P<u>characters|chars|letters)\b",
     r"limit \g<x> to \g<n> \g<u>"),
    (r"\b(?P<x>[a-z]+(?: [a-z]+)?) (?:should|must|need to|has to|have to) be (?:kept|limited|"
     r"capped|restricted|cut) (?:to|at) (?P<n>\d{1,5}) (?P<u>characters|chars|letters)\b",
     r"limit \g<x> to \g<n> \g<u>"),
    # "riders keep asking which jobs need a cargo bike" said alone: each job records it
    (r"^[a-z]+(?: [a-z]+)? (?:keep|kept|always|often) (?:asking|ask|wondering|want to know) which "
     r"(?P<e>[a-z]+?)s? (?P<v>need|needs|have|has|come with|take|takes) "
     r"(?P<x>an? [a-z]+(?: [a-z]+)?)[.?!]?$", r"each \g<e> should record whether it \g<v> \g<x>"),
    # "how many bags did each milling run fill?": how many bags, on each run
    (r"\bhow many (?P<x>[a-z]+) (?:did|does|do|will) (?:each|every|a|the) "
     r"(?P<e>[a-z]+(?: [a-z]+)?) [a-z]+\b", r"\g<e> need a count of \g<x>"),
    # "listener requests, wats the dedication?": the dedication
    (rf"{_HEAD}[,:] (?:what's|whats|wats|what is) (?:the|their|its) (?P<x>[a-z]+)\?",
     r"\g<h>: \g<x>."),
)  # fmt: skip
COMPILED: tuple[tuple[rx.Pattern, str | Callable[[rx.Match], str]], ...] = tuple(
    (rx.compile(p), r) for p, r in REWRITES
)
