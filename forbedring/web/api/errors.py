"""Every error the API answers is JSON with a message (schema ``Error``), never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from forbedring.web.api.schemas import Error

logger = logging.getLogger(__name__)

# The statuses every authenticated endpoint may answer with the Error schema.
READ_ERRORS = (401, 404, 422)
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)


class ApiError(Exception):
    """An error with its status and, for bulk requests, a list of problems by item."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


def _location(loc: tuple[Any, ...] | list[Any]) -> tuple[int | None, str | None]:
    """The bulk item index and the field of a pydantic error location, e.g.
    ("body", "data", "observations", 3, "numerator") -> (3, "numerator")."""
    parts = [p for p in loc if p not in {"body", "data", "path", "query"}]
    index = None
    if len(parts) >= 2 and parts[0] == "observations" and isinstance(parts[1], int):
        index, parts = parts[1], parts[2:]
    return index, ".".join(str(p) for p in parts) or None


def install(api: NinjaAPI) -> None:
    def respond(
        request: HttpRequest, status: int, detail: str, errors: list[dict[str, Any]] | None = None
    ) -> HttpResponse:
        return api.create_response(
            request, {"detail": detail, "errors": errors or []}, status=status
        )

    def api_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, exc.status, exc.detail, exc.errors)

    def validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = []
        for error in exc.errors:
            index, field = _location(error.get("loc", ()))
            errors.append({"index": index, "field": field, "message": str(error.get("msg"))})
        return respond(request, 422, _("The request is not valid."), errors)

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        # The same answer for what does not exist and what the caller may not see.
        return respond(request, 404, _("Not found, or not visible to you."))

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = str(exc) or _("You may see this, but not change it.")
        return respond(request, 403, detail)

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        response = respond(
            request,
            401,
            _(
                "Send a valid personal access token: 'Authorization: Bearer <token>'. "
                "Tokens are made on your account page; a revoked or expired token is refused."
            ),
        )
        response["WWW-Authenticate"] = 'Bearer realm="forbedring"'
        return response

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, exc.status_code, str(exc.message))

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, _("Something went wrong on our side. Please try again."))

    api.add_exception_handler(Exception, unexpected)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(ApiError, api_error)


def error_responses(statuses: tuple[int, ...]) -> dict[int, Any]:
    return dict.fromkeys(statuses, Error)
