"""Importing published indicator sheets: layouts, languages, areas, validation, re-import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from forbedring.web.imports.reading import ReadError
from forbedring.web.indicators.importing import (
    ImportPlan,
    PlanError,
    apply_plan,
    plan_import,
)
from forbedring.web.indicators.models import IndicatorImport, IndicatorValue, PeriodKind
from forbedring.web.indicators.table import read_indicator_table
from forbedring.web.organisations.models import Organisation
from tests.web.indicators.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
PREVENTABLE = "dk-preventable-admissions-65-plus"  # rc, per 1000
READMISSIONS = "dk-acute-readmissions-30-days"  # pr, per 100
WAITING = "dk-rehabilitation-waiting-time"  # a value only
NO_REVIEW = "no-nursing-home-medication-review"  # pr, per 100


def plan(data: bytes, indicator: str = PREVENTABLE, name: str = "f.csv") -> ImportPlan:
    return plan_import(read_indicator_table(data, name), indicator)


def save(data: bytes, indicator: str = PREVENTABLE) -> IndicatorImport:
    result = plan(data, indicator)
    assert result.errors == []
    return apply_plan(result, IndicatorImport(indicator=indicator, filename="f.csv", source="S"))


def stored(area: Organisation, year: int, indicator: str = PREVENTABLE) -> IndicatorValue:
    return IndicatorValue.objects.get(
        indicator=indicator, area=area, period=dt.date(year, 1, 1), period_kind=PeriodKind.YEAR
    )


def test_long_danish_csv_with_decimal_comma(dk: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Kommune;Kommunekode;År;Tæller;Nævner;Værdi\n"
        "København;101;2023;3.210;52.000;61,7\n"
        "Aarhus;0751;2023;2.005;40.100;50,0\n"
        "Region Hovedstaden;1084;2023;12.000;200.000;60,0\n"
        "Hele landet;;2023;70.000;1.200.000;58,3\n",
        "cp1252",
    )
    record = save(data)
    assert (record.created, record.updated, record.unchanged) == (4, 0, 0)
    value = stored(dk["0101"], 2023)
    assert (value.numerator, value.denominator) == (3210, 52000)
    assert value.value == pytest.approx(3210 / 52000 * 1000)
    assert (value.source, value.is_demo, value.import_record) == ("S", False, record)
    assert stored(dk["1084"], 2023).value == pytest.approx(60.0)
    assert stored(dk["DK"], 2023).numerator == 70000


def test_long_norwegian_csv(no: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Kommune;Kommunenummer;År;Teller;Nevner;Verdi\n"
        "Bergen;4601;2024;410;520;78,8\n"
        "Melhus kommune;;2024;40;50;80,0\n"
        "Landet;;2024;30000;38000;78,9\n"
    )
    record = save(data, NO_REVIEW)
    assert record.created == 3
    assert stored(no["5028"], 2024, NO_REVIEW).value == pytest.approx(80.0)
    assert stored(no["NO"], 2024, NO_REVIEW).denominator == 38000


def test_long_english_csv_with_decimal_point(dk: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Municipality,Code,Year,Numerator,Denominator,Value\nOdense,461,2022,1500,30000,50.0\n"
    )
    save(data)
    assert stored(dk["0461"], 2022).value == pytest.approx(50.0)


def test_wide_csv_values_only(dk: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Forebyggelige indlæggelser pr. 1.000 borgere 65+\n"
        "Kommune;2021;2022;2023\n"
        "Læsø;70,1;68,4;65,0\n"
        "Københavns Kommune;55,5;;54,2\n"
        "Hele landet;60,0;59,1;58,3\n"
    )
    result = plan(data)
    assert result.wide and result.errors == []
    assert len(result.values) == 8  # the empty cell is no value
    apply_plan(result, IndicatorImport(indicator=PREVENTABLE, filename="w.csv"))
    value = stored(dk["0825"], 2022)
    assert (value.value, value.numerator, value.denominator) == (68.4, None, None)


def test_wide_xlsx_with_number_headers(dk: dict[str, Organisation]) -> None:
    data = xlsx_bytes(
        [
            ["Kommunekode", "Kommune", 2022, 2023],
            [851, "Aalborg", 9.5, 9.1],
            ["0630", "Vejle", 8.0, 8.25],
        ]
    )
    result = plan(data, READMISSIONS, "w.xlsx")
    assert result.errors == []
    apply_plan(result, IndicatorImport(indicator=READMISSIONS, filename="w.xlsx"))
    assert stored(dk["0851"], 2023, READMISSIONS).value == pytest.approx(9.1)
    assert stored(dk["0630"], 2023, READMISSIONS).value == pytest.approx(8.25)


def test_long_xlsx(dk: dict[str, Organisation]) -> None:
    data = xlsx_bytes(
        [
            ["Kommune", "Kommunekode", "År", "Tæller", "Nævner", "Værdi"],
            ["Vejle", 630, 2023, 250, 2500, 10.0],
            ["Vejle", 630, 2024, 240, 2500, 9.6],
        ]
    )
    result = plan(data, READMISSIONS, "l.xlsx")
    assert result.errors == [] and len(result.values) == 2


def test_quarters_are_stored_apart_from_years(dk: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Region;Kvartal;Tæller;Nævner\nRegion Sjælland;2024K1;80;100\nSjælland;2024;300;400\n"
    )
    save(data, "dk-diagnosis-within-30-days")
    kinds = set(IndicatorValue.objects.filter(area=dk["1085"]).values_list("period_kind", "period"))
    assert kinds == {
        (PeriodKind.QUARTER, dt.date(2024, 1, 1)), (PeriodKind.YEAR, dt.date(2024, 1, 1))
    }  # fmt: skip


def test_unknown_area_names_row_and_column(dk: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Kommune;Kommunekode;År;Værdi\nAarhus;0751;2023;50\nChristiansø;0411;2023;1\n"
        "Atlantis;;2023;5\n"
    )
    result = plan(data)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Kommunekode"), (4, "Kommune")]
    assert "0411" in result.errors[0].message
    assert "Atlantis" in result.errors[1].message


def test_code_and_name_that_disagree_is_an_error(dk: dict[str, Organisation]) -> None:
    result = plan(csv_bytes("Kommune;Kommunekode;År;Værdi\nAarhus;0101;2023;50\n"))
    assert len(result.errors) == 1
    assert "Københavns Kommune" in result.errors[0].message


def test_area_of_a_level_the_indicator_is_not_published_for(dk: dict[str, Organisation]) -> None:
    result = plan(
        csv_bytes("Område;År;Værdi\nAarhus;2023;80,1\nDanmark;2023;81,0\n"), "dk-life-expectancy"
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "Område")]


def test_bad_numbers_and_periods(dk: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Kommune;År;Tæller;Nævner;Værdi\n"
        "Aarhus;2023;mange;100;\n"
        "Odense;23;10;100;\n"
        "Vejle;2023;10;0;\n"
        "Aalborg;2023;10;;\n"
        "Læsø;2023;-1;100;\n"
    )
    result = plan(data)
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (2, "Tæller"), (3, "År"), (4, "Nævner"), (5, "Nævner"), (6, "Tæller")
    ]  # fmt: skip
    assert result.values == []
    assert "2024K1" in result.errors[1].message


def test_inconsistent_value_is_an_error_but_rounding_is_not(dk: dict[str, Organisation]) -> None:
    data = csv_bytes(
        "Kommune;År;Tæller;Nævner;Værdi\n"
        "Aarhus;2023;1;3;333,3\n"  # 333.33...: rounded to one decimal
        "Odense;2023;2;3;667\n"  # 666.67: rounded to a whole number
        "Vejle;2023;1;3;340,0\n"
        "Aalborg;2023;12.500;1.000;12.500\n"  # thousands separators: 12500, no decimals
    )
    with translation.override("da"):  # numbers in the message follow the page's language
        result = plan(data)
    assert [(e.row, e.column) for e in result.errors] == [(4, "Værdi")]
    assert "333,3333" in result.errors[0].message and "340,0" in result.errors[0].message


def test_a_proportion_above_one_is_an_error(dk: dict[str, Organisation]) -> None:
    # Readmissions are a proportion: more readmissions than discharges cannot be.
    data = csv_bytes("Kommune;År;Tæller;Nævner\nAarhus;2023;30;300\nOdense;2023;301;300\n")
    with translation.override("en"):
        result = plan(data, READMISSIONS)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Tæller")]
    assert "numerator no greater than the denominator" in result.errors[0].message
    # A rate may exceed 1 per person (admissions per citizen): not an error there.
    assert not plan(data).errors


def test_same_area_and_period_twice_is_an_error(dk: dict[str, Organisation]) -> None:
    result = plan(csv_bytes("Kommune;År;Værdi\nAarhus;2023;5\nAarhus Kommune;2023;6\n"))
    assert [e.row for e in result.errors] == [3]


def test_reimport_is_idempotent_and_changes_are_counted(dk: dict[str, Organisation]) -> None:
    first = csv_bytes("Kommune;År;Tæller;Nævner\nAarhus;2023;10;100\nOdense;2023;20;100\n")
    save(first)
    again = plan(first)
    assert (again.count("new"), again.count("updated"), again.count("unchanged")) == (0, 0, 2)
    changed = csv_bytes(
        "Kommune;År;Tæller;Nævner\nAarhus;2023;11;100\nOdense;2023;20;100\nVejle;2023;5;50\n"
    )
    record = save(changed)
    assert (record.created, record.updated, record.unchanged) == (1, 1, 1)
    assert stored(dk["0751"], 2023).numerator == 11
    assert IndicatorValue.objects.count() == 3


def test_nothing_is_saved_while_any_row_has_an_error(dk: dict[str, Organisation]) -> None:
    result = plan(csv_bytes("Kommune;År;Værdi\nAarhus;2023;5\nAtlantis;2023;6\n"))
    assert len(result.values) == 1 and len(result.errors) == 1
    with pytest.raises(PlanError):
        apply_plan(result, IndicatorImport(indicator=PREVENTABLE, filename="f.csv"))
    assert not IndicatorValue.objects.exists()


def test_value_only_indicator(dk: dict[str, Organisation]) -> None:
    save(csv_bytes("Kommune;År;Værdi\nAarhus;2023;14,5\n"), WAITING)
    assert stored(dk["0751"], 2023, WAITING).value == 14.5


def test_files_that_are_not_sheets_keep_the_readers_message(dk: dict[str, Organisation]) -> None:
    with translation.override("en"), pytest.raises(ReadError, match="old Excel"):
        read_indicator_table(b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "old.xls")
    with translation.override("en"), pytest.raises(ReadError, match="Kommune;2022;2023;2024"):
        read_indicator_table(csv_bytes("Navn;Alder\nx;1\n"), "f.csv")


def test_unknown_indicator_and_missing_columns(dk: dict[str, Organisation]) -> None:
    table = read_indicator_table(csv_bytes("Kommune;År;Værdi\nAarhus;2023;5\n"))
    with translation.override("en"), pytest.raises(PlanError, match="not an indicator"):
        plan_import(table, "no-such-indicator")
    with pytest.raises(ReadError):
        read_indicator_table(csv_bytes("Kommune;Tæller\nAarhus;5\n"))


def test_norwegian_wide_csv_and_xlsx(no: dict[str, Organisation]) -> None:
    text = "Kommunenummer;Kommune;2023;2024\n4601;Bergen;77,5;79,0\n;Hele landet;80,1;81,3\n"
    sheet = xlsx_bytes(
        [["Kommunenummer", "Kommune", "2023", "2024"], ["5001", "Trondheim", 70.25, 72.0]]
    )
    for data, name in ((csv_bytes(text), "n.csv"), (sheet, "n.xlsx")):
        result = plan(data, NO_REVIEW, name)
        assert result.wide and result.errors == []
        apply_plan(result, IndicatorImport(indicator=NO_REVIEW, filename=name))
    assert stored(no["4601"], 2024, NO_REVIEW).value == 79.0
    assert stored(no["NO"], 2023, NO_REVIEW).value == 80.1
    assert stored(no["5001"], 2023, NO_REVIEW).value == 70.25


def test_totals_rows_are_skipped_and_reported(dk: dict[str, Organisation]) -> None:
    result = plan(csv_bytes("Kommune;År;Værdi\nAarhus;2023;5\nI alt;2023;5\n"))
    assert result.errors == [] and len(result.values) == 1 and result.total_rows == [3]
