"""Sign-in, roles and operations said in passing, put as the forms the access and
infrastructure rules read: "Adopters should be able to log in …, so they need a role of their
own", "anyone who signs up should automatically be an ordinary member", "Cognito is more than we
need, just use our own JWT login", "I'd like to be able to trace slow requests", "the logs should
come out as structured JSON", "we want to hear about it if the thing falls over", "new role:
safety_officer". Applied before ``saying_casual``'s rewrites."""

from __future__ import annotations

from slipway.assistant import rx

_OP = r"(?:list|get|read|view|create|add|update|edit|change|delete|remove)"

REWRITES: tuple[tuple[str, str], ...] = (
    # "the safety kit API is only for committee and bosun, and they can list, get and update"
    (r"(?P<e>\b[a-z]+(?: [a-z]+)?) (?P<a>api|endpoints?) (?P<h>(?:is|are|should be) (?:only )?"
     r"(?:for|limited to|restricted to) [^,.;]+), and they (?:can|may|are allowed to|should be "
     rf"able to) (?P<o>{_OP}(?:, {_OP})*,? (?:and|or) {_OP})(?=$|[.;!?])",
     r"\g<e> \g<a> \g<h>. \g<e> \g<a>: \g<o> only"),
    # "make the whole thing multi-tenant with Franchise as the tenant"
    (r"\bmulti[- ]?tenant(?:ed)? with (?:an? |the |each )?(?P<e>[a-z]+) as (?:the |a )?tenants?\b",
     r"multi-tenant by \g<e>"),
    # "new role: safety_officer": a role, never an entity called Role
    (r"(?:^|(?<=[.;!?] ))(?P<n>(?:a |one )?new|another|add (?:an?|one) ?(?:new )?|add) "
     r"(?P<r>roles?)\s*:\s*(?=[a-z_])", r"\g<n> \g<r> "),
    # "… visible to anyone without logging in. only looking tho, no changes": read only
    (r"(?P<h>\b(?:anyone|anybody|everyone|everybody|the public|public|without logging in|not "
     r"logged in)\b[^.;]*)[.;,] (?:but )?(?:only|just) (?:looking|viewing|reading|browsing|to look|"
     r"to view|to read)(?: though| tho)?,? (?:no|not|nothing|without) (?:changes|changing|editing|"
     r"edits|writing|writes)(?: though| tho)?[.!]*$", r"\g<h>, but read only"),
    # "We'd like point in time recovery and backups switched on for the database": turn them on
    (r"(?:^|(?<=[.;!?] ))(?:(?:we'd|we would|i'd|i would) like|we want|we need|please have) "
     r"(?P<x>[a-z ,]+?) (?:switched|turned) on(?: for (?:the |our )?(?:database|db|app|system))?"
     r"(?=$|[.;!?])", r"turn on \g<x>"),
    # "Let teachers log in too: add a teacher role": the role is the request
    (r"(?:^|(?<=[.;!?] ))let (?:the |our )?[a-z]+ (?:log|sign) in(?: too| as well| also)?[:,] "
     r"(?=(?:add|create|give them|we need) (?:an? |the )?[a-z_]+ role\b)", ""),
    # "Adopters should be able to log in …, so they need a role of their own": an adopter role
    (r"^(?P<p>[a-z]+?)s (?:should|must|need to|will|can) [^.]*?,? so (?:they|these people) (?:need|"
     r"should have|should get|want) (?:a (?:login |user )?role of their own|their own (?:login |"
     r"user )?"
     r"role)$", r"add a \g<p> role"),
    (r"^(?P<p>[a-z]+?)s (?:need|should have|should get|want|get|must have) (?:a (?:login |user )?"
     r"role of their own|their own (?:login |user )?role)$", r"add a \g<p> role"),
    # "anyone who signs up should automatically be an ordinary member, not a coordinator"
    (r"^(?:anyone|everyone|everybody|people|users|new users|whoever)(?: who| that)? (?:signs? up|"
     r"registers?|joins?|creates? an account) (?:should|will|must) (?:automatically |by default )?"
     r"(?:be|become|get) (?:an? )?(?:ordinary |normal |regular |plain |basic )?(?P<r>[a-z_]+)"
     r"(?: role)?(?:,? (?:not|rather than|instead of) .*)?$", r"make \g<r> the default role"),
    # "add a visitor role for ringers from other bands who drop in": that role, never a field
    (r"\badd (?:an? |the |one more |another )?(?P<r>(?!(?:an?|the|new)\b)[a-z_]+) role for "
     r"(?:the )?[a-z ]+?"
     r"(?: who [^.,;]*)?(?=$|[.,;])", r"add a \g<r> role"),
    # "add a role for the people in packing, name it packer": that role, nothing renamed
    (r"\badd (?:a|another|one more|a new) role for [^,.;]+?,? (?:and )?(?:name|call) it "
     r"'?(?P<r>[a-z_]+)'?", r"add a \g<r> role"),
    (r"\badd (?:an? )?(?:an? )?(?:new )?role,? (?:and )?(?:name|call) it '?(?P<r>[a-z_]+)'?",
     r"add a \g<r> role"),
    # "Cognito is more than we need, just use our own JWT login": the one they name after
    (r"^(?:cognito|jwts?|api keys?|auth0|the [a-z]+ login) (?:is|are) (?:more than (?:we|i) need|"
     r"overkill|too much|too complicated|too heavy|over the top)[^,.;]*[,.;] ?", ""),
    # "I'd like to be able to trace slow requests", "the logs should come out as structured JSON"
    (r"\b(?:be able to )?trace (?:slow |the |our |all )?(?:requests|calls)\b", "turn on tracing"),
    (r"\b(?:the )?logs? (?:should |must |need to )?(?:come out|be written|be output|be emitted|be "
     r"kept|be) (?:as|in) (?:structured )?json\b", "turn on structured logging"),
    # "we want to hear about it if the thing falls over": alarms
    (r"\b(?:hear about it|know about it|know|be told|be alerted|get an alert|be notified|get a "
     r"text|get an email) (?:if|when) (?:the (?:thing|app|system|site|service|website|api)|it) "
     r"(?:falls over|goes down|breaks|crashes|dies|stops working|is down)\b", "turn on alarms"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
