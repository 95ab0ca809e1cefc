"""What the teams of a learning network share with each other (DESIGN.md C5, C6, C10).

A team shares a change idea or a PDSA cycle by ticking its ``shared`` box; the people who may
see a network then see what its enrolled teams shared, and nothing else of theirs. Invited,
declined and departed teams' shared work is not shown. These are the only queries that read
another team's improvement work, so every read here starts from the network's enrolments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from forbedring.web import access
from forbedring.web.improvement.models import ChangeIdea, PdsaCycle, Project
from forbedring.web.networks.models import Enrolment, Network
from forbedring.web.organisations.models import Team


def enrolled_teams(network: Network) -> QuerySet[Team]:
    return Team.objects.filter(
        enrolments__network=network, enrolments__status=Enrolment.Status.ENROLLED
    )


def shared_ideas(network: Network) -> QuerySet[ChangeIdea]:
    """The shared change ideas of the network's enrolled teams, newest first."""
    return (
        ChangeIdea.objects.filter(shared=True, project__team__in=enrolled_teams(network))
        .select_related("project__team__unit__organisation", "driver__parent")
        .order_by("-pk")
    )


def shared_cycles(network: Network) -> QuerySet[PdsaCycle]:
    """The shared PDSA cycles of the network's enrolled teams, newest first."""
    return (
        PdsaCycle.objects.filter(shared=True, project__team__in=enrolled_teams(network))
        .select_related("project__team__unit__organisation", "change_idea")
        .order_by("-start", "-created_at", "-pk")
    )


def shared_idea(network: Network, idea_id: int) -> ChangeIdea | None:
    """A change idea an enrolled team of the network shares (None for any other)."""
    return shared_ideas(network).filter(pk=idea_id).first()


def target_projects(user: Any, network: Network) -> QuerySet[Project]:
    """Projects the user may adopt ideas into: those of teams the user edits that are enrolled
    in the network."""
    return (
        Project.objects.filter(
            team__in=access.teams_editable_by(user).filter(pk__in=enrolled_teams(network))
        )
        .select_related("team")
        .order_by("team__name", "title")
    )


def can_adopt_into(user: Any, network: Network, project: Project) -> bool:
    return target_projects(user, network).filter(pk=project.pk).exists()


def shared_under(idea: ChangeIdea) -> list[ChangeIdea]:
    """The shared ideas under the idea's secondary driver (the bundle "with its driver")."""
    if idea.driver_id is None:
        return []
    return list(ChangeIdea.objects.filter(driver_id=idea.driver_id, shared=True))


@dataclass
class SharedIdea:
    """A shared idea as the list shows it, with the projects the viewer may adopt it into."""

    idea: ChangeIdea
    targets: list[Project] = field(default_factory=list)
    bundle: int = 0  # shared ideas under its secondary driver (0: no driver to adopt with)
    adopted: bool = False  # the viewer's teams already adopted it


def shared_list(user: Any, network: Network) -> list[SharedIdea]:
    projects = list(target_projects(user, network))
    ideas = list(shared_ideas(network))
    adopted = set(
        ChangeIdea.objects.filter(
            origin__in=[i.pk for i in ideas], project__in=[p.pk for p in projects]
        ).values_list("origin_id", flat=True)
    )
    bundles: dict[int, int] = {}
    for idea in ideas:
        if idea.driver_id is not None and idea.driver is not None and idea.driver.parent_id:
            bundles[idea.driver_id] = bundles.get(idea.driver_id, 0) + 1
    return [
        SharedIdea(
            idea=idea,
            targets=[p for p in projects if p.team_id != idea.project.team_id],
            bundle=bundles.get(idea.driver_id or 0, 0),
            adopted=idea.pk in adopted,
        )
        for idea in ideas
    ]
