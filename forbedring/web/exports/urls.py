"""URLs of the exports app (C7), mounted at ``/exports/``."""

from django.urls import path

from forbedring.web.exports import views

app_name = "exports"

_MEASURE = "teams/<int:team_id>/measures/<int:measure_id>"

urlpatterns = [
    path(f"{_MEASURE}/series.csv", views.measure_csv, {"kind": "series"}, name="series_csv"),
    path(
        f"{_MEASURE}/observations.csv",
        views.measure_csv,
        {"kind": views.OBSERVATIONS},
        name="observations_csv",
    ),
    path(f"{_MEASURE}/series.xlsx", views.measure_xlsx, {"kind": "series"}, name="series_xlsx"),
    path(
        f"{_MEASURE}/observations.xlsx",
        views.measure_xlsx,
        {"kind": views.OBSERVATIONS},
        name="observations_xlsx",
    ),
    path(f"{_MEASURE}/chart.png", views.measure_chart, {"fmt": "png"}, name="chart_png"),
    path(f"{_MEASURE}/chart.svg", views.measure_chart, {"fmt": "svg"}, name="chart_svg"),
    path(f"{_MEASURE}/chart.pdf", views.measure_chart, {"fmt": "pdf"}, name="chart_pdf"),
    path("teams/<int:team_id>/workbook.xlsx", views.team_xlsx, name="team_xlsx"),
    path("networks/<int:network_id>/workbook.xlsx", views.network_xlsx, name="network_xlsx"),
]
