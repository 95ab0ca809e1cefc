"""A team's improvement projects: list, project page, driver diagram, PDSA cycles, summary.

Every URL names the team first, so the access rules of the team apply (a project is its
team's; the organisation's leaders see it). The views are split by concept.
"""

from django.urls import path

from forbedring.web.improvement import views_diagram, views_pdsa, views_project

urlpatterns = [
    path("<int:team_id>/projects/", views_project.project_list, name="project_list"),
    path("<int:team_id>/projects/new/", views_project.project_new, name="project_new"),
    path(
        "<int:team_id>/projects/<int:project_id>/",
        views_project.project_detail,
        name="project_detail",
    ),
    path(
        "<int:team_id>/projects/<int:project_id>/edit/",
        views_project.project_edit,
        name="project_edit",
    ),
]
urlpatterns += views_project.extra_urls + views_diagram.urls + views_pdsa.urls
