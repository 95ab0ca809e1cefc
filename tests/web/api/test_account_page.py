"""The user's page (/accounts/me/): lists, makes and revokes the user's own tokens only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from forbedring.web.api.models import AccessToken
from forbedring.web.api.tokens import authenticate_token, create_token
from tests.web import factories

pytestmark = pytest.mark.django_db
TOKEN_PATTERN = re.compile(r"fbr_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}")


@pytest.fixture
def people() -> dict[str, Any]:
    return {"alice": factories.user("alice"), "bob": factories.user("bob")}


def login(user: Any, **client_options: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **client_options)
    client.force_login(user)
    return client


def test_account_page_needs_a_login() -> None:
    response = Client().get(reverse("account"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_account_page_is_linked_from_the_header(people: dict[str, Any]) -> None:
    page = login(people["alice"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("account")}"' in page


def test_creating_a_token_shows_it_once_and_stores_its_hash(people: dict[str, Any]) -> None:
    client = login(people["alice"])
    response = client.post(
        reverse("account"), {"name": "Nightly export", "scope": "read_write", "expires": "30"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = TOKEN_PATTERN.findall(response.content.decode())
    assert len(shown) == 1
    token = AccessToken.objects.get()
    assert token.user == people["alice"] and token.name == "Nightly export"
    assert token.scope == AccessToken.Scope.READ_WRITE and token.expires_at is not None
    assert authenticate_token(shown[0]) == token
    # Never again: the page lists it by its visible start only.
    again = client.get(reverse("account")).content.decode()
    assert not TOKEN_PATTERN.search(again)
    assert token.display_prefix in again and "Nightly export" in again


def test_creating_a_token_without_a_name_shows_the_error(people: dict[str, Any]) -> None:
    response = login(people["alice"]).post(reverse("account"), {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not AccessToken.objects.exists()


def test_never_expiring_token_has_no_expiry(people: dict[str, Any]) -> None:
    login(people["alice"]).post(reverse("account"), {"name": "t", "scope": "read", "expires": ""})
    assert AccessToken.objects.get().expires_at is None


def test_account_page_lists_only_the_users_own_tokens(people: dict[str, Any]) -> None:
    create_token(by=people["alice"], name="Alice's script", scope="read")
    create_token(by=people["bob"], name="Bob's script", scope="read")
    page = login(people["alice"]).get(reverse("account")).content.decode()
    assert "Alice&#x27;s script" in page
    assert "Bob" not in page


def test_user_revokes_own_token(people: dict[str, Any]) -> None:
    token, plain = create_token(by=people["alice"], name="t", scope="read")
    response = login(people["alice"]).post(reverse("account_revoke_token", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert authenticate_token(plain) is None


def test_user_cannot_revoke_another_users_token(people: dict[str, Any]) -> None:
    token, plain = create_token(by=people["bob"], name="t", scope="read")
    response = login(people["alice"]).post(reverse("account_revoke_token", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert authenticate_token(plain) is not None


def test_revoking_needs_post_and_csrf(people: dict[str, Any]) -> None:
    token, _plain = create_token(by=people["alice"], name="t", scope="read")
    url = reverse("account_revoke_token", args=[token.pk])
    assert login(people["alice"]).get(url).status_code == 405
    strict = login(people["alice"], enforce_csrf_checks=True)
    assert strict.post(url).status_code == 403
    assert strict.post(reverse("account"), {"name": "t", "scope": "read"}).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AccessToken.objects.count() == 1


def test_too_many_active_tokens_are_refused(people: dict[str, Any], settings: Any) -> None:
    from forbedring.web.api.forms import MAX_ACTIVE_TOKENS

    for number in range(MAX_ACTIVE_TOKENS):
        create_token(by=people["alice"], name=f"t{number}", scope="read")
    response = login(people["alice"]).post(
        reverse("account"), {"name": "one more", "scope": "read"}
    )
    assert response.status_code == 400
    assert "Revoke one" in response.content.decode()
    assert AccessToken.objects.count() == MAX_ACTIVE_TOKENS
