"""The national overview's table (``indicators.overview``): its cells are the shared lights,
and it filters, sorts and counts the way the page promises."""

from __future__ import annotations

import pytest

from forbedring.spc.development import DevelopmentLight
from forbedring.spc.traffic_lights import PlacementLight
from forbedring.web.indicators.lights import LightSettings, country_lights, load_country
from forbedring.web.indicators.overview import Overview, build_overview
from forbedring.web.indicators.overview_params import OverviewParams, name_key
from forbedring.web.organisations.models import Organisation
from tests.web.indicators.overview_data import (
    PREVENTABLE,
    READMISSIONS,
    WAITING,
    create_world,
)

pytestmark = pytest.mark.django_db
UNADJUSTED = LightSettings(placement_limits="unadjusted")


@pytest.fixture
def world(db: None) -> dict[str, Organisation]:
    return create_world()


def build(lang: str = "en", **params: object) -> Overview:
    return build_overview(load_country("DK"), OverviewParams(**params), lang)  # type: ignore[arg-type]


def names(table: Overview) -> list[str]:
    return [row.area.name for row in table.rows]


def cell(table: Overview, name: str, indicator_id: str) -> object:
    index = [c.indicator_id for c in table.columns].index(indicator_id)
    row = next(r for r in table.rows if r.area.name == name)
    return row.cells[index]


@pytest.mark.parametrize(
    "method", [LightSettings(), UNADJUSTED, LightSettings("998", "unadjusted", 0.99)]
)
def test_cells_equal_the_shared_lights(
    world: dict[str, Organisation], method: LightSettings
) -> None:
    data = load_country("DK")
    expected = country_lights(data, "municipality", method)
    table = build_overview(data, OverviewParams(settings=method), "en")
    assert [c.indicator_id for c in table.columns] == [e.indicator.id for e in expected]
    for column, lights in zip(table.columns, expected, strict=True):
        index = table.columns.index(column)
        for row in table.rows:
            area_lights = lights.row_for(row.area.pk)
            assert area_lights is not None
            got = row.cells[index]
            assert got.placement == area_lights.placement
            assert got.development == area_lights.development
            assert got.value == (area_lights.current.value if area_lights.current else None)


def test_far_above_the_national_proportion_is_worse_for_lower_is_better(
    world: dict[str, Organisation],
) -> None:
    # København: 300 of 1000 readmitted (30 %) against Danmark's 10 %, lower is better.
    for method in (LightSettings(), UNADJUSTED):
        table = build(settings=method)
        assert cell(table, "Københavns Kommune", READMISSIONS).placement == PlacementLight.WORSE
        assert cell(table, "Aarhus Kommune", READMISSIONS).placement == PlacementLight.AS_EXPECTED


def test_a_clear_drop_is_improved_and_a_steady_value_unchanged(
    world: dict[str, Organisation],
) -> None:
    # Frederiksberg: 30 % in 2024, 10 % in 2025 (1000 admissions each year).
    table = build()
    assert (
        cell(table, "Frederiksberg Kommune", READMISSIONS).development == DevelopmentLight.IMPROVED
    )
    assert cell(table, "Ballerup Kommune", READMISSIONS).development == DevelopmentLight.UNCHANGED


def test_missing_value_shows_a_dash_and_no_data(world: dict[str, Organisation]) -> None:
    missing = cell(build(), "Aalborg Kommune", READMISSIONS)
    assert missing.value is None and missing.text == "–"  # type: ignore[attr-defined]
    assert missing.placement == PlacementLight.NO_DATA  # type: ignore[attr-defined]
    assert missing.development == DevelopmentLight.NO_DATA  # type: ignore[attr-defined]


def test_value_only_indicator_shows_values_and_is_not_assessed(
    world: dict[str, Organisation],
) -> None:
    table = build()
    column = next(c for c in table.columns if c.indicator_id == WAITING)
    assert not column.assessed and column.span == 1
    assert cell(table, "Københavns Kommune", WAITING).text == "20.0"  # type: ignore[attr-defined]
    assert column.national_text == "16.0"
    assert column.counts.better == column.counts.worse == 0


def test_values_use_the_decimal_comma_in_danish(world: dict[str, Organisation]) -> None:
    table = build(lang="da")
    assert cell(table, "Ballerup Kommune", READMISSIONS).text == "12,5"  # type: ignore[attr-defined]
    readmissions = next(c for c in table.columns if c.indicator_id == READMISSIONS)
    assert readmissions.national_text == "10,0"


def test_columns_are_grouped_by_goal_in_library_order(world: dict[str, Organisation]) -> None:
    table = build()
    assert [c.indicator_id for c in table.columns] == [READMISSIONS, WAITING, PREVENTABLE]
    assert [len(g.columns) for g in table.groups] == [2, 1]
    assert table.groups[0].span == 3 + 1  # readmissions with its lights, waiting time alone


def test_sort_by_name_puts_aeroe_last_as_danish_lists_do(world: dict[str, Organisation]) -> None:
    assert names(build()) == [
        "Aalborg Kommune", "Aarhus Kommune", "Ballerup Kommune", "Frederiksberg Kommune",
        "Københavns Kommune", "Odense Kommune", "Ærø Kommune",
    ]  # fmt: skip
    assert names(build(descending=True))[0] == "Ærø Kommune"
    assert name_key("Ærø") > name_key("Vordingborg") > name_key("Aabenraa")


def test_sort_by_value_ascending_with_missing_last(world: dict[str, Organisation]) -> None:
    assert names(build(sort=READMISSIONS)) == [
        "Aarhus Kommune", "Frederiksberg Kommune", "Odense Kommune", "Ballerup Kommune",
        "Københavns Kommune", "Aalborg Kommune", "Ærø Kommune",
    ]  # fmt: skip


def test_sort_by_value_descending_keeps_missing_last(world: dict[str, Organisation]) -> None:
    assert names(build(sort=READMISSIONS, descending=True)) == [
        "Københavns Kommune", "Ballerup Kommune", "Odense Kommune", "Frederiksberg Kommune",
        "Aarhus Kommune", "Aalborg Kommune", "Ærø Kommune",
    ]  # fmt: skip


def test_unknown_sort_falls_back_to_name(world: dict[str, Organisation]) -> None:
    table = build(sort="nonsense")
    assert table.params.sort == "name"
    assert names(table)[0] == "Aalborg Kommune"


def test_sort_by_an_indicator_hidden_by_the_goal_filter_falls_back_to_name(
    world: dict[str, Organisation],
) -> None:
    chronic = next(
        c.lights.indicator.goal for c in build().columns if c.indicator_id == PREVENTABLE
    )
    table = build(goal=chronic, sort=READMISSIONS)
    assert table.params.sort == "name"


def test_region_filter_keeps_the_region_s_municipalities(world: dict[str, Organisation]) -> None:
    table = build(region="1084")  # Region Hovedstaden
    assert names(table) == ["Ballerup Kommune", "Frederiksberg Kommune", "Københavns Kommune"]
    assert {row.region for row in table.rows} == {"Region Hovedstaden"}
    assert table.area_count == 7


def test_unknown_region_shows_every_area(world: dict[str, Organisation]) -> None:
    table = build(region="9999")
    assert table.params.region == "" and len(table.rows) == 7


def test_goal_filter_shows_that_goal_s_indicators_only(world: dict[str, Organisation]) -> None:
    goal = build().groups[1].goal_id
    table = build(goal=goal)
    assert [c.indicator_id for c in table.columns] == [PREVENTABLE]
    assert build(goal="no-such-goal").params.goal == ""


def test_search_matches_part_of_the_name_or_the_whole_code(world: dict[str, Organisation]) -> None:
    assert names(build(search="AAR")) == ["Aarhus Kommune"]
    assert names(build(search="0101")) == ["Københavns Kommune"]
    assert names(build(search="01")) == []  # a code is matched whole, not in part


def test_only_problems_keeps_areas_worse_or_worsened_in_a_shown_indicator(
    world: dict[str, Organisation],
) -> None:
    assert names(build(only_problems=True)) == ["Københavns Kommune"]
    assert names(build(only_problems=True, settings=UNADJUSTED)) == [
        "Ballerup Kommune", "Københavns Kommune",
    ]  # fmt: skip
    goal = build().groups[1].goal_id  # no area is worse in that goal's indicator
    assert names(build(only_problems=True, goal=goal)) == []


def test_99_8_percent_limits_make_fewer_outliers(world: dict[str, Organisation]) -> None:
    def worse(level: str) -> int:
        table = build(settings=LightSettings(level, "unadjusted"))  # type: ignore[arg-type]
        return next(c for c in table.columns if c.indicator_id == READMISSIONS).counts.worse

    assert worse("95") == 2  # København and Ballerup (12.5 %)
    assert worse("998") == 1  # København only


def test_counts_are_of_the_rows_shown(world: dict[str, Organisation]) -> None:
    def counts(table: Overview) -> tuple[int, int, int, int]:
        c = next(c for c in table.columns if c.indicator_id == READMISSIONS).counts
        return c.better, c.worse, c.improved, c.worsened

    assert counts(build(settings=UNADJUSTED)) == (0, 2, 1, 0)
    assert counts(build(settings=UNADJUSTED, region="1082")) == (0, 0, 0, 0)  # Aarhus only
    assert counts(build(settings=UNADJUSTED, search="Frederiksberg")) == (0, 0, 1, 0)


def test_year_shows_that_year_s_values(world: dict[str, Organisation]) -> None:
    table = build(year=2024)
    assert [c.indicator_id for c in table.columns] == [READMISSIONS]  # the others start in 2025
    assert cell(table, "Aalborg Kommune", READMISSIONS).value == 10.0  # type: ignore[attr-defined]
    assert table.years == (2025, 2024)
    assert not table.notices


def test_year_without_values_shows_the_latest_with_a_notice(world: dict[str, Organisation]) -> None:
    table = build(year=2019)
    assert table.params.year is None and table.columns[0].year == 2025
    assert table.notices and "2019" in table.notices[0]


def test_demo_values_are_flagged(db: None) -> None:
    create_world(is_demo=True)
    assert build().is_demo


def test_published_values_are_not_flagged_as_demo(world: dict[str, Organisation]) -> None:
    assert not build().is_demo


def test_regions_level_has_no_region_filter(world: dict[str, Organisation]) -> None:
    table = build(level="region", region="1084")
    assert table.region_choices == () and table.params.region == ""
    assert table.rows == () and table.columns == ()  # no values stored for regions here


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, OverviewParams()),
        (
            {"country": "XX", "level": "foo", "year": "abcd", "sort": "", "dir": "up"},
            OverviewParams(),
        ),
        ({"year": "२०२४"}, OverviewParams()),  # digits, but not ASCII ones
        ({"year": "20245"}, OverviewParams()),
        (
            {"country": "no", "level": "region", "year": "2024", "q": "  Aar   hus ",
             "problems": "1", "dir": "desc", "limits": "998", "adjust": "no", "dev": "0.99"},
            OverviewParams(country="NO", level="region", year=2024, search="Aar hus",
                           only_problems=True, descending=True,
                           settings=LightSettings("998", "unadjusted", 0.99)),
        ),
    ],
)  # fmt: skip
def test_params_from_query_default_what_they_do_not_know(
    query: dict[str, str], expected: OverviewParams
) -> None:
    assert OverviewParams.from_query(query) == expected


def test_params_query_round_trips() -> None:
    params = OverviewParams(
        country="DK", level="municipality", year=2024, goal="g", region="1084", search="Ærø",
        only_problems=True, sort=READMISSIONS, descending=True, settings=UNADJUSTED,
    )  # fmt: skip
    from django.http import QueryDict

    assert OverviewParams.from_query(QueryDict(params.query())) == params
    assert OverviewParams().query() == "country=DK&level=municipality"
