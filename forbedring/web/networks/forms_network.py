"""Forms of the network pages: details (and, for a new network, organiser, language and
package), change ideas, a network measure's name and target, people, invitations, sessions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from forbedring.packages.library import Package
from forbedring.web.accounts.models import User
from forbedring.web.measures.forms_measure import DateInput
from forbedring.web.networks.actions_network import NETWORK_FIELDS
from forbedring.web.networks.models import LearningSession, Network, NetworkMember
from forbedring.web.organisations.models import Organisation, Team


class _Form:
    required_css_class = "required"
    error_css_class = "has-error"


class NetworkForm(_Form, forms.ModelForm):
    """The network's details, as the organiser adapts them."""

    class Meta:
        model = Network
        fields = list(NETWORK_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start": DateInput(),
            "end": DateInput(),
        }


class NewNetworkForm(NetworkForm):
    """A new network: its details, the organising organisation, the language and the package."""

    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none(),
        help_text=_("The organisation that runs the network."),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Language of the package texts"), choices=settings.LANGUAGES,
        help_text=_("The measures and change ideas are copied in this language."),
    )  # fmt: skip
    package = forms.ChoiceField(label=_("Change package"), required=False)

    class Meta(NetworkForm.Meta):
        pass

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        packages: list[Package],
        lang: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.packages = {p.id: p for p in packages}
        self.fields["organiser"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organiser"].initial = organisations.first()
        self.fields["package"].choices = [("", _("No package: start empty"))] + [
            (p.id, p.title.get(lang)) for p in packages
        ]
        self.fields["language"].initial = lang
        self.order_fields(["name", "organiser", "package", "language", *NETWORK_FIELDS])

    def chosen_package(self) -> Package | None:
        package_id = self.cleaned_data.get("package") if hasattr(self, "cleaned_data") else None
        if package_id is None:
            package_id = self.data.get(self.add_prefix("package")) or self.initial.get("package")
        return self.packages.get(package_id or "")


class ChangeIdeaForm(_Form, forms.Form):
    title = forms.CharField(label=_("Change idea"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NetworkMeasureForm(_Form, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    target = forms.FloatField(label=_("Target"), required=False)


class MemberForm(_Form, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=NetworkMember.Role.choices)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No person has the username “%(name)s”."),
                                        params={"name": username})  # fmt: skip
        return user


class InviteForm(_Form, forms.Form):
    """Teams to invite: one checkbox per team the filter shows."""

    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["teams"]
        field.queryset = teams
        field.label_from_instance = lambda t: (
            f"{t.name} – {t.unit.organisation.name} ({t.unit.organisation.get_country_display()})"
        )


class SessionForm(_Form, forms.ModelForm):
    class Meta:
        model = LearningSession
        fields = ["title", "date", "place", "programme"]
        widgets = {"date": DateInput(), "programme": forms.Textarea(attrs={"rows": 3})}
