"""The network pages: the list, a new network from a package, the network page (details,
package, measures, change ideas, people, teams, calendar) and the organiser's changes. Inviting
teams, answering invitations and leaving are in :mod:`.views_enrolment`.

Every view goes through ``access.network_for``: people who may not see a network get 404,
people who see but do not run it get 403 for changes (``run=True``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forbedring.packages.library import Package, load_all
from forbedring.web import access
from forbedring.web.measures.queries import current_lang
from forbedring.web.networks import actions_network as actions
from forbedring.web.networks.forms_network import (
    ChangeIdeaForm,
    MemberForm,
    NetworkForm,
    NetworkMeasureForm,
    NewNetworkForm,
    SessionForm,
)
from forbedring.web.networks.models import (
    Enrolment,
    LearningSession,
    Network,
    NetworkChangeIdea,
    NetworkMeasure,
    NetworkMember,
)
from forbedring.web.networks.periods import action_periods, reporting_periods
from forbedring.web.organisations.models import Organisation, Role


def organising_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may set networks up for: all for site administrators, else those
    where the user has the network-organiser role."""
    if access.is_site_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.NETWORK_ORGANISER
    ).distinct()


@cache
def library_packages() -> tuple[Package, ...]:
    """The change-package library, read and checked once per process: the files ship with the
    code, and reading them took about a quarter of a second on every new-network page."""
    return tuple(load_all())


def package_by_id(package_id: str) -> Package | None:
    """The network's library package, if it still ships."""
    return next((p for p in library_packages() if p.id == package_id), None)


def _day(day: dt.date, *, year: bool = True) -> str:
    lang = current_lang()
    fmt = ("j. F" if lang in ("da", "nb") else "j F") + (" Y" if year else "")
    return formats.date_format(day, fmt)


def span_text(start: dt.date, end: dt.date | None) -> str:
    """ "3 March – 9 June 2026"; the year once when both days are in the same year."""
    if end is None:
        return _("from %(start)s") % {"start": _day(start)}
    return f"{_day(start, year=start.year != end.year)} – {_day(end)}"


def calendar(network: Network, today: dt.date) -> dict[str, Any]:
    sessions = list(network.sessions.all())
    periods = action_periods([s.date for s in sessions], network.end)
    return {
        "sessions": sessions,
        "action_periods": [
            _("Action period %(n)d: %(span)s") % {"n": p.number, "span": span_text(p.start, p.end)}
            for p in periods
        ],
        "reporting_periods": [
            {"month": formats.date_format(month, "YEAR_MONTH_FORMAT"), "due": due,
             "overdue": due < today}
            for month, due in reporting_periods(network, today)
        ],
    }  # fmt: skip


@login_required
@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    networks = access.networks_visible_to(request.user).select_related("organiser")
    context = {
        "networks": networks,
        "can_organise": organising_organisations(request.user).exists(),
    }
    return render(request, "networks/network_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def network_new(request: HttpRequest) -> HttpResponse:
    organisations = organising_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    lang = current_lang()
    kwargs = {"organisations": organisations, "packages": library_packages(), "lang": lang}
    chosen = request.POST.get("action") != "preview"
    if request.method == "POST" and chosen:
        form = NewNetworkForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                network = actions.create_network(
                    by=request.user, organiser=data["organiser"], package=form.chosen_package(),
                    language=data["language"], name=data["name"], start=data["start"],
                    end=data["end"], description=data["description"],
                    report_due_day=data["report_due_day"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The network “%(name)s” was created.") % {"name": network}
                )
                return redirect("network_detail", network_id=network.pk)
        status = 400
    else:
        data = request.POST if request.method == "POST" else request.GET
        form = NewNetworkForm(initial=data.dict(), **kwargs)
        status = 200
    context = {"form": form, "package": form.chosen_package(), "lang": lang}
    return render(request, "networks/network_new.html", context, status=status)


def _detail_context(request: HttpRequest, network: Network) -> dict[str, Any]:
    user = request.user
    enrolments = list(network.enrolments.select_related("team__unit__organisation"))
    own_teams = set(access.teams_editable_by(user).values_list("pk", flat=True))
    can_run = access.can_run_network(user, network)
    package = package_by_id(network.package_id)
    return {
        "network": network,
        "package": package,
        "package_lang": network.language,
        "can_run": can_run,
        "can_comment": access.can_comment_network(user, network),
        "measures": network.network_measures.select_related("measure"),
        "ideas": network.change_ideas.all(),
        "members": network.members.select_related("user").order_by("role", "user__username"),
        "enrolled": [e for e in enrolments if e.status == Enrolment.Status.ENROLLED],
        "invited": [e for e in enrolments if e.status == Enrolment.Status.INVITED],
        "declined": [e for e in enrolments if e.status == Enrolment.Status.DECLINED],
        "left": [e for e in enrolments if e.status == Enrolment.Status.LEFT],
        "own_invitations": [e for e in enrolments
                            if e.status == Enrolment.Status.INVITED and e.team_id in own_teams],
        "own_enrolled": [e for e in enrolments
                         if e.status == Enrolment.Status.ENROLLED and e.team_id in own_teams],
        "idea_form": ChangeIdeaForm(prefix="idea") if can_run else None,
        "member_form": MemberForm(prefix="member") if can_run else None,
        **calendar(network, timezone.localdate()),
    }  # fmt: skip


@login_required
@require_GET
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id)
    return render(request, "networks/network_detail.html", _detail_context(request, network))


def _form_page(
    request: HttpRequest, network: Network, form: Form, title: str, *, status: int = 200
) -> HttpResponse:
    context = {"network": network, "form": form, "page_title": title}
    return render(request, "networks/network_edit.html", context, status=status)


def _back(network: Network, anchor: str = "") -> HttpResponse:
    return redirect(reverse("network_detail", args=[network.pk]) + anchor)


def _errors_to(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, network_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    form = NetworkForm(request.POST or None, instance=Network.objects.get(pk=network.pk))
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_network(network=network, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors_to(form, error)
            else:
                messages.success(request, _("Saved: %(name)s.") % {"name": network})
                return _back(network)
        return _form_page(request, network, form, _("Edit the network"), status=400)
    return _form_page(request, network, form, _("Edit the network"))


@login_required
@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, network_id: int, idea_id: int | None = None) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    idea = get_object_or_404(NetworkChangeIdea, pk=idea_id, network=network) if idea_id else None
    initial = {"title": idea.title, "description": idea.description} if idea else None
    form = ChangeIdeaForm(request.POST or None, initial=initial, prefix="idea")
    title = _("Edit the change idea") if idea else _("New change idea")
    if request.method == "POST":
        if form.is_valid():
            actions.save_change_idea(
                network=network, by=request.user, idea=idea, **form.cleaned_data
            )
            messages.success(request, _("Saved the change idea."))
            return _back(network, "#change-ideas")
        return _form_page(request, network, form, title, status=400)
    return _form_page(request, network, form, title)


@login_required
@require_POST
def idea_delete(request: HttpRequest, network_id: int, idea_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    idea = get_object_or_404(NetworkChangeIdea, pk=idea_id, network=network)
    actions.delete_change_idea(idea=idea, by=request.user)
    messages.success(request, _("Removed the change idea."))
    return _back(network, "#change-ideas")


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, network_id: int, link_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    link = get_object_or_404(NetworkMeasure.objects.select_related("measure"), pk=link_id,
                             network=network)  # fmt: skip
    initial = {"name": link.measure.name, "target": link.measure.target}
    form = NetworkMeasureForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_network_measure(link=link, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors_to(form, error)
            else:
                messages.success(request, _("Saved the measure."))
                return _back(network, "#measures")
        return _form_page(request, network, form, _("Edit the measure"), status=400)
    return _form_page(request, network, form, _("Edit the measure"))


@login_required
@require_POST
def measure_remove(request: HttpRequest, network_id: int, link_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    link = get_object_or_404(NetworkMeasure, pk=link_id, network=network)
    actions.remove_network_measure(link=link, by=request.user)
    messages.success(request, _("The measure was removed from the network."))
    return _back(network, "#measures")


@login_required
@require_POST
def member_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    form = MemberForm(request.POST, prefix="member")
    if form.is_valid():
        actions.add_member(network=network, by=request.user, user=form.cleaned_data["username"],
                           role=form.cleaned_data["role"])  # fmt: skip
        messages.success(request, _("Added the person to the network."))
        return _back(network, "#people")
    context = _detail_context(request, network) | {"member_form": form}
    return render(request, "networks/network_detail.html", context, status=400)


@login_required
@require_POST
def member_remove(request: HttpRequest, network_id: int, member_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    member = get_object_or_404(NetworkMember, pk=member_id, network=network)
    try:
        actions.remove_member(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed the person from the network."))
    return _back(network, "#people")


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(
    request: HttpRequest, network_id: int, session_id: int | None = None
) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    session = (
        get_object_or_404(LearningSession, pk=session_id, network=network) if session_id else None
    )
    form = SessionForm(request.POST or None, instance=session or LearningSession(network=network))
    title = _("Edit the learning session") if session else _("New learning session")
    if request.method == "POST":
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in ("title", "date", "place", "programme")}
            actions.save_session(network=network, by=request.user, session=session, **fields)
            messages.success(request, _("Saved the learning session."))
            return _back(network, "#calendar")
        return _form_page(request, network, form, title, status=400)
    return _form_page(request, network, form, title)


@login_required
@require_POST
def session_delete(request: HttpRequest, network_id: int, session_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    session = get_object_or_404(LearningSession, pk=session_id, network=network)
    actions.delete_session(session=session, by=request.user)
    messages.success(request, _("Deleted the learning session."))
    return _back(network, "#calendar")


N = "<int:network_id>/"
urls: list[URLPattern] = [
    path("", network_list, name="network_list"),
    path("new/", network_new, name="network_new"),
    path(N, network_detail, name="network_detail"),
    path(N + "edit/", network_edit, name="network_edit"),
    path(N + "ideas/new/", idea_edit, name="network_idea_new"),
    path(N + "ideas/<int:idea_id>/edit/", idea_edit, name="network_idea_edit"),
    path(N + "ideas/<int:idea_id>/delete/", idea_delete, name="network_idea_delete"),
    path(N + "measures/<int:link_id>/edit/", measure_edit, name="network_measure_edit"),
    path(N + "measures/<int:link_id>/remove/", measure_remove, name="network_measure_remove"),
    path(N + "people/add/", member_add, name="network_member_add"),
    path(N + "people/<int:member_id>/remove/", member_remove, name="network_member_remove"),
    path(N + "sessions/new/", session_edit, name="network_session_new"),
    path(N + "sessions/<int:session_id>/edit/", session_edit, name="network_session_edit"),
    path(N + "sessions/<int:session_id>/delete/", session_delete, name="network_session_delete"),
]
