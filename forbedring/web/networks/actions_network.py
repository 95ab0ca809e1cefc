"""Writes of the network pages: set a network up from a package, adapt it, invite teams,
answer invitations and leave, and keep the calendar. Each is one transaction, keyword-only,
``by`` the acting person (DESIGN.md §4); access is checked by the views before they call here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forbedring.packages.library import Package
from forbedring.web.measures.models import Measure, TeamMeasure
from forbedring.web.networks.models import (
    Enrolment,
    LearningSession,
    Network,
    NetworkChangeIdea,
    NetworkMeasure,
    NetworkMember,
)
from forbedring.web.organisations.models import Organisation, Team

# The fields of the network's details form, shared by create and update.
NETWORK_FIELDS = ("name", "description", "start", "end", "report_due_day")


def _measure_from(definition: Any, *, organisation: Organisation, lang: str) -> Measure:
    """A measure with the package definition's texts in one language."""
    measure = Measure(
        organisation=organisation,
        name=definition.name.get(lang)[:200],
        kind=definition.kind,
        numerator=definition.numerator.get(lang),
        denominator=definition.denominator.get(lang) if definition.denominator else "",
        inclusion=definition.inclusion.get(lang),
        exclusion=definition.exclusion.get(lang),
        data_source=definition.data_source.get(lang),
        sampling=definition.sampling.get(lang),
        unit_label=definition.unit.get(lang)[:100],
        multiplier=Decimal(str(definition.multiplier)),
        has_denominator=definition.has_denominator,
        chart_type=definition.chart_type,
        direction=definition.direction,
        target=definition.target,
        frequency=definition.frequency,
        description=definition.target_text.get(lang) if definition.target_text else "",
    )
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def create_network(
    *,
    by: Any,
    organiser: Organisation,
    package: Package | None,
    language: str,
    name: str,
    start: dt.date,
    end: dt.date | None = None,
    description: str = "",
    report_due_day: int = 10,
) -> Network:
    """A network with the package's measures (one new measure each, owned by the organiser, in
    the chosen language) and change ideas; the creator becomes its organiser."""
    network = Network(
        organiser=organiser, name=name, description=description, start=start, end=end,
        report_due_day=report_due_day, language=language, created_by=by,
        package_id=package.id if package else "",
    )  # fmt: skip
    network.full_clean()
    network.save()
    NetworkMember.objects.create(network=network, user=by, role=NetworkMember.Role.ORGANISER)
    if package is not None:
        for position, definition in enumerate(package.measures):
            measure = _measure_from(definition, organisation=organiser, lang=language)
            NetworkMeasure.objects.create(network=network, measure=measure, position=position)
        NetworkChangeIdea.objects.bulk_create(
            NetworkChangeIdea(
                network=network,
                title=idea.title.get(language)[:300],
                description=idea.description.get(language),
                position=position,
            )
            for position, idea in enumerate(package.change_ideas)
        )
    return network


@transaction.atomic
def update_network(*, network: Network, by: Any, **fields: Any) -> Network:
    for name in NETWORK_FIELDS:
        if name in fields:
            setattr(network, name, fields[name])
    network.full_clean()
    network.save()
    return network


@transaction.atomic
def save_change_idea(
    *, network: Network, by: Any, title: str, description: str = "",
    idea: NetworkChangeIdea | None = None,
) -> NetworkChangeIdea:  # fmt: skip
    """Add a change idea at the end, or change one of the network's."""
    if idea is None:
        last = network.change_ideas.aggregate(m=Max("position"))["m"]
        idea = NetworkChangeIdea(network=network, position=0 if last is None else last + 1)
    idea.title = title
    idea.description = description
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def delete_change_idea(*, idea: NetworkChangeIdea, by: Any) -> None:
    idea.delete()


@transaction.atomic
def update_network_measure(
    *, link: NetworkMeasure, by: Any, name: str, target: float | None
) -> Measure:
    measure = link.measure
    measure.name = name
    measure.target = target
    measure.full_clean()
    measure.save(update_fields=["name", "target"])
    return measure


@transaction.atomic
def remove_network_measure(*, link: NetworkMeasure, by: Any) -> None:
    """The network stops asking for the measure; teams that report it keep their data."""
    link.delete()


@transaction.atomic
def add_member(*, network: Network, by: Any, user: Any, role: str) -> NetworkMember:
    member, _created = NetworkMember.objects.get_or_create(network=network, user=user, role=role)
    return member


@transaction.atomic
def remove_member(*, member: NetworkMember, by: Any) -> None:
    if (
        member.role == NetworkMember.Role.ORGANISER
        and not member.network.members.filter(role=NetworkMember.Role.ORGANISER)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise ValidationError(_("A network needs at least one organiser."))
    member.delete()


@transaction.atomic
def invite(*, network: Network, by: Any, teams: list[Team]) -> list[Enrolment]:
    """Invite teams; a team that declined or left is invited again, enrolled teams stay so."""
    enrolments = []
    for team in teams:
        enrolment = Enrolment.objects.filter(network=network, team=team).first()
        if enrolment is None:
            enrolment = Enrolment.objects.create(network=network, team=team, invited_by=by)
        elif enrolment.status in (Enrolment.Status.DECLINED, Enrolment.Status.LEFT):
            enrolment.status = Enrolment.Status.INVITED
            enrolment.invited_by = by
            enrolment.responded_by = None
            enrolment.responded_at = None
            enrolment.left_by = None
            enrolment.left_at = None
            enrolment.save()
        enrolments.append(enrolment)
    return enrolments


@transaction.atomic
def withdraw(*, enrolment: Enrolment, by: Any) -> None:
    """The organiser takes back an invitation not yet answered."""
    if enrolment.status != Enrolment.Status.INVITED:
        raise ValidationError(_("Only an open invitation can be withdrawn."))
    enrolment.delete()


@transaction.atomic
def adopt_measures(*, network: Network, team: Team, by: Any) -> list[TeamMeasure]:
    """The team reports every network measure it does not report yet, in one step."""
    have = set(TeamMeasure.objects.filter(team=team).values_list("measure_id", flat=True))
    last = TeamMeasure.objects.filter(team=team).aggregate(m=Max("position"))["m"]
    position = 0 if last is None else last + 1
    new = []
    for link in network.network_measures.all():
        if link.measure_id not in have:
            new.append(TeamMeasure(team=team, measure_id=link.measure_id, position=position))
            position += 1
    return TeamMeasure.objects.bulk_create(new)


@transaction.atomic
def respond(*, enrolment: Enrolment, accept: bool, by: Any) -> Enrolment:
    """The team accepts (and adopts the network's measures) or declines an invitation."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    enrolment.status = Enrolment.Status.ENROLLED if accept else Enrolment.Status.DECLINED
    enrolment.responded_by = by
    enrolment.responded_at = timezone.now()
    enrolment.save()
    if accept:
        adopt_measures(network=enrolment.network, team=enrolment.team, by=by)
    return enrolment


@transaction.atomic
def leave(*, enrolment: Enrolment, by: Any) -> Enrolment:
    """The team ends its enrolment. Its reports, measures and data stay (the organiser still
    reads its submitted reports); it owes no further reports and is no longer reminded; the
    organiser may invite it again. Access (``access.can_edit_team``) is the caller's job."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("Only an enrolled team can leave the network."))
    enrolment.status = Enrolment.Status.LEFT
    enrolment.left_by = by
    enrolment.left_at = timezone.now()
    enrolment.save(update_fields=["status", "left_by", "left_at"])
    return enrolment


@transaction.atomic
def save_session(
    *, network: Network, by: Any, title: str, date: dt.date, place: str = "",
    programme: str = "", session: LearningSession | None = None,
) -> LearningSession:  # fmt: skip
    session = session or LearningSession(network=network)
    session.title = title
    session.date = date
    session.place = place
    session.programme = programme
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def delete_session(*, session: LearningSession, by: Any) -> None:
    session.delete()
