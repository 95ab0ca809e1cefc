"""Template helpers of the network pages: a package text in one language, and the learning
networks box on a team's home (open invitations and the networks the team takes part in)."""

from __future__ import annotations

from typing import Any

from django import template

from forbedring.datafiles import Text
from forbedring.web import access
from forbedring.web.networks.models import Enrolment

register = template.Library()


@register.simple_tag
def text(value: Text | None, lang: str) -> str:
    """A package text in the given language (empty when the text is missing)."""
    return value.get(lang) if value is not None else ""


@register.inclusion_tag("networks/_team_networks.html", takes_context=True)
def team_networks(context: dict[str, Any], team: Any) -> dict[str, Any]:
    """The team's open invitations and networks, among those the user may open; answering
    needs team edit rights. No query for people without networks (the navigation asked)."""
    request = context["request"]
    enrolments: list[Enrolment] = []
    if context.get("has_networks"):
        enrolments = list(
            Enrolment.objects.filter(
                team=team,
                status__in=[Enrolment.Status.INVITED, Enrolment.Status.ENROLLED],
                network__in=access.networks_visible_to(request.user),
            ).select_related("network__organiser")
        )
    return {
        "team": team,
        "invitations": [e for e in enrolments if e.status == Enrolment.Status.INVITED],
        "enrolled": [e for e in enrolments if e.status == Enrolment.Status.ENROLLED],
        "can_answer": bool(enrolments) and access.can_edit_team(request.user, team),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
