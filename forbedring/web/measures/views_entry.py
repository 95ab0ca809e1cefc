"""Being written."""

from django.http import HttpRequest, HttpResponse


def data_entry(request: HttpRequest, team_id: int) -> HttpResponse:
    raise NotImplementedError
