"""Checking and saving in bulk: outcomes, audit, all or nothing, and queries that do not grow
with the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from forbedring.web.imports.actions import ImportRefusedError, save_plan
from forbedring.web.imports.checking import make_plan
from forbedring.web.imports.plan import Outcome, PlanError
from forbedring.web.imports.reading import read_table
from forbedring.web.measures import actions as entry_actions
from forbedring.web.measures.models import Observation, ObservationRevision
from tests.web.imports.conftest import World

HEADER = "Dato;Tæller;Nævner;Kommentar\n"
P_MAPPING = {"period": 0, "numerator": 1, "denominator": 2, "comment": 3}


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def monthly(n: int, numerator: int = 3, first_year: int = 2020) -> str:
    rows = [f"01-{m % 12 + 1:02d}-{first_year + m // 12};{numerator};10;" for m in range(n)]
    return HEADER + "\n".join(rows) + "\n"


def plan_for(world: World, text: str, mapping: dict[str, int] = P_MAPPING):  # type: ignore[no-untyped-def]
    table = read_table(text.encode(), "x.csv")
    return make_plan(table, mapping, team=world.team, measure=world.p, by=world.member)


def test_save_rereads_under_lock_so_a_colleagues_save_is_kept_in_the_audit(world: World) -> None:
    save_plan(plan_for(world, monthly(2)), by=world.member)
    plan = plan_for(world, monthly(2, numerator=5))
    assert [r.outcome for r in plan.rows] == [Outcome.CORRECTION] * 2
    # A colleague corrects January between the preview and the save.
    january = Observation.objects.get(period=dt.date(2020, 1, 1))
    entry = entry_actions.Entry(measure=world.p, numerator=4, denominator=10, version=1)
    entry_actions.save_period(
        team=world.team, period=january.period, entries=[entry], by=world.leader
    )
    counts = save_plan(plan, by=world.member)
    assert counts == {"created": 0, "corrected": 2, "unchanged": 0}
    january.refresh_from_db()
    assert (january.numerator, january.version) == (5, 3)
    history = list(january.revisions.order_by("version").values_list("numerator", "replaced_by"))
    assert history == [(3, world.leader.pk), (4, world.member.pk)]


def test_save_refuses_a_plan_with_errors_and_writes_nothing(world: World) -> None:
    plan = plan_for(world, monthly(3) + "01-04-2020;11;10;\n")
    with pytest.raises(ImportRefusedError):
        save_plan(plan, by=world.member)
    assert Observation.objects.count() == 0
    assert save_plan(plan, by=world.member, valid_only=True)["created"] == 3


def test_rows_without_numbers_are_skipped_not_errors(world: World) -> None:
    plan = plan_for(world, monthly(2) + "01-03-2020;;;\n01-04-2099;;;\n")
    assert [r.outcome for r in plan.rows] == [
        Outcome.NEW,
        Outcome.NEW,
        Outcome.EMPTY,
        Outcome.EMPTY,
    ]
    assert save_plan(plan, by=world.member)["created"] == 2


def test_clearing_numbers_by_import_is_not_possible(world: World) -> None:
    # An empty row never deletes what is stored: an import only adds and corrects.
    save_plan(plan_for(world, monthly(1)), by=world.member)
    plan = plan_for(world, HEADER + "01-01-2020;;;\n")
    assert plan.rows[0].outcome == Outcome.EMPTY
    save_plan(plan, by=world.member)
    assert Observation.objects.get().numerator == 3


@pytest.mark.parametrize("months", [12, 120])
def test_queries_do_not_grow_with_the_rows(
    world: World, months: int, django_assert_max_num_queries: object
) -> None:
    save_plan(plan_for(world, monthly(months, first_year=2010)), by=world.member)
    corrected = plan_for(world, monthly(months, numerator=4, first_year=2010))
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        counts = save_plan(corrected, by=world.member)
    assert counts["corrected"] == months
    assert ObservationRevision.objects.count() == months


def test_plan_refuses_contradicting_decimal_separators(world: World) -> None:
    with pytest.raises(PlanError) as refused:
        plan_for(world, HEADER + "01-01-2020;1,5;10;\n01-02-2020;2.5;10;\n")
    assert "“1,5” with a decimal comma and “2.5” with a decimal point" in refused.value.messages[0]


def test_value_measure_rules_come_from_the_measure(world: World) -> None:
    text = "Måned;Værdi\n01-01-2020;-3\n01-02-2020;5\n"
    table = read_table(text.encode(), "x.csv")
    g_plan = make_plan(
        table, {"period": 0, "value": 1}, team=world.team, measure=world.g, by=world.member
    )
    assert [r.outcome for r in g_plan.rows] == [Outcome.ERROR, Outcome.NEW]
    assert "cannot be below 0" in g_plan.rows[0].errors[0].message
    i_plan = make_plan(
        table, {"period": 0, "value": 1}, team=world.team, measure=world.i, by=world.member
    )
    assert [r.outcome for r in i_plan.rows] == [Outcome.NEW, Outcome.NEW]


def test_measure_column_may_name_only_the_teams_measures(world: World) -> None:
    text = "Måling;Dato;Værdi\nDage mellem tryksår;01-01-2020;4\nUkendt;01-01-2020;4\n"
    table = read_table(text.encode(), "x.csv")
    plan = make_plan(
        table, {"measure": 0, "period": 1, "value": 2}, team=world.team, by=world.member
    )
    assert [r.outcome for r in plan.rows] == [Outcome.NEW, Outcome.ERROR]
    assert plan.rows[1].errors[0].column == "Måling"


def test_a_read_only_user_cannot_import_through_a_team_column(world: World) -> None:
    text = "Team;Dato;Tæller;Nævner\nSolgården;01-01-2020;3;10\n"
    table = read_table(text.encode(), "x.csv")
    mapping = {"team": 0, "period": 1, "numerator": 2, "denominator": 3}
    plan = make_plan(table, mapping, team=world.team, measure=world.p, by=world.leader)
    assert plan.rows[0].outcome == Outcome.ERROR
    assert "no such team" in plan.rows[0].errors[0].message


def test_duplicate_period_is_reported_on_the_period_column_of_the_later_row(world: World) -> None:
    text = "Kommentar;Dato;Tæller;Nævner\n;01-01-2020;3;10\n;15-01-2020;4;10\n"
    mapping = {"comment": 0, "period": 1, "numerator": 2, "denominator": 3}
    plan = plan_for(world, text, mapping)
    assert [r.outcome for r in plan.rows] == [Outcome.NEW, Outcome.ERROR]
    error = plan.rows[1].errors[0]
    assert error.column == "Dato"
    assert "row 2 has the same period (2020-01-01)" in error.message


def test_unreadable_numbers_are_not_also_checked_against_the_measure(world: World) -> None:
    plan = plan_for(world, HEADER + "01-01-2020;tre;10;\n")
    assert [(e.column, e.message[:30]) for e in plan.rows[0].errors] == [
        ("Tæller", "expected a number written like")
    ]
