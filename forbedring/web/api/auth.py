"""Who calls the API: a personal access token in ``Authorization: Bearer <token>``, nothing else.

The API takes no session cookie, not even for GET from the docs page: with cookies a page on
another site could make a logged-in user's browser call the API (CSRF), and requests without
cookies need no CSRF token. The docs page is public (it shows only the schema); to try an
endpoint there, paste a token under "Authorize".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from forbedring.web.api.models import AccessToken
from forbedring.web.api.tokens import authenticate_token


class BearerToken(HttpBearer):
    """A personal access token; ninja answers 401 when this returns None."""

    def __call__(self, request: HttpRequest) -> AccessToken | None:
        # ninja's own parser logs a malformed header, token and all, in DEBUG: not here.
        scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        return authenticate_token(token)


def token_of(request: HttpRequest) -> AccessToken:
    token: AccessToken = request.auth
    return token


def caller(request: HttpRequest) -> Any:
    """The user the token belongs to. Never ``request.user``: that is the session's user, and
    the API does not use sessions."""
    return token_of(request).user


def require_write(request: HttpRequest) -> None:
    """403 for a read-only token, before anything else is looked at."""
    if not token_of(request).can_write:
        raise PermissionDenied(
            _(
                "This token may only read. Create a read-and-write token on your account page "
                "to write observations."
            )
        )
