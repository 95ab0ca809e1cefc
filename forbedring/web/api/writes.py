"""Writing observations through the API: one, or many at once, all or nothing.

Writes go through ``measures.actions.save_period``, the code the data entry page uses: the same
rules (``entry_problems``), the same audit trail and versions. A write is idempotent: sending
what is stored already changes nothing ("unchanged"); different values are a correction, whose
previous values go to the audit trail. Every problem is reported with the item's index and the
field, and nothing is saved while any item has one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forbedring.web import access
from forbedring.web.api.errors import ApiError
from forbedring.web.api.schemas import BulkItemIn, ObservationIn
from forbedring.web.measures.actions import (
    Entry,
    SaveResult,
    Values,
    entry_problems,
    in_range,
    save_period,
)
from forbedring.web.measures.models import Measure, Observation, TeamMeasure, period_start
from forbedring.web.organisations.models import Team

# Django's user classes carry no types.
type AnyUser = Any


@dataclass(frozen=True)
class Item:
    """One checked observation to write; ``index`` is its place in the request."""

    index: int
    team: Team
    measure: Measure
    period: dt.date
    data: ObservationIn


def _problem(index: int | None, field: str | None, message: str) -> dict[str, Any]:
    return {"index": index, "field": field, "message": message}


def item_problems(
    measure: Measure, period: dt.date, data: ObservationIn, index: int | None, today: dt.date
) -> list[dict[str, Any]]:
    """What is wrong with one observation for this measure and period."""
    problems = []
    start = period_start(period, measure.frequency)
    if start != period:
        problems.append(
            _problem(
                index,
                "period",
                _(
                    "%(measure)s is reported per %(frequency)s: the period %(period)s must be "
                    "the first day of one, e.g. %(start)s."
                )
                % {
                    "measure": measure.name,
                    "frequency": measure.get_frequency_display().lower(),
                    "period": period.isoformat(),
                    "start": start.isoformat(),
                },
            )
        )
    has_values = any(v is not None for v in (data.numerator, data.denominator, data.value))
    if (has_values or data.comment.strip()) and not in_range(measure, start, today):
        problems.append(
            _problem(
                index,
                "period",
                _(
                    "%(measure)s: no data can be entered for %(period)s (before the measure's "
                    "first period, or a period that has not begun)."
                )
                % {"measure": measure.name, "period": period.isoformat()},
            )
        )
    if "\x00" in data.comment:
        problems.append(
            _problem(index, "comment", _("The comment contains a NUL character (\\u0000)."))
        )
    problems += [
        _problem(index, p.field, p.message)
        for p in entry_problems(
            measure, numerator=data.numerator, denominator=data.denominator, value=data.value
        )
    ]
    return problems


def _entry(item: Item, stored: Observation | None) -> Entry:
    data = item.data
    current = stored.version if stored is not None else 0
    return Entry(
        measure=item.measure, numerator=data.numerator, denominator=data.denominator,
        value=data.value, comment=data.comment, version=current if data.version is None
        else data.version,
    )  # fmt: skip


def _status(result: SaveResult, measure: Measure) -> str:
    for status in ("created", "updated", "cleared"):
        if measure in getattr(result, status):
            return status
    return "unchanged"


def _conflict_message(conflict_version: int, sent: int) -> str:
    return _(
        "The observation was changed by someone else since you read it: it is at version "
        "%(current)d, you sent version %(sent)d. Read it again and send your values with the "
        "new version, or leave the version out to correct it anyway."
    ) % {"current": conflict_version, "sent": sent}


@transaction.atomic
def save_items(items: list[Item], *, by: AnyUser) -> dict[int, tuple[str, Observation | None]]:
    """Save checked items, all or none; returns each index's status and stored observation.

    Raises ApiError(409) when a sent version is out of date (nothing is then saved).
    """
    # Lock what is stored first, so the versions read here are still current when saved.
    stored = {
        (o.team_id, o.measure_id, o.period): o
        for o in Observation.objects.select_for_update().filter(
            team__in={i.team.pk for i in items},
            measure__in={i.measure.pk for i in items},
            period__in={i.period for i in items},
        )
    }
    statuses: dict[int, str] = {}
    groups: dict[tuple[int, dt.date], list[Item]] = defaultdict(list)
    for item in items:
        current = stored.get((item.team.pk, item.measure.pk, item.period))
        if _entry(item, current).values == Values.of(current):
            # What save_period would answer too, whatever the version: re-sending a whole
            # history then costs one query instead of several per item.
            statuses[item.index] = "unchanged"
        else:
            groups[(item.team.pk, item.period)].append(item)
    conflicts = []
    for group in groups.values():
        entries = [_entry(i, stored.get((i.team.pk, i.measure.pk, i.period))) for i in group]
        result = save_period(team=group[0].team, period=group[0].period, entries=entries, by=by)
        by_measure = {conflict.measure.pk: conflict for conflict in result.conflicts}
        for item, entry in zip(group, entries, strict=True):
            if (conflict := by_measure.get(item.measure.pk)) is not None:
                conflicts.append(
                    _problem(
                        item.index, "version", _conflict_message(conflict.version, entry.version)
                    )
                )
            else:
                statuses[item.index] = _status(result, item.measure)
    if conflicts:
        # Raising inside the transaction undoes the groups already saved.
        raise ApiError(409, _("Nothing was saved: an observation changed meanwhile."), conflicts)
    saved = {
        (o.team_id, o.measure_id, o.period): o
        for o in Observation.objects.filter(
            team__in={i.team.pk for i in items},
            measure__in={i.measure.pk for i in items},
            period__in={i.period for i in items},
        )
    }
    return {
        item.index: (statuses[item.index], saved.get((item.team.pk, item.measure.pk, item.period)))
        for item in items
    }


def write_one(
    *, by: AnyUser, team_id: int, measure_id: int, period: dt.date, data: ObservationIn
) -> tuple[str, Observation | None]:
    """PUT of one measure × team × period (404 unseen, 403 read-only role, 422 bad values)."""
    team = access.team_for(by, team_id, edit=True)
    measure = access.measure_for(team, measure_id)
    problems = item_problems(measure, period, data, None, timezone.localdate())
    if problems:
        raise ApiError(422, _("The observation was not saved."), problems)
    return save_items([Item(0, team, measure, period, data)], by=by)[0]


@dataclass(frozen=True)
class _Lookup:
    """What the caller may see and change among the teams a bulk request names."""

    visible: dict[int, Team]
    editable: set[int]
    reported: dict[tuple[int, int], Measure]

    @classmethod
    def of(cls, by: AnyUser, team_ids: set[int]) -> _Lookup:
        visible = {t.pk: t for t in access.teams_visible_to(by).filter(pk__in=team_ids)}
        editable = access.teams_editable_by(by).filter(pk__in=visible)
        links = TeamMeasure.objects.select_related("measure").filter(team__in=visible)
        return cls(
            visible=visible,
            editable=set(editable.values_list("pk", flat=True)),
            reported={(link.team_id, link.measure_id): link.measure for link in links},
        )


def _bulk_item(
    index: int,
    data: BulkItemIn,
    lookup: _Lookup,
    seen: dict[tuple[int, int, dt.date], int],
    today: dt.date,
) -> Item | list[dict[str, Any]]:
    """The checked item, or its problems."""
    team = lookup.visible.get(data.team)
    if team is None:
        return [_problem(index, "team", _("No team %(id)d that you can see.") % {"id": data.team})]
    if team.pk not in lookup.editable:
        message = _("You may see %(team)s's data, but not change it.") % {"team": team.name}
        return [_problem(index, "team", message)]
    measure = lookup.reported.get((team.pk, data.measure))
    if measure is None:
        message = _("%(team)s reports no measure %(id)d.") % {"team": team.name, "id": data.measure}
        return [_problem(index, "measure", message)]
    key = (team.pk, measure.pk, data.period)
    if key in seen:
        message = _("Item %(first)d has the same team, measure and period.") % {"first": seen[key]}
        return [_problem(index, "period", message)]
    seen[key] = index
    return item_problems(measure, data.period, data, index, today) or Item(
        index, team, measure, data.period, data
    )


def write_bulk(*, by: AnyUser, observations: list[BulkItemIn]) -> list[tuple[Item, str, Any]]:
    """Check every item, then save all of them in one transaction, or none.

    Teams the caller may not see and measures a team does not report are problems of their
    item (as a 404 would be for one write); teams the caller sees but may not change make the
    whole request 403, as a single write would be.
    """
    lookup = _Lookup.of(by, {o.team for o in observations})
    today = timezone.localdate()
    seen: dict[tuple[int, int, dt.date], int] = {}
    problems: list[dict[str, Any]] = []
    items = []
    for index, data in enumerate(observations):
        checked = _bulk_item(index, data, lookup, seen, today)
        if isinstance(checked, Item):
            items.append(checked)
        else:
            problems += checked
    if problems:
        forbidden = any(
            o.team in lookup.visible and o.team not in lookup.editable for o in observations
        )
        count = len({p["index"] for p in problems})
        raise ApiError(
            403 if forbidden else 422,
            ngettext(
                "Nothing was saved: %(count)d of %(total)d items has a problem.",
                "Nothing was saved: %(count)d of %(total)d items have problems.",
                count,
            )
            % {"count": count, "total": len(observations)},
            problems,
        )
    results = save_items(items, by=by)
    return [(item, *results[item.index]) for item in items]
