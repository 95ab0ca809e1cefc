"""URLs of the indicators app (issue #8, indicator values)."""

from django.urls import path

from forbedring.web.indicators import views, views_indicator, views_overview

app_name = "indicators"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:import_id>/", views.preview, name="preview"),
    path("import/<int:import_id>/confirm/", views.confirm, name="confirm"),
    path("overview/", views_overview.overview, name="overview"),
    path("", views_indicator.index, name="index"),
    path("<str:indicator_id>/", views_indicator.values, name="values"),
]
