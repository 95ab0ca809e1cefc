"""Being written."""

from django.http import HttpRequest, HttpResponse


def measure_detail(request: HttpRequest, team_id: int, measure_id: int) -> HttpResponse:
    raise NotImplementedError


def add_event(request: HttpRequest, team_id: int, measure_id: int) -> HttpResponse:
    raise NotImplementedError


def delete_event(
    request: HttpRequest, team_id: int, measure_id: int, event_id: int
) -> HttpResponse:
    raise NotImplementedError
