"""Verified access tokens (``api.tokens``): verified once, refused the moment they expire,
and never a bad token remembered."""

from __future__ import annotations

import time
import uuid

from api.security import create_access_token, decode_access_token
from api.tokens import AccessTokens

SECRET = "s" * 64


def test_a_token_is_verified_once_and_answers_its_claims() -> None:
    tokens = AccessTokens(SECRET)
    user, session = uuid.uuid4(), uuid.uuid4()
    token = create_access_token(user, session, SECRET, 600)
    for _ in range(5):
        claims = tokens.decode(token)
        assert claims == decode_access_token(token, SECRET)
        assert claims is not None and claims.user_id == user
        assert claims.session_id == str(session)
    assert tokens.verifications == 1


def test_a_cached_token_is_refused_once_it_expires() -> None:
    tokens = AccessTokens(SECRET)
    token = create_access_token(uuid.uuid4(), uuid.uuid4(), SECRET, 1)
    assert tokens.decode(token) is not None  # verified and kept
    deadline = time.monotonic() + 10
    while tokens.decode(token) is not None:  # the condition, not a fixed sleep
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert decode_access_token(token, SECRET) is None  # PyJWT agrees: expired
    assert tokens.decode(token) is None


def test_bad_tokens_are_never_kept() -> None:
    tokens = AccessTokens(SECRET, size=2)
    good = create_access_token(uuid.uuid4(), uuid.uuid4(), SECRET, 600)
    forged = create_access_token(uuid.uuid4(), uuid.uuid4(), "other" * 13, 600)
    for bad in (forged, good[:-2] + "xx", "not-a-jwt", ""):
        assert tokens.decode(bad) is None
        assert tokens.decode(bad) is None
    assert tokens.verifications == 8
    for _ in range(3):  # bounded: three tokens in a cache of two
        for t in (create_access_token(uuid.uuid4(), uuid.uuid4(), SECRET, 600), good):
            assert tokens.decode(t) is not None
    assert len(tokens._verified) == 2
