"""Personal access tokens for the JSON API (C7).

A token is shown once, when it is made; only its SHA-256 hash is stored. The secret is 256
random bits, so a fast hash is right here (a slow password hash guards low-entropy secrets
against guessing; nobody can guess 256 bits). ``key_id`` is a short random, non-secret part of
the token: the lookup key, and what the user's page shows to tell tokens apart.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens",
        verbose_name=_("user"),
    )  # fmt: skip
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the script using it.")
    )
    key_id = models.CharField(_("key"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(_("hash"), max_length=64, editable=False)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.display_prefix}…)"

    @property
    def display_prefix(self) -> str:
        """The token's visible start, as the user's page and the admin show it."""
        return f"{TOKEN_PREFIX}{self.key_id}"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.expires_at is not None and self.expires_at <= moment

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired()


# Tokens read "fbr_<key id>_<secret>": the prefix makes a leaked token easy to recognise (and to
# find with secret scanners) in logs and repositories.
TOKEN_PREFIX = "fbr_"
