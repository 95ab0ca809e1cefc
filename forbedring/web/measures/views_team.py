"""Being written."""

from django.http import HttpRequest, HttpResponse


def team_home(request: HttpRequest, team_id: int) -> HttpResponse:
    raise NotImplementedError
