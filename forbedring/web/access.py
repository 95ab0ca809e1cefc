"""Who may see and change what: the one place for access rules (DESIGN.md §4, C10).

Every view asks here. A team's data is seen and changed by the team's members and lead, seen
(not changed) by its organisation's leaders, quality consultants and network organisers, and
seen and changed by site administrators. Objects a user may not see are reported as missing
(404), so ids of other organisations' objects reveal nothing; objects a user may see but not
change answer 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from forbedring.web.goals.models import GOAL_AREA_KINDS, LocalGoal
from forbedring.web.improvement.models import Project
from forbedring.web.measures.models import Measure, TeamMeasure
from forbedring.web.networks.models import Enrolment, Network, NetworkMember
from forbedring.web.organisations.models import (
    ORGANISATION_ROLES,
    TEAM_ROLES,
    Membership,
    Organisation,
    Role,
    Team,
)

# Django's user classes carry no types; any logged-in or anonymous user is accepted.
type AnyUser = Any


def is_site_admin(user: AnyUser) -> bool:
    """Superusers and people with the site administrator role see and change everything."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or user.memberships.filter(role=Role.SITE_ADMINISTRATOR).exists()


def _own_teams(user: AnyUser) -> QuerySet[Team]:
    """Teams where the user is a member or the lead (not counting site administration)."""
    return Team.objects.filter(
        memberships__user=user, memberships__role__in=list(TEAM_ROLES)
    ).distinct()


def teams_editable_by(user: AnyUser) -> QuerySet[Team]:
    """Teams whose data the user may enter and correct."""
    if not user.is_authenticated:
        return Team.objects.none()
    if is_site_admin(user):
        return Team.objects.all()
    return _own_teams(user)


def organisations_led_by(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations where the user leads, consults or organises (sees every team)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if is_site_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=list(ORGANISATION_ROLES)
    ).distinct()


def teams_visible_to(user: AnyUser) -> QuerySet[Team]:
    """Teams whose pages and data the user may see."""
    if not user.is_authenticated:
        return Team.objects.none()
    if is_site_admin(user):
        return Team.objects.all()
    own = Q(memberships__user=user, memberships__role__in=list(TEAM_ROLES))
    led = Q(unit__organisation__in=organisations_led_by(user))
    return Team.objects.filter(own | led).distinct()


def organisations_visible_to(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations of the teams the user sees, and those the user leads."""
    teams = teams_visible_to(user).values("unit__organisation")
    led = organisations_led_by(user).values("pk")
    return Organisation.objects.filter(Q(pk__in=teams) | Q(pk__in=led))


def organisation_for(user: AnyUser, organisation_id: int) -> Organisation:
    """An organisation as a whole (its leader's overview of every unit and team): for its
    leaders, quality consultants and network organisers, and site administrators. Anyone
    else, a member of one of its teams too, gets 404: a team sees its own pages only."""
    organisation = organisations_led_by(user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def can_view_team(user: AnyUser, team: Team) -> bool:
    return teams_visible_to(user).filter(pk=team.pk).exists()


def can_edit_team(user: AnyUser, team: Team) -> bool:
    return teams_editable_by(user).filter(pk=team.pk).exists()


def can_create_measures(user: AnyUser, team: Team) -> bool:
    """Team leads of this team and site administrators define measures."""
    if is_site_admin(user):
        return True
    return bool(
        user.is_authenticated and user.memberships.filter(team=team, role=Role.TEAM_LEAD).exists()
    )


def project_for(user: AnyUser, team: Team, project_id: int) -> Project:
    """A project of a team the caller already may see (404 for any other project)."""
    project = Project.objects.filter(team=team, pk=project_id).first()
    if project is None:
        raise Http404
    return project


def team_for(user: AnyUser, team_id: int, *, edit: bool = False) -> Team:
    """The team with this id if the user may see it (404 otherwise); with ``edit``, 403 when
    the user may see but not change it."""
    team = teams_visible_to(user).select_related("unit__organisation").filter(pk=team_id).first()
    if team is None:
        raise Http404
    if edit and not can_edit_team(user, team):
        raise PermissionDenied
    return team


def measure_for(team: Team, measure_id: int) -> Measure:
    """A measure the team reports (404 for any other measure, whoever asks)."""
    link = (
        TeamMeasure.objects.select_related("measure")
        .filter(team=team, measure_id=measure_id)
        .first()
    )
    if link is None:
        raise Http404
    return link.measure


# Learning networks. Those who run a network (its organisers, the organiser organisation's
# network organisers, site administrators) see and change it; faculty see it and comment on
# reports; the people of an enrolled (or invited) team see the network, and their own team's
# reports; nobody else sees it at all.


def can_run_network(user: AnyUser, network: Network) -> bool:
    if not user.is_authenticated:
        return False
    if is_site_admin(user):
        return True
    if NetworkMember.objects.filter(
        network=network, user=user, role=NetworkMember.Role.ORGANISER
    ).exists():
        return True
    return user.memberships.filter(
        role=Role.NETWORK_ORGANISER, organisation=network.organiser_id
    ).exists()


def can_comment_network(user: AnyUser, network: Network) -> bool:
    """Faculty and those who run the network comment on and score the teams' reports."""
    return can_run_network(user, network) or (
        user.is_authenticated and NetworkMember.objects.filter(network=network, user=user).exists()
    )


def networks_visible_to(user: AnyUser) -> QuerySet[Network]:
    """Networks the user may see. Lazy: no query until it is used, and then one (the site
    navigation asks ``.exists()`` of it on every page)."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    site_admin = Exists(Membership.objects.filter(user=user, role=Role.SITE_ADMINISTRATOR))
    staff = Q(members__user=user)
    organiser = Q(
        organiser__memberships__user=user, organiser__memberships__role=Role.NETWORK_ORGANISER
    )
    # A team that declined or left no longer sees the network.
    teams = Q(
        enrolments__team__in=_own_teams(user),
        enrolments__status__in=[Enrolment.Status.INVITED, Enrolment.Status.ENROLLED],
    )
    return Network.objects.filter(site_admin | staff | organiser | teams).distinct()


def network_for(user: AnyUser, network_id: int, *, run: bool = False) -> Network:
    """The network if the user may see it (404 otherwise); with ``run``, 403 unless the user
    runs it."""
    network = networks_visible_to(user).filter(pk=network_id).first()
    if network is None:
        raise Http404
    if run and not can_run_network(user, network):
        raise PermissionDenied
    return network


def enrolled_team(network: Network, team_id: int) -> Team:
    """A team enrolled in the network (404 for any other)."""
    enrolment = (
        Enrolment.objects.select_related("team__unit__organisation")
        .filter(network=network, team_id=team_id, status=Enrolment.Status.ENROLLED)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment.team


def reporting_enrolment(network: Network, team_id: int) -> Enrolment:
    """The enrolment of a team that reports to the network or has left it (its reports stay
    readable as history); 404 for any other team. Only an enrolled team writes reports."""
    enrolment = (
        Enrolment.objects.select_related("team__unit__organisation")
        .filter(
            network=network,
            team_id=team_id,
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.LEFT],
        )
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def can_import_indicator_values(user: AnyUser) -> bool:
    """National analysts and site administrators load the published indicator values."""
    if not user.is_authenticated:
        return False
    return is_site_admin(user) or user.memberships.filter(role=Role.NATIONAL_ANALYST).exists()


def require_indicator_importer(user: AnyUser) -> None:
    """403 for everyone else: the import page is no secret, the right to use it is."""
    if not can_import_indicator_values(user):
        raise PermissionDenied


# Local goals (the goal cascade, C8). An area's local goals are its leadership's: whoever sees
# its overview (its leaders, quality consultants and network organisers, site administrators)
# sees them; its leaders and quality consultants, and site administrators, change them. A
# network organiser sees but does not set them: the goals are the municipality's own decision,
# and organisers work across many municipalities.
GOAL_EDITOR_ROLES = (Role.ORGANISATION_LEADER, Role.QUALITY_CONSULTANT)


def can_edit_local_goals(user: AnyUser, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if is_site_admin(user):
        return True
    return user.memberships.filter(
        organisation=organisation, role__in=list(GOAL_EDITOR_ROLES)
    ).exists()


def goals_organisation_for(
    user: AnyUser, organisation_id: int, *, edit: bool = False
) -> Organisation:
    """A municipality or region whose local goals the user may see (404 otherwise, and for
    other kinds of organisation, which set no local goals); with ``edit``, 403 unless the
    user may change them."""
    organisation = organisation_for(user, organisation_id)
    if organisation.kind not in GOAL_AREA_KINDS:
        raise Http404
    if edit and not can_edit_local_goals(user, organisation):
        raise PermissionDenied
    return organisation


def local_goal_for(organisation: Organisation, goal_id: int) -> LocalGoal:
    """A local goal of this organisation (404 for any other, whoever asks)."""
    goal = LocalGoal.objects.filter(organisation=organisation, pk=goal_id).first()
    if goal is None:
        raise Http404
    return goal


# Status reports (C8, issue #8): indicator values and their reports are public national data,
# so every logged-in user reads any municipality's or region's report; generating the reports
# of all areas at once (and downloading them as a batch) is the national analysts' and site
# administrators' job, as importing the values is.
STATUS_REPORT_KINDS = GOAL_AREA_KINDS  # the same areas: municipalities and regions


def can_publish_status_reports(user: AnyUser) -> bool:
    return can_import_indicator_values(user)


def require_status_report_publisher(user: AnyUser) -> None:
    if not can_publish_status_reports(user):
        raise PermissionDenied


def status_report_area(area_id: int) -> Organisation:
    """A municipality or region (404 for any other organisation: no report is made for it)."""
    area = Organisation.objects.filter(pk=area_id, kind__in=STATUS_REPORT_KINDS).first()
    if area is None:
        raise Http404
    return area
