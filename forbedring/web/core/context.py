"""Template context for every page: the language switcher, the demo notice, and whether the
"Networks" link shows (one query, made only when a page draws the navigation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _has_networks(request: HttpRequest) -> bool:
    """``access.networks_visible_to(user).exists()`` in one query instead of four."""
    # Imported here: the models are not ready when the settings name this module.
    from django.db.models import Exists, Q

    from forbedring.web.networks.models import Enrolment, Network
    from forbedring.web.organisations.models import TEAM_ROLES, Membership, Role

    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    admin = Exists(Membership.objects.filter(user=user, role=Role.SITE_ADMINISTRATOR))
    staff = Q(members__user=user)
    organiser = Q(
        organiser__memberships__user=user, organiser__memberships__role=Role.NETWORK_ORGANISER
    )
    teams = Q(
        enrolments__team__memberships__user=user,
        enrolments__team__memberships__role__in=list(TEAM_ROLES),
        enrolments__status__in=[Enrolment.Status.INVITED, Enrolment.Status.ENROLLED],
    )
    return Network.objects.filter(admin | staff | organiser | teams).exists()


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "demo_mode": settings.DEMO_MODE,
        "has_networks": SimpleLazyObject(lambda: _has_networks(request)),
    }
