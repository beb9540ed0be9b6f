"""Jobs, queues, events and file storage asked for in the words people use, put as the forms
the workflow rules read:

- "remind owners 24 hours before their stay starts" → an hourly job ("days before": daily);
- "hourly, sync the availability" → "every hour, sync the availability";
- "put incoming requests on a queue", "handle check-ins in the background with a queue" →
  "process … through a queue" ("retrying failures": with a dead letter queue);
- "other systems should be notified when a dog checks out" → an event; "… event onto a queue
  called invoicing" → "… onto the invoicing queue";
- "somewhere to store vaccination certificates" → file storage (only for files: photos, scans,
  PDFs, documents…; "somewhere to store the address" is a field).
"""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.frames import FILES as _FILES

_WHAT = (
    r"(?P<x>(?!(?:it|them|this|that|these|those|everything|an? event|the event)\b)[a-z'-]+"
    r"(?: (?!(?:and|when|whenever|then|if)\b)[a-z'-]+){0,3}?)"
)
"""What goes through a queue: a few words, no pronoun, no second request."""
_EVERY = {"hourly": "hour", "daily": "day", "nightly": "night", "weekly": "week",
          "monthly": "month"}  # fmt: skip

RECORDS = rx.compile(
    r"\b(?:add|create|new|track|keep|record|store)s? (?:an? |the |some )?(?:daily|"
    r"weekly|monthly|nightly|hourly) [a-z]+s? (?:with|entity|table|records?)\b"
)
"""Records named by how often they are made ("add daily reports with a note"): no job."""


def _before(m: rx.Match) -> str:
    every = "hour" if m["u"].startswith("hour") else "day"
    return f"every {every}, {m['v']} {m['who']} about {m['rest']}"


def _through(m: rx.Match) -> str:
    return f"process {m['x'].replace('-', '')} through a queue"  # "check-ins": checkins


REWRITES = (
    # "put trip photos in an S3 bucket called trip-photos": that bucket
    (r"^(?:please )?(?:put|keep|store|save) (?:the |our |all )?[a-z]+(?: [a-z]+)? (?:photos|"
     r"pictures|images|files|documents|scans|videos|pdfs|uploads) (?:in|into) (?:an? |the )?"
     r"(?:new )?(?:s3 )?bucket (?P<c>called|named) ", r"add a bucket \g<c> "),
    # "raise an event and put it on a queue so I get alerted": an event onto a queue
    (r"\b(?P<v>raise|emit|publish|fire|send) an event,? and (?:put|send|push|drop|place) it "
     r"(?:on|onto|to|into) (?P<q>an? (?:new )?queue|the [a-z-]+ queue)(?: so (?:i|we|they|someone) "
     r"(?:get|gets|can be|are|is) (?:alerted|told|notified|pinged))?",
     r"\g<v> an event onto \g<q>"),
    # "publish a job.completed event onto a queue called invoicing": onto the invoicing queue
    (r"(?<=event )(?P<p>onto|on|to|into) (?:an?|a new) queue (?:called|named) '?(?P<q>[a-z]"
     r"[a-z0-9-]*)'?", r"\g<p> the \g<q> queue"),
    # "remind owners 24 hours before their dog's stay starts"
    (r"^(?:please )?(?P<v>remind|notify|email|e-mail|text|alert|warn|message|ping) "
     r"(?P<who>[a-z' ]+?) (?:\d+|an?|one|two|three|four|five|six|seven|twelve|forty-eight) "
     r"(?P<u>hours?|days?|weeks?) (?:before|ahead of|prior to) (?P<rest>.+)$", _before),
    # "hourly, sync the kennel availability"
    (r"^(?P<a>hourly|daily|nightly|weekly|monthly), (?=[a-z])",
     lambda m: f"every {_EVERY[m['a']]}, "),
    # "put incoming stay requests on a queue"
    (rf"^(?:please )?(?:put|send|push|place|drop|route|pass) {_WHAT} (?:on|onto|in|into|"
     r"through|via) (?:an? |the )?(?:new )?queue\b", _through),
    # "handle check-ins in the background with a queue"
    (rf"^(?:please )?(?:handle|process|do|run|deal with) {_WHAT}(?: in the background| "
     r"asynchronously| async| later)? (?:with|using|via|through|on) (?:an? |the )?queue\b",
     _through),
    (r",? (?:and )?(?:retrying|retry|re-trying) (?:failures|failed ones|on failure|errors|the "
     r"failed ones)$", " with a dead letter queue"),
    # "other systems should be notified when a dog checks out"
    (r"^(?:other |external |outside |third-party |downstream )?(?:systems?|services?|apps?|"
     r"subscribers|listeners|integrations|partners|webhooks?) (?:should |must |need to |want to |"
     r"will )?(?:be |get )?(?:notified|told|informed|alerted|pinged) (?P<w>when|whenever|each "
     r"time|every time|once|after) ", r"publish an event \g<w> "),
    # "we need somewhere to store vaccination certificates (pdfs)"
    (rf"^(?:we |i )?(?:need|want|would like|'d like) (?:somewhere|a place|space|storage) (?:to|"
     rf"for|where we can) (?:store|keep|put|save|upload|hold) (?P<x>[a-z' -]*{_FILES}\b[a-z' -]*?)"
     r"(?: \([a-z]+\))?$", r"add file storage for \g<x>"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
