"""People who use Forbedring. Roles come from memberships (``organisations.Membership``)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person with a login. A custom model from the start, so it can grow without pain."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username
