"""PDSA cycles (new, detail, edit, "start a new phase here") and the printable one-page summary.

The views are thin: access through ``web.access`` (editors change; the organisation's leaders
read and print; anyone else gets 404), writes through ``actions_pdsa``, the summary's content
from :mod:`improvement.queries`, :mod:`improvement.diagram` and the measures' charts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forbedring.charts.render import render_svg
from forbedring.web import access
from forbedring.web.core.pdf import template_document
from forbedring.web.improvement import actions_pdsa
from forbedring.web.improvement.forms_pdsa import (
    ACT_FIELDS,
    DO_FIELDS,
    PLAN_FIELDS,
    STUDY_FIELDS,
    NewPhaseForm,
    PdsaForm,
)
from forbedring.web.improvement.models import ChangeIdea, PdsaCycle, Project
from forbedring.web.improvement.queries import project_overview
from forbedring.web.measures.queries import compact_spec, current_lang
from forbedring.web.organisations.models import Team


@dataclass(frozen=True)
class Stage:
    """One letter of P-D-S-A with whether the team has written it up."""

    letter: str
    name: str
    done: bool


def stages(cycle: PdsaCycle) -> list[Stage]:
    """The cycle's progress: a stage counts as done once any of its fields is filled in."""
    filled = [
        any(str(getattr(cycle, name) or "").strip() for name in names)
        for names in (PLAN_FIELDS, DO_FIELDS, STUDY_FIELDS, ACT_FIELDS)
    ]
    names = [_("Plan"), _("Do"), _("Study"), _("Act")]
    return [Stage(n[0], n, done) for n, done in zip(names, filled, strict=True)]


def _project(
    request: HttpRequest, team_id: int, project_id: int, *, edit: bool = False
) -> tuple[Team, Project]:
    team = access.team_for(request.user, team_id, edit=edit)
    return team, access.project_for(request.user, team, project_id)


def _cycle(project: Project, cycle_id: int) -> PdsaCycle:
    return get_object_or_404(
        PdsaCycle.objects.select_related("change_idea", "previous", "created_by"),
        project=project,
        pk=cycle_id,
    )


def _initial(request: HttpRequest, project: Project) -> dict[str, Any]:
    """Pre-filled links: ?change_idea=ID, or ?previous=ID ("Start the next cycle")."""
    initial: dict[str, Any] = {}
    previous = PdsaCycle.objects.filter(
        project=project, pk=_int(request.GET.get("previous"))
    ).first()
    if previous is not None:
        initial.update(change_idea=previous.change_idea_id, previous=previous.pk)
        if previous.next_steps:
            initial["objective"] = previous.next_steps
        return initial
    idea = ChangeIdea.objects.filter(project=project, pk=_int(request.GET.get("change_idea")))
    if idea.exists():
        initial["change_idea"] = _int(request.GET.get("change_idea"))
    return initial


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _save(request: HttpRequest, form: PdsaForm, project: Project) -> PdsaCycle | None:
    """Save a valid form through the action; errors the action finds go back on the form."""
    if not form.is_valid():
        return None
    implemented_on = (
        form.cleaned_data["implemented_on"] if form.cleaned_data["mark_implemented"] else None
    )
    try:
        return actions_pdsa.save_cycle(
            cycle=form.instance, project=project, implemented_on=implemented_on, by=request.user
        )
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
        return None


def _form_page(
    request: HttpRequest, team: Team, project: Project, form: PdsaForm, cycle: PdsaCycle | None
) -> HttpResponse:
    context = {
        "team": team, "project": project, "form": form, "cycle": cycle,
        "has_ideas": ChangeIdea.objects.filter(project=project).exists(),
        "plan_fields": [form[n] for n in PLAN_FIELDS],
        "do_fields": [form[n] for n in DO_FIELDS],
        "study_fields": [form[n] for n in STUDY_FIELDS],
    }  # fmt: skip
    return render(
        request, "improvement/pdsa_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def pdsa_new(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    team, project = _project(request, team_id, project_id, edit=True)
    if request.method == "POST":
        form = PdsaForm(request.POST, project=project)
        cycle = _save(request, form, project)
        if cycle is not None:
            messages.success(request, _("Saved: %(title)s.") % {"title": cycle.title})
            return redirect("pdsa_detail", team.pk, project.pk, cycle.pk)
    else:
        form = PdsaForm(project=project, initial=_initial(request, project))
    return _form_page(request, team, project, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def pdsa_edit(request: HttpRequest, team_id: int, project_id: int, cycle_id: int) -> HttpResponse:
    team, project = _project(request, team_id, project_id, edit=True)
    cycle = _cycle(project, cycle_id)
    if request.method == "POST":
        form = PdsaForm(request.POST, instance=cycle, project=project)
        if _save(request, form, project) is not None:
            messages.success(request, _("Saved: %(title)s.") % {"title": cycle.title})
            return redirect("pdsa_detail", team.pk, project.pk, cycle.pk)
    else:
        form = PdsaForm(instance=cycle, project=project)
    return _form_page(request, team, project, form, cycle)


def _detail(
    request: HttpRequest,
    team: Team,
    project: Project,
    cycle: PdsaCycle,
    *,
    phase_form: NewPhaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = access.can_edit_team(request.user, team)
    adopted = cycle.decision == PdsaCycle.Decision.ADOPT
    has_measures = project.project_measures.exists()
    context = {
        "team": team,
        "project": project,
        "cycle": cycle,
        "can_edit": can_edit,
        "stages": stages(cycle),
        "ramp": list(PdsaCycle.objects.filter(change_idea=cycle.change_idea_id)),
        "next_cycles": list(cycle.next_cycles.all()),
        "plan": [(cycle._meta.get_field(n).verbose_name, getattr(cycle, n)) for n in PLAN_FIELDS],
        "do": [(cycle._meta.get_field(n).verbose_name, getattr(cycle, n)) for n in DO_FIELDS],
        "phase_form": (phase_form or NewPhaseForm(initial={"day": actions_pdsa.phase_day(cycle)}))
        if can_edit and adopted and has_measures
        else None,
    }
    return render(request, "improvement/pdsa_detail.html", context, status=status)


@login_required
@require_GET
def pdsa_detail(request: HttpRequest, team_id: int, project_id: int, cycle_id: int) -> HttpResponse:
    team, project = _project(request, team_id, project_id)
    return _detail(request, team, project, _cycle(project, cycle_id))


@login_required
@require_POST
def pdsa_new_phase(
    request: HttpRequest, team_id: int, project_id: int, cycle_id: int
) -> HttpResponse:
    """A new phase on each of the project's measures from the adopted change's date."""
    team, project = _project(request, team_id, project_id, edit=True)
    cycle = _cycle(project, cycle_id)
    form = NewPhaseForm(request.POST)
    if cycle.decision != PdsaCycle.Decision.ADOPT:
        form.add_error(None, _("A new phase starts at an adopted change."))
    if not form.is_valid():
        return _detail(request, team, project, cycle, phase_form=form, status=400)
    result = actions_pdsa.start_phase_for_change(
        project=project, change=cycle.change_idea, day=form.cleaned_data["day"], by=request.user
    )
    if result.created:
        names = ", ".join(e.measure.name for e in result.created)
        messages.success(request, _("New phase started on: %(measures)s.") % {"measures": names})
    for measure, reason in result.skipped:
        messages.warning(
            request,
            _("No new phase on %(measure)s: %(reason)s")
            % {"measure": measure.name, "reason": reason},
        )
    return redirect("pdsa_detail", team.pk, project.pk, cycle.pk)


# --- the printable summary ----------------------------------------------------------------------

# A chart's size on the A4 page, in CSS pixels: two side by side within the 180 mm text width.
SUMMARY_CHART_WIDTH = 300
SUMMARY_CHART_HEIGHT = 110
# slugify drops letters without an ASCII decomposition; Danish and Norwegian write them so.
_NORDIC = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*>\s*")


@dataclass(frozen=True)
class Ramp:
    """A change idea with its PDSA cycles in start order."""

    idea: ChangeIdea
    cycles: list[tuple[PdsaCycle, str]]  # each cycle with the letters of its written parts


def ramps(project: Project) -> list[Ramp]:
    """The project's PDSA ramps, one per change idea that has cycles, in two queries."""
    cycles = list(PdsaCycle.objects.filter(project=project).order_by("start", "pk"))
    by_idea: dict[int, list[tuple[PdsaCycle, str]]] = {}
    for cycle in cycles:
        letters = "".join(stage.letter for stage in stages(cycle) if stage.done)
        by_idea.setdefault(cycle.change_idea_id, []).append((cycle, letters))
    ideas = ChangeIdea.objects.filter(pk__in=by_idea)
    ordered = sorted(ideas, key=lambda idea: by_idea[idea.pk][0][0].start)
    return [Ramp(idea, by_idea[idea.pk]) for idea in ordered]


def _diagram(project: Project) -> tuple[str, Any]:
    """The driver diagram as inline SVG, or (while diagram.py is missing) the tree for the
    template's nested-list fallback."""
    try:
        from forbedring.web.improvement.diagram import diagram_svg, driver_tree
    except ImportError:  # pragma: no cover - the diagram module ships with the app
        return "", None
    tree = driver_tree(project)
    if tree.is_empty:
        return "", tree
    return diagram_svg(tree, current_lang()), tree


def _chart_svg(spec: dict[str, Any]) -> str:
    """A small static chart: no JavaScript, drawn the same in the browser, on paper and in PDF."""
    small = compact_spec(spec, height=SUMMARY_CHART_HEIGHT)
    small["width"] = SUMMARY_CHART_WIDTH
    return _XML_DECLARATION.sub("", render_svg(small))


def summary_context(team: Team, project: Project, *, for_pdf: bool) -> dict[str, Any]:
    """What the summary page shows; the HTML view and the PDF render the same template."""
    overview = project_overview(project, current_lang())
    charts = [
        {"card": card, "kind": group.label,
         "svg": _chart_svg(card.view.spec) if card.view.spec else ""}
        for group in overview.groups
        for card in group.cards
    ]  # fmt: skip
    diagram, tree = _diagram(project)
    return {
        "team": team,
        "project": project,
        "aim": project.aim_statement.strip()
        or " ".join(p for p in (project.aim_what, project.aim_how_much, project.aim_for_whom) if p),
        "diagram_svg": diagram,
        "tree": tree,
        "charts": charts,
        "ramps": ramps(project),
        "status_lines": overview.status_lines,
        "what_matters": overview.what_matters,
        "for_pdf": for_pdf,
    }


def summary_document(request: HttpRequest, team: Team, project: Project) -> Any:
    """The summary laid out by WeasyPrint (a ``weasyprint.Document``: its ``pages`` tell how
    long it came out), with the print style sheet and nothing fetched over the network (the
    charts and the diagram are inline SVG)."""
    context = summary_context(team, project, for_pdf=True)
    return template_document(request, "improvement/summary.html", context)


def summary_pdf(request: HttpRequest, team: Team, project: Project) -> tuple[bytes, str]:
    """The summary as PDF bytes and a file name readers recognise (title and start year)."""
    pdf = summary_document(request, team, project).write_pdf()
    title = project.title.lower().translate(_NORDIC)
    filename = f"{slugify(title) or 'project'}-{project.start:%Y}.pdf"
    return bytes(pdf), filename


@login_required
@require_GET
def project_summary(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    """The one-page summary to print (or save as PDF from the browser)."""
    team, project = _project(request, team_id, project_id)
    context = summary_context(team, project, for_pdf=False)
    context["pdf_url"] = reverse("project_summary_pdf", args=[team.pk, project.pk])
    return render(request, "improvement/summary.html", context)


@login_required
@require_GET
def project_summary_pdf(request: HttpRequest, team_id: int, project_id: int) -> HttpResponse:
    """The same page as a PDF drawn by WeasyPrint, to download, mail or archive."""
    team, project = _project(request, team_id, project_id)
    pdf, filename = summary_pdf(request, team, project)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


_PREFIX = "<int:team_id>/projects/<int:project_id>/"

urls: list[URLPattern] = [
    path(_PREFIX + "pdsa/new/", pdsa_new, name="pdsa_new"),
    path(_PREFIX + "pdsa/<int:cycle_id>/", pdsa_detail, name="pdsa_detail"),
    path(_PREFIX + "pdsa/<int:cycle_id>/edit/", pdsa_edit, name="pdsa_edit"),
    path(_PREFIX + "pdsa/<int:cycle_id>/phase/", pdsa_new_phase, name="pdsa_new_phase"),
    path(_PREFIX + "summary/", project_summary, name="project_summary"),
    path(_PREFIX + "summary.pdf", project_summary_pdf, name="project_summary_pdf"),
]
