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
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Real hashing takes a third of a second per password on purpose; tests need none of it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
