"""The health check that load balancers and monitoring poll: /healthz."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_needs_no_login_and_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200  # not a redirect to the login page
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_the_database_fails(client: Client) -> None:
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("forbedring.web.core.views.connection", broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_healthz_503_when_the_query_fails(client: Client) -> None:
    broken = mock.MagicMock()
    broken.cursor.return_value.__enter__.return_value.execute.side_effect = OperationalError
    with mock.patch("forbedring.web.core.views.connection", broken):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_answers_get_only(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
