"""Changing a project's driver diagram: drivers and change ideas, their order and status.

The rules live here rather than in the forms, so that every way in (page, admin, a future API)
gets the same checks. Decisions a reader may look for:

* A secondary driver hangs under a primary driver of the same project; there are two levels.
* ``implemented_on`` is required when a change idea is implemented, and cleared for any other
  status: the date is drawn on the measures' charts as "the change became the way we work",
  and a date left on an idea that is back to testing would put a false mark on the chart.
* Deleting a driver deletes its secondary drivers, but keeps their change ideas (without a
  driver): ideas carry PDSA cycles, the team's record of its tests, which must not vanish as a
  side effect of tidying the diagram.
* A change idea with PDSA cycles cannot be deleted; mark it abandoned instead, for the same
  reason.
* Order is kept in ``position``; a move renumbers the siblings 0..n-1 and swaps two of them,
  which repairs gaps and ties left by deletions.

Access is the caller's job (``access.team_for(..., edit=True)``); ``by`` is taken, like every
write's, for the audit log of C10.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from forbedring.web.improvement.models import ChangeIdea, Driver, Project

Direction = Literal["up", "down"]

TEXT_MAX = Driver._meta.get_field("text").max_length or 300
TITLE_MAX = ChangeIdea._meta.get_field("title").max_length or 300


def _text(value: str, field: str, maximum: int, empty: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError({field: empty})
    if len(value) > maximum:
        raise ValidationError(
            {field: _("Keep the text within %(max)d characters.") % {"max": maximum}}
        )
    return value


def _next_position(siblings: QuerySet[Any]) -> int:
    top = siblings.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _check_parent(project: Project, parent: Driver | None) -> None:
    if parent is None:
        return
    if parent.project_id != project.pk:
        raise ValidationError({"parent": _("Choose a primary driver of this project.")})
    if parent.parent_id is not None:
        raise ValidationError(
            {"parent": _("A secondary driver hangs under a primary driver, not another secondary.")}
        )


def _check_driver(project: Project, driver: Driver | None) -> None:
    if driver is None:
        raise ValidationError({"driver": _("Choose the driver this change idea works on.")})
    if driver.project_id != project.pk:
        raise ValidationError({"driver": _("Choose a driver of this project.")})


def _status(status: str, implemented_on: dt.date | None) -> dt.date | None:
    """The date to store for this status (see the module docstring)."""
    if status not in ChangeIdea.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    if status != ChangeIdea.Status.IMPLEMENTED:
        return None
    if implemented_on is None:
        raise ValidationError({"implemented_on": _("Give the date the change was implemented.")})
    return implemented_on


@transaction.atomic
def add_driver(*, project: Project, text: str, parent: Driver | None = None, by: Any) -> Driver:
    """A primary driver (no parent) or a secondary under ``parent``, placed last."""
    text = _text(text, "text", TEXT_MAX, _("Write the driver."))
    _check_parent(project, parent)
    siblings = Driver.objects.filter(project=project, parent=parent)
    return Driver.objects.create(
        project=project, parent=parent, text=text, position=_next_position(siblings)
    )


@transaction.atomic
def update_driver(*, driver: Driver, text: str, parent: Driver | None = None, by: Any) -> Driver:
    """Rename a driver; a secondary may also move under another primary (placed last there).

    A primary driver stays primary: ``parent`` is ignored for it, since its own secondaries
    would otherwise become a third level.
    """
    driver.text = _text(text, "text", TEXT_MAX, _("Write the driver."))
    if driver.parent_id is not None and parent is not None and parent.pk != driver.parent_id:
        if parent.pk == driver.pk:
            raise ValidationError({"parent": _("A driver cannot hang under itself.")})
        _check_parent(driver.project, parent)
        driver.parent = parent
        driver.position = _next_position(Driver.objects.filter(parent=parent))
    driver.save()
    return driver


@transaction.atomic
def delete_driver(*, driver: Driver, by: Any) -> int:
    """Delete a driver and its secondaries; return how many change ideas lost their driver."""
    ids = [driver.pk, *driver.children.values_list("pk", flat=True)]
    kept = ChangeIdea.objects.filter(driver_id__in=ids).count()
    driver.delete()  # secondaries cascade; ideas are SET_NULL by the model
    return kept


def _move(siblings: list[Any], item: Any, direction: Direction) -> bool:
    """Swap ``item`` with its neighbour; return False when it is already at that end."""
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return True


@transaction.atomic
def move_driver(*, driver: Driver, direction: Direction, by: Any) -> bool:
    """Move a driver up or down among the drivers of the same parent."""
    siblings = Driver.objects.select_for_update().filter(
        project_id=driver.project_id, parent_id=driver.parent_id
    )
    return _move(list(siblings.order_by("position", "pk")), driver, direction)


@transaction.atomic
def add_idea(
    *,
    project: Project,
    driver: Driver | None,
    title: str,
    description: str = "",
    status: str = "idea",
    implemented_on: dt.date | None = None,
    by: Any,
) -> ChangeIdea:
    """A change idea under a driver of the project, placed last."""
    title = _text(title, "title", TITLE_MAX, _("Write the change idea."))
    _check_driver(project, driver)
    implemented_on = _status(status, implemented_on)
    siblings = ChangeIdea.objects.filter(project=project, driver=driver)
    return ChangeIdea.objects.create(
        project=project,
        driver=driver,
        title=title,
        description=(description or "").strip(),
        status=status,
        implemented_on=implemented_on,
        position=_next_position(siblings),
    )


@transaction.atomic
def update_idea(
    *,
    idea: ChangeIdea,
    driver: Driver | None,
    title: str,
    description: str = "",
    status: str,
    implemented_on: dt.date | None = None,
    by: Any,
) -> ChangeIdea:
    """Change an idea's text, status (with its date) or driver (placed last under a new one)."""
    idea.title = _text(title, "title", TITLE_MAX, _("Write the change idea."))
    _check_driver(idea.project, driver)
    idea.implemented_on = _status(status, implemented_on)
    idea.status = status
    idea.description = (description or "").strip()
    assert driver is not None  # _check_driver
    if driver.pk != idea.driver_id:
        idea.driver = driver
        idea.position = _next_position(ChangeIdea.objects.filter(driver=driver))
    idea.save()
    return idea


@transaction.atomic
def delete_idea(*, idea: ChangeIdea, by: Any) -> None:
    """Delete a change idea that has not been tested (see the module docstring)."""
    if idea.pdsa_cycles.exists():
        raise ValidationError(
            _(
                "This change idea has PDSA cycles, so it cannot be deleted. "
                "Set its status to abandoned instead."
            )
        )
    idea.delete()


@transaction.atomic
def move_idea(*, idea: ChangeIdea, direction: Direction, by: Any) -> bool:
    """Move a change idea up or down among the ideas of the same driver."""
    siblings = ChangeIdea.objects.select_for_update().filter(
        project_id=idea.project_id, driver_id=idea.driver_id
    )
    return _move(list(siblings.order_by("position", "pk")), idea, direction)
