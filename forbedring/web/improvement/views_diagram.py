"""The driver diagram editor: drivers and change ideas of a project, for the team's editors.

Every change is a plain form POST answered by a redirect back to the editor (so it works
without JavaScript); the editor boosts its forms with htmx, which follows the redirect and
swaps the page's main part in place. A form that fails is shown again where it was, with its
messages and an error summary (status 400; 200 for htmx, which swaps only 2xx answers).
Leaders see the diagram on the project page but get 403 here (``access.team_for(edit=True)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forbedring.web import access
from forbedring.web.improvement import actions_diagram
from forbedring.web.improvement.diagram import DriverNode, IdeaNode, Tree, driver_tree
from forbedring.web.improvement.forms_diagram import DriverForm, IdeaForm, driver_of
from forbedring.web.improvement.models import ChangeIdea, Driver, Project
from forbedring.web.organisations.models import Team

type Failed = tuple[str, forms.Form] | None


@dataclass
class IdeaRow:
    node: IdeaNode
    form: forms.Form
    first: bool
    last: bool


@dataclass
class DriverRow:
    """A driver with the forms that change it and add under it."""

    node: DriverNode
    form: forms.Form
    add_idea: forms.Form
    first: bool
    last: bool
    add_secondary: forms.Form | None = None
    ideas: list[IdeaRow] = field(default_factory=list)
    children: list[DriverRow] = field(default_factory=list)


def _pick(failed: Failed, prefix: str, make: Any) -> forms.Form:
    """The failed, bound form when it has this prefix, else a fresh one."""
    if failed is not None and failed[0] == prefix:
        return failed[1]
    form: forms.Form = make()
    return form


def _idea_initial(node: IdeaNode) -> dict[str, Any]:
    return {
        "title": node.title,
        "description": node.description,
        "driver": node.driver_id,
        "status": node.status,
        "implemented_on": node.implemented_on,
    }


def _ideas(tree: Tree, ideas: list[IdeaNode], failed: Failed) -> list[IdeaRow]:
    return [
        IdeaRow(
            node=idea,
            form=_pick(
                failed,
                f"idea-{idea.id}",
                lambda idea=idea: IdeaForm(
                    tree=tree, prefix=f"idea-{idea.id}", initial=_idea_initial(idea)
                ),
            ),
            first=i == 0,
            last=i == len(ideas) - 1,
        )
        for i, idea in enumerate(ideas)
    ]


def _driver_row(tree: Tree, node: DriverNode, i: int, n: int, failed: Failed) -> DriverRow:
    row = DriverRow(
        node=node,
        form=_pick(
            failed,
            f"driver-{node.id}",
            lambda: DriverForm(
                tree=tree,
                with_parent=not node.is_primary,
                prefix=f"driver-{node.id}",
                initial={"text": node.text, "parent": node.parent_id},
            ),
        ),
        add_idea=_pick(
            failed,
            f"add-idea-{node.id}",
            lambda: _add_idea_form(tree, node.id),
        ),
        first=i == 0,
        last=i == n - 1,
        ideas=_ideas(tree, node.ideas, failed),
    )
    if node.is_primary:
        row.add_secondary = _pick(
            failed,
            f"add-secondary-{node.id}",
            lambda: DriverForm(tree=tree, prefix=f"add-secondary-{node.id}"),
        )
        row.children = [
            _driver_row(tree, child, j, len(node.children), failed)
            for j, child in enumerate(node.children)
        ]
    return row


def _add_idea_form(tree: Tree, driver_id: int, data: Any = None) -> IdeaForm:
    form = IdeaForm(data, tree=tree, prefix=f"add-idea-{driver_id}")
    del form.fields["driver"]  # the URL names the driver
    return form


def _errors(failed: Failed) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the error summary at the top of the page."""
    if failed is None:
        return []
    prefix, form = failed
    out = [(f"#form-{prefix}", str(e)) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            label = str(form.fields[name].label)
            out += [(f"#{form[name].id_for_label}", f"{label}: {e}") for e in errors]
    return out


def _page(
    request: HttpRequest, team: Team, project: Project, failed: Failed = None
) -> HttpResponse:
    tree = driver_tree(project)
    rows = [
        _driver_row(tree, p, i, len(tree.primaries), failed) for i, p in enumerate(tree.primaries)
    ]
    context = {
        "team": team,
        "project": project,
        "tree": tree,
        "rows": rows,
        "unplaced": _ideas(tree, tree.unplaced, failed),
        "add_primary": _pick(
            failed, "add-primary", lambda: DriverForm(tree=tree, prefix="add-primary")
        ),
        "errors": _errors(failed),
        "failed_prefix": failed[0] if failed else "",
    }
    status = 200 if failed is None or request.htmx else 400
    return render(request, "improvement/driver_diagram_edit.html", context, status=status)


def _edit_url(team: Team, project: Project, anchor: str = "") -> str:
    url = reverse("driver_diagram_edit", args=[team.pk, project.pk])
    return f"{url}#{anchor}" if anchor else url


def _editable(request: HttpRequest, team_id: int, project_id: int) -> tuple[Team, Project]:
    team = access.team_for(request.user, team_id, edit=True)
    return team, access.project_for(request.user, team, project_id)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@login_required
@require_GET
def driver_diagram_edit(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    return _page(request, team, project)


@login_required
@require_POST
def driver_add(
    request: HttpRequest, team_id: int, project_id: int, parent_id: int | None = None
) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    prefix = f"add-secondary-{parent_id}" if parent_id else "add-primary"
    parent = get_object_or_404(Driver, project=project, pk=parent_id) if parent_id else None
    form = DriverForm(request.POST, tree=driver_tree(project), prefix=prefix)
    if form.is_valid():
        try:
            driver = actions_diagram.add_driver(
                project=project, text=form.cleaned_data["text"], parent=parent, by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Added: %(driver)s.") % {"driver": driver.text})
            return redirect(_edit_url(team, project, f"driver-{driver.pk}"))
    return _page(request, team, project, (prefix, form))


@login_required
@require_POST
def driver_update(
    request: HttpRequest, team_id: int, project_id: int, driver_id: int
) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    driver = get_object_or_404(Driver, project=project, pk=driver_id)
    prefix = f"driver-{driver.pk}"
    form = DriverForm(
        request.POST, tree=driver_tree(project), with_parent=not driver.is_primary, prefix=prefix
    )
    if form.is_valid():
        try:
            actions_diagram.update_driver(
                driver=driver,
                text=form.cleaned_data["text"],
                parent=driver_of(project, form.cleaned_data.get("parent")),
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(driver)s.") % {"driver": driver.text})
            return redirect(_edit_url(team, project, f"driver-{driver.pk}"))
    return _page(request, team, project, (prefix, form))


@login_required
@require_POST
def driver_delete(
    request: HttpRequest, team_id: int, project_id: int, driver_id: int
) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    driver = get_object_or_404(Driver, project=project, pk=driver_id)
    text = driver.text
    kept = actions_diagram.delete_driver(driver=driver, by=request.user)
    messages.success(request, _("Deleted: %(driver)s.") % {"driver": text})
    if kept:
        messages.info(
            request,
            _("Its change ideas were kept, under “Change ideas not linked to a driver”."),
        )
    return redirect(_edit_url(team, project))


def _direction(request: HttpRequest) -> Any:
    direction = request.POST.get("direction")
    return direction if direction in ("up", "down") else None


@login_required
@require_POST
def driver_move(
    request: HttpRequest, team_id: int, project_id: int, driver_id: int
) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    driver = get_object_or_404(Driver, project=project, pk=driver_id)
    direction = _direction(request)
    if direction is None:
        return HttpResponseBadRequest(_("Move up or down."))
    actions_diagram.move_driver(driver=driver, direction=direction, by=request.user)
    return redirect(_edit_url(team, project, f"driver-{driver.pk}"))


@login_required
@require_POST
def idea_add(request: HttpRequest, team_id: int, project_id: int, driver_id: int) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    driver = get_object_or_404(Driver, project=project, pk=driver_id)
    form = _add_idea_form(driver_tree(project), driver.pk, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            idea = actions_diagram.add_idea(project=project, driver=driver, by=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Added: %(idea)s.") % {"idea": idea.title})
            return redirect(_edit_url(team, project, f"idea-{idea.pk}"))
    return _page(request, team, project, (form.prefix or "", form))


@login_required
@require_POST
def idea_update(request: HttpRequest, team_id: int, project_id: int, idea_id: int) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    idea = get_object_or_404(ChangeIdea, project=project, pk=idea_id)
    prefix = f"idea-{idea.pk}"
    form = IdeaForm(request.POST, tree=driver_tree(project), prefix=prefix)
    if form.is_valid():
        data = dict(form.cleaned_data)
        driver = driver_of(project, data.pop("driver"))
        try:
            actions_diagram.update_idea(idea=idea, driver=driver, by=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(idea)s.") % {"idea": idea.title})
            return redirect(_edit_url(team, project, f"idea-{idea.pk}"))
    return _page(request, team, project, (prefix, form))


@login_required
@require_POST
def idea_delete(request: HttpRequest, team_id: int, project_id: int, idea_id: int) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    idea = get_object_or_404(ChangeIdea, project=project, pk=idea_id)
    title = idea.title
    try:
        actions_diagram.delete_idea(idea=idea, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_edit_url(team, project, f"idea-{idea.pk}"))
    messages.success(request, _("Deleted: %(idea)s.") % {"idea": title})
    return redirect(_edit_url(team, project))


@login_required
@require_POST
def idea_move(request: HttpRequest, team_id: int, project_id: int, idea_id: int) -> HttpResponse:
    team, project = _editable(request, team_id, project_id)
    idea = get_object_or_404(ChangeIdea, project=project, pk=idea_id)
    direction = _direction(request)
    if direction is None:
        return HttpResponseBadRequest(_("Move up or down."))
    actions_diagram.move_idea(idea=idea, direction=direction, by=request.user)
    return redirect(_edit_url(team, project, f"idea-{idea.pk}"))


_BASE = "<int:team_id>/projects/<int:project_id>/drivers/"

urls: list[URLPattern] = [
    path(_BASE, driver_diagram_edit, name="driver_diagram_edit"),
    path(f"{_BASE}add/", driver_add, name="driver_add"),
    path(f"{_BASE}<int:parent_id>/add/", driver_add, name="driver_add_secondary"),
    path(f"{_BASE}<int:driver_id>/", driver_update, name="driver_update"),
    path(f"{_BASE}<int:driver_id>/delete/", driver_delete, name="driver_delete"),
    path(f"{_BASE}<int:driver_id>/move/", driver_move, name="driver_move"),
    path(f"{_BASE}<int:driver_id>/ideas/add/", idea_add, name="idea_add"),
    path(f"{_BASE}ideas/<int:idea_id>/", idea_update, name="idea_update"),
    path(f"{_BASE}ideas/<int:idea_id>/delete/", idea_delete, name="idea_delete"),
    path(f"{_BASE}ideas/<int:idea_id>/move/", idea_move, name="idea_move"),
]
