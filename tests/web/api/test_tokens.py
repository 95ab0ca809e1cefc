"""Personal access tokens: made once, stored hashed, refused when revoked, expired or wrong."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.utils import timezone

from forbedring.web.api.models import AccessToken
from forbedring.web.api.tokens import (
    LAST_USED_PRECISION,
    authenticate_token,
    create_token,
    revoke_token,
)
from tests.web import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> Any:
    return factories.user("alice")


def test_token_is_stored_as_its_sha256_only(alice: Any) -> None:
    token, plain = create_token(by=alice, name=" Export script ", scope=AccessToken.Scope.READ)
    token.refresh_from_db()
    assert plain.startswith(f"fbr_{token.key_id}_")
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert token.name == "Export script"
    # Neither the plain token nor its secret is anywhere in the row. The secret is taken by
    # position: URL-safe base64 may hold "_", so splitting on it could yield a one-letter
    # fragment that any stored value happens to contain.
    secret = plain.removeprefix(f"fbr_{token.key_id}_")
    assert len(secret) >= 43
    stored = [str(v) for v in AccessToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(plain in value or secret in value for value in stored)


def test_token_secret_has_256_bits_and_tokens_differ(alice: Any) -> None:
    plains = {create_token(by=alice, name="t", scope="read")[1] for _ in range(5)}
    assert len(plains) == 5
    for plain in plains:
        secret = plain[len("fbr_") + 8 + 1 :]
        assert len(secret) >= 43  # 32 bytes in URL-safe base64


def test_authenticate_token_finds_the_token_and_records_its_use(alice: Any) -> None:
    token, plain = create_token(by=alice, name="t", scope="read")
    found = authenticate_token(plain)
    assert found is not None and found.pk == token.pk and found.user == alice
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=10)


def test_authenticate_token_writes_last_use_at_most_once_a_minute(
    alice: Any, django_assert_num_queries: Any
) -> None:
    _token, plain = create_token(by=alice, name="t", scope="read")
    authenticate_token(plain)
    with django_assert_num_queries(1):  # the lookup only, no update
        authenticate_token(plain)
    AccessToken.objects.update(last_used_at=timezone.now() - LAST_USED_PRECISION)
    with django_assert_num_queries(2):
        authenticate_token(plain)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda p: p[:-1] + ("A" if p[-1] != "A" else "B"),  # wrong secret
        lambda p: p.replace("fbr_", "xyz_", 1),
        lambda p: p[:12],
        lambda p: "",
        lambda p: "fbr_",
        lambda p: p + "x",
    ],
    ids=["wrong-secret", "wrong-prefix", "truncated", "empty", "prefix-only", "extended"],
)
def test_authenticate_token_refuses_a_wrong_token(alice: Any, mangle: Any) -> None:
    _token, plain = create_token(by=alice, name="t", scope="read")
    assert authenticate_token(mangle(plain)) is None


def test_authenticate_token_refuses_revoked_expired_and_inactive(alice: Any) -> None:
    revoked, revoked_plain = create_token(by=alice, name="r", scope="read")
    assert revoke_token(token=revoked, by=alice)
    assert authenticate_token(revoked_plain) is None

    past = timezone.now() - dt.timedelta(seconds=1)
    _expired, expired_plain = create_token(by=alice, name="e", scope="read", expires_at=past)
    assert authenticate_token(expired_plain) is None

    future = timezone.now() + dt.timedelta(days=1)
    _valid, valid_plain = create_token(by=alice, name="v", scope="read", expires_at=future)
    assert authenticate_token(valid_plain) is not None
    alice.is_active = False
    alice.save()
    assert authenticate_token(valid_plain) is None


def test_revoke_token_touches_only_the_owners_token(alice: Any) -> None:
    bob = factories.user("bob")
    token, plain = create_token(by=alice, name="t", scope="read")
    assert not revoke_token(token=token, by=bob)
    token.refresh_from_db()
    assert token.revoked_at is None and authenticate_token(plain) is not None
    assert revoke_token(token=token, by=alice)
    assert not revoke_token(token=token, by=alice)  # once
