"""Making, checking and revoking personal access tokens (the writes of ``AccessToken``).

The plain token exists only in the return value of :func:`create_token`: the caller shows it
once and forgets it. Checking a presented token looks the row up by its key id and compares
SHA-256 hashes in constant time, so neither timing nor the database reveals a secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from forbedring.web.api.models import TOKEN_PREFIX, AccessToken

# Django's user classes carry no types.
type AnyUser = Any

SECRET_BYTES = 32  # 256 bits
KEY_ID_BYTES = 6  # 8 URL-safe characters: an index key, not a secret
KEY_ID_LENGTH = 8
# Recording every request's time would write to the database on every read; a minute's
# precision tells the user as much ("used today", "never used").
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_token(
    *, by: AnyUser, name: str, scope: str, expires_at: dt.datetime | None = None
) -> tuple[AccessToken, str]:
    """A new token of ``by``; returns the stored row and the plain token, to show once."""
    key_id = secrets.token_urlsafe(KEY_ID_BYTES)
    while AccessToken.objects.filter(key_id=key_id).exists():  # pragma: no cover - 2^-48
        key_id = secrets.token_urlsafe(KEY_ID_BYTES)
    plain = f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(SECRET_BYTES)}"
    token = AccessToken.objects.create(
        user=by, name=name.strip(), key_id=key_id, token_hash=hash_token(plain), scope=scope,
        expires_at=expires_at,
    )  # fmt: skip
    return token, plain


def revoke_token(*, token: AccessToken, by: AnyUser) -> bool:
    """Revoke ``token`` if it belongs to ``by``; False when it does not or was revoked already.

    The owner check is here as well as in the view: a token of another user is never touched.
    """
    if token.user_id != by.pk or token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return True


def _key_id(plain: str) -> str | None:
    """The key id of a well-formed token (``fbr_<key id>_<secret>``), else None. The key id is
    URL-safe base64 and may itself hold "_", so it is found by its fixed length."""
    rest = plain.removeprefix(TOKEN_PREFIX)
    if rest == plain or len(rest) <= KEY_ID_LENGTH + 1 or rest[KEY_ID_LENGTH] != "_":
        return None
    return rest[:KEY_ID_LENGTH]


def authenticate_token(plain: str) -> AccessToken | None:
    """The active token of an active user that ``plain`` is, or None."""
    key_id = _key_id(plain)
    if key_id is None:
        return None
    token = AccessToken.objects.select_related("user").filter(key_id=key_id).first()
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(plain)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # An update by key, not save(): a concurrent revocation must not be undone.
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
