"""Reading: organisations, teams, the measures a team reports, its observations and series.

Lists are paginated (``limit``/``offset``; the answer has ``items`` and ``count``).
"""

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, P, QueryEx, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from forbedring.web import access
from forbedring.web.api.auth import caller
from forbedring.web.api.errors import READ_ERRORS, error_responses
from forbedring.web.api.schemas import (
    MAX_ID,
    IdPath,
    MeasureOut,
    ObservationOut,
    OrganisationOut,
    SeriesOut,
    TeamOut,
)
from forbedring.web.api.series import series_data
from forbedring.web.measures.models import Measure, Observation
from forbedring.web.organisations.models import Organisation, Team

router = Router(tags=["read"])

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_OFFSET = 10**9  # far beyond any real list; larger numbers overflow the database's integers


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


def _list_responses(schema: Any) -> dict[int, Any]:
    return {200: list[schema], **error_responses(READ_ERRORS)}


def _one_responses(schema: Any) -> dict[int, Any]:
    return {200: schema, **error_responses(READ_ERRORS)}


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    return access.organisations_visible_to(user).order_by("country", "name", "pk")


def _teams(user: Any) -> QuerySet[Team]:
    editable = access.teams_editable_by(user).values("pk")
    return (
        Team.objects.filter(pk__in=access.teams_visible_to(user).values("pk"))
        .select_related("unit")
        .annotate(
            organisation_id=F("unit__organisation_id"),
            can_edit=ExpressionWrapper(Q(pk__in=editable), output_field=BooleanField()),
        )
        .order_by("unit__organisation__name", "unit__name", "name", "pk")
    )


@router.get("/organisations", response=_list_responses(OrganisationOut))
@paginate(Page)
def list_organisations(request: HttpRequest) -> Any:
    """Organisations whose teams you see, or where you lead, consult or organise."""
    return organisations_visible_to(caller(request))


@router.get("/organisations/{organisation_id}", response=_one_responses(OrganisationOut))
def get_organisation(request: HttpRequest, organisation_id: IdPath) -> Any:
    organisation = organisations_visible_to(caller(request)).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


@router.get("/teams", response=_list_responses(TeamOut))
@paginate(Page)
def list_teams(
    request: HttpRequest,
    organisation: QueryEx[int | None, P(ge=1, le=MAX_ID, description="Only this one's.")] = None,
) -> Any:
    """Teams you see; ``can_edit`` says whether you may write their observations."""
    teams = _teams(caller(request))
    if organisation is not None:
        teams = teams.filter(unit__organisation_id=organisation)
    return teams


@router.get("/teams/{team_id}", response=_one_responses(TeamOut))
def get_team(request: HttpRequest, team_id: IdPath) -> Any:
    user = caller(request)
    access.team_for(user, team_id)  # 404 unless visible, as on the web
    return _teams(user).get(pk=team_id)


def _team_measures(team: Team) -> QuerySet[Measure]:
    return Measure.objects.filter(teammeasure__team=team).order_by(
        "teammeasure__position", "name", "pk"
    )


@router.get("/teams/{team_id}/measures", response=_list_responses(MeasureOut))
@paginate(Page)
def list_measures(request: HttpRequest, team_id: IdPath) -> Any:
    """The measures the team reports, with their operational definitions."""
    return _team_measures(access.team_for(caller(request), team_id))


@router.get("/teams/{team_id}/measures/{measure_id}", response=_one_responses(MeasureOut))
def get_measure(
    request: HttpRequest,
    team_id: IdPath,
    measure_id: IdPath,
) -> Any:
    return access.measure_for(access.team_for(caller(request), team_id), measure_id)


@router.get(
    "/teams/{team_id}/measures/{measure_id}/observations",
    response=_list_responses(ObservationOut),
)
@paginate(Page)
def list_observations(
    request: HttpRequest,
    team_id: IdPath,
    measure_id: IdPath,
) -> Any:
    """The team's observations of the measure, oldest first, with their versions."""
    team = access.team_for(caller(request), team_id)
    measure = access.measure_for(team, measure_id)
    return Observation.objects.filter(team=team, measure=measure).order_by("period")


@router.get("/teams/{team_id}/measures/{measure_id}/series", response=_one_responses(SeriesOut))
def get_series(
    request: HttpRequest,
    team_id: IdPath,
    measure_id: IdPath,
) -> Any:
    """The series with the chart's values: centre line, limits, phases and signals, computed
    by the same engine as the web's charts."""
    team = access.team_for(caller(request), team_id)
    return series_data(access.measure_for(team, measure_id), team)
