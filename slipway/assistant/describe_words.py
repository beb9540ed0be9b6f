"""General word classes for describing nouns the noun table does not know: who is a person, what
is an event or a booking, what is sold, which words are the same thing, and which words in a
description are field cues ("routes with a grade") rather than things to keep.

Fields are written as in the spec language, read with the compiler's grammar like the table.
"""

from __future__ import annotations

PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ee")
NOT_PEOPLE = {
    "order", "number", "paper", "poster", "folder", "letter", "filter", "chapter", "computer",
    "printer", "trailer", "container", "voucher", "meter", "center", "centre", "error", "color",
    "colour", "floor", "door", "monitor", "sensor", "water", "tower", "corner", "cover", "offer",
    "layer", "river", "power", "timer", "marker", "sticker", "locker", "answer", "matter",
    "quarter", "theater", "theatre", "register", "vector", "factor", "motor", "mirror",
    "elevator", "generator", "tractor", "corridor", "flavor", "flavour", "harbor", "harbour",
    "fee", "tree", "degree", "committee", "coffee", "calendar", "other", "another", "either",
    "neither", "however", "together", "never", "ever", "after", "over", "under", "better",
    "later", "rather", "whether", "weather", "summer", "winter", "dinner", "newsletter",
    "banner", "trigger", "ledger", "roster", "semester", "trimester", "shelter", "character",
    "copper", "silver", "rubber", "counter", "scooter", "charger", "slider",
    "holder", "drawer", "header", "footer", "reminder", "manner",
}  # fmt: skip
MORE_PEOPLE = {
    "resident", "parent", "participant", "applicant", "assistant", "consultant", "accountant",
    "attendant", "tenant", "agent", "guardian", "student", "client", "patient", "athlete",
    "person", "child", "kid", "pupil", "adult", "guide", "nanny", "chef", "cook", "staff",
    "crew", "pilot", "judge", "vet", "nurse", "artist", "therapist", "dentist", "mechanic",
    "technician", "cleaner", "tutor", "vendor", "supplier", "courier", "groomer", "sitter",
    "walker", "climber", "setter", "rider", "volunteer", "coach", "admin", "employee",
    "couple", "family", "household", "recipient", "respondent", "dependent", "president",
    "occupant", "entrant", "contestant", "claimant", "defendant", "merchant", "inhabitant",
}  # fmt: skip
SYNONYMS = (
    ("booking", "appointment", "reservation"),
    ("customer", "client"),
    ("staff", "employee", "worker"),
)
COLLECTIONS = {
    "gallery", "album", "collection", "batch", "group", "catalog", "catalogue", "portfolio",
    "playlist", "bundle", "pack", "library", "folder", "menu", "kit", "series",
}  # fmt: skip
BOOKINGS = {"booking", "appointment", "reservation"}
EVENTS = {
    "class", "session", "lesson", "walk", "visit", "shift", "meeting", "trip", "tour", "ride",
    "match", "game", "workshop", "competition", "race", "training", "exam", "party", "stay",
    "treatment", "shoot", "performance", "show", "concert", "screening", "seminar", "lecture",
    "tasting", "practice", "rehearsal", "pickup", "cleaning", "inspection", "repair", "flight",
    "cruise", "hike", "excursion", "tournament", "retreat", "camp", "outing", "checkup",
    "grooming", "haircut", "massage", "consultation", "interview", "delivery", "event",
}  # fmt: skip
GROUP_EVENTS = {
    "class", "session", "lesson", "workshop", "seminar", "tour", "tasting", "lecture", "camp",
    "retreat", "excursion", "hike", "trip", "tournament", "competition", "race", "concert",
}  # fmt: skip
SOLD = {
    "pass", "membership", "package", "plan", "voucher", "bundle", "card", "subscription",
    "ticket", "product", "item", "menu", "dish", "meal", "drink", "bottle", "kit", "gear",
    "course",
}  # fmt: skip
MONEY = {
    "refund", "tip", "charge", "deposit", "payout", "bill", "quote", "estimate", "expense",
    "salary", "wage", "payment", "fine", "fee", "invoice", "donation", "sale", "purchase",
}  # fmt: skip
PLACES = {
    "location", "branch", "site", "store", "studio", "gym", "park", "warehouse", "office",
    "clinic", "kennel", "court", "pitch", "field", "wall", "area", "zone", "station", "depot",
    "campus", "building", "hall", "garden", "farm", "shop", "salon", "restaurant", "hotel",
}  # fmt: skip
PERSON_FIELDS = ("name: string, required", "email: string, required, unique")
BOOKING_FIELDS = (
    "starts_at: datetime, required",
    "status: enum(requested, confirmed, cancelled), default requested",
)
EVENT_FIELDS = (
    "starts_at: datetime, required",
    "ends_at: datetime",
    "status: enum(scheduled, completed, cancelled), default scheduled",
)
SOLD_FIELDS = ("name: string, required", "description: string", "price: number, required")
MONEY_FIELDS = (
    "amount: number, required",
    "status: enum(pending, paid, cancelled), default pending",
)
PLACE_FIELDS = ("name: string, required", "address: string")
ITEM_FIELDS = ("name: string, required", "description: string")
CUES: dict[str, str] = {
    "date": "date: date", "day": "day: date", "deadline": "due_on: date",
    "birthday": "born_on: date", "birthdate": "born_on: date", "time": "starts_at: datetime",
    "price": "price: number", "cost": "cost: number", "fee": "fee: number",
    "amount": "amount: number", "total": "total: number", "deposit": "deposit: number",
    "email": "email: string", "phone": "phone: string", "address": "address: string",
    "capacity": "capacity: integer", "spots": "capacity: integer", "places": "capacity: integer",
    "seats": "seats: integer", "duration": "duration_minutes: integer",
    "minutes": "duration_minutes: integer", "rating": "rating: integer",
    "stars": "rating: integer", "score": "score: integer", "age": "age: integer",
    "quantity": "quantity: integer", "weight": "weight: number", "height": "height: number",
    "distance": "distance: number", "breed": "breed: string", "size": "size: string",
    "colour": "colour: string", "color": "color: string", "grade": "grade: string",
    "level": "level: string", "difficulty": "difficulty: string", "notes": "notes: string",
    "note": "notes: string", "description": "description: string",
    "url": "url: string", "website": "website: string", "title": "title: string",
    "status": "status: enum(active, inactive), default active", "sku": "sku: string, unique",
    "stock": "stock: integer, default 0", "location": "location: string",
    "allergies": "allergies: string", "instructions": "instructions: string",
}  # fmt: skip
FILLER = {
    "a", "an", "the", "my", "our", "their", "its", "his", "her", "i", "we", "you", "need",
    "needs", "want", "wants", "would", "like", "to", "build", "make", "create", "run", "own",
    "am", "are", "is", "called", "named", "simple", "small", "little", "new", "basic", "me",
    "us", "please", "help", "just", "for", "this", "software", "tracking", "track",
}  # fmt: skip
NOT_NOUNS = {
    "has", "is", "does", "lets", "allows", "gives", "tracks", "manages", "sells", "offers", "runs",
    "keeps", "needs", "wants", "helps", "makes", "shows", "lists", "uses", "sends", "gets",
    "takes", "this", "its", "their", "was", "as", "us", "always", "also", "things", "lots",
    "various", "others", "plus", "process", "business", "address", "access", "less", "news",
    "yes", "series", "status", "across", "towards", "afterwards", "whereas", "perhaps", "days",
    "weeks", "months", "years", "hours", "times", "belongs", "belong",
}  # fmt: skip
GENERIC = {"business", "company", "firm", "startup", "outfit", "operation"}
FUNCTION_WORDS = {
    "each", "every", "one", "many", "several", "multiple", "some", "any", "all", "most", "few",
    "lots", "lot", "list", "kind", "kinds", "type", "types", "number", "set", "sort", "sorts",
    "part", "parts", "way", "ways", "them", "they", "who", "what", "which", "when", "there",
    "here", "own", "other", "others", "more", "less", "than", "then", "these", "those",
    "with", "without", "from", "into", "onto", "about", "per", "via", "and", "or", "but", "not",
    "can", "may", "might", "will", "should", "must", "could", "would", "also", "only", "out",
    "new", "old", "day", "week", "month", "year", "time", "online", "local", "same", "different",
}  # fmt: skip
