"""``manage.py import_indicator_values``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from forbedring.web.indicators.models import IndicatorImport, IndicatorValue
from forbedring.web.organisations.models import Organisation
from tests.web.indicators.conftest import csv_bytes

pytestmark = pytest.mark.django_db
INDICATOR = "dk-bed-days-ready-for-discharge"


def run(path: Path, *extra: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_indicator_values", str(path), *extra, stdout=out)
    return out.getvalue()


def test_imports_and_reimports(dk: dict[str, Organisation], tmp_path: Path) -> None:
    path = tmp_path / "sengedage.csv"
    path.write_bytes(csv_bytes("Kommunekode;År;Tæller;Nævner\n101;2024;900;60000\n"))
    out = run(path, "--indicator", INDICATOR, "--source", "eSundhed")
    assert "1 new, 0 changed, 0 unchanged" in out
    value = IndicatorValue.objects.get()
    assert value.area == dk["0101"] and value.value == pytest.approx(15.0)
    assert value.source == "eSundhed"
    assert "0 new, 0 changed, 1 unchanged" in run(path, "--indicator", INDICATOR)
    assert IndicatorImport.objects.filter(status="imported").count() == 2


def test_row_errors_import_nothing(dk: dict[str, Organisation], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("Kommunekode;År;Tæller;Nævner\n101;2024;900;60000\n9999;2024;1;2\n"))
    with pytest.raises(CommandError, match=r"row 3, column Kommunekode: .*9999"):
        run(path, "--indicator", INDICATOR)
    assert not IndicatorValue.objects.exists() and not IndicatorImport.objects.exists()


def test_unknown_indicator_and_missing_file(dk: dict[str, Organisation], tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes("Kommunekode;År;Værdi\n101;2024;1\n"))
    with pytest.raises(CommandError, match="not an indicator"):
        run(path, "--indicator", "dk-nope")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv", "--indicator", INDICATOR)


def test_load_indicator_areas_creates_what_is_missing_once(db: None) -> None:
    aarhus = Organisation.objects.create(
        name="Aarhus Kommune", kind="municipality", country="DK", official_code="0751"
    )
    out = io.StringIO()
    call_command("load_indicator_areas", stdout=out)
    assert "104 area(s) created" in out.getvalue()  # 97 + 5 regions + Danmark + Norge
    assert Organisation.objects.filter(official_code="0751").get() == aarhus
    call_command("load_indicator_areas", stdout=out)
    assert "0 area(s) created" in out.getvalue()
    assert Organisation.objects.filter(country="DK", kind="municipality").count() == 98
