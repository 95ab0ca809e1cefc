"""The reading layer: bytes in, a table out (encodings, delimiters, header, xlsx)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from forbedring.web.imports import reading
from forbedring.web.imports.cells import Style
from forbedring.web.imports.headers import field_for, header_style
from forbedring.web.imports.reading import ReadError, read_table, sniff_delimiter

TEXT = "Dato;Tæller;Nævner;Kommentar\n01-01-2024;3;10;Første måned\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"), (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"), (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)  # fmt: skip
def test_read_table_detects_the_encoding(data: bytes, encoding: str) -> None:
    table = read_table(data, "x.csv")
    assert table.encoding == encoding
    assert table.header == ["Dato", "Tæller", "Nævner", "Kommentar"]
    assert table.rows[0].cells[3] == "Første måned"
    assert table.rows[0].number == 2


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_sniff_delimiter_finds_the_consistent_separator(delimiter: str) -> None:
    text = TEXT.replace(";", delimiter).replace("Første måned", '"a; b, c"')
    assert sniff_delimiter(text) == delimiter


def test_read_table_skips_title_lines_empty_rows_columns_and_totals() -> None:
    text = (
        "Tryksår 2024;;;;\n;;;;\nDato;Tæller;Nævner;;\n01-01-2024;3;10;;\n;;;;\n"
        "01-02-2024;4;10;;\nI alt;7;20;;\n"
    )
    table = read_table(text.encode(), "x.csv")
    assert table.header_row == 3
    assert table.header == ["Dato", "Tæller", "Nævner"]
    assert [r.number for r in table.rows] == [4, 6]
    assert table.total_rows == [7]


def test_read_table_drops_empty_columns_and_names_unnamed_ones() -> None:
    with translation.override("en"):
        table = read_table(b";Dato;;;Antal\n;01-01-2024;;7;3\n", "x.csv")
    assert table.header == ["Dato", "Column 4", "Antal"]
    assert table.rows[0].cells == ("01-01-2024", "7", "3")


def test_read_table_reads_typed_xlsx_cells() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Måned", "Tæller", "Nævner", "Kommentar"])
    sheet.append([dt.datetime(2024, 1, 1), 3, 10.5, "a, b"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "x.xlsx")
    assert table.kind == "xlsx"
    assert table.rows[0].cells == (dt.datetime(2024, 1, 1), 3, 10.5, "a, b")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"), (b"\xd0\xcf\x11\xe0rest", ".xls"), (b"%PDF-1.4", "PDF"),
        (b"PK\x03\x04broken", "damaged"), (b"1;2;3\n4;5;6\n", "No header row"),
        (b"\x00\x01\x02\x03" * 100, "not a text file"), (b"Dato;Antal\n", "no rows of data"),
    ],
)  # fmt: skip
def test_read_table_refuses_what_it_cannot_read(data: bytes, message: str) -> None:
    with translation.override("en"), pytest.raises(ReadError) as refused:
        read_table(data, "x.csv")
    assert message in refused.value.message


def test_read_table_refuses_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    with translation.override("en"), pytest.raises(ReadError) as refused:
        read_table(("Dato;Antal\n" + "01-01-2024;1\n" * 4).encode(), "x.csv")
    assert "more than 3 rows" in refused.value.message


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("Dato", "period"), ("Måned", "period"), ("MÅNED", "period"),
        ("Tæller (antal)", "numerator"),
        ("Teller", "numerator"), ("Nævner", "denominator"), ("Nevner", "denominator"),
        ("Værdi", "value"), ("Verdi", "value"), ("Kommentar", "comment"), ("Måling", "measure"),
        ("Avdeling", "team"), ("Numerator", "numerator"), ("Titel", None),
    ],
)  # fmt: skip
def test_field_for_suggests_fields_from_da_nb_en_names(name: str, field: str | None) -> None:
    assert field_for(name) == field


def test_header_style_follows_the_header_language() -> None:
    assert header_style(["Dato", "Tæller"]) is Style.COMMA
    assert header_style(["Date", "Numerator"]) is Style.POINT
    assert header_style(["Team", "X"]) is None


def test_read_table_obeys_excels_sep_line_and_keeps_row_numbers() -> None:
    table = read_table(b"sep=,\nDato,Antal\n01-01-2024,3\n", "x.csv")
    assert table.delimiter == ","
    assert table.header == ["Dato", "Antal"]
    assert table.rows[0].number == 3
