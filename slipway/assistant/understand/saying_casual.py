"""A casual or hurried writer's words, put plainly: short forms ("w/ us", "txt", "ppl", "no. of"),
fillers ("fr", "obv", "tho", "lol", "a proper status"), who a request is for ("so the guide knows
…"), a removal or a list asked for in passing ("the guides want the paddock records removed",
"keep a list of our drivers with …"), a state said as whether ("say whether it's good, needs
repair or scrapped"), a role to set people up with, "a comments bit", "a gang boss, one of the
shearers", "logged in people can look but not add", "on jobs rename notes to site_notes".
Applied right after ``phrasing``'s own rewrites, in this order."""

from __future__ import annotations

from slipway.assistant import rx

_DONE = (
    r"(?:[a-z]+ed|paid|sent|sold|made|done|taken|given|seen|built|bought|caught|found|kept|left|"
    r"lent|lost|met|shown|spent|told|won|written|held|brought|signed off)"
)
"""A past participle ("collected", "paid")."""

REWRITES: tuple[tuple[str, str], ...] = (
    # "on jobs rename notes to site_notes": a command about the entity named first
    (r"^(?:on|for|in) (?:the |all |our )?(?P<e>[a-z]+),? (?=(?:rename|remove|drop|delete|make|"
     r"set|change|index) [a-z_]+\b)", r"\g<e>: "),
    # "the customers name" (the apostrophe left out): the customer's name
    (r"\b(?P<d>the|their|its) (?!(?:customs|news|goods|means|arms|thanks|clothes|lens|works|"
     r"series|species|sales|premises)\b)(?P<x>[a-z]{2,}[^suiae\W])s (?=(?:name|email|e-mail|phone|"
     r"address|age|postcode|number)\b)", r"\g<d> \g<x> "),
    # "we look rentals up by start time": we search them by it
    (r"\blook (?P<e>[a-z]+) up by\b", r"search \g<e> by"),
    # "VAT rate on jobs as a percentage (20 normally, 5 on some …)": a field, its usual value
    (r"\((?P<n>\d+(?:\.\d+)?)%? (?:normally|usually|mostly|typically|by default|most of the time)"
     r"(?:,[^()]*)?\)", r"(default \g<n>)"),
    (r"^(?!(?:add|store|record|keep|track|save|put|make|give|log|attach|include|we|i|please|"
     r"can|could|set|change|turn)\b)(?P<x>[a-z]+(?: (?!(?:the|a|an)\b)[a-z]+){0,4}?) (?:on|for) "
     r"(?P<e>(?:all |each |every |the )?[a-z]+) as (?:an? )?(?P<t>percentage)\b",
     r"add \g<x> (\g<t>) to \g<e>"),
    # "vets charge a consultation fee, add it (money, with cents)": the thing said was the request
    (r"(?<=[.?!]) (?:i |we )?(?:want|need|would like|'d like) to (?:add|include|store|record|track|"
     r"keep) (?:it|that|this|them)(?: (?:too|as well|please))?(?=[.;!?]|$)", ""),
    (r"(?<=[a-z]),? (?:and )?(?:please )?(?:add|include|store|record|track) (?:it|that|this|them)"
     r"(?: (?:too|as well|please))?(?= \(|[.;!?]|$)", ""),
    (r"\bw(?:/ ?| (?=us\b|them\b|me\b|him\b|her\b))", "with "),
    (r"\btxt\b", "text"),
    # "make the yarn list public, same as the colourways are": the comparison names nothing
    (r",? (?:just |exactly )?(?:the )?same as (?:the |our )?[a-z]+(?: [a-z]+)? (?:are|is|do|"
     r"does)\b", ""),
    # "put the handler on each run too please — sometimes a dog is run by …": why, no request
    (r"\s*(?:[:\u2014\u2013]| - ) (?:sometimes|because|since|otherwise|as) [^.;!?]*", ""),
    # "Judges are appointed elsewhere now so we don't need them in our system at all"
    (r"^(?P<e>[a-z]+) (?:are|is|get|have been) [^,;.]*?,? so we (?:don't|do not|no longer) need "
     r"(?:them|it)(?: in (?:our|the) (?:system|app|database))?(?: at all| any ?more)?[.!]*$",
     r"remove \g<e>"),
    # "…, if the customer knows it": optional, which a new field is anyway
    (r",? if (?:the [a-z]+|they|we|you|anyone) (?:knows?|has|have|remembers?) (?:it|one|them)$",
     ""),
    # "can she have her own 'accounts' role": that role
    (r"\b(?:can|could) (?:she|he|they|we) (?:have|get) (?:her|his|their|our) own '?"
     r"(?P<r>[a-z_]+)'? role\b", r"add a \g<r> role"),
    # "take weight_kg off students": a removal
    (r"^take (?P<f>[a-z_][a-z_ ]*?) off (?:the |all )?(?P<e>[a-z][a-z ]*?)(?=,|$)",
     r"remove \g<f> from \g<e>"),
    # "add a conditions json column to hold the raw payload": what it is for names nothing
    (r"(?P<h>\b(?:column|field)) (?:to hold|to store|to keep|for holding|that holds|holding) "
     r"[^,.;]+", r"\g<h>"),
    # "a start_date (date) column to the standing_orders table": to standing orders
    (r"(?P<h>\([a-z ]+\)) (?:column|field)\b", r"\g<h>"),
    (r"\b(?P<p>to|on|in|into|from) the (?P<t>[a-z]+)_(?P<u>[a-z]+) table\b", r"\g<p> \g<t> \g<u>"),
    (r"\b(?P<p>to|on|in|into|from) the (?P<t>[a-z]+) table\b", r"\g<p> \g<t>"),
    # an adverb inside the verb ("no two guests should ever have …", "it must really be …")
    (r"\b(?P<m>(?:should|must|can|could|will|would|may|do|does|did|shall)(?:n't| not)?) (?:ever|"
     r"really|actually|definitely|absolutely|honestly|genuinely|probably)\b(?= [a-z])", r"\g<m>"),
    (r",? (?:no exceptions|without exception|no matter what|full stop|period)(?=$|[.;!])", ""),
    # "every client has to give us a phone number": they must provide it
    (r"\b(?P<m>must|has to|have to|needs? to|should) (?:give|tell|send|show) (?:us|me|the office) "
     r"(?=(?:an?|the|their|his|her|its) [a-z])", r"\g<m> provide "),
    # "make it a pick list: facebook, google or word of mouth": its values
    (r"^(?:please )?(?:make|turn) (?P<x>it|that|this) (?:into )?(?:an? )?(?:enum|dropdown|"
     r"drop-down|pick ?list|picklist|choice|select|fixed list|list of options)(?::| of| with| "
     r"between)? "
     r"(?=[a-z])", r"\g<x> should be one of "),
    # "give them a customer role", "give drivers the driver role": that role, never a field
    (r"\bgive (?:them|him|her|these people|those people|(?:the |our |all )?[a-z]+s) (?:an? |the "
     r"|their own )?(?P<r>(?!default\b|same\b|new\b)[a-z_]+) role\b", r"add a \g<r> role"),
    (r"(?:^|(?<=[.!?] ))(?:by law|legally|by regulation|for compliance|for insurance reasons),? ",
     ""),
    # "…, store that as a whole number pls": the type of what was just said
    (r",? (?:and )?(?:please )?(?:store|keep|save|record|make|have) (?:it|that|this) as "
     r"(?:an? )?(?P<t>whole number|number|integer|decimal|date|text)s?"
     r"(?=(?: pls| please| thanks)?[.!?;]*$)", r" (\g<t>)"),
    # "get rid of the vans bit": the vans
    (r"\b(?P<h>(?:get|got) rid of (?:the |our |that |those |all the )?[a-z][a-z ]*?) "
     r"(?:bit|stuff)s?\b", r"\g<h>"),
    # "roughly how many drops", "about how much": the count itself
    (r"\b(?:roughly|approximately|about|around|more or less) (?=how (?:many|much|long|often)\b)",
     ""),
    # "either private or group - oh and semi-private too, for two people": one more value
    (r"\b(?P<a>[a-z-]+) or (?P<b>[a-z-]+) [-\u2013\u2014] (?:oh |ah |and |also )+(?P<z>[a-z-]+)"
     r"(?: too| as well)?(?:, (?:for|with|which|that) [^.;,]+)?", r"\g<a>, \g<b> or \g<z>"),
    # "for products we must know if it is organic or no": whether it is organic
    (r"\b(?:if|whether) (?P<s>it|they|he|she|the [a-z]+) (?P<b>is|are|has|have) (?P<x>[a-z-]+) or "
     r"(?:no|not)\b", r"whether \g<s> \g<b> \g<x>"),
    # "I'm thinking a WaterTest with …", "The trustees want a MaintenanceJob list: …"
    (r"(?:^|(?<=[.!?] ))(?:i'm|i am|i was|we're|we are|we were) thinking(?: of| about)? "
     r"(?=(?:an?|some) [a-z])", "we need "),
    (r"(?:^|(?<=[.!?] ))(?:the |our )?(?:trustees|committee|board|boss|management|accountants?|"
     r"inspectors?|council|front desk|reception|directors|auditors|regulators?|environmental "
     r"health|health and safety) (?:want|wants|would like|have asked for|asked for|need|needs) "
     r"(?=(?:an?|some) [a-z])", "we need "),
    # "runs: outrun, lift, fetch and pen are all scored separately.": how things are, no request
    (r"(?:^|(?<=[.!?] ))(?:(?P<e>[a-z]+): )?(?:[a-z-]+, ){2,}(?:and )?[a-z-]+(?: and [a-z-]+)? "
     r"(?:are|get) (?:all |each )?(?:[a-z]+ed|done|kept|run)\b[^.;!?]*[.!?]? ?", r"\g<e>: "),
    # "just stick the breakdown in a json field": store it as json
    (r"\b(?:just |simply )?(?:stick|put|dump|chuck|throw|store|keep) (?P<x>(?:the |their |its |a )?"
     r"[a-z][a-z ]*?) (?:in|into) (?:an? |the )?json(?: field| column| blob)?\b",
     r"store \g<x> as json"),
    (r",? while (?:you're|you are|we're|we are) (?:there|at it|in there)\b", ""),
    # "duty managers need their own login level. call it duty_manager": a role of that name
    (r"^[^.?!]*?\b(?:need|needs|want|wants|have|has|get|gets)(?: (?:their|her|his|its|a|an))? "
     r"(?:own |new |separate |different )?(?:role|login level|access level|permission level|user "
     r"level|user type|account type|login type)\b[^.?!]*[.?!] ?(?:(?:so |then |and )?(?:call it|"
     r"called|name it|named|let's call it|how about|maybe) )?['\"]?(?P<r>[a-z][a-z_]*)['\"]?"
     r"(?: maybe| perhaps| please| i guess)?[.?!]?$", r"add a role \g<r>"),
    # "note down the reason for each stay", "jot down", "make a note of": record it
    (r"(?:^|(?<=^please )|(?<=\bto )|(?<=\bcan )|(?<=\bcould )|(?<=, ))(?:note|write|jot|put) "
     r"down\b|(?:^|(?<=^please ))(?:make|keep|take) a note of\b", "record"),
    # "hosts have a website, could you add the URL?": the website's url
    (r"(?<=[a-z]),? (?:could|can|would) you (?:please )?(?:add|store|record|keep|save) (?:the |"
     r"their |its |that )(?P<z>url|link|address|number)s?(?=[?.!;]|$)", r" \g<z>"),
    # a casual writer's fillers ("a proper status fr", "default queued obv", "just one tho lol")
    (r",? \b(?:lol|lmao|ngl|tbh|obv|obvs|tho|lowkey|highkey|kinda sus)\b(?=$|[ ,.;:!?])", ""),
    (r" \b(?:fr|rn)\b(?=$|[,.;:!?])", ""),
    (r"\bhav\b", "have"),
    (r",? (?:just|only) one(?: of them)?(?=$|[.;,!?])", ""),
    (r"\b(?P<a>an?) (?:proper|real|actual|decent|basic) (?=(?:status|stage|state|type|kind|"
     r"category|priority|level)\b)", r"\g<a> "),
    (r"\bgotta\b", "must"),
    # "so the guide knows before setting off": who it is for, no part of the request
    (r",? so (?:that )?(?:the|our|a|each|every) [a-z]+ (?:knows?|sees?|is aware|gets? (?:told|"
     r"warned|notified|reminded)|(?:can|could) (?:see|check|find|tell|plan|prepare|call|contact|"
     r"know|warn))\b[^.;]*", ""),
    # "the guides want the paddock records removed": a removal
    (r"(?:^|(?<=[.;] ))(?:(?:the |our |my )?[a-z]+ )?(?:want|wants|would like|asked for|need|"
     r"needs) (?:the |all |our )?(?P<x>[a-z_]+(?: [a-z_]+)?) (?:removed|deleted|dropped|gone|"
     r"taken out)\b", r"remove \g<x>"),
    # "we need a Chemical list too: product name, …": a new entity, its fields after the colon
    (r"\b(?P<a>an?|the) (?P<n>(?!(?:fixed|closed|set|short|long|small|simple|proper|full|whole|new|"
     r"dropdown|pick|choice|preset|predefined|known|limited|standard|given)\b)[a-z]+) (?:list|"
     r"register|catalogue|catalog|table|directory|log|"
     r"database)(?: too| as well| also)?:", r"\g<a> \g<n> entity:"),
    # "people who sign up should get a new 'visitor' role by default": new users' role
    (r"\b(?:people|users|anyone|everyone|everybody|folks|new people) (?:who|that) (?:signs?[- ]?up|"
     r"registers?|joins?|creates? an account)(?=[^.;]*\broles?\b)", "new users"),
    (r"\b(?:an?|the) new (?P<r>[a-z_]+) role\b", r"the \g<r> role"),
    # "we've stopped tracking individual purchases, get rid of them": remove them
    (r"(?:^|(?<=[.;!?] ))(?:so )?(?:we(?:'ve| have)? |i(?:'ve| have)? )?(?:stopped|stop|quit|no "
     r"longer|don't|do not|won't|will not) (?:bother |need |want )?(?:tracking|recording|storing|"
     r"keeping|using|doing|selling|offering|measuring|collecting|taking|to track|to record|to "
     r"store|to keep|to measure) (?:individual |the |our |any |their )?(?P<x>[a-z_]+(?: [a-z_]+)?)"
     r"(?: any ?more| now| these days)?,? (?:so )?(?:please )?(?:get rid of|remove|drop|delete|"
     r"bin|scrap|lose|take out) (?:them|it|those|that|the [a-z_]+)(?=$|[.;!?])", r"remove \g<x>"),
    (r"(?:^|(?<=[.;!?] ))(?:so )?(?:we(?:'ve| have)? |i(?:'ve| have)? )?(?:stopped|stop|quit|no "
     r"longer|don't|do not|won't|will not) (?:bother |need |want )?(?:tracking|recording|storing|"
     r"keeping|using|measuring|collecting|taking|to track|to record|to store|to keep|to measure) "
     r"(?:the |our |any |their )?(?P<x>[a-z_]+(?: [a-z_]+)?)(?: any ?more| now| these days)?,? "
     r"(?:so )?(?:please )?(?:take|remove|drop|delete) (?:it|that|them) (?:off|from|out of) "
     r"(?:the |our |all )?(?P<e>[a-z_]+)(?=$|[.;!?])", r"remove \g<x> from \g<e>"),
    # "we search bookings by date all day long": how often, no part of the request
    (r"\b(?P<h>(?:search|filter|look up|sort|query|find)\b[^.;,]*?) (?:all day long|all day|all "
     r"the time|every day|a lot|constantly|non-?stop|every single day)\b", r"\g<h>"),
    # "the farm is split into zones": a new thing
    (r"(?:^|(?<=[.;!?] ))(?:the |our )?[a-z]+(?: [a-z]+)? (?:is|are|gets|get) (?:split|divided|"
     r"broken up|organi[sz]ed|grouped|laid out|arranged|carved up) (?:up )?into (?P<x>[a-z]+s)\b",
     r"add \g<x>"),
    # "… its boundary for the farm map, just the raw geojson": the type
    (r",? (?:just |only |simply )(?:the |as |a )?(?:raw |plain )?(?:geo)?json\b", " as json"),
    # "fabrics should link to their fire safety certificate": the address of their document
    (r"\b(?P<e>(?!(?:an?|the|have|has)\b)[a-z]+s) (?:should |must |need to |needs to |can |could |"
     r"will )?link to (?=(?:their|"
     r"its) [a-z])", r"\g<e> need a link to "),
    # "the deposit the client paid", "when a job was actually collected"
    (rf"\b(?P<v>was|were|is|are|got|has been|have been) (?:actually|finally|really|eventually) "
     rf"(?={_DONE}\b)", r"\g<v> "),
    (rf"(?P<h>\bwhen (?:an?|each|every|the) [a-z]+(?: [a-z]+)? (?:was|were|is|got|gets) {_DONE}"
     r"(?: up| in| out| off| back)?) by (?:the|a|an|their|its|our) [a-z]+\b", r"\g<h>"),
    # "add a flag for whether they qualify for NHS funding": the yes/no is the whether
    (r"\b(?:an? )?(?:flag|yes/no|boolean|checkbox|tick ?box|toggle|true/false)(?: field)? (?:for|"
     r"about|saying|to say|showing|to show|that says) (?=(?:whether|if) (?:it|they|he|she) "
     r"(?!(?:is|are|was|were)\b))", ""),
    # "a commission rate (a percent)": the bracket says its type
    (r"\((?:an?|the) (?=[a-z]+\))", "("),
    # "store which GP surgery each patient is with": each patient has one
    (r"(?:\b(?:we|i) (?:should|must|need to|want to|would like to|'d like to|have to) )?\b(?:store|"
     r"record|keep|track|know|note|save|log) which (?P<x>[a-z]+(?: [a-z]+)?) (?:each|"
     r"every|an?|the) (?P<e>[a-z]+) (?:is with|is at|is registered (?:with|at)|goes to|uses|comes "
     r"from|is under|belongs to)(?=$|[.;,!?])", r"each \g<e> has a \g<x>"),
    # "how long is each appointment? in minutes": its duration
    (r"\bhow long (?:is|does|will) (?P<e>(?:each|every|an?|the) [a-z]+)(?: last| take| run)?\??,? "
     r"(?:(?:in|as) )?(?P<u>minutes|hours|days|nights|weeks)\b",
     r"\g<e> has a duration_\g<u> (integer)"),
    # "riders each have a commission rate": riders have one
    (r"\b(?P<e>[a-z]+s) each (?=(?:have|need|get|carry|hold|keep|own|use|work)\b)",
     r"\g<e> "),
    # "… the deposit amount - right now we only have a paid yes/no": how it is today, no request
    (r"\s*(?:[-\u2013\u2014:;,]|\.)\s*(?:right now|currently|at the moment|for now|today|"
     r"at present) "
     r"(?:we|it|there) (?:only )?(?:have|has|store|stores|keep|keeps|track|tracks|record|records|"
     r"is|are)\b[^.;,]*", ""),
    # "Assume medium if we don't say": the default
    (r"(?:^|(?<=[.;!?] ))assume (?P<v>[\w-]+)(?: if (?:we|they|you|nobody|no one|"
     r"someone) (?:don't|do "
     r"not|doesn't|does not) (?:say|specify|choose|pick|tell us|set it)(?: otherwise)?| unless "
     r"(?:told|said|we say|they say) otherwise| by default)?(?=$|[.;!?])", r"\g<v> by default"),
    # "keep a running count of how many grooms each dog has had with us": a count on each dog
    (r"\b(?:keep |have |add |store )?(?:an? )?(?:running |rolling |total )?(?:count|tally|total|"
     r"number) of how many (?P<x>[a-z]+) (?:each|every|an?|the) (?P<e>[a-z]+) (?:has had|has done|"
     r"has made|has been on|has taken|has booked|had|has)\b(?: with us| so far| in total|"
     r" overall)?",
     r"each \g<e> has a \g<x> count"),
    # "she needs her own role (receptionist)": a role
    (r"\b(?:(?:she|he|they|this person|that person) )?(?:needs?|gets?|should (?:have|get)|wants?) "
     r"(?:her|his|their|its) own role,? \((?P<r>[a-z_]+)"
     r"\)", r"add a \g<r> role"),
    # "anyone signing up should be a singer by default": the role new users get
    (r"\b(?:anyone|everyone|everybody|people|users|new users|whoever|new people) (?:signing up|who "
     r"signs? up|registering|who registers?|joining|who joins?)(?: should| will| must)? (?:be|get|"
     r"become|start as|start off as|have) (?:an? |the )?(?P<r>[a-z_]+)(?: role)? by default\b",
     r"new users get the \g<r> role by default"),
    # "… so ProgrammeItem can go": a removal, after its reason
    (r"(?:^|(?<=[.;!?] ))[^.;!?]*?,? so (?:the )?(?P<x>(?!(?:it|that|this|they|we|them)\b)"
     r"[a-z_]+(?: [a-z_]+)?) (?:can go|can be (?:binned|scrapped)|is no "
     r"longer needed|isn't needed any ?more|is not needed any ?more)(?=$|[.;!?])",
     r"remove \g<x>"),
    # "text clients a reminder at 6pm the day before their appointment": a daily job
    (r"\b(?P<v>text|email|sms|message|send|remind)\b(?P<r>[^.;]*?) at (?P<t>\d{1,2}(?::\d\d)? ?"
     r"(?:am|pm)) the (?:day|night|evening|morning) before\b[^.;]*",
     r"\g<v>\g<r> every day at \g<t>"),
    # "… one arranger - we need an Arranger with a name": two sentences
    (r"(?<=[a-z])\s+[-\u2013\u2014]\s+(?=(?:we|i|please|can you|could you)\b)", ". "),
    (r"\b(?P<a>and|but|,) (?:obviously|of course|naturally|clearly) ", r"\g<a> "),
    # "we take a deposit on every costume": each costume has one
    (r"\bwe (?:take|charge|collect|ask for|require|add) (?:an? |the )?(?P<m>(?:[a-z]+ )?(?:deposit|"
     r"fee|charge|surcharge|levy|tip))(?: of \S+)? (?:on|for|per|with) (?:every|each|an?|the) "
     r"(?P<e>[a-z]+)\b", r"each \g<e> has a \g<m>"),
    # "some of the costumes are dry clean only, add a flag for that": a flag of that name
    (r"(?:^|(?<=[.;!?] ))(?:some|a few|most|many|certain) (?:of (?:the|our) )?(?P<e>[a-z]+) (?:are|"
     r"is) (?P<x>[a-z]+(?: [a-z]+){0,2}),? (?:so )?(?:please )?(?:add|we need|need|i need|can you "
     r"add|could you add) (?:a|an) (?:flag|yes/no|checkbox|tick box|toggle)(?: for (?:that|this|it|"
     r"them|those))?(?=$|[.;!?])", r"\g<e> have a \g<x> flag"),
    # "give them their own volunteer role": a role
    (r"\bgive (?:them|her|him|those|these) (?:their|her|his) own (?P<r>[a-z_]+) role\b",
     r"add a \g<r> role"),
    # "add the max weight a chair can take, in kg": each chair's max weight
    (r"\b(?:add|store|record|keep|track) (?:the |a )?(?P<f>(?:max|maximum|min|minimum) [a-z]+) "
     r"(?:a|an|each|every|the) (?P<e>[a-z]+) can (?:take|hold|carry|seat|fit|handle|lift|bear)\b",
     r"each \g<e> has a \g<f>"),
    (r"\bas (?:an? )?json (?:blob|object|document|thing|file)\b", "as json"),
    # "a lifeguard flag - red, yellow or green": a choice named flag, not a yes/no
    (r"\b(?P<x>[a-z]+) flag(?P<c> colou?r)?\s*[-:\u2013\u2014]\s*(?=[a-z]+, [a-z]+,? or [a-z]+)",
     r"\g<x>_flag\g<c>: "),
    # "a WeatherLog for each day with the date, …": a new thing with its fields
    (r"\b(?P<a>an?) (?P<n>[a-z]+) (?:for|per) (?:each|every) (?:day|week|month|shift|session|"
     r"night)\b(?= with)", r"\g<a> \g<n>"),
    # "several themes (halloween, 80s, pirates etc)": examples of the things, no values
    (r"(?P<h>\b(?:several|many|multiple|various|different|lots of|loads of|"
     r"a few) [a-z]+s) \([^()]*\)",
     r"\g<h>"),
    # "each theme has loads of costumes in it": many of them
    (r"(?P<h>\b(?:loads|lots|many|several|plenty|dozens|hundreds|a bunch) of [a-z]+) (?:in|on|at|"
     r"inside) (?:it|them)\b", r"\g<h>"),
    (r", (?:can|could|should|may) (?:that|it|this|those|they) be indexed\b", ", index that"),
    # "… want that on their profile", "… on file": where it shows, no part of the request
    (r"[.;,!?]? (?:(?:i|we) )?(?:want|need|would like|'d like|put|show) (?:that|it|"
     r"this) on (?:their|"
     r"his|her|its|the) (?:profile|record|page|card|file|screen|account)s?(?=$|[.;!?])", ""),
    (r" (?:on file|on record|in the system)(?=$|[.;!?])", ""),
    (r",? (?:obviously|of course|naturally|obvs)(?=$|[.;!?])", ""),
    # "how many years has each tutor been teaching?": a number of years on each tutor
    (r"\bhow many (?P<u>years|months|weeks|days|hours) (?:has|have) (?:each|every|an?|the) "
     r"(?P<e>[a-z]+) been (?P<v>[a-z]+ing)\b\??", r"each \g<e> has a number of \g<u> \g<v>."),
    # "change full_name on Student to just name": the new name
    (r"\b(?P<h>(?:rename|change|call)\b[^.;]*? to) just (?=[a-z_]+(?:$|[.;,!?]))", r"\g<h> "),
    # "change full_name on Student to name": a developer's rename
    (r"\bchange (?P<f>[a-z]+_[a-z_]+) (?:on|in|of) (?P<e>[a-z_]+) to (?P<n>(?!(?:enum|string|text|"
     r"number|integer|int|date|datetime|boolean|json|required|optional|unique|decimal|float)\b)"
     r"[a-z_]+)(?=$|[.;,!?])", r"rename \g<f> on \g<e> to \g<n>"),
    (r"\b(?P<n>never|not) (?:actually|really|ever) (?=be\b)", r"\g<n> "),
    # "we hired a receptionist for saturdays, she needs her own role": a receptionist role
    (r"\b(?:we(?:'ve| have)? )?(?:hired|taken on|took on|got|brought in|employ|employed) (?:an? |"
     r"some )(?P<r>[a-z]+)\b[^,.;]*[,.;] (?:and )?(?:she|he|they|who) (?:needs?|gets?|"
     r"should (?:have|"
     r"get)|wants?) (?:her|his|their) own (?:role|login)\b(?! ?\()", r"add a \g<r> role"),
    # "log Complaints against repairs - a description and …": a new thing on each repair
    (r"\b(?:log|record|track|keep) (?P<x>[a-z]+s) (?:against|on|for|about) (?P<y>[a-z]+s)\s*[-:"
     r"\u2013\u2014]\s*", r"\g<x> on \g<y>: "),
    # "a due date, normally 30 days after they're issued": how it is usually set, no request
    (r",? (?:normally|usually|typically|generally|mostly) \d+ (?:days|weeks|months|hours) (?:after|"
     r"before|from) [^.;,]*", ""),
    # "customers can give us a webhook URL so their system gets …": a field of theirs
    (r"\b(?P<e>[a-z]+s) (?:can|could|may|will|should) (?:give|send|provide|tell) (?:us )?(?:an? |"
     r"their )(?P<x>[a-z]+(?: [a-z]+)?)\b(?: so [^.;]*)?", r"\g<e> have a \g<x>"),
    # "we've hired a bookkeeper, add a role for her": a bookkeeper role
    (r"\b(?:we(?:'ve| have)? )?(?:hired|taken on|took on|got|brought in|employ|employed) (?:an? |"
     r"some )(?P<r>[a-z]+)\b[^,.;]*[,.;] (?:so )?(?:please )?(?:add|create|make|set up) (?:an? |"
     r"the )?(?:new )?role for (?:her|him|them)\b", r"add a \g<r> role"),
    # "a status — pending, confirmed, cancelled or no-show": its values
    (r"\b(?P<f>(?:an?|its|their) [a-z_]+) [-\u2013\u2014] (?=[\w-]+(?:, [\w-]+)+,? or [\w-]+)",
     r"\g<f>: "),
    (r"(?:^|(?<=[.;!?] ))(?P<n>new (?:ones|[a-z]+)) (?:are|will be|should be) (?P<v>[\w-]+)"
     r"(?=$|[.;!?])", r"\g<v> by default"),
    (r"\bget[- ]by[- ]id(?: call| endpoint| operation)?\b", "get"),
    # "rounds can be part of a tournament, but it's optional": an optional link
    (r"\b(?P<x>[a-z]+s) can be (?:part of|in|linked to|attached to|tied to) (?:an? |one )(?P<y>"
     r"[a-z]+),? but (?:it is|it's|that is|that's|this is) optional\b",
     r"\g<x> can belong to a \g<y>"),
    # "Piece is a confusing name, call it FurnitureItem": a rename of that name
    (r"(?:^|(?<=[.;!?] ))(?:the )?(?P<o>[a-z_]+) is (?:a |an )?(?:really |bit of a |a bit )?"
     r"(?:confusing|bad|terrible|weird|odd|misleading|unclear|wrong|poor|silly|clunky) (?:name|"
     r"word|"
     r"label),? (?:so |please |can you |could you )?(?:call|rename) it (?:to )?(?P<n>[a-z_]+)\b",
     r"rename \g<o> to \g<n>"),
    # "specimens should have the cause of death noted": the cause of death
    (r"\b(?P<h>(?:have|has|need|needs|get|gets) (?:the |a |an |their |"
     r"its )?(?!(?:to|be|been|it|them)\b)[a-z]+(?: [a-z]+){0,3}) "
     r"(?:noted|recorded|written down|logged|stored|kept|saved|captured)(?=$|[.;,!?])", r"\g<h>"),
    # "patrons - did they opt in to the newsletter? default no": a yes/no of theirs
    (r"\b(?:did|do|does|have|has) (?:they|he|she|it) (?:opt(?:ed)? in|sign(?:ed)? up|subscribed?) "
     r"(?:to|for) (?:the |our )?(?P<x>[a-z]+)\?", r"\g<x>_opt_in (boolean),"),
    # "no two shows with the same title": the title is unique
    (r"\bno two [a-z]+ (?:with|having|sharing) the same (?P<f>[a-z_]+(?: [a-z_]+)?)\b",
     r"the \g<f> is unique"),
    # "record the mileage for each visit pls, for my tax return": why, no part of the request
    (r",? for (?:my|our|the) (?:tax return|taxes|accounts|accountant|records|insurance|reports?|"
     r"bookkeeping|vat return)(?=$|[.;,!?])", ""),
    # "…, and new ones are booked": the default
    (r",? and (?:new (?:ones|[a-z]+)) (?:are|will be|should be|start as|start at|start on) "
     r"(?P<v>[\w-]+)(?=$|[.;!?])", r", \g<v> by default"),
    # "keep a list of our drivers with …": the drivers
    (r"\b(?:keep |have |add |start )?(?:a list|a record|a register|a table|a log) of (?:our |the "
     r"|all )?(?P<x>[a-z]+s) with\b", r"add \g<x> with"),
    # "each kit should say whether it's good, needs repair or scrapped": its condition
    (r"\b(?:should |must |needs to |has to )?(?:say|show|record|track|note) whether (?:it is|"
     r"it's|they are|they're) (?=[a-z_ ]+(?:, [a-z_ ]+)*,? or [a-z_ ]+(?=$|[.;]))",
     "has a condition: "),
    (r"\b(?:set|sign) (?:them|him|her|everyone|those|these) up (?:with|as) (?:an? |the )?"
     r"(?P<r>[a-z_]+) role\b", r"add a \g<r> role"),
    (r"\bppl\b", "people"),
    (r"\bno\. of\b", "number of"),
    # "a comments bit", "a notes box": the bit is the field
    (r"\b(?P<x>(?!tick\b|check\b|text\b)[a-z]+) (?:bit|thingy|box)\b"
     r"(?=$|[.,;]| for | on | to | in )", r"\g<x>"),
    # "a gang boss, one of the shearers": a link to one of them
    (r"\b(?P<x>(?:an? |the )[a-z]+(?: [a-z]+)?)[.,] (?:one of (?:the|our) |(?:who is |who's )?one "
     r"of the )(?P<y>[a-z]+s)(?=$|[.;!?])", r"\g<x> who is a \g<y>"),
    # "logged in people can look but not add anymore": they list and get
    (r"\bcan (?:look|see|view|read|browse)(?: at (?:them|it))?,? but (?:not|no longer|never|can't|"
     r"cannot) (?:add|create|make)(?: (?:any ?more|new ones))?\b",
     "can list and get but not create"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
