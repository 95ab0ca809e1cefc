"""Django admin for local goals: for site administrators to look up and correct.

The indicators are edited inline under their goal (an indicator link means nothing alone).
The admin form applies the actions' rule for projects, so a goal cannot be linked to another
organisation's project from here either.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from forbedring.web.goals.actions import organisation_projects
from forbedring.web.goals.models import LocalGoal, LocalGoalIndicator


class LocalGoalIndicatorInline(admin.TabularInline):
    model = LocalGoalIndicator
    extra = 0


class LocalGoalAdminForm(forms.ModelForm):
    class Meta:
        model = LocalGoal
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organisation, projects = data.get("organisation"), data.get("projects")
        if organisation is not None and projects:
            allowed = set(organisation_projects(organisation).values_list("pk", flat=True))
            for project in projects:
                if project.pk not in allowed:
                    self.add_error(
                        "projects",
                        ValidationError(
                            _("“%(project)s” is not a project of a team in %(organisation)s."),
                            params={"project": project, "organisation": organisation},
                        ),
                    )
                    break
        return data


@admin.register(LocalGoal)
class LocalGoalAdmin(admin.ModelAdmin):
    form = LocalGoalAdminForm
    list_display = ["title", "organisation", "national_goal", "target", "target_year"]
    list_filter = ["national_goal", "organisation__country"]
    search_fields = ["title", "description", "target", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "projects", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [LocalGoalIndicatorInline]
