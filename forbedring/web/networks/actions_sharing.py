"""Writes of the shared learning: a team adopts another team's shared change idea, alone or
with its secondary driver (and that driver's primary) and the other shared ideas under it.

The copy keeps where it came from (``origin``, ``origin_team``). Access is checked by the
views (the adopter edits the target project's team); the rules of the spread are checked here
too: the idea is shared, and both teams are enrolled in one network.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from forbedring.web.improvement.models import ChangeIdea, Driver, PdsaCycle, Project
from forbedring.web.networks.models import Enrolment, Network


def common_networks(source: ChangeIdea, project: Project) -> QuerySet[Network]:
    """Networks in which both the source's team and the project's team are enrolled."""
    enrolled = Enrolment.Status.ENROLLED
    return Network.objects.filter(
        enrolments__team=source.project.team_id, enrolments__status=enrolled
    ).filter(enrolments__team=project.team_id, enrolments__status=enrolled)


def _check(source: ChangeIdea, project: Project) -> None:
    if not source.shared:
        raise ValidationError(_("Only a shared change idea can be adopted."))
    if source.project.team_id == project.team_id:
        raise ValidationError(_("The change idea is already the team's own."))
    if not common_networks(source, project).exists():
        raise ValidationError(
            _("The project's team and the idea's team are not in the same learning network.")
        )


def _next(siblings: QuerySet[Any]) -> int:
    top = siblings.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _copy(source: ChangeIdea, project: Project, driver: Driver | None) -> ChangeIdea:
    return ChangeIdea.objects.create(
        project=project,
        driver=driver,
        title=source.title,
        description=source.description,
        status=ChangeIdea.Status.IDEA,
        position=_next(ChangeIdea.objects.filter(project=project, driver=driver)),
        origin=source,
        origin_team_id=source.project.team_id,
    )


@transaction.atomic
def adopt_change_idea(*, source: ChangeIdea, project: Project, by: Any) -> ChangeIdea:
    """Copy a shared idea (title, description) into the project, as a new idea to test.

    It is not placed under a driver: the team chooses one of its own on the driver diagram.
    """
    _check(source, project)
    return _copy(source, project, None)


def _driver(project: Project, text: str, parent: Driver | None) -> Driver:
    """The project's driver with this text under this parent, or a new one placed last."""
    existing = Driver.objects.filter(project=project, parent=parent, text=text).first()
    if existing is not None:
        return existing
    siblings = Driver.objects.filter(project=project, parent=parent)
    return Driver.objects.create(
        project=project, parent=parent, text=text, position=_next(siblings)
    )


@transaction.atomic
def adopt_with_driver(*, source: ChangeIdea, project: Project, by: Any) -> list[ChangeIdea]:
    """Copy a shared idea with its secondary driver (and the driver's primary) and every
    shared idea under that driver. Drivers with the same text are reused, not duplicated."""
    _check(source, project)
    secondary = source.driver
    if secondary is None or secondary.parent is None:
        raise ValidationError(_("The change idea is not under a secondary driver."))
    primary = _driver(project, secondary.parent.text, None)
    driver = _driver(project, secondary.text, primary)
    ideas = ChangeIdea.objects.filter(driver=secondary, shared=True).order_by("position", "pk")
    return [_copy(idea, project, driver) for idea in ideas]


@transaction.atomic
def set_shared(*, project: Project, idea_ids: set[int], cycle_ids: set[int], by: Any) -> None:
    """Share exactly these change ideas and PDSA cycles of the project (others unshared)."""
    ideas = ChangeIdea.objects.filter(project=project)
    ideas.filter(pk__in=idea_ids).update(shared=True)
    ideas.exclude(pk__in=idea_ids).update(shared=False)
    cycles = PdsaCycle.objects.filter(project=project)
    cycles.filter(pk__in=cycle_ids).update(shared=True)
    cycles.exclude(pk__in=cycle_ids).update(shared=False)
