"""Pages that belong to no single concept: the front page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forbedring.web import access


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A user with one team goes straight to it; others choose among the teams they may see.
    Those who lead, advise or organise an organisation with units find its overview here."""
    teams = access.teams_visible_to(request.user).select_related("unit__organisation")
    led = list(access.organisations_led_by(request.user).filter(units__isnull=False).distinct())
    if not led and teams.count() == 1:
        return redirect("team_home", team_id=teams.get().pk)
    return render(request, "core/home.html", {"teams": teams, "organisations": led})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the application answers and its database does; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
