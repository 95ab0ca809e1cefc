"""Teams in a network: the organiser invites teams; a team answers its invitation, adopts the
network's measures, and may leave the network (after a confirmation step).

Access (through ``web.access``): inviting needs someone who runs the network (403 for the
others who see it); a team's own steps need someone who may change the team
(``access.can_edit_team``): other teams' people, the team's organisation leaders, the
network's organisers and faculty get 403, people who do not see the network 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.networks import actions_network as actions
from forbedring.web.networks.forms_network import InviteForm
from forbedring.web.networks.models import Enrolment, Network
from forbedring.web.organisations.models import Organisation, Team


def _teams_section(network: Network) -> HttpResponse:
    return redirect(reverse("network_detail", args=[network.pk]) + "#teams")


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, network_id: int) -> HttpResponse:
    """Choose teams of any organisation and country, filtered by organisation or by name."""
    network = access.network_for(request.user, network_id, run=True)
    query = request.GET.get("q", "").strip()
    organisation = request.GET.get("organisation", "")
    teams = Team.objects.select_related("unit__organisation").exclude(
        enrolments__network=network,
        enrolments__status__in=[Enrolment.Status.INVITED, Enrolment.Status.ENROLLED],
    )
    if query:
        teams = teams.filter(Q(name__icontains=query) | Q(unit__name__icontains=query)
                             | Q(unit__organisation__name__icontains=query))  # fmt: skip
    if organisation.isdigit():
        teams = teams.filter(unit__organisation_id=int(organisation))
    form = InviteForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["teams"])
        actions.invite(network=network, by=request.user, teams=chosen)
        count = len(chosen)
        messages.success(
            request, ngettext("Invited %(n)d team.", "Invited %(n)d teams.", count) % {"n": count}
        )
        return _teams_section(network)
    context = {
        "network": network, "form": form, "query": query, "organisation": organisation,
        "organisations": Organisation.objects.all(), "page_title": _("Invite teams"),
    }  # fmt: skip
    return render(request, "networks/network_invite.html", context,
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def respond(request: HttpRequest, network_id: int, enrolment_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id)
    enrolment = get_object_or_404(Enrolment.objects.select_related("team"), pk=enrolment_id,
                                  network=network)  # fmt: skip
    if not access.can_edit_team(request.user, enrolment.team):
        raise PermissionDenied
    accept = request.POST.get("answer") == "accept"
    try:
        actions.respond(enrolment=enrolment, accept=accept, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (_("%(team)s joined %(network)s and now reports its measures.") if accept
                else _("%(team)s declined the invitation to %(network)s."))  # fmt: skip
        messages.success(request, text % {"team": enrolment.team, "network": network})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("network_detail", args=[network.pk])
    return redirect(back)


@login_required
@require_POST
def adopt(request: HttpRequest, network_id: int, team_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id)
    team = access.enrolled_team(network, team_id)
    if not access.can_edit_team(request.user, team):
        raise PermissionDenied
    count = len(actions.adopt_measures(network=network, team=team, by=request.user))
    text = ngettext(
        "%(team)s now reports %(n)d more of the network's measures.",
        "%(team)s now reports %(n)d more of the network's measures.",
        count,
    )
    messages.success(request, text % {"team": team, "n": count})
    return _teams_section(network)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, network_id: int, team_id: int) -> HttpResponse:
    """The team ends its enrolment: GET asks for confirmation, POST leaves."""
    network = access.network_for(request.user, network_id)
    team = access.enrolled_team(network, team_id)
    if not access.can_edit_team(request.user, team):
        raise PermissionDenied
    if request.method == "GET":
        context = {"network": network, "team": team, "page_title": _("Leave the network")}
        return render(request, "networks/network_leave.html", context)
    enrolment = Enrolment.objects.get(network=network, team=team)
    try:
        actions.leave(enrolment=enrolment, by=request.user)
    except ValidationError as error:  # left in another tab meanwhile
        messages.error(request, " ".join(error.messages))
        return _teams_section(network)
    messages.success(
        request, _("%(team)s has left %(network)s.") % {"team": team, "network": network}
    )
    # The team no longer sees the network: back to the team's own page.
    return redirect("team_home", team_id=team.pk)


N = "<int:network_id>/"
urls: list[URLPattern] = [
    path(N + "invite/", invite, name="network_invite"),
    path(N + "enrolments/<int:enrolment_id>/respond/", respond, name="network_respond"),
    path(N + "teams/<int:team_id>/adopt/", adopt, name="network_adopt"),
    path(N + "teams/<int:team_id>/leave/", leave, name="network_leave"),
]
