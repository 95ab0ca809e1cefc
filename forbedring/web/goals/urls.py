"""An area's local goals (the goal cascade): /goals/<organisation>/ and its forms."""

from django.urls import path

from forbedring.web.goals import views

urlpatterns = [
    path("<int:organisation_id>/", views.goal_list, name="goal_list"),
    path("<int:organisation_id>/new/", views.goal_new, name="goal_new"),
    path("<int:organisation_id>/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("<int:organisation_id>/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
]
