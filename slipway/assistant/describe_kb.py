"""What a product description's words usually mean: typical fields of common nouns, the record a
verb implies ("lends" → Loan), who the people are (roles), and which nouns hang off others.

Fields are written as in the spec language (``name: type[, modifiers]``) and read with the
compiler's own grammar, so the tables stay short and every entry is checked by compiling.
"""

from __future__ import annotations

NOUNS: dict[str, tuple[str, ...]] = {
    "book": ("title: string, required", "isbn: string, unique", "published_on: date"),
    "author": ("name: string, required", "bio: string"),
    "member": ("full_name: string, required", "email: string, required, unique"),
    "user": ("name: string, required", "email: string, required, unique"),
    "customer": ("name: string, required", "email: string, required, unique"),
    "client": ("name: string, required", "email: string, unique", "phone: string"),
    "student": ("full_name: string, required", "email: string, required, unique"),
    "teacher": ("name: string, required", "email: string, unique"),
    "patient": ("full_name: string, required", "email: string, unique", "born_on: date"),
    "doctor": ("name: string, required", "specialty: string"),
    "employee": ("name: string, required", "email: string, required, unique"),
    "driver": ("name: string, required", "license_number: string, required"),
    "guest": ("name: string, required", "email: string, unique"),
    "attendee": ("name: string, required", "email: string, required"),
    "project": (
        "name: string, required, max 100",
        "description: string",
        "status: enum(active, archived), default active",
    ),
    "task": (
        "title: string, required, max 200",
        "description: string",
        "status: enum(todo, doing, done), default todo",
        "due_date: date",
    ),
    "product": ("name: string, required", "price: number, required", "stock: integer, default 0"),
    "order": (
        "status: enum(pending, paid, shipped, cancelled), default pending",
        "total: number, required",
    ),
    "post": (
        "title: string, required, max 200",
        "body: string, required",
        "status: enum(draft, published), default draft",
        "published_at: datetime",
    ),
    "comment": ("body: string, required, max 4000",),
    "tag": ("label: string, required, unique, max 40",),
    "category": ("name: string, required, unique",),
    "company": ("name: string, required", "domain: string, unique"),
    "contact": ("name: string, required", "email: string", "phone: string"),
    "deal": (
        "title: string, required",
        "amount: number",
        "stage: enum(lead, qualified, won, lost), default lead",
    ),
    "event": ("name: string, required", "starts_at: datetime, required", "ends_at: datetime"),
    "venue": ("name: string, required", "city: string", "capacity: integer"),
    "ticket": ("price: number", "status: enum(reserved, paid, cancelled), default reserved"),
    "course": ("title: string, required", "credits: integer"),
    "room": ("name: string, required", "capacity: integer"),
    "vehicle": ("plate: string, required, unique", "model: string"),
    "invoice": (
        "number: string, required, unique",
        "amount: number, required",
        "due_on: date",
        "paid: boolean, default false",
    ),
    "fine": ("amount: number, required", "paid: boolean, default false", "issued_on: date"),
    "fee": ("amount: number, required", "paid: boolean, default false"),
    "payment": ("amount: number, required", "paid_at: datetime"),
    "organization": ("name: string, required, max 100",),
    "team": ("name: string, required",),
    "note": ("body: string, required",),
    "message": ("body: string, required", "sent_at: datetime"),
    "recipe": ("title: string, required", "instructions: string", "servings: integer"),
    "ingredient": ("name: string, required", "unit: string"),
}
PEOPLE = {
    "member", "user", "customer", "client", "student", "teacher", "patient", "doctor", "nurse",
    "employee", "driver", "guest", "attendee", "author", "librarian", "manager", "staff",
    "volunteer", "player", "coach", "tenant", "landlord", "owner", "buyer", "seller", "agent",
    "instructor", "trainer", "visitor", "reader", "subscriber", "organizer", "host", "admin",
}  # fmt: skip
TRANSACTIONS = {
    "fine", "fee", "invoice", "bill", "payment", "order", "booking", "ticket", "subscription",
    "donation", "review", "reservation", "loan", "rental", "appointment", "enrollment",
    "application", "comment", "message",
}  # fmt: skip
VERBS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lend": ("Loan", ("due_on: date, required", "returned_at: datetime")),
    "borrow": ("Loan", ("due_on: date, required", "returned_at: datetime")),
    "loan": ("Loan", ("due_on: date, required", "returned_at: datetime")),
    "reserve": (
        "Reservation",
        (
            "reserved_at: datetime, required",
            "status: enum(active, fulfilled, cancelled), default active",
        ),
    ),
    "rent": ("Rental", ("starts_on: date, required", "ends_on: date")),
    "hire": ("Rental", ("starts_on: date, required", "ends_on: date")),
    "order": (
        "Order",
        (
            "status: enum(pending, paid, shipped, cancelled), default pending",
            "quantity: integer, default 1",
        ),
    ),
    "buy": ("Purchase", ("quantity: integer, default 1", "purchased_at: datetime")),
    "purchase": ("Purchase", ("quantity: integer, default 1", "purchased_at: datetime")),
    "enroll": ("Enrollment", ("enrolled_on: date, required",)),
    "enrol": ("Enrollment", ("enrolled_on: date, required",)),
    "register": ("Registration", ("registered_at: datetime, required",)),
    "review": ("Review", ("rating: integer, required", "comment: string")),
    "rate": ("Review", ("rating: integer, required", "comment: string")),
    "book": (
        "Booking",
        (
            "starts_at: datetime, required",
            "status: enum(requested, confirmed, cancelled), default requested",
        ),
    ),
    "schedule": (
        "Appointment",
        ("starts_at: datetime, required", "status: enum(booked, attended, missed), default booked"),
    ),
    "subscribe": ("Subscription", ("started_on: date, required", "active: boolean, default true")),
    "attend": ("Attendance", ("attended_at: datetime",)),
    "assign": ("Assignment", ("assigned_at: datetime",)),
    "apply": ("Application", ("status: enum(submitted, accepted, rejected), default submitted",)),
    "donate": ("Donation", ("amount: number, required",)),
    "follow": ("Follow", ()),
    "bid": ("Bid", ("amount: number, required",)),
    "vote": ("Vote", ("value: integer, default 1",)),
    "ship": ("Shipment", ("shipped_at: datetime", "tracking_number: string")),
    "deliver": ("Delivery", ("delivered_at: datetime",)),
    "pay": ("Payment", ("amount: number, required", "paid_at: datetime")),
}
IRREGULAR_VERBS = {"lent": "lend", "bought": "buy", "paid": "pay", "sold": "sell", "hired": "hire"}
PARENTS: dict[str, tuple[str, ...]] = {
    "Task": ("Project",),
    "Comment": ("Post", "Task"),
    "Post": ("Author",),
    "Order": ("Customer",),
    "Contact": ("Company",),
    "Deal": ("Company", "Contact"),
    "Booking": ("Customer",),
    "Ticket": ("Event",),
    "Event": ("Venue",),
    "Appointment": ("Patient", "Doctor"),
    "Invoice": ("Customer", "Client"),
    "Book": ("Author",),
    "Ingredient": ("Recipe",),
}
APP_WORDS = {
    "app", "application", "system", "platform", "service", "backend", "api", "site", "website",
    "tool", "portal", "software", "marketplace",
}  # fmt: skip
