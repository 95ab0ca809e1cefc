"""Shared test set-up."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Locally, hypothesis draws new examples on every run and keeps what failed in its database,
# so the property tests keep exploring. Under CI (CI=1, .ci/run) it draws the same examples
# every time: a land must not depend on the luck of a draw, and a property that fails for a
# rare input is found and fixed locally, not by a CI run that cannot be repeated.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _default_language() -> None:
    # Django's LocaleMiddleware activates the request's language in the thread that serves it,
    # and the test client serves in the test's thread, so a page fetched in English would leave
    # English active for whatever test runs next. Every test starts in the site's default
    # language (Danish); one that needs another says so with translation.override.
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Real hashing takes a third of a second per password on purpose; tests need none of it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
