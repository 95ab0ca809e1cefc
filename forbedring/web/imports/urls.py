"""URLs of the imports app (C7)."""

from django.urls import path

from forbedring.web.imports import views

app_name = "imports"
urlpatterns = [
    path("teams/<int:team_id>/", views.upload, name="upload"),
    path("teams/<int:team_id>/measures/<int:measure_id>/", views.upload, name="upload_measure"),
    path("<int:job_id>/mapping/", views.mapping, name="mapping"),
    path("<int:job_id>/preview/", views.preview, name="preview"),
    path("<int:job_id>/confirm/", views.confirm, name="confirm"),
    path("<int:job_id>/", views.status, name="status"),
    path("<int:job_id>/rejected.csv", views.rejected, name="rejected"),
]
