"""A team's projects: the list, a new project, the project page, editing, and what matters.

Every view goes through ``access.team_for`` (with ``edit=True`` for changes) and
``access.project_for``: the team and its organisation's leaders see the projects, only the
team (and site administrators) change them, and other organisations' projects are missing
(404). The aim's live preview is posted by htmx while the form is filled in and shown again on
the server (the "Preview" button), so the page works without JavaScript too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.improvement import actions_project
from forbedring.web.improvement.forms_project import ProjectForm, WhatMattersForm
from forbedring.web.improvement.models import Project, WhatMatters
from forbedring.web.improvement.queries import project_overview, team_projects
from forbedring.web.organisations.models import Team

# The submit button's value that shows the aim preview without saving (for browsers without
# JavaScript, where the live preview does not run).
PREVIEW_ONLY = "preview"


def _summary_url(team: Team, project: Project) -> str | None:
    """The printable summary's address, once that page exists (it is built separately)."""
    try:
        return reverse("project_summary", args=[team.pk, project.pk])
    except NoReverseMatch:
        return None


def _form_page(
    request: HttpRequest, team: Team, project: Project | None, *, status: int = 200
) -> HttpResponse:
    """The new/edit form: save when valid, otherwise show it again with the aim preview."""
    # A fresh copy for the form: a failed ModelForm leaves its typed values on the instance,
    # and the page's heading and breadcrumbs should keep the saved title.
    instance = Project.objects.get(pk=project.pk) if project else Project(team=team)
    preview_form = None
    if request.method == "POST" and request.POST.get("action") == PREVIEW_ONLY:
        # Show the preview for the parts so far, without judging a half-filled form.
        form = ProjectForm(initial=request.POST.dict(), team=team, instance=instance)
        preview_form = ProjectForm(request.POST, team=team, instance=instance)
    elif request.method == "POST":
        form = ProjectForm(request.POST, team=team, instance=instance)
        if form.is_valid():
            saved = _save(request, team, project, form)
            if saved is not None:
                return redirect("project_detail", team_id=team.pk, project_id=saved.pk)
        status = 400
    else:
        form = ProjectForm(team=team, instance=instance)
    context = {
        "team": team,
        "project": project,
        "form": form,
        "preview": (preview_form or form).aim_preview(),
        "can_create_measures": access.can_create_measures(request.user, team),
    }
    return render(request, "improvement/project_form.html", context, status=status)


def _save(
    request: HttpRequest, team: Team, project: Project | None, form: ProjectForm
) -> Project | None:
    """Write through the actions; their errors go back onto the form's fields."""
    try:
        if project is None:
            saved = actions_project.create_project(
                team=team, by=request.user, members=form.members(), measures=form.measures(),
                **form.project_fields(),
            )  # fmt: skip
            messages.success(request, _("The project “%(title)s” was created.") % {"title": saved})
        else:
            saved = actions_project.update_project(
                project=project, by=request.user, members=form.members(),
                measures=form.measures(), **form.project_fields(),
            )  # fmt: skip
            messages.success(request, _("Saved: %(title)s.") % {"title": saved})
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return None
    return saved


@login_required
@require_GET
def project_list(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id)
    context = {
        "team": team,
        "projects": team_projects(team),
        "can_edit": access.can_edit_team(request.user, team),
    }
    return render(request, "improvement/project_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    return _form_page(request, team, None)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    project = access.project_for(request.user, team, project_id)
    return _form_page(request, team, project)


@login_required
@require_POST
def aim_preview(request: HttpRequest, team_id: int) -> HttpResponse:
    """The aim preview box alone, for htmx to swap in while the aim's parts are typed."""
    team = access.team_for(request.user, team_id, edit=True)
    form = ProjectForm(request.POST, team=team)
    return render(request, "improvement/_aim_preview.html", {"preview": form.aim_preview()})


def _detail_page(
    request: HttpRequest,
    team: Team,
    project: Project,
    *,
    matters_form: WhatMattersForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = access.can_edit_team(request.user, team)
    context: dict[str, Any] = {
        "team": team,
        "project": project,
        "overview": project_overview(project),
        "can_edit": can_edit,
        "summary_url": _summary_url(team, project),
        "matters_form": (matters_form or WhatMattersForm(project=project)) if can_edit else None,
    }
    return render(request, "improvement/project_detail.html", context, status=status)


@login_required
@require_GET
def project_detail(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id)
    project = access.project_for(request.user, team, project_id)
    return _detail_page(request, team, project)


@login_required
@require_POST
def what_matters_add(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    project = access.project_for(request.user, team, project_id)
    form = WhatMattersForm(request.POST, project=project)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions_project.add_what_matters(
                project=project, by=request.user, source=data["source"], text=data["text"],
                heard_on=data.get("heard_on"), answers_aim=data.get("answers_aim", False),
                change_ideas=data.get("change_ideas") or [],
            )  # fmt: skip
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Saved what matters."))
            url = reverse("project_detail", args=[team.pk, project.pk])
            return redirect(url + "#what-matters")
    return _detail_page(request, team, project, matters_form=form, status=400)


@login_required
@require_POST
def what_matters_delete(
    request: HttpRequest, team_id: int, project_id: int, item_id: int
) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    project = access.project_for(request.user, team, project_id)
    item = get_object_or_404(WhatMatters, pk=item_id, project=project)
    actions_project.delete_what_matters(item=item, by=request.user)
    messages.success(request, _("Deleted what matters."))
    return redirect(reverse("project_detail", args=[team.pk, project.pk]) + "#what-matters")


extra_urls: list[URLPattern] = [
    path("<int:team_id>/projects/aim-preview/", aim_preview, name="project_aim_preview"),
    path(
        "<int:team_id>/projects/<int:project_id>/what-matters/",
        what_matters_add,
        name="project_what_matters_add",
    ),
    path(
        "<int:team_id>/projects/<int:project_id>/what-matters/<int:item_id>/delete/",
        what_matters_delete,
        name="project_what_matters_delete",
    ),
]
