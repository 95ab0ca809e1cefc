"""Django admin for learning networks: for site administrators to look up and correct.

People, measures, change ideas, enrolments and sessions are edited inline under their network;
team reports get their own list, since there is one per team and month.
"""

from __future__ import annotations

from django.contrib import admin

from forbedring.web.networks.models import (
    Enrolment,
    LearningSession,
    Network,
    NetworkChangeIdea,
    NetworkMeasure,
    NetworkMember,
    TeamReport,
)


class NetworkMemberInline(admin.TabularInline):
    model = NetworkMember
    extra = 0
    raw_id_fields = ["user"]


class NetworkMeasureInline(admin.TabularInline):
    model = NetworkMeasure
    extra = 0
    raw_id_fields = ["measure"]


class NetworkChangeIdeaInline(admin.TabularInline):
    model = NetworkChangeIdea
    extra = 0


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    raw_id_fields = ["team", "invited_by", "responded_by", "left_by"]
    readonly_fields = ["invited_at", "responded_at", "left_at"]


class LearningSessionInline(admin.TabularInline):
    model = LearningSession
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "package_id", "language", "start", "end"]
    list_filter = ["language", "organiser__country"]
    search_fields = ["name", "organiser__name", "package_id"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "start"
    inlines = [
        NetworkMemberInline,
        NetworkMeasureInline,
        NetworkChangeIdeaInline,
        EnrolmentInline,
        LearningSessionInline,
    ]


@admin.register(TeamReport)
class TeamReportAdmin(admin.ModelAdmin):
    list_display = ["network", "team", "period", "status", "progress_score", "faculty_score"]
    list_filter = ["status", "network"]
    search_fields = ["team__name", "network__name"]
    raw_id_fields = ["team", "updated_by", "faculty_by"]
    date_hierarchy = "period"
