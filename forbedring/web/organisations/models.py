"""Organisations, their units and teams, and who belongs where in which role."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    DENMARK = "DK", _("Denmark")
    NORWAY = "NO", _("Norway")


class Organisation(models.Model):
    """A municipality, region, hospital, practice, national body or network organiser."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        HOSPITAL = "hospital", _("Hospital")
        GENERAL_PRACTICE = "general_practice", _("General practice")
        NATIONAL_BODY = "national_body", _("National body")
        NETWORK_ORGANISER = "network_organiser", _("Network organiser")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    official_code = models.CharField(
        _("official code"),
        max_length=16,
        blank=True,
        help_text=_("Danish kommunekode (e.g. 0101) or Norwegian kommunenummer (e.g. 0301)."),
    )

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "official_code"],
                condition=~models.Q(official_code=""),
                name="unique_official_code_per_country",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Kommunekoder are four digits in both countries (DK 0101-0860, NO 0301-5636).
        code = self.official_code
        if code and self.kind == self.Kind.MUNICIPALITY and not (code.isdigit() and len(code) == 4):
            raise ValidationError(
                {"official_code": _("A municipality code has four digits, e.g. 0101.")}
            )


class Unit(models.Model):
    """A place of care in an organisation: nursing home, home-care district, ward or clinic."""

    class Kind(models.TextChoices):
        NURSING_HOME = "nursing_home", _("Nursing home")
        HOME_CARE = "home_care", _("Home-care district")
        WARD = "ward", _("Ward")
        CLINIC = "clinic", _("Clinic")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Team(models.Model):
    """An improvement team in a unit: the people who enter data and work on the measures."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="teams", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=200)
    measures = models.ManyToManyField(
        "measures.Measure",
        through="measures.TeamMeasure",
        related_name="teams",
        verbose_name=_("measures"),
        blank=True,
    )

    class Meta:
        ordering = ["unit__organisation__name", "unit__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        return self.unit.organisation


class Role(models.TextChoices):
    """What a membership lets a person do; the rules are in ``forbedring.web.access``."""

    TEAM_MEMBER = "team_member", _("Team member")
    TEAM_LEAD = "team_lead", _("Team lead")
    ORGANISATION_LEADER = "organisation_leader", _("Organisation leader")
    QUALITY_CONSULTANT = "quality_consultant", _("Quality consultant")
    NETWORK_ORGANISER = "network_organiser", _("Network organiser")
    NATIONAL_ANALYST = "national_analyst", _("National analyst")
    SITE_ADMINISTRATOR = "site_administrator", _("Site administrator")


TEAM_ROLES = frozenset({Role.TEAM_MEMBER, Role.TEAM_LEAD})
ORGANISATION_ROLES = frozenset(
    {Role.ORGANISATION_LEADER, Role.QUALITY_CONSULTANT, Role.NETWORK_ORGANISER}
)


class Membership(models.Model):
    """A person's role in a team, or in an organisation (leaders, consultants, organisers).

    Team roles name a team; organisation roles name an organisation; national analysts and
    site administrators need neither.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships",
        verbose_name=_("team"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("organisation"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "team", "organisation"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        place = self.team or self.organisation or ""
        return f"{self.user} – {self.get_role_display()} {place}".strip()

    def clean(self) -> None:
        if self.role in TEAM_ROLES and (self.team is None or self.organisation is not None):
            raise ValidationError(_("A team role needs a team and no organisation."))
        if self.role in ORGANISATION_ROLES and (self.organisation is None or self.team):
            raise ValidationError(_("An organisation role needs an organisation and no team."))
