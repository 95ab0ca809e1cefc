"""Django admin for improvement projects: for site administrators to look up and correct.

Members, measures and what matters are edited inline under their project, since none of them
means anything on its own; drivers, change ideas and PDSA cycles get their own lists because
there are many of them and they are searched for by text.
"""

from __future__ import annotations

from django.contrib import admin

from forbedring.web.improvement.models import (
    ChangeIdea,
    Driver,
    PdsaCycle,
    Project,
    ProjectMeasure,
    ProjectMember,
    WhatMatters,
)


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    autocomplete_fields = ["user"]


class ProjectMeasureInline(admin.TabularInline):
    model = ProjectMeasure
    extra = 0
    autocomplete_fields = ["measure"]


class WhatMattersInline(admin.StackedInline):
    model = WhatMatters
    extra = 0
    filter_horizontal = ["change_ideas"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "status", "start", "end"]
    list_filter = ["status", "team__unit__organisation"]
    search_fields = ["title", "aim_statement", "problem"]
    list_select_related = ["team"]
    autocomplete_fields = ["team", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProjectMemberInline, ProjectMeasureInline, WhatMattersInline]


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = ["text", "project", "parent", "position"]
    search_fields = ["text", "project__title"]
    list_select_related = ["project", "parent"]
    autocomplete_fields = ["project", "parent"]


@admin.register(ChangeIdea)
class ChangeIdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "status", "implemented_on"]
    list_filter = ["status"]
    search_fields = ["title", "description", "project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project", "driver"]


@admin.register(PdsaCycle)
class PdsaCycleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "change_idea", "start", "end", "decision"]
    list_filter = ["decision"]
    search_fields = ["title", "objective", "project__title"]
    list_select_related = ["project", "change_idea"]
    autocomplete_fields = ["project", "change_idea", "previous", "created_by"]
