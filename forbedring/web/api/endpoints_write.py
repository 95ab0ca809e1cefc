"""Writing observations: one (PUT) or many at once (POST, all or nothing)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import P, PathEx, Router
from ninja.responses import Status

from forbedring.web.api.auth import caller, require_write
from forbedring.web.api.errors import WRITE_ERRORS, error_responses
from forbedring.web.api.schemas import BulkIn, BulkOut, IdPath, ObservationIn, WriteOut
from forbedring.web.api.writes import write_bulk, write_one

router = Router(tags=["write"])


@router.put(
    "/teams/{team_id}/measures/{measure_id}/observations/{period}",
    response={200: WriteOut, 201: WriteOut, **error_responses(WRITE_ERRORS)},
)
def put_observation(
    request: HttpRequest,
    data: ObservationIn,
    team_id: IdPath,
    measure_id: IdPath,
    period: PathEx[dt.date, P(description="First day of the day, ISO week or month.")],
) -> Any:
    """Write one period's observation (201 when it is new). Sending what is stored already
    changes nothing; different values are a correction, kept in the audit trail. Empty values
    clear it."""
    require_write(request)
    status, observation = write_one(
        by=caller(request), team_id=team_id, measure_id=measure_id, period=period, data=data
    )
    body = {"status": status, "observation": observation}
    return Status(201 if status == "created" else 200, body)


@router.post("/observations/bulk", response={200: BulkOut, **error_responses(WRITE_ERRORS)})
def post_observations(request: HttpRequest, data: BulkIn) -> Any:
    """Write many observations of any teams, measures and periods: all of them, or none when
    any item has a problem (each named by its index and field)."""
    require_write(request)
    results = write_bulk(by=caller(request), observations=data.observations)
    counts = {"created": 0, "updated": 0, "cleared": 0, "unchanged": 0}
    rows = []
    for item, status, observation in results:
        counts[status] += 1
        rows.append(
            {
                "index": item.index,
                "team": item.team.pk,
                "measure": item.measure.pk,
                "period": item.period,
                "status": status,
                "version": None if observation is None else observation.version,
            }
        )
    return {**counts, "results": rows}
