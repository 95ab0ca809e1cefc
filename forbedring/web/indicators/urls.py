"""URLs of the indicators app (issue #8, indicator values)."""

from django.urls import path

from forbedring.web.indicators import views

app_name = "indicators"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:import_id>/", views.preview, name="preview"),
    path("import/<int:import_id>/confirm/", views.confirm, name="confirm"),
    path("<str:indicator_id>/", views.values, name="values"),
]
