"""``manage.py load_demo``: fill an empty database with the demo (see ``core.demo``).

``make run`` calls it on every start; it loads only when the database has no organisations,
so data entered in the demo survives a restart. ``--reset`` deletes the platform's data and
loads the demo afresh (demo mode only).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from forbedring.web.accounts.models import User
from forbedring.web.core import demo
from forbedring.web.organisations.models import Role


class Command(BaseCommand):
    help = "Load the demo organisations, teams, measures, data and logins into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all organisations, teams, measures and data first (demo mode only).",
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="The address to print for the demo (make run passes its own).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = demo.load_demo(reset=options["reset"])
        except PermissionError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        counts = ", ".join(f"{n:,} {name}" for name, n in result.counts.items())
        if result.loaded:
            self.stdout.write(self.style.SUCCESS(f"Demo loaded in {seconds:.1f} s: {counts}."))
        else:
            self.stdout.write(
                "The database already has organisations; the demo was not loaded "
                "(manage.py load_demo --reset reloads it)."
            )
        if not settings.DEMO_MODE:
            self.stdout.write(
                self.style.WARNING(
                    "Demo mode is off (FORBEDRING_DEMO): no demo logins were created."
                )
            )
            return
        self._print_logins(options["url"])

    def _print_logins(self, url: str) -> None:
        present = set(
            User.objects.filter(username__in=[u.username for u in demo.DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        if not present:
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Forbedring demo: open {url}"))
        self.stdout.write(f'Log in with the password "{demo.DEMO_PASSWORD}" as:')
        for spec in demo.DEMO_USERS:
            if spec.username in present:
                self.stdout.write(f"  {spec.username:<10} {describe(spec)}")
        self.stdout.write(f"The admin user also has Django's admin at {url.rstrip('/')}/admin/")
        self.stdout.write("")


def describe(spec: demo.DemoUser) -> str:
    """What a demo login is, in one line for the console."""
    # The console text is English; so is the role's name here, whatever LANGUAGE_CODE says.
    with translation.override("en"):
        role = str(Role(spec.role).label)
    if not spec.where:
        return role
    return f"{role}: {', '.join(spec.where)}"
