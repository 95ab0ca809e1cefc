"""Being written."""

from django.http import HttpRequest, HttpResponse


def measure_new(request: HttpRequest, team_id: int) -> HttpResponse:
    raise NotImplementedError


def suggest_chart(request: HttpRequest, team_id: int) -> HttpResponse:
    raise NotImplementedError
