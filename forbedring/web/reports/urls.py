"""URLs of the status reports (issue #8)."""

from django.urls import path

from forbedring.web.reports import views, views_batch

app_name = "reports"
urlpatterns = [
    path("status/", views_batch.batches, name="batches"),
    path("status/batch/<int:batch_id>/", views_batch.batch, name="batch"),
    path("status/batch/<int:batch_id>/delete/", views_batch.delete, name="batch_delete"),
    path("status/batch/<int:batch_id>/download/", views_batch.download, name="batch_download"),
    path("status/<int:area_id>/", views.status, name="status"),
    path("status/<int:area_id>/pdf/", views.status_pdf, name="status_pdf"),
]
