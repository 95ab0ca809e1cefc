"""Template context for every page: the language switcher, the demo notice, whether the
"Networks" link shows, and the one organisation whose overview the "Overview" link opens (a
query each, made only when a page draws the navigation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _has_networks(request: HttpRequest) -> bool:
    """Whether the user sees any learning network: the rule of ``access.networks_visible_to``,
    which builds its query without asking the database, so this is one query."""
    # Imported here: the models are not ready when the settings name this module.
    from forbedring.web import access

    return access.networks_visible_to(request.user).exists()


def _overview_organisation(request: HttpRequest) -> Any:
    """The organisation with units that the user leads, when there is exactly one; people who
    lead several choose on the front page."""
    from forbedring.web import access

    led = access.organisations_led_by(request.user).filter(units__isnull=False).distinct()
    organisations = list(led.order_by("pk")[:2])
    return organisations[0] if len(organisations) == 1 else None


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "demo_mode": settings.DEMO_MODE,
        "has_networks": SimpleLazyObject(lambda: _has_networks(request)),
        "overview_organisation": SimpleLazyObject(lambda: _overview_organisation(request)),
    }
