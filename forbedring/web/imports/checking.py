"""Checking an uploaded table against the database: every row becomes new, unchanged, a
correction, empty or an error, through the access rules (C7, C10). Nothing is written here.

Which teams a row may name: the team the import started from and, with a team column, every
team the user may enter data for (``access.teams_editable_by``); any other name is unknown to
the user, whether or not it exists elsewhere (so names reveal nothing about other
organisations). Which measures: those the row's team reports. The numbers follow the measure's
own rules (``measures.actions.entry_problems``, the same as the data entry page). Stored
observations are fetched in one query for the whole file, not per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from forbedring.web import access
from forbedring.web.imports.cells import (
    CellError,
    Style,
    decide_style,
    read_date,
    read_number,
    read_text,
)
from forbedring.web.imports.headers import header_style
from forbedring.web.imports.mapping import Mapping, mapping_problems
from forbedring.web.imports.plan import (
    Outcome,
    Plan,
    PlanError,
    RowError,
    RowPlan,
    stored_values,
    values_of,
)
from forbedring.web.imports.reading import Row, Table
from forbedring.web.measures.actions import AnyUser, Values, entry_problems, in_range
from forbedring.web.measures.models import Frequency, Measure, TeamMeasure, period_start
from forbedring.web.organisations.models import Team

NUMBER_FIELDS = ("numerator", "denominator", "value")
PROGRESS_EVERY = 2_000


@dataclass
class _Context:
    table: Table
    mapping: Mapping
    teams_by_name: dict[str, list[Team]]
    measures_by_team: dict[int, dict[str, Measure]]
    start_team: Team
    fixed_measure: Measure | None
    style: Style | None
    today: dt.date


def make_plan(
    table: Table,
    mapping: Mapping,
    *,
    team: Team,
    by: AnyUser,
    measure: Measure | None = None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Every row's outcome; raises :class:`PlanError` when the file cannot be checked."""
    team_measures = _measures_of([team.pk])
    problems = mapping_problems(
        mapping,
        width=len(table.header),
        measure_fixed=measure is not None,
        single_measure=len(team_measures.get(team.pk, {})) == 1 and "team" not in mapping,
    )
    if problems:
        raise PlanError(problems)
    style = _style(table, mapping)
    teams = list(access.teams_editable_by(by)) if "team" in mapping else [team]
    teams_by_name: dict[str, list[Team]] = {}
    for t in teams:
        for key in {t.name.casefold(), str(t.pk)}:
            teams_by_name.setdefault(key, []).append(t)
    context = _Context(
        table=table,
        mapping=mapping,
        teams_by_name=teams_by_name,
        measures_by_team=_measures_of([t.pk for t in teams]),
        start_team=team,
        fixed_measure=measure,
        style=style,
        today=timezone.localdate(),
    )
    plans: list[RowPlan] = []
    for index, row in enumerate(table.rows, start=1):
        plans.append(_check_row(row, context))
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index)
    _mark_duplicates(plans, table.header[mapping["period"]])
    _compare_with_stored(plans)
    return Plan(table=table, rows=plans, style=style)


def _measures_of(team_ids: list[int]) -> dict[int, dict[str, Measure]]:
    """Per team, its measures by lower-case name and by id."""
    result: dict[int, dict[str, Measure]] = {}
    for link in TeamMeasure.objects.filter(team_id__in=team_ids).select_related("measure"):
        by_key = result.setdefault(link.team_id, {})
        by_key[link.measure.name.casefold()] = link.measure
        by_key[str(link.measure.pk)] = link.measure
    return result


def _style(table: Table, mapping: Mapping) -> Style | None:
    samples = (
        cell
        for name in NUMBER_FIELDS
        if name in mapping
        for cell in table.column(mapping[name])
        if isinstance(cell, str)
    )
    decision = decide_style(
        samples, header_style=header_style(table.header), delimiter=table.delimiter or None
    )
    if decision.conflict is not None:
        comma, point = decision.conflict
        raise PlanError(
            [
                _(
                    "The numbers are written in two ways: “%(comma)s” with a decimal comma and "
                    "“%(point)s” with a decimal point. Use one way throughout the file."
                )
                % {"comma": comma, "point": point}
            ]
        )
    return decision.style


def _cell(row: Row, index: int | None) -> object:
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _check_row(row: Row, c: _Context) -> RowPlan:
    plan = RowPlan(row=row)
    header = c.table.header

    def column(name: str) -> str:
        return header[c.mapping[name]] if name in c.mapping else ""

    def fail(name: str, message: str) -> None:
        plan.errors.append(RowError(column(name), message))

    numbers: dict[str, float | None] = {}
    for name in NUMBER_FIELDS:
        try:
            numbers[name] = read_number(_cell(row, c.mapping.get(name)), c.style)  # type: ignore[arg-type]
        except CellError as error:
            numbers[name] = None
            fail(name, _("expected %(what)s") % {"what": error.message})
    unreadable_numbers = bool(plan.errors)
    raw_comment = _cell(row, c.mapping.get("comment"))
    # Kept as written (line breaks too), so that a re-import of exported data is unchanged.
    comment = "" if raw_comment is None else str(raw_comment).strip()
    if not plan.errors and all(v is None for v in numbers.values()) and not comment:
        plan.outcome = Outcome.EMPTY
        return plan

    team = _team(row, c, fail)
    measure = _measure(row, c, team, fail) if team is not None else None
    plan.team, plan.measure = team, measure
    try:
        read = read_date(_cell(row, c.mapping["period"]))  # type: ignore[arg-type]
    except CellError as error:
        read = None
        fail("period", _("expected %(what)s") % {"what": error.message})
    else:
        if read is None:
            fail("period", _("expected a date; the cell is empty"))
    if read is not None and measure is not None:
        if read.month_only and measure.frequency != Frequency.MONTH:
            fail(
                "period",
                _("expected a day (the measure is reported by day or week), not only a month"),
            )
        else:
            period = period_start(read.day, measure.frequency)
            plan.period = period
            if not in_range(measure, period, c.today):
                if period > c.today:
                    fail(
                        "period",
                        _("expected a period that has begun; %(date)s is in the future")
                        % {"date": read.day.isoformat()},
                    )
                else:
                    fail(
                        "period",
                        _("expected a period from the measure's first period, %(first)s")
                        % {
                            "first": measure.first_period.isoformat()
                            if measure.first_period
                            else ""
                        },
                    )
    # The measure's rules (numerator <= denominator, ...) only make sense on readable numbers.
    if measure is not None and not unreadable_numbers:
        for problem in entry_problems(
            measure, numerator=numbers["numerator"], denominator=numbers["denominator"],
            value=numbers["value"],
        ):  # fmt: skip
            fail(problem.field if problem.field in c.mapping else "", problem.message)
    plan.values = Values(numbers["numerator"], numbers["denominator"], numbers["value"], comment)
    if plan.errors:
        plan.outcome = Outcome.ERROR
    return plan


def _team(row: Row, c: _Context, fail: Callable[[str, str], None]) -> Team | None:
    if "team" not in c.mapping:
        return c.start_team
    name = read_text(_cell(row, c.mapping["team"]))  # type: ignore[arg-type]
    if not name:
        return c.start_team
    found = c.teams_by_name.get(name.casefold(), [])
    if len(found) == 1:
        return found[0]
    if found:
        fail(
            "team",
            _(
                "expected one team; several of your teams are called “%(name)s”. "
                "Write the team's number instead."
            )
            % {"name": name},
        )
    else:
        fail(
            "team",
            _("expected a team you enter data for; there is no such team “%(name)s”")
            % {"name": name},
        )
    return None


def _measure(row: Row, c: _Context, team: Team, fail: Callable[[str, str], None]) -> Measure | None:
    measures = c.measures_by_team.get(team.pk, {})
    if c.fixed_measure is not None and "measure" not in c.mapping:
        if str(c.fixed_measure.pk) in measures:
            return c.fixed_measure
        fail(
            "team",
            _("expected a team that reports %(measure)s") % {"measure": c.fixed_measure.name},
        )
        return None
    if "measure" not in c.mapping:
        unique = {m.pk: m for m in measures.values()}
        if len(unique) == 1:
            return next(iter(unique.values()))
        fail(
            "",
            _("expected a measure column: %(team)s reports several measures") % {"team": team.name},
        )
        return None
    name = read_text(_cell(row, c.mapping["measure"]))  # type: ignore[arg-type]
    measure = measures.get(name.casefold()) if name else None
    if measure is None:
        fail(
            "measure",
            _("expected the name of a measure that %(team)s reports, not “%(name)s”")
            % {"team": team.name, "name": name},
        )
    return measure


def _mark_duplicates(plans: list[RowPlan], period_column: str) -> None:
    """A second row for the same team, measure and period is an error: which of the two is
    meant cannot be guessed."""
    first_row: dict[tuple[int, int, dt.date], int] = {}
    for plan in plans:
        if (
            plan.outcome == Outcome.ERROR
            or plan.team is None
            or plan.measure is None
            or plan.period is None
        ):
            continue
        key = (plan.team.pk, plan.measure.pk, plan.period)
        if key in first_row:
            plan.errors.append(
                RowError(
                    period_column,
                    _(
                        "expected one row per period; row %(row)s has the same period "
                        "(%(period)s) of %(measure)s"
                    )
                    % {
                        "row": first_row[key],
                        "period": plan.period.isoformat(),
                        "measure": plan.measure.name,
                    },
                )
            )
            plan.outcome = Outcome.ERROR
        else:
            first_row[key] = plan.row.number


def _compare_with_stored(plans: list[RowPlan]) -> None:
    """new / unchanged / correction against what is stored."""
    pending = [p for p in plans if p.outcome == Outcome.NEW]
    stored = stored_values(pending)
    for plan in pending:
        assert plan.team is not None
        assert plan.measure is not None
        assert plan.period is not None
        current = stored.get((plan.team.pk, plan.measure.pk, plan.period))
        if current is None:
            continue
        plan.previous = values_of(current)
        plan.outcome = Outcome.UNCHANGED if plan.previous == plan.values else Outcome.CORRECTION
