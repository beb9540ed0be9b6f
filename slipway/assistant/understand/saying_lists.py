"""Lists said inline, put as the forms the rules read:

- numbered items in one line ("1) dogs get a chip id 2) stays get notes") are sentences;
- "grooming appointments: each has a date and a price" is "grooming appointments with a date
  and a price" (never a yes/no field "has_a_date");
- a link said inside a list of fields ("… a date, a price and belongs to a dog", "…, linked to
  a stay") is one more item of the list, the reference;
- a pair of fields sharing one noun ("start and end dates", "home/away scores", "before + after
  photos") is two fields, each with the noun: "start date, end date".
"""

from __future__ import annotations

from slipway.assistant import rx

_LINK = (
    r"(?:it |each |each one |they )?(?:belongs? to|(?:is |are )?(?:linked|tied|attached|connected) "
    r"to|points? to|references?|is for|are for)"
)

_PAIRED = (
    r"(?:start|end|finish|opening|closing|first|last|home|away|before|after|min|max|"
    r"minimum|maximum|check-in|check-out|checkin|checkout|pickup|pick-up|drop-off|dropoff|"
    r"arrival|departure|upper|lower|high|low|front|back|billing|shipping|weekday|weekend|morning|"
    r"afternoon|evening|entry|exit|buying|selling|purchase|sale|retail|wholesale|inbound|"
    r"outbound|outward|return|planned|actual|estimated|expected|adult|child|peak|off-peak|"
    r"primary|secondary|top|bottom|previous|current|summer|winter|day|night)"
)
"""Words that name one of a pair of fields said with one noun ("start and end dates")."""
_SHARED = (
    r"(?P<n>date|time|datetime|timestamp|day|name|score|photo|picture|pic|image|price|fee|rate|"
    r"reading|weight|count|temperature|location|address|contact|number|total|amount|level|"
    r"mileage|odometer reading|point|age|height|width|limit|note|comment|signature|"
    r"meter reading|balance|stock|capacity|deadline|url|link)(?:es|s)?\b"
)

REWRITES = (
    # "an emergency contact name and number": two fields of the emergency contact
    (r"\b(?:an? |the |their )?(?P<p>(?!(?:an?|the|their|its|and|or|with)\b)[a-z]+(?: (?!(?:an?|the|"
     r"and|or|with)\b)[a-z]+)?) (?P<a>name|number|phone|email) and (?P<b>number|phone number|phone|"
     r"email address|email|address)\b(?! of)", r"\g<p> \g<a>, \g<p> \g<b>"),
    (rf"\b(?:the |an? )?(?P<a>{_PAIRED})(?: ?[/+&] ?| and (?:the |an? )?| or )"
     rf"(?P<b>{_PAIRED}) "
     rf"{_SHARED}", r"\g<a> \g<n>, \g<b> \g<n>"),
    (r"^\(?\d{1,2}\)\s+(?=[a-z])", ""),
    (r"(?<=[a-z0-9])\s+\(?\d{1,2}\)\s+(?=[a-z])", ". "),
    (r"\b(?P<e>[a-z]+(?: [a-z]+)?): (?:each|every one|each one|each of them|they each|every "
     r"[a-z]+) (?:has|have|with|gets|carries|holds|includes|needs|records|stores) (?=[a-z])",
     r"\g<e> with "),
    (rf"(?P<h>(?:\bwith\b|: )[^.;]*?)(?:,? and |, ){_LINK} (?:an? |one |the |its |their )"
     r"(?P<e>[a-z]+)\b", r"\g<h> and a \g<e>"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
