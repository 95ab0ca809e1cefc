"""CSV downloads of a measure: language-dependent format, numbers that read back to the
database's values and the engine's statistics, formula guarding, file names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation

from forbedring.spc import qic
from forbedring.web.core.numbers import parse_number
from forbedring.web.exports.cells import guarded
from forbedring.web.exports.csv_files import csv_bytes
from forbedring.web.exports.rows import SERIES_COLUMNS, TEXT, Column
from forbedring.web.measures.models import Observation, SeriesEvent
from forbedring.web.measures.queries import EPOCH
from tests.web.exports.conftest import EVIL, FALLS_A, client_for

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


def url(w: dict[str, Any], name: str, measure: str = "falls", team: str = "team_a") -> str:
    return reverse(f"exports:{name}", args=[w[team].pk, w[measure].pk])


def read(content: bytes, delimiter: str) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def number(text: str, lang: str = "da") -> float | None:
    return None if text == "" else float(parse_number(text, lang))


def test_series_csv_danish_has_bom_semicolons_and_translated_headers(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"], "da").get(url(world, "series_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    header = response.content.decode("utf-8-sig").splitlines()[0]
    with translation.override("da"):
        expected = [str(column.header) for column in SERIES_COLUMNS]
    assert header == ";".join(expected)
    assert header.startswith("Periode;Tæller;Nævner")  # translated (these texts are old)


def test_series_csv_english_has_commas_points_and_no_bom(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"], "en").get(url(world, "series_csv"))
    assert not response.content.startswith(BOM)
    rows = read(response.content, ",")
    assert rows[0][:5] == ["Period", "Numerator", "Denominator", "Entered value", "Plotted value"]
    first = rows[1]
    assert first[0] == "2024-01-01"
    assert first[4] == "6"  # 9 / 1500 × 1000
    second = rows[2]
    assert "." in second[4] and float(second[4]) == pytest.approx(8 / 1500 * 1000)


def test_series_csv_numbers_match_database_and_engine(world: dict[str, Any]) -> None:
    """Parsed back with the Danish rules, every number is the database's value or the
    engine's (qic run here directly on the same data, with the phase from July)."""
    rows = read(client_for(world["member_a"], "da").get(url(world, "series_csv")).content, ";")
    body = rows[1:]
    col = {column.key: i for i, column in enumerate(SERIES_COLUMNS)}
    observations = list(
        Observation.objects.filter(measure=world["falls"], team=world["team_a"]).order_by("period")
    )
    assert len(body) == len(observations) == len(FALLS_A)
    periods = [o.period for o in observations]
    result = qic(
        [o.numerator for o in observations],
        x=np.array([(p - EPOCH).days for p in periods], dtype=float),
        n=[o.denominator for o in observations],
        chart="u", part=[6], multiply=1000.0,
    )  # fmt: skip
    for i, (row, obs) in enumerate(zip(body, observations, strict=True)):
        assert dt.date.fromisoformat(row[0]) == obs.period
        assert number(row[col["numerator"]]) == obs.numerator
        assert number(row[col["denominator"]]) == obs.denominator
        assert row[col["entered_value"]] == ""  # a ratio measure: no single value
        assert number(row[col["value"]]) == pytest.approx(
            obs.numerator / obs.denominator * 1000, rel=1e-12
        )
        assert number(row[col["centre"]]) == pytest.approx(result.cl[i], rel=1e-12)
        assert number(row[col["upper"]]) == pytest.approx(result.ucl[i], rel=1e-12)
        lower = number(row[col["lower"]])
        if math.isnan(result.lcl[i]):
            assert lower is None
        else:
            assert lower == pytest.approx(result.lcl[i], rel=1e-12)
        assert int(row[col["phase"]]) == int(result.part[i])
    assert [int(r[col["phase"]]) for r in body] == [1] * 6 + [2] * 6
    with translation.override("da"):
        assert body[6][col["note"]] == f"{SeriesEvent.Kind.PHASE.label}: Natlys indført"
    assert body[6][col["note"]].startswith("Ny fase")


def test_series_csv_centre_line_changes_at_the_phase(world: dict[str, Any]) -> None:
    rows = read(client_for(world["member_a"], "en").get(url(world, "series_csv")).content, ",")
    centre = [float(r[5]) for r in rows[1:]]
    assert centre[0] == pytest.approx(sum(FALLS_A[:6]) / (6 * 1500) * 1000)
    assert centre[-1] == pytest.approx(sum(FALLS_A[6:]) / (6 * 1500) * 1000)


def test_series_csv_value_measure_writes_entered_value(world: dict[str, Any]) -> None:
    rows = read(
        client_for(world["member_a"], "en").get(url(world, "series_csv", "weighed")).content, ","
    )
    assert rows[1][1:5] == ["", "", "20", "20"]
    assert rows[1][6:8] == ["", ""]  # a run chart has no limits
    assert rows[1][10] in {"Yes", "No"}  # the runs analysis of the phase


def test_observations_csv_adds_who_when_and_version(world: dict[str, Any]) -> None:
    rows = read(client_for(world["lead_a"], "en").get(url(world, "observations_csv")).content, ",")
    assert rows[0][-3:] == ["Entered by", "Entered at", "Version"]
    assert rows[1][-3] == "member_a"
    assert dt.datetime.fromisoformat(rows[1][-2]).tzinfo is not None
    assert rows[1][-1] == "2" and rows[2][-1] == "1"


def test_series_csv_guards_a_formula_comment_and_keeps_danish_letters(
    world: dict[str, Any],
) -> None:
    content = client_for(world["member_a"], "da").get(url(world, "series_csv")).content
    rows = read(content, ";")
    comment = [c.key for c in SERIES_COLUMNS].index("comment")
    assert rows[1][comment] == "'" + EVIL
    assert rows[2][comment] == "Sygdom på afdelingen; få vagter, æøå"  # quoted, not split


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_guarded_prefixes_formula_starts(text: str) -> None:
    assert guarded(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Natlys", "1-2 fald", "'=already"])
def test_guarded_leaves_ordinary_text(text: str) -> None:
    assert guarded(text) == text


def test_csv_numbers_are_not_guarded_even_when_negative() -> None:
    columns = [Column("n", "n", "number"), Column("t", "t", TEXT)]
    content = csv_bytes(columns, [{"n": -2.5, "t": "-2"}], "da")
    assert read(content, ";")[1] == ["-2,5", "'-2"]
    assert parse_number("-2,5", "da") == Decimal("-2.5")


def test_csv_filename_names_team_measure_and_day(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"], "en")
    series = client.get(url(world, "series_csv"))
    assert series["Content-Disposition"] == (
        'attachment; filename="team-a-faldulykker-paa-aeroe-2025-03-15.csv"'
    )
    entries = client.get(url(world, "observations_csv"))
    assert entries["Content-Disposition"] == (
        'attachment; filename="team-a-faldulykker-paa-aeroe-observations-2025-03-15.csv"'
    )


def test_series_csv_norwegian_is_written_like_danish(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"], "nb").get(url(world, "series_csv"))
    assert response.content.startswith(BOM)
    rows = read(response.content, ";")
    assert len(rows[0]) == len(SERIES_COLUMNS)
    value = rows[2][[c.key for c in SERIES_COLUMNS].index("value")]
    assert "," in value and number(value, "nb") == pytest.approx(8 / 1500 * 1000, rel=1e-12)
