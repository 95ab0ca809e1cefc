"""The form on the user's page that makes a personal access token."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forbedring.web.api.models import AccessToken

# Days a new token lives; "" never expires. A lifetime is the default: a forgotten token in an
# old script should stop working by itself.
EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("", _("Never")),
]
MAX_ACTIVE_TOKENS = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, e.g. the script or report that uses it."),
    )  # fmt: skip
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read token cannot change data. Writing needs read and write."),
    )
    expires = forms.ChoiceField(
        label=_("Expires after"), choices=EXPIRY_CHOICES, initial="90", required=False
    )

    def __init__(self, *args: object, active_tokens: int = 0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.active_tokens = active_tokens

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.active_tokens >= MAX_ACTIVE_TOKENS:
            raise forms.ValidationError(
                _("You have %(count)d active tokens. Revoke one you no longer use first.")
                % {"count": self.active_tokens}
            )
        return cleaned

    def expires_at(self) -> dt.datetime | None:
        days = self.cleaned_data.get("expires")
        return timezone.now() + dt.timedelta(days=int(days)) if days else None
