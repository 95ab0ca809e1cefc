"""Django admin for organisations, units, teams and memberships: the site administrators' tool
for setting up who is where (staff only; everyday work happens on the platform's own pages).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from forbedring.web.measures.models import TeamMeasure
from forbedring.web.organisations.models import Membership, Organisation, Team, Unit

admin.site.site_header = _("Forbedring administration")
admin.site.site_title = _("Forbedring administration")
admin.site.index_title = _("Site administration")


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    show_change_link = True


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    show_change_link = True


class TeamMeasureInline(admin.TabularInline):
    model = TeamMeasure
    extra = 0
    autocomplete_fields = ["measure"]


class TeamMembershipInline(admin.TabularInline):
    """The team's members and leads (organisation roles are set on the organisation)."""

    model = Membership
    fk_name = "team"
    extra = 0
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    verbose_name = _("team membership")
    verbose_name_plural = _("team memberships")


class OrganisationMembershipInline(admin.TabularInline):
    """Leaders, quality consultants and network organisers of the organisation."""

    model = Membership
    fk_name = "organisation"
    extra = 0
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    verbose_name = _("organisation membership")
    verbose_name_plural = _("organisation memberships")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "official_code", "unit_count"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "official_code"]
    inlines = [UnitInline, OrganisationMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).annotate(unit_total=Count("units", distinct=True))

    @admin.display(description=_("units"), ordering="unit_total")
    def unit_count(self, obj: Organisation) -> int:
        return obj.unit_total  # from get_queryset's annotation


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind", "organisation__country", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "organisation_name"]
    list_filter = ["unit__organisation__country", "unit__organisation", "unit__kind"]
    search_fields = ["name", "unit__name", "unit__organisation__name"]
    list_select_related = ["unit__organisation"]
    autocomplete_fields = ["unit"]
    inlines = [TeamMeasureInline, TeamMembershipInline]

    @admin.display(description=_("organisation"), ordering="unit__organisation__name")
    def organisation_name(self, obj: Team) -> str:
        return obj.unit.organisation.name


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "team", "organisation"]
    list_filter = ["role", "organisation", "team__unit__organisation"]
    search_fields = [
        "user__username", "user__first_name", "user__last_name",
        "team__name", "organisation__name",
    ]  # fmt: skip
    list_select_related = ["user", "team", "organisation"]
    autocomplete_fields = ["user", "team", "organisation"]
