"""The JSON API (C7): OpenAPI 3.1 at ``/api/openapi.json``, docs at ``/api/docs``.

Every endpoint takes a personal access token (``auth.BearerToken``) and asks
``forbedring.web.access`` what its user may see and change, exactly as the web pages do:
objects of other organisations answer 404, writes by roles that may only read answer 403.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.operation import Operation

from forbedring.web.api import errors
from forbedring.web.api.auth import BearerToken
from forbedring.web.api.endpoints_read import router as read_router
from forbedring.web.api.endpoints_write import router as write_router

DESCRIPTION = """\
Read the organisations, teams, measures and series (with the chart's centre line, limits and
signals) you may see, and write observations of the teams you may enter data for.

Authenticate with a personal access token from your account page:
`Authorization: Bearer fbr_...`. A read token may only read. Messages follow the request's
`Accept-Language` (da, nb or en).
"""


class ForbedringAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # "list_teams", not "forbedring_web_api_endpoints_read_list_teams": the ids become
        # method names in generated clients. The view names are unique across the routers.
        return operation.view_func.__name__


api = ForbedringAPI(
    title="Forbedring API",
    version="1",
    description=DESCRIPTION,
    auth=BearerToken(),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
)
errors.install(api)
api.add_router("", read_router)
api.add_router("", write_router)
