"""Django admin for measures, the teams that report them, observations and series events.

Observations are shown, never changed, here: a correction must go through the data entry
page, which keeps the previous values as an :class:`ObservationRevision` (the audit trail).
The admin shows that history read-only under each observation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from forbedring.web.measures.models import (
    Measure,
    Observation,
    ObservationRevision,
    SeriesEvent,
    TeamMeasure,
)


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "chart_type", "frequency", "direction", "target", "owner"]
    list_filter = ["kind", "chart_type", "frequency", "rule_set", "organisation"]
    search_fields = ["name", "description"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "organisation", "description"]}),
        (
            _("operational definition"),
            {"fields": [
                "numerator", "denominator", "inclusion", "exclusion", "data_source", "sampling",
            ]},
        ),
        (
            _("chart"),
            {"fields": [
                "chart_type", "has_denominator", "multiplier", "unit_label", "direction",
                "rule_set", "target", "target_date", "frequency", "first_period",
            ]},
        ),
    ]  # fmt: skip

    @admin.display(description=_("owner"), ordering="organisation__name")
    def owner(self, obj: Measure) -> str:
        return obj.organisation.name if obj.organisation else _("shared")


@admin.register(TeamMeasure)
class TeamMeasureAdmin(admin.ModelAdmin):
    list_display = ["team", "measure", "position"]
    list_filter = ["measure", "team__unit__organisation"]
    search_fields = ["team__name", "measure__name"]
    list_select_related = ["team", "measure"]
    autocomplete_fields = ["team", "measure"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ObservationRevisionInline(ReadOnlyInline):
    """Earlier values of the observation, newest first: who entered them, who replaced them."""

    model = ObservationRevision
    fields = readonly_fields = [
        "version", "numerator", "denominator", "value", "comment",
        "entered_by", "entered_at", "replaced_by", "replaced_at",
    ]  # fmt: skip


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = [
        "period", "team", "measure", "numerator", "denominator", "value", "version",
        "entered_by", "entered_at",
    ]  # fmt: skip
    list_filter = ["measure", "team__unit__organisation", "team"]
    search_fields = ["team__name", "measure__name", "comment"]
    date_hierarchy = "period"
    list_select_related = ["team", "measure", "entered_by"]
    inlines = [ObservationRevisionInline]

    # Shown, never changed or deleted here, so every correction leaves its revision.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SeriesEvent)
class SeriesEventAdmin(admin.ModelAdmin):
    list_display = ["period", "kind", "text", "team", "measure", "created_by", "created_at"]
    list_filter = ["kind", "measure", "team__unit__organisation"]
    search_fields = ["text", "team__name", "measure__name"]
    date_hierarchy = "period"
    list_select_related = ["team", "measure", "created_by"]
    autocomplete_fields = ["team", "measure"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: SeriesEvent, form: Any, change: bool) -> None:
        # Who made an event is recorded, not chosen.
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
