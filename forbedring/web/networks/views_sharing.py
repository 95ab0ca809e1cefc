"""Shared learning in a network (DESIGN.md C5, C6, C10): the change ideas and PDSA cycles the
enrolled teams share, adopting a shared idea into one's own project, and a team's page for
choosing what of a project it shares.

The shared list goes through ``access.network_for`` (404 for people who may not see the
network) and reads only what ``sharing`` returns: shared work of enrolled teams. Adopting needs
the right to change the target project's team (403 otherwise), and the target team must be
enrolled in the network.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.improvement.models import ChangeIdea, PdsaCycle, Project
from forbedring.web.networks import actions_sharing, sharing


@login_required
@require_GET
def network_shared(request: HttpRequest, network_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id)
    context = {
        "network": network,
        "ideas": sharing.shared_list(request.user, network),
        "cycles": list(sharing.shared_cycles(network)),
    }
    return render(request, "networks/shared_learning.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_POST
def shared_idea_adopt(request: HttpRequest, network_id: int, idea_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id)
    source = sharing.shared_idea(network, idea_id)
    project = (
        Project.objects.select_related("team").filter(pk=_int(request.POST.get("project"))).first()
    )
    if source is None or project is None:
        raise Http404
    if not sharing.can_adopt_into(request.user, network, project):
        raise PermissionDenied
    back = reverse("network_shared", args=[network.pk]) + f"#shared-idea-{source.pk}"
    with_driver = request.POST.get("with_driver") == "1"
    try:
        if with_driver:
            copies = actions_sharing.adopt_with_driver(
                source=source, project=project, by=request.user
            )
        else:
            copies = [
                actions_sharing.adopt_change_idea(source=source, project=project, by=request.user)
            ]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("“%(idea)s” was adopted into %(project)s.")
        % {"idea": source.title, "project": project.title},
    )
    url = reverse("driver_diagram_edit", args=[project.team_id, project.pk])
    return redirect(f"{url}#idea-{copies[0].pk}" if copies else url)


@login_required
@require_http_methods(["GET", "POST"])
def project_sharing(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    """Tick the change ideas and PDSA cycles of a project the team shares with its networks."""
    team = access.team_for(request.user, team_id, edit=True)
    project = access.project_for(request.user, team, project_id)
    if request.method == "POST":
        actions_sharing.set_shared(
            project=project,
            idea_ids={i for i in map(_int, request.POST.getlist("idea")) if i},
            cycle_ids={i for i in map(_int, request.POST.getlist("cycle")) if i},
            by=request.user,
        )
        messages.success(request, _("Saved what the team shares."))
        return redirect("project_sharing", team.pk, project.pk)
    networks = access.networks_visible_to(request.user).filter(
        enrolments__team=team, enrolments__status="enrolled"
    )
    context = {
        "team": team, "project": project,
        "ideas": ChangeIdea.objects.filter(project=project).select_related("driver"),
        "cycles": PdsaCycle.objects.filter(project=project).select_related("change_idea"),
        "networks": networks,
    }  # fmt: skip
    return render(request, "networks/project_sharing.html", context)


N = "<int:network_id>/shared/"

urls: list[URLPattern] = [
    path(N, network_shared, name="network_shared"),
    path(N + "ideas/<int:idea_id>/adopt/", shared_idea_adopt, name="shared_idea_adopt"),
    path(
        "teams/<int:team_id>/projects/<int:project_id>/sharing/",
        project_sharing,
        name="project_sharing",
    ),
]
