"""Saving a period's observations: all or nothing, the audit trail, and concurrent saves."""

from __future__ import annotations

import datetime as dt
import threading
import time
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone, translation

from forbedring.web.measures import actions
from forbedring.web.measures.actions import Entry, InvalidEntryError, save_period
from forbedring.web.measures.models import Measure, Observation, ObservationRevision
from forbedring.web.organisations.models import Role
from tests.web import factories

pytestmark = pytest.mark.django_db

MARCH = dt.date(2025, 3, 1)


@pytest.fixture
def world() -> dict[str, object]:
    team = factories.team(name="Team Solsikken")
    anna = factories.user("anna", Role.TEAM_MEMBER, team=team)
    anna.first_name, anna.last_name = "Anna", "Jensen"
    anna.save()
    bo = factories.user("bo", Role.TEAM_MEMBER, team=team)
    falls = factories.measure([team], name="Falls per 1,000 resident-days")
    ulcers = factories.measure(
        [team], name="Residents with a pressure ulcer", chart_type=Measure.ChartType.P,
        multiplier=100,
    )  # fmt: skip
    weight = factories.measure(
        [team], name="Weight change", chart_type=Measure.ChartType.I, has_denominator=False,
        multiplier=1,
    )  # fmt: skip
    return {"team": team, "anna": anna, "bo": bo, "falls": falls, "ulcers": ulcers, "w": weight}


def _stored(world: dict[str, object], key: str) -> Observation:
    return Observation.objects.get(measure=world[key], team=world["team"], period=MARCH)


def test_save_period_new_observations_are_created_at_version_1(world: dict) -> None:
    result = save_period(
        team=world["team"], period=MARCH, by=world["anna"],
        entries=[
            Entry(world["falls"], numerator=3, denominator=1500, comment=" two at night "),
            Entry(world["w"], value=-1.5),
        ],
    )  # fmt: skip
    assert result.ok and result.created == [world["falls"], world["w"]]
    falls = _stored(world, "falls")
    assert (falls.numerator, falls.denominator, falls.value) == (3, 1500, None)
    assert falls.comment == "two at night" and falls.version == 1
    assert falls.entered_by == world["anna"]
    assert _stored(world, "w").value == -1.5
    assert not ObservationRevision.objects.exists()


def test_save_period_empty_row_without_observation_writes_nothing(world: dict) -> None:
    result = save_period(
        team=world["team"], period=MARCH, by=world["anna"], entries=[Entry(world["falls"])]
    )
    assert result.ok and result.unchanged == [world["falls"]] and result.saved == []
    assert not Observation.objects.exists()


def test_save_period_correction_writes_a_revision_with_the_old_values(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    first = _stored(world, "falls")
    result = save_period(
        team=world["team"], period=MARCH, by=world["bo"],
        entries=[Entry(world["falls"], numerator=4, denominator=1500, version=1)],
    )  # fmt: skip
    assert result.ok and result.updated == [world["falls"]]
    falls = _stored(world, "falls")
    assert (falls.numerator, falls.version, falls.entered_by) == (4, 2, world["bo"])
    (revision,) = actions.observation_history(falls)
    assert (revision.version, revision.numerator, revision.denominator) == (1, 3, 1500)
    assert revision.entered_by == world["anna"] and revision.entered_at == first.entered_at
    assert revision.replaced_by == world["bo"] and revision.replaced_at == falls.entered_at


def test_save_period_identical_resubmission_changes_nothing(world: dict) -> None:
    entry = Entry(world["falls"], numerator=3, denominator=1500, comment="ok")
    save_period(team=world["team"], period=MARCH, by=world["anna"], entries=[entry])
    before = _stored(world, "falls")
    again = Entry(world["falls"], numerator=3, denominator=1500, comment="ok ", version=1)
    result = save_period(team=world["team"], period=MARCH, by=world["bo"], entries=[again])
    assert result.ok and result.unchanged == [world["falls"]] and result.saved == []
    after = _stored(world, "falls")
    assert after.version == 1 and after.entered_by == world["anna"]
    assert after.entered_at == before.entered_at
    assert not ObservationRevision.objects.exists()


def test_save_period_comment_only_change_is_a_correction(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    entry = Entry(world["falls"], numerator=3, denominator=1500, comment="audit", version=1)
    result = save_period(team=world["team"], period=MARCH, by=world["bo"], entries=[entry])
    assert result.updated == [world["falls"]]
    assert _stored(world, "falls").version == 2


def test_save_period_conflict_between_two_users_refuses_the_second(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    # Anna and Bo both open the page at version 1; Anna saves first.
    anna_entry = Entry(world["falls"], numerator=5, denominator=1500, version=1)
    bo_entry = Entry(world["falls"], numerator=7, denominator=1500, version=1)
    save_period(team=world["team"], period=MARCH, by=world["anna"], entries=[anna_entry])
    result = save_period(team=world["team"], period=MARCH, by=world["bo"], entries=[bo_entry])
    assert not result.ok and result.saved == []
    (conflict,) = result.conflicts
    assert conflict.measure == world["falls"] and conflict.version == 2
    assert conflict.saved_by == world["anna"] and str(conflict.saved_by) == "Anna Jensen"
    assert conflict.current.numerator == 5 and conflict.submitted.numerator == 7
    falls = _stored(world, "falls")
    assert (falls.numerator, falls.version, falls.entered_by) == (5, 2, world["anna"])
    assert ObservationRevision.objects.count() == 1  # Anna's correction only


def test_save_period_conflict_when_a_row_appeared_since_the_page_was_opened(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    entry = Entry(world["falls"], numerator=9, denominator=1500, version=0)
    result = save_period(team=world["team"], period=MARCH, by=world["bo"], entries=[entry])
    (conflict,) = result.conflicts
    assert conflict.saved_by == world["anna"] and conflict.version == 1
    assert _stored(world, "falls").numerator == 3


def test_save_period_conflict_in_one_row_saves_none_of_the_rows(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    save_period(
        team=world["team"], period=MARCH, by=world["anna"],
        entries=[Entry(world["falls"], numerator=4, denominator=1500, version=1)],
    )  # fmt: skip
    result = save_period(
        team=world["team"], period=MARCH, by=world["bo"],
        entries=[
            Entry(world["ulcers"], numerator=2, denominator=40),
            Entry(world["falls"], numerator=6, denominator=1500, version=1),
            Entry(world["w"], value=0.5),
        ],
    )  # fmt: skip
    assert [c.measure for c in result.conflicts] == [world["falls"]]
    assert result.created == [] and result.saved == []
    assert not Observation.objects.filter(measure__in=[world["ulcers"], world["w"]]).exists()
    assert _stored(world, "falls").numerator == 4


def test_save_period_stale_row_left_as_seen_is_no_conflict(world: dict) -> None:
    # Bo opened the page at version 1 and only entered another measure; Anna corrected falls
    # meanwhile. Bo's unchanged falls row must neither conflict nor undo Anna's correction.
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    save_period(
        team=world["team"], period=MARCH, by=world["anna"],
        entries=[Entry(world["falls"], numerator=4, denominator=1500, version=1)],
    )  # fmt: skip
    result = save_period(
        team=world["team"], period=MARCH, by=world["bo"],
        entries=[
            Entry(world["falls"], numerator=3, denominator=1500, version=1),
            Entry(world["ulcers"], numerator=2, denominator=40),
        ],
    )  # fmt: skip
    assert result.ok and result.created == [world["ulcers"]]
    assert result.unchanged == [world["falls"]]
    assert _stored(world, "falls").numerator == 4


def test_save_period_stale_row_with_the_same_new_values_is_no_conflict(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    same = Entry(world["falls"], numerator=4, denominator=1500, version=1)
    save_period(team=world["team"], period=MARCH, by=world["anna"], entries=[same])
    result = save_period(team=world["team"], period=MARCH, by=world["bo"], entries=[same])
    assert result.ok and result.unchanged == [world["falls"]]
    assert _stored(world, "falls").version == 2


def test_save_period_after_a_conflict_the_current_version_overwrites_with_history(
    world: dict,
) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    save_period(
        team=world["team"], period=MARCH, by=world["anna"],
        entries=[Entry(world["falls"], numerator=5, denominator=1500, version=1)],
    )  # fmt: skip
    # Bo saw the conflict (version 2, Anna's 5) and saves his 7 deliberately.
    result = save_period(
        team=world["team"], period=MARCH, by=world["bo"],
        entries=[Entry(world["falls"], numerator=7, denominator=1500, version=2)],
    )  # fmt: skip
    assert result.ok and result.updated == [world["falls"]]
    history = actions.observation_history(_stored(world, "falls"))
    assert [(r.version, r.numerator) for r in history] == [(2, 5), (1, 3)]


def test_save_period_clearing_keeps_an_empty_observation_and_its_history(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    result = save_period(
        team=world["team"], period=MARCH, by=world["bo"], entries=[Entry(world["falls"], version=1)]
    )
    assert result.ok and result.cleared == [world["falls"]]
    falls = _stored(world, "falls")
    assert (falls.numerator, falls.denominator, falls.value, falls.comment) == (
        None,
        None,
        None,
        "",
    )
    assert falls.version == 2 and falls.entered_by == world["bo"]
    (revision,) = actions.observation_history(falls)
    assert (revision.numerator, revision.denominator, revision.entered_by) == (
        3,
        1500,
        world["anna"],
    )


def test_save_period_clearing_twice_changes_nothing_the_second_time(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    clear = Entry(world["falls"], version=1)
    save_period(team=world["team"], period=MARCH, by=world["bo"], entries=[clear])
    again = Entry(world["falls"], version=2)
    result = save_period(team=world["team"], period=MARCH, by=world["bo"], entries=[again])
    assert result.unchanged == [world["falls"]]
    assert ObservationRevision.objects.count() == 1


def test_observation_history_is_newest_first(world: dict) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [1], first=MARCH)
    for version, numerator in enumerate([2, 3, 4], start=1):
        save_period(
            team=world["team"], period=MARCH, by=world["bo"],
            entries=[Entry(world["falls"], numerator=numerator, denominator=1500, version=version)],
        )  # fmt: skip
    history = actions.observation_history(_stored(world, "falls"))
    assert [(r.version, r.numerator) for r in history] == [(3, 3), (2, 2), (1, 1)]


def test_save_period_measure_not_reported_by_team_is_invalid(world: dict) -> None:
    other = factories.measure([], name="Someone else's measure")
    with pytest.raises(InvalidEntryError):
        save_period(
            team=world["team"], period=MARCH, by=world["anna"],
            entries=[Entry(other, numerator=1, denominator=2)],
        )  # fmt: skip


def test_save_period_period_not_starting_a_month_is_invalid(world: dict) -> None:
    with pytest.raises(InvalidEntryError):
        save_period(
            team=world["team"], period=dt.date(2025, 3, 2), by=world["anna"],
            entries=[Entry(world["falls"], numerator=1, denominator=2)],
        )  # fmt: skip


def test_save_period_future_period_is_invalid(world: dict) -> None:
    future = (timezone.localdate().replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    with pytest.raises(InvalidEntryError):
        save_period(
            team=world["team"], period=future, by=world["anna"],
            entries=[Entry(world["falls"], numerator=1, denominator=2)],
        )  # fmt: skip


def test_save_period_numbers_breaking_the_rules_are_invalid_and_nothing_is_saved(
    world: dict,
) -> None:
    with pytest.raises(InvalidEntryError):
        save_period(
            team=world["team"], period=MARCH, by=world["anna"],
            entries=[
                Entry(world["falls"], numerator=1, denominator=2),
                Entry(world["ulcers"], numerator=5, denominator=2),
            ],
        )  # fmt: skip
    assert not Observation.objects.exists()


def test_save_period_same_measure_twice_is_invalid(world: dict) -> None:
    with pytest.raises(InvalidEntryError):
        save_period(
            team=world["team"], period=MARCH, by=world["anna"],
            entries=[Entry(world["falls"], numerator=1, denominator=2)] * 2,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("chart", "has_denominator", "numbers", "field", "fragment"),
    [
        ("u", True, {"numerator": -1, "denominator": 10}, "numerator", "below 0"),
        ("u", True, {"numerator": 1, "denominator": -10}, "denominator", "below 0"),
        ("p", True, {"numerator": 11, "denominator": 10}, "numerator", "larger than"),
        ("pp", True, {"numerator": 11, "denominator": 10}, "numerator", "larger than"),
        ("u", True, {"numerator": 2, "denominator": 0}, "denominator", "denominator is 0"),
        ("u", True, {"numerator": 2}, "denominator", "denominator too"),
        ("u", True, {"denominator": 2}, "numerator", "numerator too"),
        ("c", False, {"value": -1}, "value", "below 0"),
        ("g", False, {"value": -1}, "value", "below 0"),
        ("t", False, {"value": -1}, "value", "below 0"),
        ("u", True, {"numerator": float("nan"), "denominator": 1}, "numerator", "finite"),
    ],
)
def test_entry_problems_names_measure_and_field(
    chart: str, has_denominator: bool, numbers: dict, field: str, fragment: str
) -> None:
    m = factories.measure(name="Falls", chart_type=chart, has_denominator=has_denominator)
    with translation.override("en"):
        (problem,) = actions.entry_problems(m, **numbers)
    assert problem.field == field
    assert problem.message.startswith("Falls") and fragment in problem.message


@pytest.mark.parametrize(
    ("chart", "has_denominator", "numbers"),
    [
        ("u", True, {"numerator": 12, "denominator": 10}),  # a rate may exceed its denominator
        ("up", True, {"numerator": 12, "denominator": 10}),
        ("p", True, {"numerator": 10, "denominator": 10}),
        ("p", True, {"numerator": 0, "denominator": 0}),
        ("i", False, {"value": -2.5}),  # measurements may be negative
        ("run", False, {"value": -2.5}),
        ("c", False, {"value": 0}),
        ("u", True, {}),
    ],
)
def test_entry_problems_accepts_valid_numbers(
    chart: str, has_denominator: bool, numbers: dict
) -> None:
    m = factories.measure(name="Falls", chart_type=chart, has_denominator=has_denominator)
    assert actions.entry_problems(m, **numbers) == []


def test_save_period_insert_race_is_reported_as_a_conflict(
    world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Anna's new row commits between Bo's locking read (which found nothing) and Bo's insert:
    # the unique constraint stops the insert, and the retry reports Anna's row as a conflict.
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    real = Observation.objects.select_for_update
    calls: list[int] = []

    class Blind:
        def filter(self, **lookups: object) -> list[Observation]:
            return []

    def blind_once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return Blind() if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(Observation.objects, "select_for_update", blind_once)
    result = save_period(
        team=world["team"], period=MARCH, by=world["bo"],
        entries=[
            Entry(world["ulcers"], numerator=1, denominator=40),
            Entry(world["falls"], numerator=9, denominator=1500),
        ],
    )  # fmt: skip
    assert len(calls) == 2
    assert [c.saved_by for c in result.conflicts] == [world["anna"]]
    assert _stored(world, "falls").numerator == 3
    assert not Observation.objects.filter(measure=world["ulcers"]).exists()


def _race(world: dict, entries_by_user: list[tuple[object, Entry]]) -> list[actions.SaveResult]:
    """Run several saves at the same moment, each in its own thread and connection."""
    from django.db import connection

    barrier = threading.Barrier(len(entries_by_user))
    results: list[actions.SaveResult] = []
    failures: list[BaseException] = []

    def run(by: object, entry: Entry) -> None:
        try:
            barrier.wait()
            results.append(save_period(team=world["team"], period=MARCH, by=by, entries=[entry]))
        except BaseException as error:  # reported in the test's thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in entries_by_user]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    return results


@pytest.fixture
def slow_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widen the window between a save's read and its writes (``_save`` asks for the time in
    between), so concurrent saves really overlap: without the row lock both would pass."""
    real_now = timezone.now

    def slow_now() -> dt.datetime:
        time.sleep(0.2)
        return real_now()

    monkeypatch.setattr(
        actions, "timezone", SimpleNamespace(now=slow_now, localdate=timezone.localdate)
    )


needs_postgres = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="row locks and concurrent transactions need PostgreSQL (make test-postgres)",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_save_period_concurrent_corrections_lose_no_update(
    world: dict, slow_write: None, round_: int
) -> None:
    factories.monthly_data(world["falls"], world["team"], world["anna"], [3], first=MARCH)
    results = _race(
        world,
        [
            (world["anna"], Entry(world["falls"], numerator=5, denominator=1500, version=1)),
            (world["bo"], Entry(world["falls"], numerator=7, denominator=1500, version=1)),
        ],
    )
    assert sorted(r.ok for r in results) == [False, True]
    winner = next(r for r in results if r.ok)
    falls = _stored(world, "falls")
    assert falls.version == 2 and ObservationRevision.objects.count() == 1
    assert falls.numerator in {5, 7} and winner.updated == [world["falls"]]


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_save_period_concurrent_first_entries_lose_no_update(
    world: dict, slow_write: None, round_: int
) -> None:
    results = _race(
        world,
        [
            (world["anna"], Entry(world["falls"], numerator=5, denominator=1500)),
            (world["bo"], Entry(world["falls"], numerator=7, denominator=1500)),
        ],
    )
    assert sorted(r.ok for r in results) == [False, True]
    assert Observation.objects.get().version == 1
