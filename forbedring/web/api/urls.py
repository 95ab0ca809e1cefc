"""URLs of the api app (C7): everything under /api/ is the django-ninja API (namespace "api").

Any other address under /api/ (a typo, "/api/teams/abc") answers with the API's JSON 404,
not the site's HTML page: a client parsing JSON gets JSON.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from forbedring.web.api.api import api


@csrf_exempt
def no_such_endpoint(request: HttpRequest, rest: str) -> JsonResponse:
    return JsonResponse(
        {"detail": _("There is no such API endpoint. See /api/docs."), "errors": []}, status=404
    )


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", no_such_endpoint)]
