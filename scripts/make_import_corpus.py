"""Build the corpus of awkward import files in tests/web/imports/corpus/ (C7).

Synthetic data only. Files written by LibreOffice (Debian's ``libreoffice-calc-nogui``) where
that is how real files come about: CSV in Danish and Norwegian locale (LibreOffice formats the
cells as the locale shows them when ``LANG`` is set), Windows-1252 and UTF-16 CSV, .xlsx
re-saved by LibreOffice, .ods and .xls. The rest is made by hand here: byte-order marks, title
lines, totals rows, duplicates and the other edge cases. ``manifest.json`` says what each file
must give; ``tests/web/imports/test_corpus.py`` checks every file against it.

    .venv/bin/python scripts/make_import_corpus.py     # needs soffice on the PATH
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "web" / "imports" / "corpus"
P_MEASURE = "Risikovurdering"  # P chart: numerator <= denominator, monthly
G_MEASURE = "Dage mellem tryksår"  # G chart: one value, monthly
I_MEASURE = "Gennemsnitlig vægt"  # I chart: one value with decimals, monthly
DAILY_MEASURE = "Fald pr. dag"  # run chart: one value, daily

manifest: list[dict[str, object]] = []


def months(n: int, first: dt.date = dt.date(2023, 1, 1)) -> list[dt.date]:
    return [
        dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(n)
    ]


# Synthetic P chart data: 24 months, denominators above 1,000 so thousands separators appear.
P_ROWS = [(d, 700 + (i * 37) % 300, 1100 + (i * 53) % 400) for i, d in enumerate(months(24))]
I_ROWS = [(d, round(71.5 + ((i * 7) % 10) / 4, 2)) for i, d in enumerate(months(12))]


def add(name: str, expect: str, **details: object) -> None:
    manifest.append({"file": name, "expect": expect, **details})


def write(name: str, content: str | bytes, encoding: str = "utf-8") -> None:
    data = content.encode(encoding) if isinstance(content, str) else content
    (CORPUS / name).write_bytes(data)


def soffice(
    source: Path, target_filter: str, outdir: Path, lang: str, infilter: str | None = None
) -> Path:
    env = {**os.environ, "LANG": lang, "LC_ALL": lang, "HOME": str(outdir)}
    command = ["soffice", "--headless", "--convert-to", target_filter, "--outdir", str(outdir)]
    if infilter:
        command[2:2] = ["--infilter=" + infilter]
    subprocess.run([*command, str(source)], check=True, env=env, capture_output=True, timeout=120)
    produced = sorted(outdir.glob(source.stem + ".*"), key=lambda p: p.stat().st_mtime)
    return [p for p in produced if p != source][-1]


def p_workbook(path: Path, *, date_format: str, number_format: str, header: list[str]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for i, (day, numerator, denominator) in enumerate(P_ROWS):
        comment = "Ny procedure, uge 3" if i == 5 else None
        sheet.append([day, numerator, denominator, comment])
        sheet.cell(row=i + 2, column=1).number_format = date_format
        sheet.cell(row=i + 2, column=2).number_format = number_format
        sheet.cell(row=i + 2, column=3).number_format = number_format
    book.save(path)


def libreoffice_files(work: Path) -> None:
    da_header = ["Dato", "Tæller", "Nævner", "Kommentar"]
    nb_header = ["Dato", "Teller", "Nevner", "Kommentar"]
    first = {"row": 0, "period": "2023-01-01", "numerator": 700, "denominator": 1100}
    ok = {"context_measure": P_MEASURE, "counts": {"new": 24}, "check": first}
    csv_filter = "csv:Text - txt - csv (StarCalc):{sep},34,{charset},1,,{lang}"

    src = work / "p_da.xlsx"
    p_workbook(src, date_format="DD-MM-YYYY", number_format="#,##0", header=da_header)
    out = soffice(src, csv_filter.format(sep=59, charset=76, lang=1030), work, "da_DK.UTF-8")
    shutil.copy(out, CORPUS / "lo_da_semicolon_utf8.csv")
    add("lo_da_semicolon_utf8.csv", "ok", note="LibreOffice da-DK: dd-mm-yyyy, 1.234", **ok)
    out = soffice(src, csv_filter.format(sep=59, charset=1, lang=1030), work, "da_DK.UTF-8")
    shutil.copy(out, CORPUS / "lo_da_semicolon_cp1252.csv")
    add("lo_da_semicolon_cp1252.csv", "ok", note="Windows-1252 header with æ", **ok)
    out = soffice(src, csv_filter.format(sep=9, charset=65535, lang=1030), work, "da_DK.UTF-8")
    shutil.copy(out, CORPUS / "lo_da_tab_utf16.txt")
    add("lo_da_tab_utf16.txt", "ok", note="Unicode text (UTF-16, tabs)", **ok)
    out = soffice(src, "xlsx:Calc MS Excel 2007 XML", work / "resaved", "da_DK.UTF-8")
    shutil.copy(out, CORPUS / "lo_da_resaved.xlsx")
    add("lo_da_resaved.xlsx", "ok", note="xlsx saved by LibreOffice: date and number cells", **ok)
    out = soffice(src, "ods", work, "da_DK.UTF-8")
    shutil.copy(out, CORPUS / "lo_da.ods")
    add("lo_da.ods", "read_error", message="OpenDocument spreadsheet (.ods)")
    out = soffice(src, "xls:MS Excel 97", work, "da_DK.UTF-8")
    shutil.copy(out, CORPUS / "lo_da_excel97.xls")
    add("lo_da_excel97.xls", "read_error", message="old Excel file (.xls)")

    src = work / "p_nb.xlsx"
    p_workbook(src, date_format="DD.MM.YYYY", number_format="#,##0", header=nb_header)
    out = soffice(src, csv_filter.format(sep=59, charset=76, lang=1044), work, "nb_NO.UTF-8")
    shutil.copy(out, CORPUS / "lo_nb_semicolon_utf8.csv")
    add("lo_nb_semicolon_utf8.csv", "ok", note="LibreOffice nb-NO: dd.mm.yyyy, 1 234", **ok)

    src = work / "p_da_months.xlsx"
    p_workbook(src, date_format="MMM YY", number_format="0", header=da_header)
    out = soffice(src, csv_filter.format(sep=59, charset=76, lang=1030), work, "da_DK.UTF-8")
    shutil.copy(out, CORPUS / "lo_da_month_abbreviations.csv")
    add(
        "lo_da_month_abbreviations.csv",
        "ok",
        note="month names as LibreOffice da writes them",
        **ok,
    )
    src = work / "p_nb_months.xlsx"
    p_workbook(src, date_format="MMMM YYYY", number_format="0", header=nb_header)
    out = soffice(src, csv_filter.format(sep=59, charset=76, lang=1044), work, "nb_NO.UTF-8")
    shutil.copy(out, CORPUS / "lo_nb_month_names.csv")
    add("lo_nb_month_names.csv", "ok", note="full nb month names", **ok)

    # Decimal values: an I chart in da (decimal comma) and in en (decimal point, commas).
    book = Workbook()
    sheet = book.active
    sheet.append(["Måned", "Værdi", "Kommentar"])
    for i, (day, value) in enumerate(I_ROWS):
        sheet.append([day, value * 20, "Vejet, uden sko" if i == 0 else None])
        sheet.cell(row=i + 2, column=1).number_format = "DD-MM-YYYY"
        sheet.cell(row=i + 2, column=2).number_format = "#,##0.00"
    book.save(work / "i_da.xlsx")
    ok_i = {"context_measure": I_MEASURE, "counts": {"new": 12}}
    first_i = {"row": 0, "period": "2023-01-01", "value": round(I_ROWS[0][1] * 20, 2)}
    out = soffice(
        work / "i_da.xlsx", csv_filter.format(sep=59, charset=76, lang=1030), work, "da_DK.UTF-8"
    )
    shutil.copy(out, CORPUS / "lo_da_decimal_comma.csv")
    add("lo_da_decimal_comma.csv", "ok", note="1.430,00", check=first_i, **ok_i)
    out = soffice(
        work / "i_da.xlsx", csv_filter.format(sep=44, charset=76, lang=1033), work, "en_US.UTF-8"
    )
    shutil.copy(out, CORPUS / "lo_en_comma_separated.csv")
    add(
        "lo_en_comma_separated.csv",
        "ok",
        note='"1,430.00" quoted, comma separator',
        check=first_i,
        **ok_i,
    )


def p_lines(sep: str = ";", date: str = "%d-%m-%Y", rows: list | None = None) -> list[str]:
    return [f"{d.strftime(date)}{sep}{n}{sep}{m}{sep}" for d, n, m in (rows or P_ROWS)]


def handmade_files() -> None:
    header = "Dato;Tæller;Nævner;Kommentar"
    ok = {"context_measure": P_MEASURE, "counts": {"new": 24}}
    body = "\r\n".join([header, *p_lines()]) + "\r\n"
    write("bom_utf8.csv", "\ufeff" + body)
    add("bom_utf8.csv", "ok", **ok)
    lines = [header, *p_lines()]
    lines[3] = lines[3] + "Særlig indsats på 2. sal, øget fokus"
    write("cp1252_aeoeaa_comment.csv", "\r\n".join(lines), "cp1252")
    add(
        "cp1252_aeoeaa_comment.csv",
        "ok",
        check={"row": 2, "comment": "Særlig indsats på 2. sal, øget fokus"},
        **ok,
    )
    write(
        "utf16_bom_tabs.txt",
        "\ufeff" + "\r\n".join(x.replace(";", "\t") for x in [header, *p_lines()]),
        "utf-16-le",
    )
    add("utf16_bom_tabs.txt", "ok", **ok)
    sep_lines = [line + ("ok, godt" if i == 0 else "") for i, line in enumerate(p_lines())]
    write("excel_sep_line.csv", "\r\n".join(["sep=;", header, *sep_lines]))
    add("excel_sep_line.csv", "ok", check={"row": 0, "comment": "ok, godt"}, **ok)
    write("title_line_above_header.csv", "Risikovurdering, Solgården 2023-2024;;;\n;;;\n" + body)
    add("title_line_above_header.csv", "ok", **ok)
    write(
        "trailing_empty_rows_columns.csv",
        "\n".join(x + ";;;" for x in [header, *p_lines()]) + "\n;;;;;;;\n;;;;;;;\n\n",
    )
    add("trailing_empty_rows_columns.csv", "ok", **ok)
    write(
        "totals_row.csv", body + f"I alt;{sum(r[1] for r in P_ROWS)};{sum(r[2] for r in P_ROWS)};\n"
    )
    add("totals_row.csv", "ok", **ok)
    dup = [header, *p_lines(), p_lines()[3].replace(";;", ";;dobbelt")]
    write("duplicate_period.csv", "\n".join(dup))
    add(
        "duplicate_period.csv",
        "row_errors",
        errors=[[26, "Dato", "row 5 has the same period"]],
        context_measure=P_MEASURE,
    )
    write("empty.csv", b"")
    add("empty.csv", "read_error", message="The file is empty")
    write("only_whitespace.csv", "\r\n  \r\n")
    add("only_whitespace.csv", "read_error", message="The file is empty")
    write("only_header.csv", header + "\r\n")
    add("only_header.csv", "read_error", message="no rows of data")
    write("no_header.csv", "\n".join(p_lines()))
    add("no_header.csv", "read_error", message="No header row found")
    write("csv_named_xlsx.xlsx", body)
    add(
        "csv_named_xlsx.xlsx",
        "ok",
        note="a CSV with the wrong extension is read by its content",
        **ok,
    )
    write(
        "png_named_csv.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
    )
    add("png_named_csv.csv", "read_error", message="not a text file")
    write("fake.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    add("fake.pdf", "read_error", message="PDF")
    serial = [header, *[f"{(d - dt.date(1899, 12, 30)).days};{n};{m};" for d, n, m in P_ROWS]]
    write("excel_serial_dates.csv", "\n".join(serial))
    add("excel_serial_dates.csv", "ok", check={"row": 0, "period": "2023-01-01"}, **ok)
    da_months = [
        "jan.-23",
        "feb-23",
        "mar-23",
        "apr. 2023",
        "maj 2023",
        "jun 2023",
        "juli 2023",
        "aug.-23",
        "sep. 2023",
        "okt. 2023",
        "nov-23",
        "december 2023",
    ]
    write(
        "da_month_names_mixed.csv",
        "\n".join(
            [header, *[f"{t};{n};{m};" for t, (_, n, m) in zip(da_months, P_ROWS, strict=False)]]
        ),
    )
    add(
        "da_month_names_mixed.csv",
        "ok",
        context_measure=P_MEASURE,
        counts={"new": 12},
        check={"row": 4, "period": "2023-05-01"},
    )
    nb_months = [
        "januar 2023",
        "feb. 2023",
        "mars 2023",
        "april 2023",
        "mai 2023",
        "juni 2023",
        "juli 2023",
        "august 2023",
        "sept. 2023",
        "okt. 2023",
        "nov. 2023",
        "des. 2023",
    ]
    write(
        "nb_month_names_mixed.csv",
        "\n".join(
            [
                "Dato;Teller;Nevner;Kommentar",
                *[f"{t};{n};{m};" for t, (_, n, m) in zip(nb_months, P_ROWS, strict=False)],
            ]
        ),
    )
    add(
        "nb_month_names_mixed.csv",
        "ok",
        context_measure=P_MEASURE,
        counts={"new": 12},
        check={"row": 11, "period": "2023-12-01"},
    )
    write(
        "mid_month_dates_snapped.csv",
        "\n".join([header, *[f"{d.replace(day=15):%d.%m.%Y};{n};{m};" for d, n, m in P_ROWS]]),
    )
    add("mid_month_dates_snapped.csv", "ok", check={"row": 1, "period": "2023-02-01"}, **ok)
    write("iso_datetimes.csv", "\n".join([header, *p_lines(date="%Y-%m-%d 00:00:00")]))
    add("iso_datetimes.csv", "ok", **ok)
    future = [header, *p_lines()[:3], "01-01-2099;1;10;"]
    write("future_date.csv", "\n".join(future))
    add(
        "future_date.csv",
        "row_errors",
        context_measure=P_MEASURE,
        errors=[[5, "Dato", "in the future"]],
    )
    bad = [
        header,
        *p_lines()[:3],
        "01-04-2023;1.200;1.100;",
        "01-05-2023;tre;1.100;",
        "31-02-2023;1;2;",
        "01-07-2023;45%;100;",
    ]
    write("row_errors_mixed.csv", "\n".join(bad))
    add(
        "row_errors_mixed.csv",
        "row_errors",
        context_measure=P_MEASURE,
        errors=[
            [5, "Tæller", "numerator cannot be larger"],
            [6, "Tæller", "not “tre”"],
            [7, "Dato", "does not"],
            [8, "Tæller", "percentage"],
        ],
    )
    write("ambiguous_thousands.csv", "Tid,Antal stk\n2023-01-01,1.234\n2023-02-01,15\n")
    add(
        "ambiguous_thousands.csv",
        "row_errors",
        context_measure=G_MEASURE,
        mapping={"period": 0, "value": 1},
        errors=[[2, "Antal stk", "could be a thousands separator"]],
    )
    write("mixed_decimal_separators.csv", header + "\n01-01-2023;12,5;100;\n01-02-2023;12.5;100;\n")
    add(
        "mixed_decimal_separators.csv",
        "plan_error",
        context_measure=P_MEASURE,
        message="written in two ways",
    )
    write(
        "english_thousands.csv",
        'Date,Numerator,Denominator\n2023-01-01,700,"1,100"\n2023-02-01,737,"1,153"\n',
    )
    add(
        "english_thousands.csv",
        "ok",
        context_measure=P_MEASURE,
        counts={"new": 2},
        check={"row": 0, "denominator": 1100},
    )
    multi = [
        "Team;Måling;Dato;Tæller;Nævner;Værdi",
        "Solgården;Risikovurdering;01-01-2023;5;10;",
        "Solgården;Dage mellem tryksår;01-01-2023;;;34",
        "Solgården;Risikovurdering;01-02-2023;6;10;",
        "Ukendt team;Risikovurdering;01-03-2023;6;10;",
        "Solgården;Vejr;01-03-2023;;;3",
    ]
    write("many_measures_and_teams.csv", "\n".join(multi))
    add(
        "many_measures_and_teams.csv",
        "row_errors",
        errors=[[5, "Team", "no such team"], [6, "Måling", "not “Vejr”"]],
    )
    write("many_measures_valid.csv", "\n".join(multi[:4]))
    add("many_measures_valid.csv", "ok", counts={"new": 3})
    quoted = [header, *p_lines()[:2], '01-03-2023;3;10;"Første linje; anden linje\nog en ny linje"']
    write("quoted_multiline_comment.csv", "\n".join(quoted))
    add(
        "quoted_multiline_comment.csv",
        "ok",
        context_measure=P_MEASURE,
        counts={"new": 3},
        check={"row": 2, "comment": "Første linje; anden linje\nog en ny linje"},
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Tryksår - Solgården", None, None])
    sheet.merge_cells("A1:C1")
    sheet.append(["Måned", "Dage mellem tryksår", "Kommentar"])
    for i, d in enumerate(months(12)):
        sheet.append([d, 20 + i, "Ny madras, stue 4" if i == 2 else None])
    sheet.append(["I alt", sum(20 + i for i in range(12)), None])
    book.save(CORPUS / "merged_title_and_totals.xlsx")
    add(
        "merged_title_and_totals.xlsx",
        "ok",
        context_measure=G_MEASURE,
        mapping={"period": 0, "value": 1, "comment": 2},
        counts={"new": 12},
        check={"row": 2, "value": 22, "comment": "Ny madras, stue 4"},
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Dato", "Tæller", "Nævner"])
    for d, n, m in P_ROWS[:6]:
        sheet.append([(d - dt.date(1899, 12, 30)).days, str(n), f"{m:,}".replace(",", ".")])
    book.save(CORPUS / "xlsx_serial_numbers_and_text_numbers.xlsx")
    add(
        "xlsx_serial_numbers_and_text_numbers.xlsx",
        "ok",
        context_measure=P_MEASURE,
        counts={"new": 6},
        check={"row": 0, "period": "2023-01-01", "denominator": 1100},
    )
    start = dt.date(2022, 1, 1)
    daily = [
        "Dag;Antal",
        *[f"{start + dt.timedelta(days=i):%d-%m-%Y};{i % 4}" for i in range(1000)],
    ]
    write("daily_1000_rows.csv", "\n".join(daily))
    add(
        "daily_1000_rows.csv",
        "ok",
        context_measure=DAILY_MEASURE,
        counts={"new": 1000},
        check={"row": 999, "period": "2024-09-26", "value": 3},
    )
    write("month_only_for_daily_measure.csv", "Dag;Antal\njan 2023;3\n")
    add(
        "month_only_for_daily_measure.csv",
        "row_errors",
        context_measure=DAILY_MEASURE,
        errors=[[2, "Dag", "expected a day"]],
    )


def main() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    CORPUS.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "resaved").mkdir()
        libreoffice_files(work)
    handmade_files()
    (CORPUS / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(manifest)} files in {CORPUS}")


if __name__ == "__main__":
    main()
