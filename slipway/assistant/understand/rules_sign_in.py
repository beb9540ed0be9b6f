"""How users sign in: the strategy a request names ("use api keys", "switch to cognito", "no login
needed"), and sign-in asked for in words ("customers should sign in with email and password").
Sign-in said in passing on a spec whose users already sign in ("they need a login of their own")
keeps its strategy."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import SetAuth
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

ASKED = (
    r"\b(?:can|could|should|must|need to|needs to|be able to|want to|let|allow|enable|add|support|"
    r"use|with|via|require|requires|through|by)\b"
)
"""Sign-in words in a request ("should sign in with …"), not in a remark ("forget passwords")."""

_HOW = (
    r"\b(?:passwords?|emails?|sign(?:s|ed)?[- ]?up|register\w*|google|facebook|apple|microsoft|"
    r"github|sso|social|saml|oauth)\b"
)
"""How users sign in: said with it, sign-in is a strategy to move to, not one they have."""


def strategy(clause: str, ctx: Context) -> Reading | None:
    clause = rx.sub(  # "each sign-up is a household": a record, no way to sign in
        r"\b(?:each|every|per) (?:sign|log)[- ]?(?:up|in|on)s?\b|"
        r"\b(?:a|an|one|the|our) sign[- ]?ups? (?=is|are|was|were|has|have|gets?)",
        " ",
        clause,
    )
    if rx.search(r"\bapi[- ]?keys?\b", clause) and rx.search(
        r"\b(?:auth|authenticate|use|need|want|switch|move|"
        r"with|via|access|sign|for)",
        clause,
    ):
        return Reading([SetAuth(strategy="api_key")])
    if rx.search(
        r"\b(?:no|without|disable|turn off|remove) (?:any )?(?:auth|authentication|"
        r"login|sign[- ]?in)\b",
        clause,
    ):
        return Reading([SetAuth(strategy="none")])
    if rx.search(r"\bcognito\b|\buser pools?\b", clause):
        return Reading([SetAuth(strategy="cognito")])
    if rx.search(r"\bjwts?\b|\bjson web tokens?\b", clause):
        return Reading([SetAuth(strategy="jwt")])
    if rx.search(
        r"\b(?:sign|log)(?:s|ged)?[- ]?(?:in|on|up)\b|\blogin\b|\bpasswords?\b|"
        r"\bregister with\b|\buser accounts?\b",
        clause,
    ) and rx.search(ASKED, clause):
        signing_up = rx.search(r"\bsign(?:s|ed|ing)?[- ]?up\b|\bregister", clause)
        if signing_up and rx.search(r"\broles?\b", clause):  # "customers who sign up get a
            return None  # 'visitor' role": the role new users get, no way to sign in
        current = ctx.bp.auth.strategy if ctx.bp is not None else "none"
        if current in ("jwt", "cognito") and not rx.search(_HOW, clause):
            return Reading(notes=[f"Users already sign in ({current}); its strategy is kept."])
        return Reading([SetAuth(strategy="cognito")])
    return None
