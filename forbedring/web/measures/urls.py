"""A team's pages: home, monthly data entry, measure pages and new measures."""

from django.urls import path

from forbedring.web.measures import views_entry, views_measure, views_new, views_team

urlpatterns = [
    path("<int:team_id>/", views_team.team_home, name="team_home"),
    path("<int:team_id>/entry/", views_entry.data_entry, name="data_entry"),
    path("<int:team_id>/measures/new/", views_new.measure_new, name="measure_new"),
    path("<int:team_id>/measures/suggest/", views_new.suggest_chart, name="measure_suggest_chart"),
    path(
        "<int:team_id>/measures/<int:measure_id>/",
        views_measure.measure_detail,
        name="measure_detail",
    ),
    path(
        "<int:team_id>/measures/<int:measure_id>/events/",
        views_measure.add_event,
        name="measure_add_event",
    ),
    path(
        "<int:team_id>/measures/<int:measure_id>/events/<int:event_id>/delete/",
        views_measure.delete_event,
        name="measure_delete_event",
    ),
]
