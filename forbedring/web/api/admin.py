"""Personal access tokens in the admin: seen and revoked, never made or read back (the plain
token exists only on its owner's page, once)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from forbedring.web.api.models import AccessToken


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "display_prefix", "scope", "created_at", "expires_at",
                    "last_used_at", "revoked_at"]  # fmt: skip
    list_filter = ["scope"]
    search_fields = ["name", "user__username", "key_id"]
    list_select_related = ["user"]
    fields = ["user", "name", "display_prefix", "scope", "created_at", "expires_at",
              "last_used_at", "revoked_at"]  # fmt: skip
    readonly_fields = ["user", "name", "display_prefix", "scope", "created_at", "expires_at",
                       "last_used_at"]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
