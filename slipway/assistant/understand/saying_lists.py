"""Lists said inline, put as the forms the rules read:

- numbered items in one line ("1) dogs get a chip id 2) stays get notes") are sentences;
- "grooming appointments: each has a date and a price" is "grooming appointments with a date
  and a price" (never a yes/no field "has_a_date");
- a link said inside a list of fields ("… a date, a price and belongs to a dog", "…, linked to
  a stay") is one more item of the list, the reference.
"""

from __future__ import annotations

from slipway.assistant import rx

_LINK = (
    r"(?:it |each |each one |they )?(?:belongs? to|(?:is |are )?(?:linked|tied|attached|connected) "
    r"to|points? to|references?|is for|are for)"
)

REWRITES = (
    (r"^\(?\d{1,2}\)\s+(?=[a-z])", ""),
    (r"(?<=[a-z0-9])\s+\(?\d{1,2}\)\s+(?=[a-z])", ". "),
    (r"\b(?P<e>[a-z]+(?: [a-z]+)?): (?:each|every one|each one|each of them|they each|every "
     r"[a-z]+) (?:has|have|with|gets|carries|holds|includes|needs|records|stores) (?=[a-z])",
     r"\g<e> with "),
    (rf"(?P<h>(?:\bwith\b|: )[^.;]*?)(?:,? and |, ){_LINK} (?:an? |one |the |its |their )"
     r"(?P<e>[a-z]+)\b", r"\g<h> and a \g<e>"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
