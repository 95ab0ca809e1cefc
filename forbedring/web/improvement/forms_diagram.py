"""Forms of the driver diagram editor: a driver's text (and a secondary's primary), a change idea.

Each form on the edit page has its own prefix, so that many small forms can share one page
and a failed one is shown again, with its messages, where it was. The rules beyond the
fields' types are in ``actions_diagram``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forbedring.web.improvement.diagram import Tree
from forbedring.web.improvement.models import ChangeIdea, Driver, Project


def driver_choices(tree: Tree, *, primaries_only: bool = False) -> list[tuple[str, str]]:
    """Drivers in diagram order; secondaries indented under their primary ("— text")."""
    choices = []
    for primary in tree.primaries:
        choices.append((str(primary.id), primary.text))
        if not primaries_only:
            choices += [(str(s.id), f"— {s.text}") for s in primary.children]
    return choices


class DriverForm(forms.Form):
    """A driver's text; for a secondary driver also the primary it hangs under."""

    text = forms.CharField(label=_("Driver"), max_length=300)
    parent = forms.TypedChoiceField(
        label=_("Under the primary driver"), coerce=int, required=False, choices=[]
    )

    def __init__(self, *args: Any, tree: Tree, with_parent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_parent:
            self.fields["parent"].choices = driver_choices(tree, primaries_only=True)
        else:
            del self.fields["parent"]


class IdeaForm(forms.Form):
    """A change idea: what, which driver it works on, and how far it has come."""

    title = forms.CharField(label=_("Change idea"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    driver = forms.TypedChoiceField(label=_("Driver"), coerce=int, choices=[])
    status = forms.ChoiceField(
        label=_("Status"), choices=ChangeIdea.Status.choices, initial=ChangeIdea.Status.IDEA
    )
    implemented_on = forms.DateField(
        label=_("Implemented on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Required when the status is implemented; shown on the charts."),
    )

    def __init__(self, *args: Any, tree: Tree, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["driver"].choices = [("", "—"), *driver_choices(tree)]


def driver_of(project: Project, driver_id: int | None) -> Driver | None:
    """The project's driver with this id, or None (the action then names the field)."""
    if driver_id is None:
        return None
    return Driver.objects.filter(project=project, pk=driver_id).first()
